"""Identity collisions: different pages claiming one canonical are kept apart, whatever their order."""

import itertools

import pytest

from archive.db import open_db
from archive.records import make_record
from archive.store import notice_id, save_records

CLAIMED = "https://www.devon-cornwall.police.uk/news/newsarticle/"


def page(n, body):
    fetched = f"https://www.devon-cornwall.police.uk/News/NewsArticle.aspx?id={n}"
    return make_record(
        CLAIMED, canonical=CLAIMED, fetched_url=fetched, force="devon-cornwall", title=f"Appeal {n}", body=body
    )


A, B, C = page(1, "A first appeal."), page(2, "A second appeal."), page(3, "A third appeal.")


def state(db):
    notices = db.conn.execute("SELECT id, url, title, version FROM notices ORDER BY id").fetchall()
    versions = db.conn.execute("SELECT notice_id, version, title FROM notice_versions ORDER BY notice_id").fetchall()
    claims = db.conn.execute(
        "SELECT claimed_url, claimed_id, notice_id FROM identity_collisions ORDER BY notice_id"
    ).fetchall()
    return notices, versions, claims


@pytest.mark.parametrize("order", list(itertools.permutations([A, B, C])))
def test_pages_are_kept_apart_in_any_order(tmp_path, order):
    db = open_db(tmp_path / "a.db")
    report = save_records(db, [dict(r) for r in order], now="2021-03-01T00:00:00Z")
    notices, versions, claims = state(db)
    expected_ids = sorted(notice_id(r["fetched_url"]) for r in (A, B, C))
    assert [n[0] for n in notices] == expected_ids
    assert sorted((n[1], n[2], n[3]) for n in notices) == [
        (A["fetched_url"], "Appeal 1", 1),
        (B["fetched_url"], "Appeal 2", 1),
        (C["fetched_url"], "Appeal 3", 1),
    ]
    # every version belongs to the page it came from: nothing was merged
    assert sorted((v[1], v[2]) for v in versions) == [(1, "Appeal 1"), (1, "Appeal 2"), (1, "Appeal 3")]
    assert sorted(v[0] for v in versions) == expected_ids
    # the claimed identity is an alias of every page involved
    assert claims == [(CLAIMED, notice_id(CLAIMED), i) for i in expected_ids]
    assert report.counts["collision"] == 1 and report.counts["inserted"] == 3
    assert report.collisions[0][0] == CLAIMED
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # the result is identical whatever the order: compare with the canonical order
    db2 = open_db(tmp_path / "b.db")
    save_records(db2, [dict(A), dict(B), dict(C)], now="2021-03-01T00:00:00Z")
    assert state(db2) == state(db)


def test_a_later_edit_of_a_collided_page_versions_that_page_only(tmp_path):
    db = open_db(tmp_path / "a.db")
    save_records(db, [dict(A), dict(B)], now="2021-03-01T00:00:00Z")
    edited = page(1, "A first appeal. Update: the man has been found.")
    report = save_records(db, [edited], now="2021-03-02T00:00:00Z")
    assert dict(report.counts) == {"updated": 1}
    rows = db.conn.execute(
        "SELECT n.url, v.version FROM notice_versions v JOIN notices n ON n.id = v.notice_id ORDER BY n.url, v.version"
    ).fetchall()
    assert rows == [(A["fetched_url"], 1), (A["fetched_url"], 2), (B["fetched_url"], 1)]


def test_same_content_from_another_url_is_not_a_collision(tmp_path):
    """The same notice reached by a second URL (same content) stays one notice."""
    db = open_db(tmp_path / "a.db")
    other = dict(A, fetched_url=A["fetched_url"] + "&page=2")
    report = save_records(db, [dict(A), other])
    assert dict(report.counts) == {"inserted": 1, "unchanged": 1}
    assert db.conn.execute("SELECT count(*) FROM identity_collisions").fetchone() == (0,)


def test_a_page_that_really_lives_at_the_claimed_url(tmp_path):
    """A page whose own URL is the identity another page wrongly claims: both kept, in either order."""
    owner = make_record(CLAIMED, fetched_url=CLAIMED, title="The listing page", body="A list of news.")
    results = []
    for order in ([owner, A], [A, owner]):
        db = open_db(tmp_path / f"{len(results)}.db")
        save_records(db, [dict(r) for r in order], now="2021-03-01T00:00:00Z")
        results.append(state(db))
    assert results[0] == results[1]
    assert sorted(n[1] for n in results[0][0]) == sorted([CLAIMED, A["fetched_url"]])
