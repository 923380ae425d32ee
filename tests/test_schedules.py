"""The ready-made schedules (docs/schedules/, .github/workflows/crawl.yml) name real commands and options,
and are valid for the tools that run them (systemd-analyze verify, a YAML parser, cron's five fields)."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from crawler.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SCHEDULES = ROOT / "docs" / "schedules"
WORKFLOW = ROOT / ".github" / "workflows" / "crawl.yml"


def invocations(text):
    """Each `police-notices …` command line in a shell text (up to ||, &&, ; or the line's end)."""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for m in re.finditer(r"(?:^|[\s/])police-notices ([a-z][^|&;#\n]*)", line):
            yield shlex.split(m.group(1))


def check(argv):
    """The command exists and takes every option given; the options' values parse."""
    name, *args = argv
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"no command {name!r}"
    known = {o for p in command.params for o in p.opts + p.secondary_opts}
    assert {a.split("=")[0] for a in args if a.startswith("--")} <= known, (name, args)
    command.make_context(name, list(args), resilient_parsing=False)  # raises on a bad value or argument


def workflow_runs():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data, [s["run"] for job in data["jobs"].values() for s in job["steps"] if "run" in s]


def test_the_workflow_parses_runs_on_a_schedule_and_by_hand():
    data, runs = workflow_runs()
    on = data[True]  # (YAML 1.1 reads the key `on` as true)
    assert on["schedule"][0]["cron"].count(" ") == 4 and "first_run" in on["workflow_dispatch"]["inputs"]
    assert data["concurrency"]["cancel-in-progress"] is False
    commands = [argv[0] for run in runs for argv in invocations(run)]
    assert commands == ["crawl", "public-copy"]


def test_every_command_line_in_the_schedules_is_real():
    texts = [r for r in workflow_runs()[1]] + [p.read_text(encoding="utf-8") for p in SCHEDULES.iterdir()]
    found = [argv for text in texts for argv in invocations(text)]
    assert len(found) >= 4  # the workflow's two, the cron line, the service
    for argv in found:
        check(argv)


def test_the_workflow_refuses_to_start_over_or_publish_an_empty_archive():
    _, runs = workflow_runs()
    restore = next(r for r in runs if "gh release download" in r)
    assert "exit 1" in restore and "FIRST_RUN" in restore
    assert any("count(*) from notices" in r and "exit 1" in r for r in runs)


def test_the_cron_line_has_five_valid_fields():
    [line] = [s for s in (SCHEDULES / "police-notices.cron").read_text().splitlines() if s and not s.startswith("#")]
    fields = line.split()[:5]
    ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
    for field, (lo, hi) in zip(fields, ranges):
        for part in field.split(","):
            base, _, step = part.partition("/")
            assert not step or step.isdigit()
            if base != "*":
                lo_v, _, hi_v = base.partition("-")
                assert lo <= int(lo_v) <= hi and (not hi_v or lo <= int(hi_v) <= hi)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_the_systemd_units_verify(tmp_path):
    """systemd-analyze verify, with the paths pointed at this checkout's police-notices (it checks that the
    command is executable)."""
    exe = shutil.which("police-notices") or str(Path(__import__("sys").executable).with_name("police-notices"))
    for unit in SCHEDULES.glob("*.[st]*"):
        if unit.suffix in (".service", ".timer"):
            text = unit.read_text().replace("/srv/police-notices/.venv/bin/police-notices", exe)
            (tmp_path / unit.name).write_text(text.replace("/srv/police-notices", str(tmp_path)))
    units = sorted(str(p) for p in tmp_path.iterdir())
    assert len(units) == 2
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
