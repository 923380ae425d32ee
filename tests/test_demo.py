"""`police-notices demo --smoke`: sample site -> real crawl -> SQLite archive -> Datasette answering a search."""
import sqlite3
import subprocess
import sys


def test_demo_smoke_end_to_end(tmp_path):
    db = tmp_path / "demo.db"
    run = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "smoke test passed" in run.stdout and "Have your say on the use of ANPR in Gwent" in run.stdout
    rows = sqlite3.connect(db).execute("select force, count(*) from notices group by force").fetchall()
    assert len(rows) == 6 and sum(n for _, n in rows) == 30
    again = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--smoke", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert sqlite3.connect(db).execute("select count(*) from notice_versions").fetchone()[0] == 30  # nothing new
