"""The dashboard's charts do not mislead: a month without consultations counts 0, crawl activity is a bar per run.

The charts' SQL (datasette_metadata.json) runs on a real archive file, as datasette-dashboards runs it.
"""

import sqlite3

import pytest

from archive.db import open_db
from archive.publish import metadata_for
from archive.records import make_record
from archive.store import save_crawl_run, save_records

CHARTS = metadata_for("archive", public=True)["plugins"]["datasette-dashboards"]["police-notices"]["charts"]


def notice(n, published, consultation):
    return make_record(
        f"https://www.gwent.police.uk/news/{n}/",
        title=f"Notice {n}",
        force="gwent",
        published=published,
        published_utc=published,
        is_consultation=consultation,
        body=f"Notice number {n}.",
    )


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "archive.db"
    db = open_db(path)
    save_records(
        db,
        [
            notice(1, "2021-01-10T09:00:00Z", True),
            notice(2, "2021-01-20T09:00:00Z", True),
            notice(3, "2021-02-05T09:00:00Z", False),  # a month with notices but no consultation
            notice(4, "2021-04-01T09:00:00Z", True),  # March had no notice at all
            notice(5, "2021-06-30T09:00:00Z", False),  # the latest notice: none since April
        ],
    )
    for run, started, forces in (("2021-04-13", "2021-04-13T06:00:00Z", 3), ("2021-04-13b", "2021-04-13T18:00:00Z", 2)):
        for i, force in enumerate(("gwent", "cheshire", "durham")[:forces]):
            save_crawl_run(db, run, force, started=started, pages=10 + i, new=1, errors=i)
    db.conn.close()
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def chart_rows(conn, name):
    return [dict(r) for r in conn.execute(CHARTS[name]["query"])]


def test_months_without_consultations_count_zero(archive):
    rows = chart_rows(archive, "consultations-over-time")
    assert [(r["month"], r["consultations"]) for r in rows] == [
        ("2021-01-01", 2),
        ("2021-02-01", 0),
        ("2021-03-01", 0),
        ("2021-04-01", 1),
        ("2021-05-01", 0),
        ("2021-06-01", 0),
    ]


def test_consultations_chart_on_an_empty_archive_has_no_rows(tmp_path):
    open_db(tmp_path / "empty.db").conn.close()
    conn = sqlite3.connect(tmp_path / "empty.db")
    try:
        assert conn.execute(CHARTS["consultations-over-time"]["query"]).fetchall() == []
    finally:
        conn.close()


def test_crawl_activity_is_one_bar_per_run(archive):
    rows = chart_rows(archive, "crawl-activity")
    assert [(r["run started"], r["forces"], r["pages"], r["errors"]) for r in rows] == [
        ("2021-04-13 06:00", 3, 33, 3),
        ("2021-04-13 18:00", 2, 21, 1),
    ]
    encoding = CHARTS["crawl-activity"]["display"]["encoding"]
    assert CHARTS["crawl-activity"]["display"]["mark"]["type"] == "bar"
    assert encoding["x"] == {**encoding["x"], "field": "run started", "type": "ordinal"}  # a bar per run, not per day
    assert "aggregate" not in encoding["y"]
