"""Takedowns: a hidden notice keeps its evidence but leaves every public view; who/when/why is logged."""

from click.testing import CliRunner

from archive.db import open_db
from archive.records import make_record
from archive.search import search
from archive.store import notice_id, save_records
from archive.takedown import set_hidden
from crawler.cli import cli

URL = "https://www.kent.police.uk/news/kent/news2/missing-man-found/"
VIEWS = ("public_notices", "anpr_notices", "consultations", "anpr_consultations")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def counts(db):
    return {v: db.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in VIEWS}


def test_hide_and_unhide(tmp_path, monkeypatch):
    path = tmp_path / "a.db"
    db = open_db(path)
    save_records(
        db,
        [
            make_record(
                URL,
                title="Have your say: missing man found",
                body="Appeal. ANPR.",
                topics=["anpr"],
                is_consultation=True,
            ),
            make_record(URL.replace("found", "edited"), title="Other"),
        ],
    )
    save_records(
        db,
        [
            make_record(
                URL, title="Have your say: missing man found", body="Found safe.", topics=["anpr"], is_consultation=True
            )
        ],
    )
    assert counts(db) == {"public_notices": 2, "anpr_notices": 1, "consultations": 1, "anpr_consultations": 1}

    monkeypatch.setenv("POLICE_NOTICES_USER", "duty-editor")
    result = run("hide", URL, "--db", path, "--reason", "missing person found")
    assert result.exit_code == 0 and result.output == f"hidden: {notice_id(URL)}\n"
    assert counts(db) == {"public_notices": 1, "anpr_notices": 0, "consultations": 0, "anpr_consultations": 0}
    assert search(db, "missing") == []
    # still in the archive, with its versions, as evidence
    assert db.execute("SELECT hidden, title FROM notices WHERE id = ?", [notice_id(URL)]).fetchone() == (
        1,
        "Have your say: missing man found",
    )
    assert db.execute("SELECT count(*) FROM notice_versions WHERE notice_id = ?", [notice_id(URL)]).fetchone() == (2,)
    # storing it again (a re-crawl) does not unhide it
    save_records(
        db,
        [
            make_record(
                URL,
                title="Have your say: missing man found",
                body="Found safe again.",
                topics=["anpr"],
                is_consultation=True,
            )
        ],
    )
    assert counts(db)["anpr_notices"] == 0

    result = run("unhide", notice_id(URL), "--db", path, "--reason", "family asked to restore", "--by", "editor-2")
    assert result.exit_code == 0
    assert counts(db)["anpr_consultations"] == 1
    log = db.execute("SELECT notice_id, action, reason, by FROM takedowns ORDER BY id").fetchall()
    assert log == [
        (notice_id(URL), "hide", "missing person found", "duty-editor"),
        (notice_id(URL), "unhide", "family asked to restore", "editor-2"),
    ]
    assert all(at for (at,) in db.execute("SELECT at FROM takedowns"))


def test_hide_needs_a_reason_and_a_known_notice(tmp_path):
    path = tmp_path / "a.db"
    open_db(path).close()
    assert run("hide", URL, "--db", path).exit_code == 2
    result = run("hide", URL, "--db", path, "--reason", "x")
    assert result.exit_code == 1 and "no notice" in result.output


def test_public_copy_has_no_trace_of_hidden_notices(tmp_path):
    path, dest = tmp_path / "a.db", tmp_path / "public.db"
    db = open_db(path)
    secret = "Zyxwvutsrq"  # a word only the hidden notice has
    save_records(
        db,
        [
            make_record(
                URL,
                title=f"Missing {secret} found",
                body=f"{secret} was found safe. " + "Words of the appeal. " * 600,
                topics=["anpr"],
                survey_links=[{"url": "https://s.example/x", "provider": "snap"}],
            ),
            make_record(URL.replace("found", "kept"), title="Appeal for witnesses", body="Call 101."),
        ],
    )
    save_records(db, [make_record(URL, title=f"Missing {secret} found", body=f"{secret} is home.")])
    set_hidden(db, URL, True, reason=f"family of {secret} asked", by="editor")
    result = run("public-copy", dest, "--db", path)
    assert result.exit_code == 0 and result.output == f"wrote {dest} (1 hidden notice(s) left out)\n"
    copy = open_db(dest)
    assert copy.execute("SELECT title FROM notices").fetchall() == [("Appeal for witnesses",)]
    for table in ("notice_versions", "survey_links", "notice_topics", "takedowns", "identity_collisions"):
        assert copy.execute(
            f"SELECT count(*) FROM {table} WHERE {'1' if table == 'takedowns' else 'notice_id = ?'}",
            [] if table == "takedowns" else [notice_id(URL)],
        ).fetchone() == (0,), table
    assert search(copy, "witnesses")[0]["title"] == "Appeal for witnesses"
    assert search(copy, secret, include_hidden=True) == []
    assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    copy.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")
    copy.close()
    raw = dest.read_bytes()
    assert secret.encode() not in raw and secret.lower().encode() not in raw
    # the archive itself still has everything
    assert db.execute("SELECT count(*) FROM notice_versions WHERE notice_id = ?", [notice_id(URL)]).fetchone() == (2,)
    assert run("public-copy", dest, "--db", path).exit_code == 3  # never overwrites


def test_hide_finds_the_notice_by_a_url_written_loosely(tmp_path):
    path = tmp_path / "a.db"
    save_records(
        open_db(path),
        [make_record(URL, title="One"), make_record("https://www.kent.police.uk/news/no-slash", title="Two")],
    )
    for given, url in [
        ("HTTPS://WWW.Kent.Police.UK/news/kent/news2/missing-man-found?utm_source=x#top", URL),
        (URL.rstrip("/"), URL),
        ("www.kent.police.uk/news/kent/news2/missing-man-found/", URL),
        ("https://www.kent.police.uk/news/no-slash/", "https://www.kent.police.uk/news/no-slash"),
    ]:
        result = run("hide", given, "--db", path, "--reason", "r")
        assert result.exit_code == 0 and result.output == f"hidden: {notice_id(url)}\n", given
        assert run("unhide", given, "--db", path).exit_code == 0


def test_a_miss_hints_at_the_id(tmp_path):
    path = tmp_path / "a.db"
    save_records(open_db(path), [make_record(URL, title="One")])
    result = CliRunner().invoke(
        cli, ["hide", "https://www.kent.police.uk/elsewhere/", "--db", str(path), "--reason", "r"]
    )
    assert result.exit_code == 1
    assert "no notice" in result.stderr and "id" in result.stderr and "16 hex digits" in result.stderr


def test_hiding_twice_logs_once(tmp_path):
    path = tmp_path / "a.db"
    db = open_db(path)
    save_records(db, [make_record(URL, title="One")])
    assert run("hide", URL, "--db", path, "--reason", "r").output == f"hidden: {notice_id(URL)}\n"
    assert run("hide", URL, "--db", path, "--reason", "r").output == f"already hidden: {notice_id(URL)}\n"
    assert run("unhide", URL, "--db", path).output == f"unhidden: {notice_id(URL)}\n"
    assert run("unhide", URL, "--db", path).output == f"not hidden: {notice_id(URL)}\n"
    assert db.execute("SELECT action FROM takedowns ORDER BY id").fetchall() == [("hide",), ("unhide",)]
