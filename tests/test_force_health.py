"""Per-force health and "layout changed" detection (issue 14): real crawls of the sample site into a real
SQLite file, the CLI in real subprocesses for its exit codes.

Hertfordshire is the sample force with 12 notices, enough for the baseline rule (10 article-like pages):
a first crawl makes its baseline, a second one after its redesign (the sample site's `undated` break: every
date gone), revisiting every notice, reads its 12 pages again without a date: it alone is `degraded`, for
dates, 100% -> 0%, and the crawl exits 1. Every other force met no page to judge and stays ok.
"""

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.alerts import Channel, Config, Rule, due_alerts
from archive.db import open_db
from archive.health import latest_health, standing
from crawler import health
from crawler.crawl import RunStatus
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.sample_site import SampleSite
from crawler.sample_site.content import FORCES

ROOT = Path(__file__).resolve().parent.parent
BROKEN = "hertfordshire"


def cli(*args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.fixture(scope="module")
def layout_change(tmp_path_factory):
    """An archive after two crawls: the second after Hertfordshire's pages lost their dates."""
    tmp = tmp_path_factory.mktemp("health")
    db, forces = tmp / "archive.db", tmp / "forces.toml"
    with SampleSite(port=0) as site:
        site.write_forces_file(forces)
        run_crawl(crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}), db=str(db), forces_file=str(forces))
        first = {r["force"]: r for r in rows(db, "SELECT * FROM force_health")}
        site.breaks = {BROKEN: "undated"}
        crawled = cli(
            "crawl",
            "--db",
            str(db),
            "--forces-file",
            str(forces),
            "--delay",
            "0.01",
            "--revisit",
            "all",
            "--log-level",
            "ERROR",
        )
    return db, first, crawled


def test_the_first_run_is_recorded_per_force_with_its_coverage(layout_change):
    _, first, _ = layout_change
    assert len(first) == len(FORCES) and all(r["state"] == "ok" for r in first.values())  # a commissioner too
    herts = first[BROKEN]
    assert herts["article_like"] == herts["notices"] == 12
    assert (herts["title_coverage"], herts["date_coverage"], herts["body_coverage"]) == (100, 100, 100)
    assert herts["last_success"] == herts["finished"] and herts["consecutive_failures"] == 0
    assert all(r["pages"] > r["article_like"] >= 5 for r in first.values())


def test_a_layout_change_degrades_that_force_only_with_its_evidence_and_exit_1(layout_change):
    db, first, crawled = layout_change
    assert crawled.returncode == 1, crawled.stderr
    assert "DEGRADED: layout changed? date 100% -> 0% of 12 article-like pages" in crawled.stdout
    runs = {
        r["force"]: r
        for r in rows(
            db,
            "SELECT force, status, status_reason FROM crawl_runs WHERE id IN"
            " (SELECT max(id) FROM crawl_runs GROUP BY force)",
        )
    }
    assert runs[BROKEN]["status"] == "degraded"
    assert all(r["status"] == "ok" for f, r in runs.items() if f != BROKEN)
    latest = {r["force"]: r for r in latest_health(open_db(db, write=False))}
    herts = latest[BROKEN]
    assert json.loads(herts["evidence"]) == [{"field": "date", "before": 100, "after": 0}]
    assert (herts["article_like"], herts["undated"]) == (12, 12)
    assert (herts["title_coverage"], herts["date_coverage"], herts["body_coverage"]) == (100, 0, 100)
    # a degraded run still read the force's notices: a success, not a failure in a row
    assert herts["last_success"] == herts["finished"] > first[BROKEN]["finished"]
    assert herts["consecutive_failures"] == 0
    assert all(r["evidence"] is None and r["article_like"] == 0 for f, r in latest.items() if f != BROKEN)


