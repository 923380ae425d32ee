"""Storing records: inserts, idempotency, versions only for real content changes, re-extractions, removal."""

import json

import pytest

from archive.db import open_db
from archive.records import make_record
from archive.store import Store, mark_removed, notice_id, save_record, save_records

URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/"
BODY = "We are looking to get your thoughts around the use of ANPR in Gwent.\n\nComplete the survey."


def gwent(**fields):
    base = dict(
        force="gwent",
        force_name="Gwent Police",
        area="Gwent",
        title="Have your say on the use of ANPR in Gwent",
        page_title="Have your say on the use of ANPR in Gwent | Gwent Police",
        published="2021-02-15T13:35:00+00:00",
        published_utc="2021-02-15T13:35:00Z",
        published_raw="13:35 15/02/2021",
        body=BODY,
        topics=["anpr"],
        is_consultation=True,
        og={"title": "Have your say on the use of ANPR in Gwent", "locale": "en_GB"},
        survey_links=[
            {
                "url": "https://westmidlandspolicepnn.researchfeedback.net/s.asp?k=160337245159",
                "host": "westmidlandspolicepnn.researchfeedback.net",
                "provider": "snap",
                "text": "Complete the survey",
            }
        ],
    )
    base.update(fields)
    return make_record(base.pop("url", URL), **base)


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "archive.db")
    yield db
    db.close()


def rows(db, sql, params=()):
    return [tuple(r) for r in db.conn.execute(sql, params).fetchall()]


def test_insert_stores_notice_version_links_topics(db):
    assert save_record(db, gwent(), now="2021-02-16T00:00:00Z") == "inserted"
    nid = notice_id(URL)
    assert len(nid) == 16
    row = db.execute(
        "SELECT id, url, force, title, published, is_consultation, version, first_seen, last_seen,"
        " updated_at, removed_at, hidden, provenance, og, topics FROM notices"
    ).fetchall()
    assert row == [
        (
            nid,
            URL,
            "gwent",
            "Have your say on the use of ANPR in Gwent",
            "2021-02-15T13:35:00+00:00",
            1,
            1,
            "2021-02-16T00:00:00Z",
            "2021-02-16T00:00:00Z",
            None,
            None,
            0,
            "crawl",
            json.dumps({"locale": "en_GB", "title": "Have your say on the use of ANPR in Gwent"}),
            '["anpr"]',
        )
    ]
    assert rows(db, "SELECT notice_id, version, fetched_url, title FROM notice_versions") == [
        (nid, 1, URL, "Have your say on the use of ANPR in Gwent")
    ]
    assert rows(db, "SELECT notice_id, provider, host FROM survey_links") == [
        (nid, "snap", "westmidlandspolicepnn.researchfeedback.net")
    ]
    assert rows(db, "SELECT notice_id, topic FROM notice_topics") == [(nid, "anpr")]
    # the force row exists so the foreign key holds even without the registry loaded
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_same_record_twice_changes_only_last_seen(db):
    save_record(db, gwent(), now="2021-02-16T00:00:00Z")
    before = rows(db, "SELECT * FROM notices")
    assert save_record(db, gwent(), now="2021-03-01T00:00:00Z") == "unchanged"
    after = rows(db, "SELECT * FROM notices")
    cols = [r[1] for r in db.conn.execute("PRAGMA table_info(notices)")]
    diff = [c for c, a, b in zip(cols, before[0], after[0]) if a != b]
    assert diff == ["last_seen"]
    assert rows(db, "SELECT count(*) FROM notice_versions") == [(1,)]
    assert rows(db, "SELECT count(*) FROM extractions") == [(0,)]
    assert rows(db, "SELECT count(*) FROM survey_links") == [(1,)]


def test_content_change_adds_one_version(db):
    save_record(db, gwent(), now="2021-02-16T00:00:00Z")
    edited = gwent(body=BODY + "\n\nThe survey closes on 7 March 2021.")
    assert save_record(db, edited, now="2021-02-20T00:00:00Z") == "updated"
    assert save_record(db, edited, now="2021-02-21T00:00:00Z") == "unchanged"
    assert rows(db, "SELECT version, updated_at, last_seen FROM notices") == [
        (2, "2021-02-20T00:00:00Z", "2021-02-21T00:00:00Z")
    ]
    assert rows(db, "SELECT version, fetched_at, body LIKE '%7 March%' FROM notice_versions ORDER BY version") == [
        (1, "2021-02-16T00:00:00Z", 0),
        (2, "2021-02-20T00:00:00Z", 1),
    ]


def test_sidebar_only_change_makes_no_version(db):
    """Different page bytes, same extracted content: last_seen and the latest raw hash only."""
    save_record(db, gwent(raw_sha256="a" * 64), now="2021-02-16T00:00:00Z")
    assert save_record(db, gwent(raw_sha256="b" * 64), now="2021-02-17T00:00:00Z") == "unchanged"
    assert rows(db, "SELECT version, raw_sha256, updated_at FROM notices") == [(1, "b" * 64, None)]
    assert rows(db, "SELECT count(*) FROM notice_versions") == [(1,)]
    assert rows(db, "SELECT count(*) FROM extractions") == [(0,)]


