"""The public copy names no hidden notice anywhere: not in any column of any table, not in the file's bytes.

Built from a real crawl of the bundled sample site, so the crawler's own tables (crawl_pages,
crawl_walks, crawl_runs, fetch_errors) are full the way a real archive's are.
"""

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from archive.crawlstate import ensure_crawl_state, now_us, record_page
from archive.db import open_db
from archive.public import write_public_copy
from archive.records import make_record
from archive.store import save_fetch_error
from archive.takedown import set_hidden
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.extraction.urls import normalise_url
from crawler.sample_site import SampleSite

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")


def every_value(path):
    """(table, column, value) for every non-null cell of every table, FTS shadow tables included."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
            for row in conn.execute(f"SELECT * FROM '{table}'"):
                for col, value in zip(cols, row):
                    if value is not None:
                        yield table, col, value
    finally:
        conn.close()


def test_public_copy_of_a_crawled_archive_names_no_hidden_notice(tmp_path):
    path, dest = tmp_path / "a.db", tmp_path / "public.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}), db=str(path), forces_file=str(forces))
    db = ensure_crawl_state(open_db(path))
    rows = db.execute("SELECT id, url, canonical, fetched_url, title FROM notices ORDER BY url").fetchall()
    assert len(rows) > 3
    # a notice whose title and URL no other notice's body or links mention
    others = " ".join(str(v) for r in db.execute("SELECT body, links, survey_links FROM notices") for v in r)
    nid, url, canonical, fetched, title = next(r for r in rows if r[1] not in others and r[4] not in others)
    assert (
        db.execute(
            "SELECT count(*) FROM crawl_pages WHERE url = ? OR notice_url = ?", [normalise_url(fetched), url]
        ).fetchone()[0]
        >= 1
    )  # the crawl met its page
    # what else an operator's archive holds about it: a failed fetch, a page met by its canonical
    save_fetch_error(db, fetched, status=500, error="server error")
    record_page(db, canonical, force=None, kind="article", first_seen=now_us(), etag='"etag-of-hidden"')
    set_hidden(db, url, True, reason="asked", by="editor")
    assert write_public_copy(db, dest) == 1

    secrets = {nid, url, fetched, canonical, normalise_url(fetched), title}
    leaks = [(t, c, s) for t, c, v in every_value(dest) for s in secrets if s in str(v)]
    assert leaks == []
    raw = dest.read_bytes()
    assert [s for s in secrets if s.encode() in raw] == []
    # everything else is still there
    copy = sqlite3.connect(dest)
    assert copy.execute("SELECT count(*) FROM notices").fetchone()[0] == len(rows) - 1
    assert copy.execute("SELECT count(*) FROM crawl_pages").fetchone()[0] > 0
    assert copy.execute("SELECT count(*) FROM crawl_walks").fetchone()[0] > 0
    copy.close()


def test_public_copy_counts_only_public_notices_and_names_no_local_file(tmp_path):
    """crawl_runs is recomputed over the public notices (summed new notices equal them, per force too), the
    hidden notices' edits and fetch errors leave the runs' counts, no run names the operator's files, and no
    table's row ids have a gap where a hidden row was."""
    path, dest = tmp_path / "a.db", tmp_path / "public.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}), db=str(path), forces_file=str(forces))
    kent = "https://www.kent.police.uk/news/kent/news2/"
    first = [
        make_record(kent + "a/", title="A", body="First words.", force="kent"),
        make_record(kent + "b/", title="B", body="Other words.", force="kent"),
    ]
    second = [
        make_record(kent + "a/", title="A", body="First words, edited.", force="kent"),
        make_record(kent + "c/", title="C", body="Third words.", force="kent"),
    ]
    for n, records in enumerate((first, second)):
        manifest = tmp_path / f"records-{n}.jsonl"
        manifest.write_text("".join(json.dumps(r) + "\n" for r in records))
        stored = subprocess.run(
            [
                sys.executable,
                "-m",
                "crawler.cli",
                "store",
                str(manifest),
                "--db",
                str(path),
                "--forces-file",
                str(forces),
            ],
            capture_output=True,
            text=True,
        )
        assert stored.returncode == 0, stored.stderr
        time.sleep(1.1)  # runs are told apart by their start, to the second
    db = ensure_crawl_state(open_db(path))
    crawled_url, force = db.execute("SELECT url, force FROM notices WHERE provenance = 'crawl' ORDER BY url").fetchone()
    run_id = db.execute("SELECT id FROM crawl_runs WHERE force = ?", [force]).fetchone()[0]
    # the run met a failed fetch of the notice's page too
    save_fetch_error(db, crawled_url, status=500, error="server error", run_id=run_id)
    db.execute("UPDATE crawl_runs SET errors = errors + 1 WHERE id = ?", [run_id])
    for url in (crawled_url, kent + "a/"):
        set_hidden(db, url, True, reason="asked", by="editor")
    db.execute("ANALYZE")  # an operator tuning queries: sqlite_stat1 counts every notice
    before = {r[0]: r[1:] for r in db.execute("SELECT id, new_notices, updated_notices, errors FROM crawl_runs")}
    assert sum(n for n, _, _ in before.values()) == db.execute("SELECT count(*) FROM notices").fetchone()[0]
    assert any(str(tmp_path) in r for (r,) in db.execute("SELECT run FROM crawl_runs"))
    db.close()

    assert (
        subprocess.run(
            [sys.executable, "-m", "crawler.cli", "public-copy", str(dest), "--db", str(path)], capture_output=True
        ).returncode
        == 0
    )
    copy = sqlite3.connect(dest)
    public = copy.execute("SELECT count(*) FROM notices").fetchone()[0]
    assert public > 3
    assert copy.execute("SELECT sum(new_notices) FROM crawl_runs").fetchone()[0] == public
    per_force = dict(copy.execute("SELECT publisher, count(*) FROM notices GROUP BY publisher"))  # runs are per site
    assert dict(copy.execute("SELECT force, sum(new_notices) FROM crawl_runs GROUP BY force")) == per_force
    runs = {r[0]: r[1:] for r in copy.execute("SELECT id, run, new_notices, updated_notices, errors FROM crawl_runs")}
    stores = [runs[i] for i in sorted(runs) if runs[i][0] == "store"]
    assert stores == [("store", 1, 0, 0), ("store", 1, 0, 0)]  # A (hidden) was new in one and edited in the other
    assert runs[run_id][1:] == (before[run_id][0] - 1, before[run_id][1], before[run_id][2] - 1)
    assert copy.execute("SELECT sum(notices) FROM standing_learned").fetchone()[0] in (None, public)
    assert copy.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'idx_notices_force'").fetchone()[0].split()[
        0
    ] == str(public)
    # row ids run 1..n: a gap would say where a hidden notice, a version or a fetch error was taken out
    for table in ("notices", "notice_versions", "notice_facets", "fetch_errors", "crawl_pages"):
        count, top = copy.execute(f"SELECT count(*), max(rowid) FROM {table}").fetchone()
        assert count == (top or 0), table
    assert copy.execute(
        "SELECT count(*) FROM notices n JOIN notice_facets f ON f.notice_rowid = n.rowid AND f.id = n.id"
    ).fetchone() == (public,)
    copy.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")
    copy.close()
    leaks = [(t, c) for t, c, v in every_value(dest) if str(tmp_path) in str(v)]
    assert leaks == [] and str(tmp_path).encode() not in dest.read_bytes()
