"""A reader that stops reading (`police-notices export --out - | head -1`) ends the command quietly, as Unix
tools do: exit 0 and nothing on stderr, whichever command was writing to stdout. A report (a crawl's table) is
different: its run goes on to its errors and exit code, which a gone reader must not turn into a success.

Run as real processes whose stdout is a pipe the reader closes.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_db
from archive.health import save_force_health
from archive.records import make_record
from archive.store import save_crawl_run, save_forces, save_records
from crawler.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://www.kent.police.uk/news/kent/news2/"


def cli(*args):
    return [sys.executable, "-m", "crawler.cli", *map(str, args)]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    """An archive whose export is far larger than a pipe's buffer (64 KiB), so the writer meets the closed end."""
    path = tmp_path_factory.mktemp("pipe") / "a.db"
    records = [
        make_record(
            BASE + f"n{i}/",
            force="kent",
            title=f"Notice {i}",
            topics=["anpr"],
            published="2021-02-16T10:00:00+00:00",
            published_utc="2021-02-16T10:00:00Z",
            body="A paragraph of the notice. " * 20,
        )
        for i in range(600)
    ]
    save_records(open_db(path), records)
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_to_head(db_path, fmt):
    """`export --out - | head -1`: the first line arrives, then the export stops quietly."""
    proc = subprocess.Popen(
        cli("export", "--db", db_path, "--format", fmt, "--out", "-"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # as head does after its line
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, stderr
    assert stderr == b""
    assert first.startswith(b"id,url," if fmt == "csv" else b'{"id": ')


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "csv", "--out", "-"],
        ["export", "--format", "jsonl", "--out", "-"],
        ["extract", "--manifest", ROOT / "crawler/samples/manifest.jsonl"],
        ["held"],
        ["health"],
    ],
    ids=["export-csv", "export-jsonl", "extract-manifest", "held", "health"],
)
def test_reader_gone_before_the_first_line(db_path, args):
    """Every command that writes to stdout, when the reader has gone before it writes (`| head -0`)."""
    done = to_a_gone_reader(args if args[0] == "extract" else [*args, "--db", db_path])
    assert (done.returncode, done.stderr) == (0, "")


def to_a_gone_reader(args):
    """The command run with its stdout a pipe nobody reads any more."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(cli(*args), cwd=ROOT, stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)


def test_a_report_to_a_gone_reader_still_ends_with_its_errors_and_exit_code(tmp_path):
    """A command whose stdout is a report (store's summary, health's table) is not stopped by a gone reader: the
    failures it reports on stderr and its exit code (1: some failed) are what monitoring reads."""
    db = tmp_path / "a.db"
    records = tmp_path / "records.jsonl"
    records.write_text("not a record\n", encoding="utf-8")
    done = to_a_gone_reader(["store", records, "--db", db])
    assert done.returncode == 1 and "error: " in done.stderr, done.stderr
    archive = open_db(db)
    save_forces(archive, load_registry())
    run = save_crawl_run(archive, "crawl", "gwent", started="2021-03-01T00:00:00Z")
    when = "2021-03-01T00:10:00Z"
    save_force_health(archive, run, "gwent", finished=when, state="failed", reason="x", stats={}, coverage={}, drops=[])
    archive.conn.close()
    done = to_a_gone_reader(["health", "--strict", "--db", db])
    assert (done.returncode, done.stderr) == (1, "")


def test_a_crawl_whose_table_has_no_reader_still_exits_1_for_a_failed_force(tmp_path):
    with socket.socket() as s:  # a port nobody listens on: the force's site cannot be fetched
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    forces = tmp_path / "forces.toml"
    forces.write_text(
        "[[force]]\n"
        'slug = "gwent"\nname = "Gwent Police"\narea = "Gwent"\ndomains = ["gwent.police.uk"]\nplatform = "soh"\n'
        f"start_urls = [\"http://127.0.0.1:{port}/news/\"]\nallow = ['^http://127\\.0\\.0\\.1:{port}/']\n",
        encoding="utf-8",
    )
    done = to_a_gone_reader(["crawl", "--db", tmp_path / "a.db", "--forces-file", forces, "--delay", "0"])
    assert done.returncode == 1 and "failed: gwent" in done.stderr, done.stderr[-2000:]


BROKEN_ELSEWHERE = """
import click
from cli.options import QuietPipeGroup

@click.group(cls=QuietPipeGroup)
def group():
    pass

@group.command()
def send():
    click.echo("sending")
    raise BrokenPipeError(32, "Broken pipe")  # as a webhook's socket would, while stdout is read

group()
"""


def test_a_broken_pipe_that_is_not_stdout_is_a_failure():
    """Only stdout's reader going away is quiet: a broken pipe anywhere else (a socket) still fails loudly."""
    done = subprocess.run([sys.executable, "-c", BROKEN_ELSEWHERE, "send"], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout == "sending\n"
    assert done.returncode == 1 and "BrokenPipeError" in done.stderr, done.stderr
