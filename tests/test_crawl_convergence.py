"""Convergence after kill -9: what a killed crawl left undone (learning a force's standing sign-offs and
classifying its notices with them) is done by the next crawl, even when that one stores nothing new."""

import signal
import sqlite3
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.crash_trials import ROOT, cli, crawl_args, run_env
from crawler.sample_site import SampleSite


class Stall:
    """A force's site that answers nothing until released: a crawl of it cannot end before then."""

    def __enter__(self):
        release = self.release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                release.wait(60)
                self.send_error(404)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def force_toml(self):
        port = self.server.server_address[1]
        return (
            f'\n[[force]]\nslug = "stall"\nname = "Stall Police"\narea = "Stall"\ndomains = ["stall.police.uk"]\n'
            f'start_urls = ["http://127.0.0.1:{port}/news/"]\n'
        )


def hertfordshire(db):
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM notices WHERE force = 'hertfordshire'").fetchone()[0]
        flagged = sorted(
            t for (t,) in conn.execute("SELECT title FROM notices WHERE force = 'hertfordshire' AND is_consultation")
        )
        standing = conn.execute("SELECT count(*) FROM standing_phrases WHERE force = 'hertfordshire'").fetchone()[0]
    return stored, flagged, standing


def test_a_crawl_killed_before_learning_signoffs_is_finished_by_the_next_one(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, state="day1", faults=False) as site, Stall() as stall:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        forces.write_text(forces.read_text() + stall.force_toml())
        want = [e for e in site.expected_notices() if e["publisher"] == "hertfordshire"]
        crawl = subprocess.Popen(
            cli(*crawl_args(db, forces, 0), "--force", "hertfordshire", "--force", "stall"),
            cwd=ROOT,
            env=run_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # every Hertfordshire notice is stored; the crawl waits on the stalled force, then is killed
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                if hertfordshire(db)[0] == len(want):
                    break
            except sqlite3.OperationalError:  # not shaped yet
                pass
        time.sleep(0.3)
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        stored, flagged, standing = hertfordshire(db)
        assert stored == len(want) and standing == 0
        assert len(flagged) > 10  # the sign-off stories, flagged as they were read

        # a full rerun stores nothing new, yet finishes the learning and the classification
        again = subprocess.run(
            cli(*crawl_args(db, forces, 0), "--force", "hertfordshire"),
            cwd=ROOT,
            env=run_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert again.returncode == 0, again.stdout + again.stderr
    stored, flagged, standing = hertfordshire(db)
    assert flagged == sorted(e["title"] for e in want if e["consultation"])
    assert standing > 10
