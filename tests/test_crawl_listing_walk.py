"""A listing is walked to its end: its next pages are found whatever the pager looks like, and a listing
page an earlier (killed) crawl stored is walked again, so the items it had not fetched yet are found.

Real crawls of the bundled sample site; what was fetched is read from the site's own access log.
"""

import sqlite3

import pytest

from archive.crawlstate import ensure_crawl_state, now_us, record_page
from archive.db import open_db
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.sample_site import SampleSite

FAST = {"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1}
FORCE = "cheshire"  # Joomla 4: eight notices on three listing pages (?start=0, 3, 6), an icon-only pager


@pytest.fixture
def site():
    with SampleSite(port=0, state="day1", faults=False) as s:
        yield s


def run(site, db, tmp_path, **settings):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    return run_crawl(
        crawl_settings(delay=0.01, extra=dict(FAST, **settings)), db=str(db), forces_file=str(forces), force=FORCE
    )


def stored(db):
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("SELECT url FROM notices WHERE publisher = ?", [FORCE])}


def expected(site):
    return {e["url"] for e in site.expected_notices() if e["publisher"] == FORCE}


def listing(site, start=None):
    return f"{site.url}/{FORCE}/news/cheshire/news/" + (f"?start={start}" if start is not None else "")


def requested(site):
    return [e["path"] for e in site.log]


def test_every_listing_page_is_walked_whatever_the_depth_limit(site, tmp_path):
    """The depth limit bounds category views; a listing's own pages are walked to the end."""
    db = tmp_path / "a.db"
    session = run(site, db, tmp_path, POLICE_MAX_LISTING_DEPTH=0)
    assert stored(db) == expected(site)
    assert len(expected(site)) == 8
    paths = requested(site)
    assert paths.count(f"/{FORCE}/news/cheshire/news/?start=3") == 1
    assert paths.count(f"/{FORCE}/news/cheshire/news/?start=6") == 1
    assert [state.state for _, _, state in session.summary] == ["ok"]


def test_a_listing_a_killed_crawl_stored_is_walked_again(site, tmp_path):
    """A crawl killed after storing the listing pages, before it fetched all their items: the next crawl
    walks them again and finds what they list (it used to skip them as known, and said ok)."""
    db = tmp_path / "a.db"
    archive = open_db(str(db))
    ensure_crawl_state(archive)
    with archive.atomic():
        for start in (None, 3, 6):
            record_page(archive, listing(site, start), force=FORCE, kind="listing", first_seen=now_us(), status=200)
    archive.conn.close()
    site.clear_log()
    run(site, db, tmp_path)
    assert stored(db) == expected(site)
    paths = requested(site)
    assert f"/{FORCE}/news/cheshire/news/?start=3" in paths and f"/{FORCE}/news/cheshire/news/?start=6" in paths
