"""A takedown follows the notice, not one URL: a page claiming any URL a hidden notice ever claimed, or with
its content, is stored hidden and held for the operator's review (`held`), by `store` and by a crawl."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_db
from archive.export import export
from archive.public import write_public_copy
from archive.records import make_record
from archive.search import search
from archive.store import notice_id, save_records
from archive.takedown import set_hidden
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.sample_site import SampleSite

CLAIMED = "https://www.devon-cornwall.police.uk/news/missing-woman-named/"
F1 = "https://www.devon-cornwall.police.uk/News/NewsArticle.aspx?id=1"
F2 = "https://www.devon-cornwall.police.uk/News/NewsArticle.aspx?id=2"
SECRET = "Qwertzuiopa"  # a word only the taken-down text has


def cli(*args):
    return subprocess.run([sys.executable, "-m", "crawler.cli", *map(str, args)], capture_output=True, text=True)


def page(fetched, body, **fields):
    return make_record(
        CLAIMED,
        canonical=CLAIMED,
        fetched_url=fetched,
        force="devon-cornwall",
        title=f"Missing woman {SECRET} named",
        body=body,
        **fields,
    )


def visible(db):
    return [r[0] for r in db.execute("SELECT url FROM public_notices ORDER BY url")]


def test_the_taken_down_page_stored_again_under_another_url_is_held(tmp_path):
    """The bypass of issue 11: a collision re-keys the hidden notice and the edited page became visible."""
    path = tmp_path / "a.db"
    (tmp_path / "one.jsonl").write_text(json.dumps(page(F1, f"{SECRET} has been named.")) + "\n")
    (tmp_path / "two.jsonl").write_text(json.dumps(page(F2, f"{SECRET}, 34, has been named. Updated.")) + "\n")
    assert cli("store", tmp_path / "one.jsonl", "--db", path).returncode == 0
    assert cli("hide", CLAIMED, "--db", path, "--reason", "family asked").returncode == 0

    stored = cli("store", tmp_path / "two.jsonl", "--db", path)
    assert stored.returncode == 0, stored.stderr
    db = open_db(path)
    assert visible(db) == []
    assert "held 1" in stored.stdout
    hidden_id = db.execute("SELECT id FROM notices WHERE fetched_url = ?", [F1]).fetchone()[0]
    assert f"held: {notice_id(F2)} {F2}: its url {CLAIMED} is the url of hidden notice {hidden_id}" in stored.stderr
    assert visible(db) == []
    assert search(db, SECRET) == []

    listing = cli("held", "--db", path)
    assert listing.returncode == 0
    assert listing.stdout.splitlines() == [
        f"{notice_id(F2)}  {F2}  held {db.execute('SELECT held_at FROM held').fetchone()[0]}:"
        f" its url {CLAIMED} is the url of hidden notice {hidden_id}"
    ]

    out = tmp_path / "out.jsonl"
    assert export(db, "jsonl", str(out)) == 0
    dest = tmp_path / "public.db"
    assert write_public_copy(db, dest) == 2
    assert SECRET.encode() not in dest.read_bytes()


@pytest.mark.parametrize(
    "claim, hidden_claim, fields",
    [
        ("canonical", "fetched_url", dict(url="https://www.devon-cornwall.police.uk/news/other/", canonical=F1)),
        (
            "og:url",
            "url",
            dict(
                url="https://www.devon-cornwall.police.uk/news/other/",
                canonical=None,
                og={"url": CLAIMED + "?utm_source=x"},
            ),
        ),
        ("fetched_url", "fetched_url", dict(url="https://www.devon-cornwall.police.uk/news/other/", fetched_url=F1)),
        ("content_sha256", "content_sha256", dict(url="https://mirror.example.org/copy-of-the-story", canonical=None)),
    ],
)
def test_each_identity_claim_and_the_content_hash_hold_a_page(tmp_path, claim, hidden_claim, fields):
    db = open_db(tmp_path / "a.db")
    hidden = page(F1, f"{SECRET} has been named.")
    save_records(db, [hidden])
    set_hidden(db, CLAIMED, True, reason="asked", by="editor")
    body = hidden["body"] if claim == "content_sha256" else "A different story altogether."
    other = make_record(fields.pop("url"), title=hidden["title"], body=body, force="devon-cornwall", **fields)
    if claim == "content_sha256":
        other["content_sha256"] = hidden["content_sha256"]
    report = save_records(db, [other])
    assert report.counts["inserted"] == 1 and visible(db) == []
    row = db.execute("SELECT claim, hidden_claim, hidden_id, reviewed_at FROM held").fetchall()
    assert row == [(claim, hidden_claim, notice_id(CLAIMED), None)]
    assert [h[0] for h in report.held] == [notice_id(other["url"])]


def test_an_unrelated_page_is_not_held(tmp_path):
    db = open_db(tmp_path / "a.db")
    save_records(db, [page(F1, f"{SECRET} has been named.")])
    set_hidden(db, CLAIMED, True, reason="asked", by="editor")
    other = make_record(
        "https://www.devon-cornwall.police.uk/news/road-closed/",
        title="Road closed",
        body="The A30 is closed.",
        force="devon-cornwall",
    )
    report = save_records(db, [other])
    assert report.held == [] and visible(db) == [other["url"]]
    assert db.execute("SELECT count(*) FROM held").fetchone() == (0,)


def test_the_operators_review_is_the_decision(tmp_path):
    """unhide shows a held notice and it is never held again for that match; hide confirms the hold."""
    path = tmp_path / "a.db"
    db = open_db(path)
    save_records(db, [page(F1, f"{SECRET} has been named.")])
    set_hidden(db, CLAIMED, True, reason="asked", by="editor")
    third = page("https://www.devon-cornwall.police.uk/News/NewsArticle.aspx?id=3", "A third, different story.")
    save_records(db, [page(F2, "Another story under the same generic canonical."), third])
    held = [r[0] for r in db.execute("SELECT notice_id FROM held ORDER BY notice_id")]
    assert len(held) == 2 and visible(db) == []

    first, second = held
    assert cli("unhide", first, "--db", path, "--reason", "a different story").returncode == 0
    confirmed = cli("hide", second, "--db", path, "--reason", "the same story, edited")
    assert confirmed.returncode == 0 and confirmed.stdout == f"hidden: {second}\n"
    assert cli("held", "--db", path).stdout == "no notices held for review\n"
    reviewed = cli("held", "--db", path, "--all").stdout
    assert f"{first} " in reviewed and f"{second} " in reviewed and reviewed.count("reviewed ") == 2
    assert db.execute(
        "SELECT notice_id, action FROM takedowns WHERE notice_id != ? ORDER BY id", [notice_id(F1)]
    ).fetchall() == [(first, "unhide"), (second, "hide")]
    # a re-crawl (edited or not) leaves the decisions as they are
    save_records(
        db,
        [
            page(F2, "Another story under the same generic canonical, edited."),
            dict(third, body="A third, different story, edited."),
        ],
    )
    assert db.execute("SELECT id, hidden FROM notices WHERE id IN (?, ?) ORDER BY id", held).fetchall() == [
        (first, 0),
        (second, 1),
    ]


def test_a_crawl_holds_the_taken_down_text_found_at_a_new_address(tmp_path):
    """The crawl pipeline stores through the same Store: a sample-site page whose text was taken down
    under an older address is stored hidden and held."""
    site_db, path = tmp_path / "site.db", tmp_path / "a.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        settings = crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"})
        run_crawl(settings, db=str(site_db), forces_file=str(forces))
        crawled = sqlite3.connect(site_db)
        url, force, title, body, published, sha = crawled.execute(
            "SELECT url, force, title, body, published, content_sha256 FROM notices ORDER BY url LIMIT 1"
        ).fetchone()
        total = crawled.execute("SELECT count(*) FROM notices").fetchone()[0]
        crawled.close()
        db = open_db(path)
        old = "https://old-site.example.org/news/1234"
        save_records(
            db, [make_record(old, force=force, title=title, body=body, published=published, content_sha256=sha)]
        )
        set_hidden(db, old, True, reason="asked", by="editor")
        db.close()
        run_crawl(settings, db=str(path), forces_file=str(forces))
    db = open_db(path)
    assert db.execute(
        "SELECT n.url, h.claim, h.hidden_id FROM held h JOIN notices n ON n.id = h.notice_id"
    ).fetchall() == [(url, "content_sha256", notice_id(old))]
    assert db.execute("SELECT count(*) FROM public_notices").fetchone() == (total - 1,)
    assert url not in visible(db)


def test_a_hide_holds_the_copies_already_stored(tmp_path):
    """The page stored under other URLs before the takedown: hiding one holds the others."""
    path = tmp_path / "a.db"
    db = open_db(path)
    original = page(F1, f"{SECRET} has been named.")
    mirror = make_record(
        "https://mirror.example.org/copy", title=original["title"], body=original["body"], force="devon-cornwall"
    )
    pointer = make_record(
        "https://www.devon-cornwall.police.uk/news/named/",
        title="Named",
        canonical=F1,
        body=f"{SECRET}, named, in other words.",
        force="devon-cornwall",
    )
    unrelated = make_record(
        "https://www.devon-cornwall.police.uk/news/road-closed/",
        title="Road closed",
        body="The A30 is closed.",
        force="devon-cornwall",
    )
    save_records(db, [original, mirror, pointer, unrelated])
    hid = cli("hide", CLAIMED, "--db", path, "--reason", "family asked")
    assert hid.returncode == 0 and hid.stdout == f"hidden: {notice_id(CLAIMED)}\n"
    assert f"held: {notice_id(mirror['url'])} {mirror['url']}: its content_sha256" in hid.stderr
    assert f"held: {notice_id(pointer['url'])} {pointer['url']}: its canonical {F1} is the" in hid.stderr
    assert visible(db) == [unrelated["url"]]
    assert len(cli("held", "--db", path).stdout.splitlines()) == 2


SEED = Path(__file__).parents[1] / ".." / "shared" / "seed" / "gwent-anpr-have-your-say-2021.md"


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed (../shared/seed) is absent")
def test_import_holds_the_taken_down_notice_moved_to_a_new_address(tmp_path):
    """`import` stores through the same Store: the seed moved to a new URL (its og:url still the old one),
    or copied with both URLs changed (its text the same), is held."""
    path = tmp_path / "a.db"
    text = SEED.read_text(encoding="utf-8")
    old = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/"
    moved, copied = tmp_path / "moved", tmp_path / "copied"
    moved.mkdir(), copied.mkdir()
    (moved / "seed.md").write_text(text.replace(f"\nurl: {old}", "\nurl: https://www.gwent.police.uk/anpr-survey/"))
    (copied / "seed.md").write_text(text.replace(old, "https://mirror.example.org/anpr/"))
    assert cli("import", SEED, "--db", path).returncode == 0
    assert cli("hide", old, "--db", path, "--reason", "asked").returncode == 0
    for folder, claim in ((moved, "canonical"), (copied, "content_sha256")):
        imported = cli("import", folder, "--db", path)
        assert imported.returncode == 0 and "held 1" in imported.stdout, imported.stderr
        assert f"its {claim} " in imported.stderr
    db = open_db(path)
    assert visible(db) == []
    assert db.execute("SELECT claim, hidden_id FROM held ORDER BY held_at, claim").fetchall() == [
        ("canonical", notice_id(old)),
        ("content_sha256", notice_id(old)),
    ]
