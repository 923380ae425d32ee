"""The public copy names no hidden notice anywhere: not in any column of any table, not in the file's bytes.

Built from a real crawl of the bundled sample site, so the crawler's own tables (crawl_pages,
crawl_walks, crawl_runs, fetch_errors) are full the way a real archive's are.
"""
import sqlite3

import pytest

from archive.crawlstate import ensure_crawl_state, now_us, record_page
from archive.db import open_db
from archive.public import write_public_copy
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
    assert db.execute("SELECT count(*) FROM crawl_pages WHERE url = ? OR notice_url = ?",
                      [normalise_url(fetched), url]).fetchone()[0] >= 1    # the crawl met its page
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
