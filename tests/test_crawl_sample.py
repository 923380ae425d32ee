"""End-to-end: real crawls of the bundled sample site (crawler/sample_site) into a fresh archive.

What a crawl fetched is read from the site's own access log, never from the crawler's word.
"""

import html
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from crawler.crawl import PROJECT_URL
from crawler.crawl_cli import crawl_command, crawl_settings, outcome, run_crawl
from crawler.sample_site import SampleSite, cms
from crawler.sample_site.content import FORCES, NOTICES

pytestmark = pytest.mark.filterwarnings(
    "error::DeprecationWarning", "error::scrapy.exceptions.ScrapyDeprecationWarning"
)
ROOT = Path(__file__).resolve().parents[1]
FAST = {"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1}
TIMING = 0.05  # the site stamps a request when its thread gets to it: on a loaded machine, tens of ms late
CMS_FORCES = {f.slug for f in FORCES if f.family in cms.FAMILIES}  # markup from real CMS templates


def crawl(site, db, tmp_path, *, delay=0.01, settings=None, **args):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    session = run_crawl(
        crawl_settings(delay=delay, extra=dict(FAST, **(settings or {}))), db=str(db), forces_file=str(forces), **args
    )
    return session


def notices(db):
    with sqlite3.connect(db) as conn:
        return {
            url: (sha, version, removed)
            for url, sha, version, removed in conn.execute(
                "SELECT url, content_sha256, version, removed_status FROM notices"
            )
        }


def archive_state(db):
    """What a resumed crawl must reproduce: notice URLs, latest content hash, number of versions."""
    with sqlite3.connect(db) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'notices'").fetchone():
            return {}  # killed before the archive was even shaped
        return {
            url: (sha, n)
            for url, sha, n in conn.execute(
                "SELECT n.url, n.content_sha256, count(v.id) FROM notices n"
                " JOIN notice_versions v ON v.notice_id = n.id GROUP BY n.id"
            )
        }


def article_requests(site):
    paths = set(site.article_paths("day1").values()) | set(site.article_paths("day2").values())
    return [entry for entry in site.log if entry["path"].split("?")[0] in paths]


@pytest.fixture
def site():
    with SampleSite(port=0, state="day1", faults=False) as s:
        yield s


def test_first_crawl_stores_exactly_the_articles(site, tmp_path):
    db = tmp_path / "a.db"
    session = crawl(site, db, tmp_path)
    table, code = outcome(session)
    expected = {e["url"]: e for e in site.expected_notices()}
    assert set(notices(db)) == set(expected)  # every article, and no listing, contact or campaign page
    with sqlite3.connect(db) as conn:
        titles = dict(conn.execute("SELECT url, title FROM notices"))
        sources = {u: tuple(r) for u, *r in conn.execute("SELECT url, force, publisher, publisher_kind FROM notices")}
        flagged = {u for (u,) in conn.execute("SELECT url FROM notices WHERE is_consultation = 1")}
        runs = conn.execute("SELECT force, finished, new_notices FROM crawl_runs").fetchall()
        pages = dict(conn.execute("SELECT kind, count(*) FROM crawl_pages GROUP BY kind"))
    assert titles == {u: e["title"] for u, e in expected.items()}
    # the commissioner's notices are its own (publisher) and its area force's (force); a force's, its own
    kinds = {f.slug: f.kind for f in FORCES}
    assert sources == {u: (e["force"], e["publisher"], kinds[e["publisher"]]) for u, e in expected.items()}
    assert {s for s in sources.values() if s[2] == "pcc"} == {("north-yorkshire", "north-yorkshire-pfcc", "pcc")}
    # the site's consultations, English and Welsh, and nothing else (its sign-off stories are learned as such)
    assert flagged == {u for u, e in expected.items() if e["consultation"]}
    assert sorted(f for f, _, _ in runs) == sorted({e["publisher"] for e in expected.values()})
    assert all(finished for _, finished, _ in runs) and sum(n for _, _, n in runs) == len(expected)
    assert pages["other"] >= 6 and pages["listing"] >= 6  # contact, campaign, home pages were met and told apart
    assert code == 0 and "FAILED" not in table
    # honest User-Agent on every request; robots.txt asked once; the forbidden search pages never
    assert all(PROJECT_URL in e["user_agent"] for e in site.log)
    assert [e["path"] for e in site.log].count("/robots.txt") == 1
    assert not [e for e in site.log if "/search" in e["path"]]
    assert site.offsite_hits == 0
    assert_cms_bodies(site, db)  # (after the log's checks: it reads the pages itself)


def plain_text(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def assert_cms_bodies(site, db):
    """Every notice of a force in a real CMS template's markup (Drupal 9, Joomla 4, GOV.UK) is stored with a
    body of its own: its opening paragraph, and none of the titles of the other notices its page lists in
    its latest/related block (or Joomla's previous/next article links), nor the block's heading."""
    with sqlite3.connect(db) as conn:
        stored = {
            url: (title, published, consult, body)
            for url, title, published, consult, body in conn.execute(
                "SELECT url, title, published, is_consultation, body FROM notices"
            )
        }
    paths = site.article_paths()
    checked = listed_total = 0
    for e in site.expected_notices():
        if e["publisher"] not in CMS_FORCES:
            continue
        title, published, consult, body = stored[e["url"]]
        assert (title, published, bool(consult)) == (e["title"], e["published"], e["consultation"]), e["url"]
        n = next(n for n in NOTICES if e["url"].endswith(n.path) and n.force == e["publisher"])
        text = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body or "").replace("*", "").split())
        assert text and plain_text(n.body[0])[:40] in text, (e["url"], body)
        with urllib.request.urlopen(site.url + paths[e["url"]]) as r:
            doc = lxml.html.document_fromstring(r.read())
        links = [" ".join(a.text_content().split()) for a in doc.iter("a")]
        listed = {o.title for o in NOTICES if o.force == n.force and o is not n and any(o.title in t for t in links)}
        assert not {t for t in listed if t in text}, (e["url"], body)
        assert not re.search(r"latest news|related content|more news", text, re.I), (e["url"], body)
        checked += 1
        listed_total += len(listed)
    assert checked == len([e for e in site.expected_notices() if e["publisher"] in CMS_FORCES]) >= 20
    assert listed_total >= 2 * checked  # the blocks name other notices: the test means something


