"""Any exception on one page of a crawl (extraction, a callback, the pipeline) is a recorded failure of that
page: a fetch_errors row, the force's errors count, the force not `ok` (exit 1); every other notice stored.

Real crawls of the bundled sample site; only the function made to raise is patched."""

import sqlite3

import pytest

import archive.store
import crawler.spiders.notices as notices_module
from crawler.crawl_cli import crawl_settings, outcome, run_crawl
from crawler.sample_site import SampleSite
from crawler.sample_site.content import NOTICES

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")
FAST = {"LOG_LEVEL": "CRITICAL", "RETRY_BACKOFF_BASE": 0.1}
VICTIM = next(n for n in NOTICES if n.force == "gwent" and n.fault is None and n.removed is None)


def crawl(site, tmp_path):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    db = tmp_path / "a.db"
    session = run_crawl(
        crawl_settings(delay=0.01, extra=FAST), db=str(db), forces_file=str(forces), force="gwent,cheshire"
    )
    return db, session


def check(db, session, site, error):
    expected = {e["url"] for e in site.expected_notices() if e["force"] in ("gwent", "cheshire")}
    victim = next(u for u in expected if u.endswith(VICTIM.path))
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT url FROM notices")}
        errors = conn.execute("SELECT url, error FROM fetch_errors").fetchall()
        runs = dict(conn.execute("SELECT force, errors FROM crawl_runs"))
        status = dict(conn.execute("SELECT force, status FROM crawl_runs"))
    assert stored == expected - {victim}  # nothing else lost
    assert [e for u, e in errors if VICTIM.path in u] == [f"crashed: {error}"]
    assert runs["gwent"] >= 1 and status == {"gwent": "failed", "cheshire": "ok"}
    table, code = outcome(session)
    assert code == 1 and "could not be processed" in next(r for r in table.splitlines() if r.startswith("gwent"))


def test_extraction_raising_on_one_page(tmp_path, monkeypatch):
    real = notices_module.extract_notice

    def extract(data, url, *args, **kwargs):
        if url.endswith(VICTIM.path):
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, url, *args, **kwargs)

    monkeypatch.setattr(notices_module, "extract_notice", extract)
    with SampleSite(port=0) as site:
        db, session = crawl(site, tmp_path)
    check(db, session, site, "RecursionError: maximum recursion depth exceeded")


def test_the_pipeline_raising_on_one_notice(tmp_path, monkeypatch):
    real = archive.store.Store.save

    def save(self, record, report=None):
        if record["url"].endswith(VICTIM.path):
            raise KeyError("published")
        return real(self, record, report)

    monkeypatch.setattr(archive.store.Store, "save", save)
    with SampleSite(port=0) as site:
        db, session = crawl(site, tmp_path)
    check(db, session, site, "KeyError: 'published'")


def test_extraction_making_a_record_the_archive_refuses(tmp_path, monkeypatch):
    real = notices_module.extract_notice

    def extract(data, url, *args, **kwargs):
        record = real(data, url, *args, **kwargs)
        if url.endswith(VICTIM.path):
            record["published"] = "yesterday"
        return record

    monkeypatch.setattr(notices_module, "extract_notice", extract)
    with SampleSite(port=0) as site:
        db, session = crawl(site, tmp_path)
    check(db, session, site, "RecordError: field 'published' must be an ISO 8601 date or date-time, not 'yesterday'")
