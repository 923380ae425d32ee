"""Unattended crawls: --log-file gets the log and one summary line a run, --quiet prints no table."""

import re

from click.testing import CliRunner

from crawler.crawl import FAILED, OK, RunStatus, summary_line
from crawler.crawl_cli import crawl_command
from crawler.sample_site import SampleSite
from crawler.sample_site.content import FORCES


def test_the_summary_line_counts_forces_by_state_and_names_the_failing():
    rows = [
        ("gwent", {"new": 3, "updated": 1, "removed": 0, "errors": 0}, RunStatus(OK)),
        ("durham", {"new": 0, "updated": 0, "removed": 2, "errors": 5}, RunStatus(FAILED, "5 pages fetched…")),
        ("kent", {"new": 1}, RunStatus("blocked", "every start URL was refused")),
    ]
    assert summary_line(rows, 12.34) == (
        "crawl: 3 forces: 1 ok, 1 failed, 1 blocked; failed: durham; blocked: kent; "
        "notices: 4 new, 1 updated, 2 removed; 5 errors; 12.3 s"
    )


SITES = len(FORCES)  # the sample's forces and its commissioner: each its own row
LINE = re.compile(rf"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ \[police_notices\] crawl: {SITES} forces: (.*)$")


def test_a_quiet_crawl_logs_one_summary_line_a_run_to_the_log_file(tmp_path):
    log = tmp_path / "crawl.log"
    with SampleSite(port=0, breaks={"durham": "unreadable"}) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        args = [
            "--db",
            str(tmp_path / "a.db"),
            "--forces-file",
            str(forces),
            "--delay",
            "0.01",
            "--log-file",
            str(log),
            "--quiet",
        ]
        first = CliRunner().invoke(crawl_command, args)
        second = CliRunner().invoke(crawl_command, args)
        stored = len(site.expected_notices())  # (durham's unreadable ones are not expected)
    assert (first.exit_code, second.exit_code) == (1, 0)  # (unread pages wait for a new extractor)
    assert first.output == "" and second.output == ""  # no table: cron mails nothing on a quiet run
    lines = [m.group(1) for m in map(LINE.match, log.read_text().splitlines()) if m]
    assert lines[0] == (
        f"{SITES - 1} ok, 1 failed; failed: durham; notices: {stored} new, 0 updated, 0 removed; 5 errors; "
        + lines[0].rsplit("; ", 1)[1]
    )
    assert len(lines) == 2 and lines[1].startswith(f"{SITES} ok, 0 failed; notices: 0 new, 0 updated, 0 removed")
    assert re.search(r"; \d+\.\d s$", lines[1])


def test_without_a_log_file_the_summary_line_goes_to_stderr_and_the_table_to_stdout(tmp_path):
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        result = CliRunner().invoke(
            crawl_command,
            ["--db", str(tmp_path / "a.db"), "--forces-file", str(forces), "--delay", "0.01", "--force", "gwent"],
        )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("force ")
    assert "[police_notices] crawl: 1 forces: 1 ok, 0 failed; notices: " in result.stderr


def test_a_site_that_cannot_be_reached_is_told_in_one_line_each_not_a_traceback(tmp_path):
    """Scrapy's robots.txt middleware logged a 60-line traceback (as an ERROR naming the page, not robots.txt)
    for a site that is down; the crawl already says it in one warning line and in fetch_errors."""
    import subprocess
    import sys

    from crawler.demo import free_port

    with SampleSite(port=0) as site:
        text = site.write_forces_file(tmp_path / "forces.toml").read_text()
        down = text.replace(f"127.0.0.1:{site.port}", f"127.0.0.1:{free_port()}")  # nothing listens there
    (tmp_path / "down.toml").write_text(down)
    args = ["--db", str(tmp_path / "a.db"), "--forces-file", str(tmp_path / "down.toml"), "--force", "gwent"]
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", *args, "--delay", "0.01"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "FAILED: no start URL could be fetched" in result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert "robots.txt not fetched (DownloadConnectionRefusedError" in result.stderr
    assert "[police_notices] crawl: 1 forces: 0 ok, 1 failed; failed: gwent" in result.stderr