def test_health_prints_the_table_and_strict_exits_1_for_a_degraded_force(layout_change):
    db, _, _ = layout_change
    shown = cli("health", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    lines = {line.split()[0]: line for line in shown.stdout.splitlines()[2:]}
    assert set(lines) == {f.slug for f in FORCES}  # every site crawled, its commissioner's too
    assert "DEGRADED: layout changed? date 100% -> 0%" in lines[BROKEN]
    assert all(line.endswith("  ok") for f, line in lines.items() if f != BROKEN)
    strict = cli("health", "--db", str(db), "--strict")
    assert strict.returncode == 1 and strict.stdout == shown.stdout


def test_alerts_announce_the_degraded_force(layout_change):
    db, _, _ = layout_change
    config = Config((Rule("force_problem", "force_problem"),), (Channel("hook", "webhook", {"url": "x"}),))
    alerts = due_alerts(open_db(db), config, datetime.now(UTC))
    assert [(a.subject, a.data["state"]) for a in alerts] == [(BROKEN, "degraded")]
    assert "date 100% -> 0%" in alerts[0].text


def test_the_coverage_page_and_dashboard_show_each_forces_health(layout_change):
    """A real Datasette on the archive: the force_coverage canned query and the dashboard's health chart."""
    from datasette.app import Datasette

    from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

    db, _, _ = layout_change
    meta = metadata_for("archive", public=False)
    ds = Datasette(
        files=[str(db)], metadata=meta, settings=SETTINGS, plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR)
    )

    def get(path, **params):
        r = asyncio.run(ds.client.get(path, params=params))
        assert r.status_code == 200, (path, r.text[:300])
        return r.json()

    coverage = {r["force"]: r for r in get("/archive/force_coverage.json", _shape="array")}
    herts = coverage[BROKEN]
    assert (herts["health"], herts["last_run_status"]) == ("degraded", "degraded")
    assert (herts["last_run_article_like"], herts["last_run_date_coverage"], herts["last_run_title_coverage"]) == (
        12,
        0,
        100,
    )
    assert json.loads(herts["layout_evidence"]) == [{"field": "date", "before": 100, "after": 0}]
    assert all(r["health"] == "ok" and r["layout_evidence"] is None for f, r in coverage.items() if f != BROKEN)
    chart = meta["plugins"]["datasette-dashboards"]["police-notices"]["charts"]["force-health"]
    assert ["force-health", "force-health"] in meta["plugins"]["datasette-dashboards"]["police-notices"]["layout"]
    shown = get("/archive.json", sql=chart["query"], _shape="array")
    assert [(r["force"], r["health"]) for r in shown][:2] == [(BROKEN, "degraded"), ("avon-and-somerset", "ok")]
    assert asyncio.run(ds.client.get("/-/dashboards/police-notices")).status_code == 200


