"""A reader that stops reading (`police-notices export --out - | head -1`) ends the command quietly, as Unix
tools do: exit 0 and nothing on stderr, whichever command was writing to stdout.

Run as real processes whose stdout is a pipe the reader closes.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_db
from archive.records import make_record
from archive.store import save_records

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
    read, write = os.pipe()
    os.close(read)
    if args[0] != "extract":
        args = [*args, "--db", db_path]
    try:
        done = subprocess.run(cli(*args), cwd=ROOT, stdout=write, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (0, "")