def test_politeness_one_request_at_a_time_per_force_with_the_crawl_delay(site, tmp_path):
    site.crawl_delay = 0.5  # robots.txt Crawl-delay, above --delay
    crawl(site, tmp_path / "a.db", tmp_path, delay=0.01, force="gwent,durham")
    by_force = {}
    for e in site.log:
        if e["path"] != "/robots.txt":
            by_force.setdefault(e["path"].split("/")[1], []).append(e["time"])
    assert set(by_force) == {"gwent", "durham"}
    for times in by_force.values():
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= 0.5 - TIMING  # the Crawl-delay is a floor, no jitter below it
    # the two forces were crawled side by side, not one after the other
    g, d = by_force["gwent"], by_force["durham"]
    assert min(g) < max(d) and min(d) < max(g)


def test_the_delay_is_a_floor_between_any_two_requests_robots_txt_included(site, tmp_path):
    crawl(site, tmp_path / "a.db", tmp_path, delay=0.5, force="gwent")
    times = [e["time"] for e in site.log]
    assert site.log[0]["path"] == "/robots.txt" and len(times) > 5
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.5 - TIMING
    # and no slower than the delay asks: the queue never ran dry, no delay was stretched
    assert sum(gaps) / len(gaps) < 0.5 * 1.1


def test_second_crawl_downloads_no_article_again(site, tmp_path):
    db = tmp_path / "a.db"
    crawl(site, db, tmp_path)
    before = notices(db)
    site.clear_log()
    crawl(site, db, tmp_path)  # default revisit policy: 2021 notices checked recently
    assert article_requests(site) == []
    site.clear_log()
    session = crawl(site, db, tmp_path, revisit="all")  # every known notice checked: conditionally
    revisits = article_requests(site)
    assert len(revisits) == len(before)
    assert all(e["if_none_match"] and e["if_modified_since"] and e["status"] == 304 for e in revisits)
    assert notices(db) == before
    assert sum(s["unchanged"] for _, s, _ in session.summary) == len(before)


def test_day2_stores_only_the_changes(site, tmp_path):
    db = tmp_path / "a.db"
    crawl(site, db, tmp_path)
    before = notices(db)
    site.set_state("day2")
    changes = site.changes()
    session = crawl(site, db, tmp_path, revisit="all")
    after = notices(db)
    assert set(after) - set(before) == set(changes["new"])
    assert {u for u in before if after[u][1] == 2} == set(changes["edited"])
    assert {u for u, v in after.items() if v[2]} == set(changes["removed"])
    assert after[changes["removed"][0]][2] == 410
    untouched = set(before) - set(changes["edited"]) - set(changes["removed"])
    assert all(after[u] == before[u] for u in untouched)
    assert {u for u, v in after.items() if not v[2]} == {e["url"] for e in site.expected_notices()}
    totals = {k: sum(s[k] for _, s, _ in session.summary) for k in ("new", "updated", "removed")}
    assert totals == {"new": len(changes["new"]), "updated": len(changes["edited"]), "removed": len(changes["removed"])}
    assert_cms_bodies(site, db)  # Joomla's edited article among them, with its Last Updated line


