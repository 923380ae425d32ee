"""Concurrent writers: a crawl, `store` and `reclassify` on one archive wait for each other's write lock (up to
the busy timeout) and lose nothing; a write that still cannot be made is a reported failure, exit 3.

Driven through the command line in subprocesses (sign-off learning may move out of the spider).
"""

import sqlite3
import subprocess
import sys
import time

import pytest

from archive.db import BUSY_TIMEOUT
from benchmarks.crash_trials import ROOT, WRITER_FORCE, cli, concurrent_writer, crawl_args, run_env, writer_records
from crawler.sample_site import SampleSite

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""

# commits a small write every 0.15 s for a while: a reader that then writes meets a newer snapshot
BUSY_WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
print("writing", flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE notices SET last_seen = ? WHERE rowid = 1", [str(time.time())])
    time.sleep(0.1)
    conn.execute("COMMIT")
    time.sleep(0.05)
"""


def run(*args, timeout=120):
    return subprocess.run(cli(*args), cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=timeout)


def python(script, *args):
    """A helper process; returns once it says it has started."""
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()
    return proc


@pytest.fixture
def site():
    with SampleSite(port=0, state="day1", faults=False) as s:
        yield s


def sample_state(db):
    with sqlite3.connect(db) as conn:
        urls = {u for (u,) in conn.execute("SELECT url FROM notices WHERE force != ?", [WRITER_FORCE])}
        flagged = {
            u for (u,) in conn.execute("SELECT url FROM notices WHERE is_consultation AND force != ?", [WRITER_FORCE])
        }
        standing = conn.execute("SELECT count(*) FROM standing_phrases WHERE force = 'hertfordshire'").fetchone()[0]
    return urls, flagged, standing


def test_a_crawl_beside_store_loses_nothing(site, tmp_path):
    db = tmp_path / "a.db"
    forces = site.write_forces_file(tmp_path / "forces.toml")
    records = writer_records(tmp_path / "writer.jsonl", 6000)
    assert run("store", records, "--db", db).returncode == 0  # the archive exists, with its other force
    with concurrent_writer(db, records) as store_exits:
        time.sleep(0.8)  # the first store is writing
        crawled = run(*crawl_args(db, forces, 0))
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr
    assert "locked" not in crawled.stderr
    assert store_exits and set(store_exits) == {0}
    expected = site.expected_notices()
    urls, flagged, standing = sample_state(db)
    assert urls == {e["url"] for e in expected}
    assert flagged == {e["url"] for e in expected if e["consultation"]}  # sign-off stories unflagged
    assert standing > 10
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notices WHERE force = ?", [WRITER_FORCE]).fetchone() == (6000,)


def test_reclassify_waits_for_a_writer_that_commits_meanwhile(tmp_path):
    db = tmp_path / "a.db"
    records = writer_records(tmp_path / "writer.jsonl", 6000)
    assert run("store", records, "--db", db).returncode == 0
    writer = python(BUSY_WRITER, db, 20)
    try:
        started = time.monotonic()
        done = run("reclassify", "--db", db)
        took = time.monotonic() - started
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 0, f"after {took:.1f}s: {done.stderr}"
    assert done.stdout.startswith("standing sign-off phrases: ")


def test_a_crawl_on_an_archive_another_process_holds_exits_3_after_the_busy_timeout(site, tmp_path):
    db = tmp_path / "a.db"
    forces = site.write_forces_file(tmp_path / "forces.toml")
    assert run("reclassify", "--db", db).returncode == 0  # an empty archive
    holder = python(HOLD_LOCK, db, BUSY_TIMEOUT + 5)
    started = time.monotonic()
    done = run(*crawl_args(db, forces, 0))
    took = time.monotonic() - started
    holder.kill()
    holder.wait()
    assert done.returncode == 3, done.stderr
    assert took >= BUSY_TIMEOUT
    assert "Traceback" not in done.stderr
    assert f"the archive is locked by another writer (waited {BUSY_TIMEOUT:g}s)" in done.stderr


def test_a_crawl_whose_archive_is_locked_midway_reports_what_it_could_not_store_and_exits_3(site, tmp_path):
    db = tmp_path / "a.db"
    forces = site.write_forces_file(tmp_path / "forces.toml")
    assert run("reclassify", "--db", db).returncode == 0
    crawl = subprocess.Popen(
        cli(*crawl_args(db, forces, 0.2)),
        cwd=ROOT,
        env=run_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while not site.log:
        time.sleep(0.01)
    time.sleep(0.5)
    holder = python(HOLD_LOCK, db, BUSY_TIMEOUT + 2)
    out, err = crawl.communicate(timeout=120)
    holder.wait()
    assert crawl.returncode == 3, out + err
    assert "Traceback" not in err
    assert "error: " in err and "locked by another writer" in err
    failed = [line for line in out.splitlines() if "FAILED: " in line and "could not be stored" in line]
    assert failed, out
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status, status_reason FROM crawl_runs WHERE status IS NOT NULL").fetchall()
    assert runs and any(s == "failed" and "could not be stored" in r for s, r in runs)
    # nothing is lost for good: the next crawl stores what this one could not
    again = run(*crawl_args(db, forces, 0))
    assert again.returncode == 0, again.stdout + again.stderr
    urls, flagged, standing = sample_state(db)
    assert urls == {e["url"] for e in site.expected_notices()} and standing > 10


def test_a_notice_the_archive_refuses_fails_its_force_and_the_rest_is_stored(site, tmp_path):
    db = tmp_path / "a.db"
    forces = site.write_forces_file(tmp_path / "forces.toml")
    assert run("reclassify", "--db", db).returncode == 0
    with sqlite3.connect(db) as conn:  # one notice breaks a constraint (as a bug or a bad record would)
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON notices WHEN NEW.title = 'Have your say on policing priorities in Watford'"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    done = run(*crawl_args(db, forces, 0))
    assert done.returncode == 1, done.stdout + done.stderr
    herts = next(line for line in done.stdout.splitlines() if line.startswith("hertfordshire"))
    assert herts.endswith("FAILED: 1 fetched item could not be stored")
    assert "refused by the test" in done.stderr
    urls, _, _ = sample_state(db)
    assert len(urls) == len(site.expected_notices()) - 1
