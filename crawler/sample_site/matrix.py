"""The fault matrix: a real crawl of the sample site with one fault injected, and what it must survive.

    run = crawl_with_fault("reset", workdir)   # one crawl of the gwent sample force, the fault on one article
    problems(run)                              # [] when the crawl survived it

Used by tests/test_crawl_faults.py (one test a fault, with each fault's own expectations on top) and by
benchmarks/faults.py (the figures). "connection refused" is not a path's fault: a second force whose host
has nothing listening.
"""

import json
import re
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from crawler.extraction import markdown_text, squash
from crawler.sample_site.content import NOTICES
from crawler.sample_site.faults import FAULTS
from crawler.sample_site.server import SampleSite

FORCE = "gwent"
VICTIM = next(n for n in NOTICES if n.force == FORCE and n.fault is None and n.removed is None and not n.old_path)
VICTIM_PATH = f"/{FORCE}{unquote(VICTIM.path)}"
REFUSED = "connection refused"
NAMES = [REFUSED] + list(FAULTS)
RETRIES, REDIRECTS = 3, 5
SETTINGS = {
    "LOG_LEVEL": "CRITICAL",
    "RETRY_BACKOFF_BASE": 0.05,
    "RETRY_TIMES": RETRIES,
    "REDIRECT_MAX_TIMES": REDIRECTS,
    "DOWNLOAD_TIMEOUT": 1.0,
}


@dataclass
class FaultRun:
    name: str
    where: str  # the faulted path, or None
    expected: set  # notice URLs a correct crawl of the force stores
    victim: str  # the faulted article's notice URL
    stored: set
    errors: list  # fetch_errors rows (url, status, error, attempts)
    hits: list  # the site's log entries for the faulted path
    offsite_hits: int
    summary: list
    table: str
    code: int
    record: dict = field(default_factory=dict)  # the victim's stored title, body, warnings


def where(name):
    if name == REFUSED:
        return None
    return "/robots.txt" if name.startswith("robots") else VICTIM_PATH


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again at once: nothing listens there


def crawl_with_fault(name, workdir, *, settings=None):
    """Crawl the sample force with the fault `name` injected; a FaultRun of what happened."""
    from crawler.crawl_cli import crawl_settings, outcome, run_crawl

    workdir = Path(workdir)
    path = where(name)
    with SampleSite(port=0, inject={path: name} if path else {}, slow_seconds=2.0) as site:
        toml, forces = site.forces_toml(), FORCE
        if name == REFUSED:
            toml += (
                f'\n[[force]]\nslug = "refused"\nname = "Refused"\n'
                f'start_urls = ["http://127.0.0.1:{_closed_port()}/news/"]\n'
            )
            forces += ",refused"
        (workdir / "forces.toml").write_text(toml, encoding="utf-8")
        db = workdir / "archive.db"
        session = run_crawl(
            crawl_settings(delay=0.01, extra=dict(SETTINGS, **(settings or {}))),
            db=str(db),
            forces_file=str(workdir / "forces.toml"),
            force=forces,
        )
        expected = {e["url"] for e in site.expected_notices() if e["publisher"] == FORCE}
        hits = [e for e in site.log if unquote(e["path"].split("?")[0]) == path]
        offsite = site.offsite_hits
    victim = next(u for u in expected if u.endswith(VICTIM.path))
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT url FROM notices")}
        errors = conn.execute("SELECT url, status, error, attempts FROM fetch_errors").fetchall()
        row = conn.execute("SELECT title, body, warnings FROM notices WHERE url = ?", [victim]).fetchone()
    conn.close()
    table, code = outcome(session)
    record = {"title": row[0], "body": row[1], "warnings": json.loads(row[2] or "[]")} if row else {}
    return FaultRun(name, path, expected, victim, stored, errors, hits, offsite, session.summary, table, code, record)


def _whole(record):
    """Was the faulted notice stored as published: its headline, and its body down to the last paragraph?"""
    last = squash(re.sub(r"<[^>]+>", " ", VICTIM.body[-1]))
    return record.get("title") == VICTIM.title and last in squash(markdown_text(record.get("body") or ""))


def _is_victim(url):
    return unquote(url or "").endswith(unquote(VICTIM.path))


def problems(run):
    """What the crawl failed to survive, [] when nothing: it ended with its summary and no page raised
    inside the crawler; the faulted path was asked for no more than retries (or redirects) allow; nothing
    went off-site; every notice but the faulted one was stored (none at all when robots.txt forbids
    everything: then the force is blocked); the faulted page, when stored, whole (its headline, its last
    paragraph), and when not, in fetch_errors."""
    out = []
    if not run.summary:
        out.append("no summary: the crawl did not end")
    crashed = [e for e in run.errors if (e[2] or "").startswith("crashed")]
    if crashed:
        out.append(f"a page crashed the crawler: {crashed}")
    bound = REDIRECTS + 1 if run.name == "redirect-loop" else RETRIES + 1
    if len(run.hits) > bound:
        out.append(f"{len(run.hits)} requests for {run.where} (at most {bound})")
    if run.offsite_hits:
        out.append(f"{run.offsite_hits} requests off the force's hosts")
    if run.name == "robots-disallow":
        if run.stored or "BLOCKED" not in run.table:
            out.append("robots.txt forbids everything, yet notices were stored or the force not blocked")
        return out
    missing = run.expected - {run.victim} - run.stored
    if missing:
        out.append(f"{len(missing)} reachable notice(s) not stored")
    if run.victim in run.stored and not _whole(run.record):
        out.append("the faulted page was stored cut short or garbled (a false record)")
    if (
        run.victim not in run.stored
        and run.name != REFUSED
        and not any(_is_victim(e[0]) or unquote(VICTIM.path) in unquote(e[2] or "") for e in run.errors)
    ):
        out.append("the faulted page is neither stored nor in fetch_errors")
    if run.name == REFUSED and not any("refused" in (e[2] or "").lower() for e in run.errors):
        out.append("the refused connection is not in fetch_errors")
    if run.name.startswith("robots") and not any("robots.txt" in e[0] for e in run.errors):
        out.append("the robots.txt failure is not in fetch_errors")
    return out