def test_faults_are_survived_and_logged(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, faults=True, slow_seconds=1.0) as site:
        session = crawl(site, db, tmp_path, settings={"DOWNLOAD_TIMEOUT": 0.5, "RETRY_TIMES": 2})
        log = list(site.log)
        expected = {e["url"]: e for e in site.expected_notices()}
        offsite = site.offsite_hits
    slow = next(n for n in NOTICES if n.fault == "slow")
    cp1252 = next(n for n in NOTICES if n.fault == "cp1252")
    flaky = next(n for n in NOTICES if n.fault == "500x2")
    stored = notices(db)
    slow_url = next(u for u in expected if u.endswith(slow.path))
    assert set(stored) == set(expected) - {slow_url}  # everything but the page that never answers in time
    with sqlite3.connect(db) as conn:
        errors = conn.execute("SELECT url, status, error, attempts FROM fetch_errors").fetchall()
        titles = dict(conn.execute("SELECT url, title FROM notices"))
        flagged = {u for (u,) in conn.execute("SELECT url FROM notices WHERE is_consultation = 1")}
    assert any(u.endswith(slow.path) and "Timeout" in e and n == 3 for u, _, e, n in errors)
    assert any(s == 404 for _, s, _, _ in errors)  # the broken link
    assert any("localhost" in u and "not one of the hosts" in e for u, _, e, _ in errors)  # off-site redirect
    assert offsite == 0
    assert titles[next(u for u in expected if u.endswith(cp1252.path))] == cp1252.title
    assert flagged == {u for u, e in expected.items() if e["consultation"]} - {slow_url}
    # the page that failed twice was retried and stored; the 503 was retried after its Retry-After
    assert next(u for u in expected if u.endswith(flaky.path)) in stored
    hits = [e for e in log if e["path"].endswith("/news/gwent/news/?page=2")]
    assert [e["status"] for e in hits][:2] == [503, 200] and hits[1]["time"] - hits[0]["time"] >= 1.0
    # the old URL that 301s was followed to the article, stored under its canonical
    moved = next(n for n in NOTICES if n.old_path)
    assert any(e["status"] == 301 for e in log) and any(u.endswith(moved.path) for u in stored)
    assert outcome(session)[1] == 0


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.toml"
    bad.write_text("[[force]]\nslug = 'x'\n")
    for args in (
        ["--force", "no-such-force"],
        ["--since", "last tuesday"],
        ["--forces-file", str(bad)],
        ["--max-pages", "-1"],
    ):
        result = runner.invoke(crawl_command, ["--db", str(tmp_path / "a.db")] + args)
        assert result.exit_code == 2, (args, result.output)
    assert not (tmp_path / "a.db").exists()


def test_a_force_whose_start_urls_fail_fails_the_run(site, tmp_path):
    forces = tmp_path / "forces.toml"
    forces.write_text(
        site.forces_toml() + f'\n[[force]]\nslug = "gone"\nname = "Gone"\n'
        f'start_urls = ["{site.url}/no-such-force/news/"]\n',
        encoding="utf-8",
    )
    session = run_crawl(
        crawl_settings(delay=0.01, extra=FAST), db=str(tmp_path / "a.db"), forces_file=str(forces), force="gone,gwent"
    )
    table, code = outcome(session)
    assert code == 1
    assert "FAILED: no start URL could be fetched" in next(
        line for line in table.splitlines() if line.startswith("gone")
    )
    assert next(line for line in table.splitlines() if line.startswith("gwent")).endswith("ok")


def _cli(db, forces, delay):
    return [
        sys.executable,
        "-c",
        "from crawler.crawl_cli import crawl_command; crawl_command()",
        "--db",
        str(db),
        "--forces-file",
        str(forces),
        "--delay",
        str(delay),
    ]


def test_kill_9_then_resume_gives_the_same_archive(site, tmp_path):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    reference = tmp_path / "reference.db"
    # the reference run goes through `scrapy crawl notices`: the same spider as `police-notices crawl`
    site.clear_log()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "notices",
            "-a",
            f"db={reference}",
            "-a",
            f"forces_file={forces}",
            "-s",
            "DOWNLOAD_DELAY=0.1",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0.1",
            "-s",
            "LOG_LEVEL=ERROR",
        ],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    span = site.log[-1]["time"] - site.log[0]["time"]  # from the first request to the last
    want = archive_state(reference)
    assert set(want) == {e["url"] for e in site.expected_notices()}
    rng = random.Random(4)
    partials = []
    for attempt in range(3):
        db = tmp_path / f"killed{attempt}.db"
        site.clear_log()
        proc = subprocess.Popen(_cli(db, forces, 0.1), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not site.log and time.monotonic() < deadline:  # the crawl has started
            time.sleep(0.01)
        time.sleep(rng.uniform(0, span))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partials.append(len(archive_state(db)))
        done = subprocess.run(_cli(db, forces, 0.1), cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        assert archive_state(db) == want, f"kill {attempt} after {partials[-1]} notices"
    assert any(0 < n < len(want) for n in partials)  # at least one kill landed mid-crawl
