"""The archive's shape: migrations, idempotency, upgrade in place from the first schema, WAL."""

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive.db import open_db
from archive.schema import ensure_db_shape, migrations, schema_ddl
from archive.views import NOTICE_VIEWS

V1_DUMP = Path(__file__).parent / "fixtures" / "archive" / "archive-v1.sql"

# Every migration of the archive's own set, in order: a new one is added here once.
MIGRATIONS = [
    "001_core",
    "002_search",
    "003_evidence",
    "004_bulk_index",
    "005_hidden_index",
    "006_fts_automerge",
    "007_newest_first_index",
    "008_notice_facets",
    "009_run_status",
    "010_self_checks",
    "011_held",
    "012_force_health",
    "014_publisher",
    "015_consultation_campaigns",
    "016_resolved_links",
    "017_translations",
]


def master(db):
    return db.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_fresh_archive_has_every_table_view_and_the_fts_index(tmp_path):
    db = open_db(tmp_path / "a.db")
    assert set(db.table_names()) >= {
        "notices",
        "notice_versions",
        "survey_links",
        "notice_topics",
        "forces",
        "crawl_runs",
        "fetch_errors",
        "extractions",
        "identity_collisions",
        "takedowns",
        "notices_fts",
        "crawl_pages",
        "crawl_walks",
    }
    assert set(db.view_names()) == {v.name for v in NOTICE_VIEWS}  # as declared (archive/views.py)
    assert db.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    fts = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'notices_fts'").fetchone()[0]
    assert "porter unicode61 remove_diacritics 2" in fts
    assert db.execute("SELECT v FROM notices_fts_config WHERE k = 'automerge'").fetchall() == [(8,)]
    fks = {
        (t, fk.other_table)
        for t in (
            "notice_versions",
            "survey_links",
            "notice_topics",
            "extractions",
            "identity_collisions",
            "takedowns",
            "notices",
            "crawl_runs",
            "fetch_errors",
        )
        for fk in db[t].foreign_keys
    }
    assert fks == {
        ("notice_versions", "notices"),
        ("survey_links", "notices"),
        ("notice_topics", "notices"),
        ("extractions", "notices"),
        ("identity_collisions", "notices"),
        ("takedowns", "notices"),
        ("notices", "notices"),  # translation_of: a Welsh notice's English one
        ("notices", "forces"),
        ("crawl_runs", "forces"),
        ("fetch_errors", "crawl_runs"),
    }
    assert db["notices"].pks == ["id"]


def test_ensure_db_shape_is_idempotent(tmp_path):
    db = open_db(tmp_path / "a.db")
    before = master(db)
    applied = [m.name for m in migrations.applied(db)]
    for _ in range(3):
        ensure_db_shape(db)
    db.close()
    db = open_db(tmp_path / "a.db")
    assert master(db) == before
    assert [m.name for m in migrations.applied(db)] == applied == MIGRATIONS


def v1_archive(path):
    conn = sqlite3.connect(path)
    conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    conn.close()
    return path


def test_upgrade_from_the_first_schema_keeps_everything(tmp_path):
    path = v1_archive(tmp_path / "old.db")
    old = Database(path)
    assert [m.name for m in migrations.applied(old)] == ["001_core"]
    old_rows = {
        t: old.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
        for t in ("notices", "notice_versions", "survey_links", "notice_topics", "forces", "crawl_runs")
    }
    old.close()

    db = open_db(path)
    assert [m.name for m in migrations.applied(db)] == MIGRATIONS
    for table, rows in old_rows.items():
        new = db.conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        if table == "notices":  # the added columns come last, with their defaults (publisher: backfilled)
            new = [r[:-7] for r in new]
            assert db.conn.execute(
                "SELECT hidden, asks_for_views, checks, alternates, translation_of FROM notices"
            ).fetchall() == [(0, 0, None, None, None)]
        if table == "forces":  # kind (014_publisher) comes last: every entry before it was a force
            new = [r[:-1] for r in new]
        if table == "crawl_runs":  # undated, status, status_reason (009_run_status) come last
            new = [r[:-3] for r in new]
        assert new == rows, table
    # the old notice is searchable and in the views added later
    hits = db.conn.execute("SELECT rowid FROM notices_fts WHERE notices_fts MATCH 'plate recognition'").fetchall()
    assert len(hits) == 1
    assert db.conn.execute("SELECT count(*) FROM anpr_consultations").fetchone() == (1,)
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # an upgraded archive has exactly the shape of a fresh one
    fresh = open_db(tmp_path / "fresh.db")

    def strip(rows):
        return [r for r in rows if r[1] != "idx__sqlite_migrations_migration_set_name"]

    assert strip(master(db)) == strip(master(fresh))


def test_schema_ddl_is_that_of_a_fresh_archive(tmp_path):
    ddl = schema_ddl()
    assert ddl.startswith("CREATE TABLE forces (")
    db = Database(tmp_path / "x.db")
    db.executescript(ddl)  # the documented DDL builds a working archive
    assert "notices_fts" in db.table_names()
    assert "_sqlite_migrations" not in ddl


def test_the_archive_doc_holds_the_schema_generated_from_the_code():
    """docs/archive.md is generated (`make docs`; tests/test_docs.py checks it is current)."""
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "archive.md").read_text(encoding="utf-8")
    assert schema_ddl().strip() in doc


def test_the_crawlers_tables_are_part_of_the_documented_schema():
    """crawl_pages and crawl_walks (archive/crawlstate.py, their own migration set) are in every archive and
    in docs/archive.md's DDL, which says what they are."""
    from archive.docs import INTRO

    ddl = schema_ddl()
    assert "crawl_pages (" in ddl and "crawl_walks (" in ddl
    assert "`crawl_pages`" in INTRO and "`crawl_walks`" in INTRO


def test_intro_points_publishers_to_publish_and_lists_every_archive_command():
    from archive.commands import COMMANDS
    from archive.docs import INTRO

    assert "use `publish`" in INTRO and "`public-copy`, the bare copy" in INTRO
    listed = INTRO[INTRO.index("The archive commands are") :].split("([commands.md]")[0]
    assert all(f"`{c.name}`" in listed for c in COMMANDS)


def test_an_old_archive_gains_the_run_status_columns(tmp_path):
    """009_run_status: crawl_runs of an archive made by the first schema gains `undated` (0 for its old
    runs), `status` and `status_reason` (null: how those runs ended was never recorded); a status outside
    the one list of states is refused."""
    path = v1_archive(tmp_path / "old.db")
    db = open_db(path)
    cols = {c.name: c for c in db["crawl_runs"].columns}
    assert {"undated", "status", "status_reason"} <= set(cols)
    assert db.conn.execute("SELECT undated, status, status_reason FROM crawl_runs").fetchall() == [(0, None, None)]
    db.conn.execute("UPDATE crawl_runs SET status = 'failed', status_reason = 'x' WHERE id = 1")
    for state in ("ok", "degraded", "blocked", "stale"):
        db.conn.execute("UPDATE crawl_runs SET status = ? WHERE id = 1", [state])
    try:
        db.conn.execute("UPDATE crawl_runs SET status = 'broken' WHERE id = 1")
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a status outside ok|degraded|failed|blocked|stale was accepted")