def test_newer_extractor_on_same_bytes_is_logged_not_versioned(db):
    save_record(db, gwent(raw_sha256="a" * 64, extractor_version="1"), now="2021-02-16T00:00:00Z")
    better = gwent(
        raw_sha256="a" * 64, extractor_version="2", body=BODY + "\n\nA paragraph v1 missed.", topics=["anpr", "cctv"]
    )
    assert save_record(db, better, now="2021-02-17T00:00:00Z") == "reextracted"
    assert rows(db, "SELECT version, updated_at, extractor_version, body LIKE '%v1 missed%' FROM notices") == [
        (1, None, "2", 1)
    ]
    assert rows(db, "SELECT count(*) FROM notice_versions") == [(1,)]
    got = rows(db, "SELECT notice_id, extractor_version, raw_sha256, extracted_at, changed_fields FROM extractions")
    assert got == [
        (
            notice_id(URL),
            "2",
            "a" * 64,
            "2021-02-17T00:00:00Z",
            json.dumps(["body", "content_sha256", "extractor_version", "topics"]),
        )
    ]
    assert rows(db, "SELECT topic FROM notice_topics ORDER BY topic") == [("anpr",), ("cctv",)]
    # the next crawl, new bytes but the same (newly extracted) content: still no version
    assert save_record(db, dict(better, raw_sha256="c" * 64), now="2021-02-18T00:00:00Z") == "unchanged"
    assert rows(db, "SELECT count(*) FROM notice_versions") == [(1,)]


def test_removed_is_marked_never_deleted_and_cleared_when_back(db):
    save_record(db, gwent(), now="2021-02-16T00:00:00Z")
    assert mark_removed(db, URL, 410, now="2021-05-01T00:00:00Z")
    assert rows(db, "SELECT removed_at, removed_status FROM notices") == [("2021-05-01T00:00:00Z", 410)]
    assert mark_removed(db, URL + "?utm_source=x", 404, now="2021-05-02T00:00:00Z")  # first removal kept
    assert rows(db, "SELECT removed_at, removed_status FROM notices") == [("2021-05-01T00:00:00Z", 410)]
    assert not mark_removed(db, "https://www.gwent.police.uk/news/unknown/", 404)
    assert rows(db, "SELECT count(*) FROM notice_versions") == [(1,)]
    save_record(db, gwent(), now="2021-06-01T00:00:00Z")
    assert rows(db, "SELECT removed_at, last_seen FROM notices") == [(None, "2021-06-01T00:00:00Z")]


def test_save_records_counts_errors_skips_and_removals(db):
    items = [
        gwent(),
        {"path": "a.html", "error": "ExtractionError: empty page"},
        {"title": "no url"},
        {"url": URL, "status": 404},
        gwent(),
    ]
    report = save_records(db, items, now="2021-02-16T00:00:00Z")
    assert dict(report.counts) == {"inserted": 1, "errors": 1, "skipped": 1, "removed": 1, "unchanged": 1}
    assert report.errors == [(2, "a.html", "ExtractionError: empty page")]
    assert report.skipped == [(3, "record has no valid url")]
    # the error line was not stored anywhere
    assert rows(db, "SELECT count(*) FROM notices") == [(1,)]
    assert rows(db, "SELECT count(*) FROM fetch_errors") == [(0,)]


def test_url_is_normalised_into_the_id(db):
    save_record(db, gwent())
    assert (
        save_record(
            db,
            gwent(
                url="HTTPS://WWW.GWENT.POLICE.UK"
                + URL[len("https://www.gwent.police.uk") :]
                + "?utm_source=twitter#top",
                canonical=URL,
            ),
        )
        == "unchanged"
    )
    assert rows(db, "SELECT count(*) FROM notices") == [(1,)]


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"url": None}, "no valid url"),
        ({"url": "not a url"}, "no valid url"),
        ({"url": URL, "title": ["a list"]}, "must be a string or null, not a list"),
        ({"url": URL, "topics": "anpr"}, "must be a list"),
    ],
)
def test_bad_records_are_refused_before_writing(db, bad, message):
    report = save_records(db, [bad])
    assert report.counts["skipped"] == 1 and message in report.skipped[0][1]
    assert rows(db, "SELECT count(*) FROM notices") == [(0,)]


def test_integrity_after_a_mixed_history(db):
    store_items = [gwent(), gwent(body="changed"), gwent(raw_sha256="z" * 64, extractor_version="9")]
    save_records(db, store_items)
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert Store(db).forces == {"gwent"}


def test_forces_runs_and_fetch_errors(db):
    from archive.store import save_crawl_run, save_fetch_error, save_forces
    from crawler.registry import load_registry

    n = save_forces(db, load_registry())
    assert n == db.execute("SELECT count(*) FROM forces").fetchone()[0] and n >= 43
    assert db.execute(
        "SELECT name, area, json_array_length(domains) > 0 FROM forces WHERE slug = 'gwent'"
    ).fetchone() == ("Gwent Police", "Gwent", 1)
    run_id = save_crawl_run(
        db,
        "2021-02-16T06:00",
        "gwent",
        started="2021-02-16T06:00:00Z",
        finished="2021-02-16T06:10:00Z",
        pages=12,
        new=2,
        updated=1,
        unchanged=9,
        errors=1,
    )
    save_fetch_error(
        db,
        URL + "missing/",
        status=503,
        error="Service Unavailable",
        attempts=3,
        run_id=run_id,
        at="2021-02-16T06:05:00Z",
    )
    assert rows(
        db, "SELECT run, force, pages, new_notices, updated_notices, unchanged_notices, errors FROM crawl_runs"
    ) == [("2021-02-16T06:00", "gwent", 12, 2, 1, 9, 1)]
    assert rows(db, "SELECT url, status, error, attempts, run_id FROM fetch_errors") == [
        (URL + "missing/", 503, "Service Unavailable", 3, run_id)
    ]
    assert rows(db, "PRAGMA foreign_key_check") == []
