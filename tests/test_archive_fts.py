"""Full-text search: porter stemming, diacritics, ranking, and the index kept in step by triggers."""

import pytest

from archive.db import open_db
from archive.records import make_record
from archive.search import count_matches, fts_query, search
from archive.store import save_record
from archive.takedown import set_hidden

BASE = "https://www.gwent.police.uk/news/gwent/news/"


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "a.db")
    save_record(
        db,
        make_record(
            BASE + "anpr/",
            title="Have your say on ANPR",
            description="Automatic number plate recognition survey",
            body="Cameras. Consulting you.",
        ),
    )
    save_record(db, make_record(BASE + "cafe/", title="Burglary at a café", body="A man was arrested near Pontypŵl."))
    save_record(
        db,
        make_record(
            BASE + "plate/", title="Car stolen", body="The car's number plate was read by a camera on the A4042."
        ),
    )
    yield db
    db.close()


def fts_ok(db):
    """FTS5's own check that the index matches the notices table exactly."""
    db.conn.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")
    return True


def titles(hits):
    return [h["title"] for h in hits]


def test_stemming_diacritics_and_ranking(db):
    assert titles(search(db, "consultation")) == ["Have your say on ANPR"]  # porter: consult*
    assert titles(search(db, "cafe")) == ["Burglary at a café"]  # diacritics removed
    assert titles(search(db, "pontypwl")) == ["Burglary at a café"]
    # the headline/standfirst match outranks a body-only match
    assert titles(search(db, "plate")) == ["Have your say on ANPR", "Car stolen"]
    assert count_matches(db, "plate") == 2


@pytest.mark.parametrize("text", ["stop-and-search", "A&E", "NOT", '"unbalanced', "OR AND", "*", "(x"])
def test_odd_queries_never_raise(db, text):
    assert isinstance(search(db, text), list)


def test_fts_query_quotes_words_and_keeps_phrases_and_prefixes():
    assert fts_query('anpr "number plate" recog*') == '"anpr" "number plate" "recog"*'


def test_index_follows_updates_and_deletes(db):
    save_record(db, make_record(BASE + "plate/", title="Car stolen", body="Found abandoned in Newport."))
    assert titles(search(db, "plate")) == ["Have your say on ANPR"]
    assert titles(search(db, "abandoned")) == ["Car stolen"]
    assert fts_ok(db)
    with db.atomic():
        db.conn.execute(
            "DELETE FROM notice_versions WHERE notice_id IN (SELECT id FROM notices WHERE title = 'Car stolen')"
        )
        db.conn.execute("DELETE FROM notices WHERE title = 'Car stolen'")
    assert search(db, "abandoned") == []
    assert fts_ok(db)


def test_last_seen_updates_leave_the_index_alone(db):
    """Re-crawls touch last_seen on every notice: the index must not be rewritten for that."""
    changes = db.conn.total_changes
    db.conn.execute("UPDATE notices SET last_seen = 'x'")
    db.conn.commit()
    assert db.conn.total_changes - changes == 3  # the three rows, and no FTS trigger rows
    assert fts_ok(db)


def test_hidden_notices_are_not_found(db):
    set_hidden(db, BASE + "cafe/", True, reason="named person", by="editor")
    assert search(db, "cafe") == []
    assert titles(search(db, "cafe", include_hidden=True)) == ["Burglary at a café"]


def test_bulk_store_indexes_in_step_even_when_a_batch_edits_its_own_inserts(tmp_path):
    """save_records indexes new notices in bulk at the end of each batch (migration 004_bulk_index)."""
    from archive.store import save_records

    db = open_db(tmp_path / "b.db")
    first = make_record(BASE + "x/", title="Speed watch", body="Volunteers in Usk.")
    edited = make_record(BASE + "x/", title="Speed watch", body="Volunteers in Caerleon.")
    collided = [
        make_record(BASE + "same/", fetched_url=BASE + f"p{i}/", title=f"Page {i}", body=f"Words {i}.")
        for i in range(3)
    ]
    save_records(
        db, [first, edited, *collided, make_record(BASE + "y/", title="Other", body="Usk again.")], batch_size=4
    )
    assert fts_ok(db)
    assert titles(search(db, "caerleon")) == ["Speed watch"]
    assert titles(search(db, "usk")) == ["Other"]
    assert sorted(titles(search(db, "words"))) == ["Page 0", "Page 1", "Page 2"]
    assert db.execute("SELECT active FROM _notices_fts_deferred").fetchall() == [(0,)]
    # any other writer (no deferral) is indexed by the trigger
    db.execute(
        "INSERT INTO notices (id, url, title, body, first_seen, last_seen) VALUES"
        " ('x1', 'https://example.police.uk/z', 'Raw insert', 'Typed by hand', 'now', 'now')"
    )
    assert titles(search(db, "hand")) == ["Raw insert"]
    assert fts_ok(db)


def test_a_failed_batch_leaves_no_deferral_behind(tmp_path):
    import sqlite3

    from archive.store import save_records

    db = open_db(tmp_path / "c.db")
    db.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON notice_versions WHEN new.title = 'boom'"
        " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    try:
        save_records(db, [make_record(BASE + "a/", title="fine"), make_record(BASE + "b/", title="boom")])
    except sqlite3.DatabaseError:
        pass
    else:
        raise AssertionError("the batch should have failed")
    assert db.execute("SELECT active FROM _notices_fts_deferred").fetchall() == [(0,)]
    assert db.execute("SELECT count(*) FROM notices").fetchone() == (0,)
    assert fts_ok(db)


def test_hidden_best_match_does_not_shorten_a_page(db):
    """The top match hidden: a page of one still holds one notice, the next best."""
    assert titles(search(db, "plate", limit=1)) == ["Have your say on ANPR"]
    set_hidden(db, BASE + "anpr/", True, reason="test")
    assert titles(search(db, "plate", limit=1)) == ["Car stolen"]
    assert search(db, "plate", limit=1, offset=1) == []


def test_recent_bounds_the_candidates_to_the_newest_matches(db):
    # "plate" matches the first (best) and the third (newest) stored notice
    assert titles(search(db, "plate", recent=1)) == ["Car stolen"]
    assert titles(search(db, "plate", recent=2)) == ["Have your say on ANPR", "Car stolen"]
