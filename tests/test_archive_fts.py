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
    save_record(db, make_record(BASE + "anpr/", title="Have your say on ANPR",
                                description="Automatic number plate recognition survey", body="Cameras. Consulting you."))
    save_record(db, make_record(BASE + "cafe/", title="Burglary at a café", body="A man was arrested near Pontypŵl."))
    save_record(db, make_record(BASE + "plate/", title="Car stolen",
                                body="The car's number plate was read by a camera on the A4042."))
    yield db
    db.close()


def fts_ok(db):
    """FTS5's own check that the index matches the notices table exactly."""
    db.conn.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")
    return True


def titles(hits):
    return [h["title"] for h in hits]


def test_stemming_diacritics_and_ranking(db):
    assert titles(search(db, "consultation")) == ["Have your say on ANPR"]   # porter: consult*
    assert titles(search(db, "cafe")) == ["Burglary at a café"]              # diacritics removed
    assert titles(search(db, "pontypwl")) == ["Burglary at a café"]
    # the headline/standfirst match outranks a body-only match
    assert titles(search(db, "plate")) == ["Have your say on ANPR", "Car stolen"]
    assert count_matches(db, "plate") == 2


@pytest.mark.parametrize("text", ['stop-and-search', 'A&E', 'NOT', '"unbalanced', "OR AND", "*", "(x"])
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
        db.conn.execute("DELETE FROM notice_versions WHERE notice_id IN (SELECT id FROM notices WHERE title = 'Car stolen')")
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
