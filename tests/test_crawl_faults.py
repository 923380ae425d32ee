"""The fault matrix: real crawls of the sample site with one fault injected on one article (or robots.txt,
or a force's whole host). Each fault: no crash, bounded retries, the failure in `fetch_errors` when the page
could not be had, and every reachable notice stored.

What the crawler asked for is read from the site's own access log, never from the crawler's word.
"""
import socket
import sqlite3
from urllib.parse import unquote

import pytest

from crawler.crawl_cli import crawl_settings, outcome, run_crawl
from crawler.sample_site import SampleSite
from crawler.sample_site.content import NOTICES

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")
RETRIES = 3
SETTINGS = {"LOG_LEVEL": "CRITICAL", "RETRY_BACKOFF_BASE": 0.05, "RETRY_TIMES": RETRIES, "DOWNLOAD_TIMEOUT": 1.0}
VICTIM = next(n for n in NOTICES if n.force == "gwent" and n.fault is None and n.removed is None and not n.old_path)
VICTIM_PATH = f"/gwent{unquote(VICTIM.path)}"


class Fault:
    def __init__(self, where=VICTIM_PATH, *, lost=True, error=None, hits=1, code=0, check=None):
        self.where, self.lost, self.error, self.hits, self.code, self.check = where, lost, error, hits, code, check


def warned(text):
    def check(record):
        assert record["title"] == VICTIM.title
        assert any(text in w for w in record["warnings"]), record["warnings"]
    return check


def titled(record):
    assert record["title"] == VICTIM.title and len(record["body"]) > 200


MATRIX = {
    "connection refused": Fault(None, lost=False, error="ConnectionRefused", code=1),
    "reset": Fault(error="ResponseDataLoss", hits=RETRIES + 1),
    "stall": Fault(error="TimeoutError", hits=RETRIES + 1),
    "truncated-gzip": Fault(error="gzip body ends before its end", hits=1),
    "429": Fault(error="HTTP 429", hits=RETRIES + 1),
    "503-once": Fault(lost=False, hits=2),
    "500-burst": Fault(lost=False, hits=4),
    "404": Fault(error="linked page not found", hits=1),
    "410": Fault(error="linked page not found", hits=1),
    "redirect-loop": Fault(error="max redirections", hits=6),
    "offsite-redirect": Fault(error="not one of the hosts", hits=1),
    "oversize": Fault(error="larger than download max size", hits=1),
    "oversize-unsized": Fault(error="DOWNLOAD_MAXSIZE", hits=1),
    "gzip-bomb": Fault(error="exceeded DOWNLOAD_MAXSIZE", hits=1),
    "no-charset": Fault(lost=False, check=warned("charset guessed")),
    "wrong-charset": Fault(lost=False, check=warned("not valid utf-8")),
    "false-utf16": Fault(lost=False, check=warned("declared but the bytes are not")),
    "malformed": Fault(lost=False, check=titled),
    "robots-disallow": Fault("/robots.txt", lost=True, error="robots.txt", code=1),
    "robots-stall": Fault("/robots.txt", lost=False, error="robots.txt not fetched", hits=RETRIES + 1),
}


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]   # closed again at once: nothing listens there


@pytest.mark.parametrize("name", list(MATRIX))
def test_fault(name, tmp_path):
    fault = MATRIX[name]
    inject = {fault.where: name} if fault.where else {}
    with SampleSite(port=0, inject=inject, slow_seconds=2.0) as site:
        forces = tmp_path / "forces.toml"
        toml = site.forces_toml()
        slugs = "gwent"
        if name == "connection refused":
            toml += (f'\n[[force]]\nslug = "refused"\nname = "Refused"\n'
                     f'start_urls = ["http://127.0.0.1:{closed_port()}/news/"]\n')
            slugs = "gwent,refused"
        forces.write_text(toml, encoding="utf-8")
        db = tmp_path / "a.db"
        session = run_crawl(crawl_settings(delay=0.01, extra=SETTINGS), db=str(db), forces_file=str(forces),
                            force=slugs)
        expected = {e["url"] for e in site.expected_notices() if e["force"] == "gwent"}
        hits = [e for e in site.log if unquote(e["path"].split("?")[0]) == fault.where]
        offsite = site.offsite_hits
    victim = next(u for u in expected if u.endswith(VICTIM.path))
    with sqlite3.connect(db) as conn:
        stored = {u for u, in conn.execute("SELECT url FROM notices")}
        errors = conn.execute("SELECT url, status, error, attempts FROM fetch_errors").fetchall()
        record = dict(zip(("title", "body", "warnings"), conn.execute(
            "SELECT title, body, warnings FROM notices WHERE url = ?", [victim]).fetchone() or (None,) * 3))
    # no crash: the run ended with a summary, and no page raised inside the crawler
    assert session.summary and not [e for e in errors if (e[2] or "").startswith("crashed")], errors
    table, code = outcome(session)
    assert code == fault.code, table
    # every reachable notice stored
    if name == "robots-disallow":
        assert stored == set() and not [e for e in site.log if e["path"] != "/robots.txt"]
        assert "BLOCKED" in table
    else:
        assert stored == (expected - {victim} if fault.lost else expected)
    # bounded: the faulted path asked for no more than the retries allow (a stalled answer is logged once
    # the site sends it, maybe after the crawl has given up: the crawler's count of attempts is checked too)
    if fault.where:
        assert len(hits) == fault.hits or "stall" in name and len(hits) < fault.hits, [e["status"] for e in hits]
    if name == "stall":
        assert max(n for *_, n in errors) == fault.hits, errors
    assert offsite == 0
    # the failure where an operator sees it
    if fault.error:
        assert any(fault.error in (e or "") or fault.error == f"HTTP {s}" for _, s, e, _ in errors), errors
    else:
        assert not [e for e in errors if VICTIM.path in e[0]], errors
    if fault.check:
        import json
        record["warnings"] = json.loads(record["warnings"])
        fault.check(record)
