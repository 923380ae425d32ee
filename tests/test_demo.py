"""`police-notices demo --smoke`: sample site -> real crawl -> SQLite archive -> Datasette answering a search."""
import socket
import sqlite3
import subprocess
import sys
import time


def test_demo_smoke_end_to_end(tmp_path):
    db = tmp_path / "demo.db"
    run = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "smoke test passed (Datasette on free port" in run.stdout and "Have your say on the use of ANPR in Gwent" in run.stdout
    rows = sqlite3.connect(db).execute("select force, count(*) from notices group by force").fetchall()
    assert len(rows) == 7 and sum(n for _, n in rows) == 42
    again = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert sqlite3.connect(db).execute("select count(*) from notice_versions").fetchone()[0] == 42  # nothing new


def test_demo_on_a_busy_port_fails_before_crawling_and_names_port(tmp_path):
    db = tmp_path / "demo.db"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--db", str(db), "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"port {port}" in run.stderr and f"--port {port + 1}" in run.stderr and f"PORT={port + 1}" in run.stderr
    assert "crawling" not in run.stdout and not db.exists()  # nothing crawled
    assert time.monotonic() - start < 15
