"""A crawl stopped midway (Ctrl-C, `kill`, `systemctl stop`, a CI timeout) still ends its log with one line
saying so, and what it stored is kept for the next run, which resumes and ends ok."""

import re
import signal
import subprocess
import sys
import time

import pytest

from archive.db import ArchiveError, open_db
from crawler.sample_site import SampleSite

CLI = [sys.executable, "-m", "crawler.cli"]
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \[police_notices\] (crawl: .*)$")


def stored(db):
    try:
        return open_db(db, write=False).execute("SELECT count(*) FROM notices").fetchone()[0]
    except ArchiveError:
        return 0


def logged(log):
    return [m.group(1) for m in map(LINE.match, log.read_text().splitlines()) if m] if log.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stopped_crawl_says_so_in_its_log_and_the_next_run_resumes(tmp_path, signum):
    db, log = tmp_path / "a.db", tmp_path / "crawl.log"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        args = [*CLI, "crawl", "--db", str(db), "--forces-file", str(forces), "--log-file", str(log), "--quiet"]
        crawl = subprocess.Popen([*args, "--delay", "0.3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while stored(db) == 0:  # midway: something stored, much still to fetch
                assert time.monotonic() < deadline and crawl.poll() is None, crawl.communicate()
                time.sleep(0.1)
            crawl.send_signal(signum)
            out, err = crawl.communicate(timeout=30)
        finally:
            if crawl.poll() is None:
                crawl.kill()
        kept = stored(db)
        assert crawl.returncode == 1, err
        assert "Aborted!" not in err and out == ""  # click's bare word told the operator nothing
        [line] = logged(log)
        assert line.startswith("crawl: interrupted (Ctrl-C or SIGTERM) after ") and "next crawl" in line, line
        assert 0 < kept < len(site.expected_notices())
        again = subprocess.run([*args, "--delay", "0.01"], capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert stored(db) == len(site.expected_notices())
    assert logged(log)[1].startswith("crawl: 8 forces: 8 ok, 0 failed;")
