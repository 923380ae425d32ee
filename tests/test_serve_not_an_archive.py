"""`serve` and `publish` on a file that is no archive: a clear error and exit 3, never Datasette's traceback."""

import sqlite3
import subprocess
import sys

import pytest


def run(args):
    port = ["--port", "0"] if args[0] == "serve" else []
    return subprocess.run(
        [sys.executable, "-c", "from crawler.cli import cli; cli()", *args, *port],
        capture_output=True,
        text=True,
        timeout=60,
    )


def not_archives(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n" * 100)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table t (x)")
    conn.commit()
    conn.close()
    return {
        "text": (text, "not an SQLite archive"),
        "other": (other, "not a police-notices archive (no notices table)"),
    }


@pytest.mark.parametrize("args", [["serve"], ["serve", "--public"], ["publish", "--out", "OUT"]])
def test_a_file_that_is_no_archive_is_refused_clearly(tmp_path, args):
    for kind, (path, message) in not_archives(tmp_path).items():
        argv = [str(tmp_path / "out") if a == "OUT" else a for a in args]
        r = run(argv + ["--db", str(path)])
        assert r.returncode == 3, (kind, r.returncode, r.stderr[-2000:])
        assert f"error: {path}: {message}" in r.stderr, (kind, r.stderr[-2000:])
        assert "Traceback" not in r.stderr + r.stdout, kind