def test_a_force_without_a_success_for_seven_days_shows_stale(layout_change, tmp_path):
    db, _, _ = layout_change
    old = tmp_path / "old.db"
    with sqlite3.connect(db) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
        week = (datetime.now(UTC) - timedelta(days=8)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        dst.execute("UPDATE force_health SET last_success = ?, finished = ? WHERE force = 'gwent'", [week, week])
    shown = cli("health", "--db", str(old), "--strict")
    assert shown.returncode == 1
    gwent = next(line for line in shown.stdout.splitlines() if line.startswith("gwent "))
    assert f"STALE: no successful run since {week[:10]} (latest: ok)" in gwent
    meta = json.loads((ROOT / "archive" / "datasette_metadata.json").read_text(encoding="utf-8"))
    with sqlite3.connect(old) as conn:
        conn.row_factory = sqlite3.Row
        health = {
            r["force"]: r["health"]
            for r in conn.execute(meta["databases"]["archive"]["queries"]["force_coverage"]["sql"])
        }
    assert health["gwent"] == "stale" and health["cheshire"] == "ok"


def test_health_strict_exits_0_when_every_force_is_ok(tmp_path):
    db = tmp_path / "archive.db"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(
            crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}),
            db=str(db),
            forces_file=str(forces),
            force="gwent,hertfordshire",
        )
    done = cli("health", "--db", str(db), "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    shown = {line.split()[0]: line.split()[-1] for line in done.stdout.splitlines()[2:]}
    assert shown == {"gwent": "ok", "hertfordshire": "ok"}


class Refusing(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(403)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_force_answering_403_everywhere_is_blocked(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    forces = tmp_path / "forces.toml"
    forces.write_text(
        f'[[force]]\nslug = "kent"\nname = "Kent Police"\ndomains = ["kent.police.uk"]\n'
        f'start_urls = ["{url}/news/", "{url}/news/appeals/"]\nfeeds = ["{url}/news/rss.xml"]\n'
    )
    db = tmp_path / "archive.db"
    try:
        crawled = cli("crawl", "--db", str(db), "--forces-file", str(forces), "--delay", "0", "--log-level", "ERROR")
    finally:
        server.shutdown()
        server.server_close()
    assert crawled.returncode == 1
    (kent,) = rows(db, "SELECT * FROM force_health")
    assert (kent["state"], kent["blocked"], kent["http_errors"]) == ("blocked", 3, 0)
    assert kent["last_success"] is None and kent["consecutive_failures"] == 1
    strict = cli("health", "--db", str(db), "--strict")
    assert strict.returncode == 1 and "BLOCKED: every start URL was refused (HTTP 403)" in strict.stdout


# --- the rules, as pure functions -------------------------------------------------------------------


def cov(title=100, date=100, body=100):
    return {"title": title, "date": date, "body": body}


def test_the_baseline_is_the_median_of_the_last_five_runs_that_met_ten_pages():
    history = [
        (12, cov(date=90)),
        (3, cov(date=0)),
        (10, cov(date=80)),
        (15, cov(date=100)),
        (9, cov(date=0)),
        (11, cov(date=70)),
        (20, cov(date=60)),
        (30, cov(date=0)),
    ]
    # runs of 3 and 9 pages say nothing; of the others, the newest five: 90, 80, 100, 70, 60
    assert health.baseline(history) == cov(date=80)
    assert health.baseline([(9, cov())]) is None and health.baseline([]) is None


def test_a_drop_of_more_than_20_points_in_a_run_of_10_pages_degrades():
    base = cov(date=80)
    assert health.layout_drops(base, 10, cov(date=60)) == []  # 20 points: not more than 20
    assert health.layout_drops(base, 10, cov(date=59.9)) == [("date", 80, 59.9)]
    assert health.layout_drops(base, 9, cov(date=0)) == []  # a small run is judged only for failed
    assert health.layout_drops(None, 50, cov(date=0)) == []  # no baseline yet
    assert health.layout_drops(cov(date=0), 12, cov(date=0)) == []  # a force that never shows a date
    assert health.layout_drops(base, 12, cov(title=0, date=0)) == [("title", 100, 0), ("date", 80, 0)]
    status = health.judge(RunStatus("ok"), [("date", 80, 0)], 12)
    assert status.state == "degraded" and "date 80% -> 0% of 12" in status.reason
    assert health.judge(RunStatus("failed", "x"), [("date", 80, 0)], 12) == ("failed", "x")


def test_coverage_counts_each_field_over_the_article_like_pages():
    stats = Counter(article_like=4)
    for record in (
        {"title": "a", "published": "2021-01-01", "body": "x"},
        {"title": "b", "body": " "},
        {"title": "c", "published": None, "body": "y"},
    ):
        health.count_fields(stats, record)
    assert health.coverage(stats) == {"title": 75, "date": 25, "body": 50}
    assert health.coverage(Counter()) is None


def test_a_force_without_a_success_for_seven_days_is_stale():
    now = datetime(2021, 3, 10, tzinfo=UTC)
    row = {
        "state": "failed",
        "reason": "no start URL could be fetched",
        "last_success": "2021-03-02T06:00:00Z",
        "first_run": "2021-02-01T06:00:00Z",
    }
    assert standing(row, now) == (
        "stale",
        ("no successful run since 2021-03-02 (latest: failed: no start URL could be fetched)"),
    )
    assert standing(row, now - timedelta(days=2)) == ("failed", "no start URL could be fetched")
    never = dict(row, last_success=None, first_run="2021-03-01T06:00:00.123456Z")
    assert standing(never, now)[0] == "stale"
    assert standing({"state": None}, now) == (None, "never crawled")
    stopped = {"state": None, "first_run": "2021-03-01T06:00:00.123456Z"}
    assert standing(stopped, now)[0] == "stale" and standing(stopped, now - timedelta(days=5))[0] is None


def test_a_force_whose_runs_were_all_stopped_before_their_end_is_stale_after_seven_days(tmp_path):
    """Each crawl killed midway (a systemd or CI timeout) leaves no health row: the force looked never
    crawled, and `health --strict` said 0, for ever."""
    from archive.crawlstate import start_run

    db = tmp_path / "archive.db"
    archive = open_db(db)
    for force, days in (("gwent", 8), ("durham", 1)):
        started = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        start_run(archive, started, force, started)
    archive.conn.close()
    shown = cli("health", "--db", str(db), "--strict")
    assert shown.returncode == 1, shown.stdout + shown.stderr
    line = {row.split()[0]: row for row in shown.stdout.splitlines()[2:]}
    assert "STALE: no run finished since the first started" in line["gwent"]
    assert "-: no run finished yet (the first started " in line["durham"] and "STALE" not in line["durham"]
    meta = json.loads((ROOT / "archive" / "datasette_metadata.json").read_text(encoding="utf-8"))
    coverage = rows(db, meta["databases"]["archive"]["queries"]["force_coverage"]["sql"])
    assert {r["force"]: r["health"] for r in coverage} == {"gwent": "stale", "durham": None}  # the coverage page


def test_health_of_no_archive_is_a_clear_error_exit_3(tmp_path):
    missing = cli("health", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode == 3 and "no such archive" in missing.stderr and not (tmp_path / "nope.db").exists()
    (tmp_path / "text.db").write_text("not sqlite")
    bad = cli("health", "--db", str(tmp_path / "text.db"), "--strict")
    assert bad.returncode == 3 and "text.db" in bad.stderr
