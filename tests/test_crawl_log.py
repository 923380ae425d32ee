"""Unattended crawls: --log-file gets the log and one summary line a run, --quiet prints no table."""

import re

from click.testing import CliRunner

from crawler.crawl import FAILED, OK, RunStatus, summary_line
from crawler.crawl_cli import crawl_command
from crawler.sample_site import SampleSite


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


LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \[police_notices\] crawl: 7 forces: (.*)$")


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
    assert (first.exit_code, second.exit_code) == (1, 0)  # (unread pages wait for a new extractor)
    assert first.output == "" and second.output == ""  # no table: cron mails nothing on a quiet run
    lines = [m.group(1) for m in map(LINE.match, log.read_text().splitlines()) if m]
    assert lines[0] == (
        "6 ok, 1 failed; failed: durham; notices: 43 new, 0 updated, 0 removed; 5 errors; "
        + lines[0].rsplit("; ", 1)[1]
    )
    assert len(lines) == 2 and lines[1].startswith("7 ok, 0 failed; notices: 0 new, 0 updated, 0 removed")
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
