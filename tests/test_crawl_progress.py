"""An interactive crawl shows live progress per force on its terminal (stderr); without a terminal, or with
--quiet, only its log lines and summary line. The terminal is a real pseudo-terminal (pty)."""

import os
import pty
import re
import subprocess
import sys

import pytest

from crawler.sample_site import SampleSite

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def crawl(tmp_path, site, *extra, tty):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    args = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "--db",
        str(tmp_path / "a.db"),
        "--forces-file",
        str(forces),
        "--delay",
        "0.05",
        "--force",
        "gwent",
        "--force",
        "durham",
        *extra,
    ]
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    if not tty:
        run = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
        return run.returncode, run.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(60), ANSI.sub("", out.decode("utf-8", "replace"))


def test_a_crawl_on_a_terminal_shows_each_forces_progress(tmp_path):
    with SampleSite(port=0) as site:
        code, shown = crawl(tmp_path, site, tty=True)
    assert code == 0, shown
    for force in ("gwent", "durham"):
        lines = [line for line in shown.splitlines() if line.strip().startswith(force)]
        assert lines, shown
        last = re.search(r"(\d+) pages\s+(\d+) notices\s+(\d+) errors\s+([\d.]+) pages/s", lines[-1])
        assert last and int(last.group(1)) > 0 and int(last.group(2)) > 0 and last.group(3) == "0", lines[-1]


@pytest.mark.parametrize("extra, tty", [((), False), (("--quiet",), True)])
def test_no_progress_without_a_terminal_or_when_quiet(tmp_path, extra, tty):
    with SampleSite(port=0) as site:
        code, shown = crawl(tmp_path, site, *extra, tty=tty)
    assert code == 0, shown
    assert "pages/s" not in shown
    assert "[police_notices] crawl: 2 forces: 2 ok" in shown  # the summary line still says how it went
