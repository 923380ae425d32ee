"""`police-notices demo --smoke`: sample site -> real crawl -> SQLite archive -> Datasette answering a search."""

import socket
import sqlite3
import subprocess
import sys
import time

from crawler.sample_site import SampleSite
from crawler.sample_site.content import FORCES

NOTICES = len(SampleSite().expected_notices())  # what the demo's crawl of the sample site (day 1) stores


def test_demo_smoke_end_to_end(tmp_path):
    db = tmp_path / "demo.db"
    run = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert (
        "smoke test passed (Datasette on free port" in run.stdout
        and "Have your say on the use of ANPR in Gwent" in run.stdout
    )
    rows = sqlite3.connect(db).execute("select publisher, count(*) from notices group by publisher").fetchall()
    assert len(rows) == len(FORCES) and sum(n for _, n in rows) == NOTICES
    # on the demo's 2021 clock some consultations are still open (today every one would read closed)
    assert "as of 2021-03-04" in run.stdout
    statuses = {s for (s,) in sqlite3.connect(db).execute("select status from consultation_campaigns")}
    assert {"open", "closing soon"} & statuses, statuses
    again = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert sqlite3.connect(db).execute("select count(*) from notice_versions").fetchone()[0] == NOTICES  # nothing new


def test_demo_on_a_busy_port_fails_before_crawling_and_names_port(tmp_path):
    db = tmp_path / "demo.db"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "demo", "--db", str(db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1
    assert f"port {port}" in run.stderr and f"--port {port + 1}" in run.stderr and f"PORT={port + 1}" in run.stderr
    assert "crawling" not in run.stdout and not db.exists()  # nothing crawled
    assert time.monotonic() - start < 15


def test_sigterm_stops_datasette_and_removes_the_temporary_folder(tmp_path):
    """`kill -TERM` (systemd, a CI runner) stops the demo as Ctrl-C does: its port is free again and its
    temporary folder gone."""
    import os
    import signal

    from crawler.demo import free_port

    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "demo", "--db", str(tmp_path / "demo.db"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for line in proc.stdout:
            if "The archive is served at" in line:
                break
        else:
            raise AssertionError(f"the demo never served: {proc.stderr.read()}")
        assert list(tmp_path.glob("police-notices-demo-*"))  # its folder while it runs
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # Datasette answers
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not list(tmp_path.glob("police-notices-demo-*"))
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nobody listens any more


def test_the_demo_holds_the_run_lock_while_it_crawls(tmp_path):
    """The demo's crawl writes demo.db as `crawl` does: not while another run holds its lock (it says whose)."""
    from archive.runlock import run_lock

    db = tmp_path / "demo.db"
    with run_lock(db, "crawl"):
        run = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1 and "another run is writing this archive" in run.stderr, run.stderr
    assert "crawling" not in run.stdout


def test_sigterm_during_the_crawl_stops_the_demo_and_its_lock_file_goes(tmp_path):
    import os
    import signal

    from archive.runlock import holder, lock_path

    db = tmp_path / "demo.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while holder(db).get("pid") != proc.pid:  # it crawls, holding the lock
            assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "smoke test passed" not in out and proc.returncode != -signal.SIGTERM, err
    assert not lock_path(db).exists()
