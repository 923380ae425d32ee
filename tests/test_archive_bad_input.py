"""Bad input: broken lines, a locked, read-only, non-SQLite or full archive. Clear errors, nothing lost."""

import json
import os
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

import archive.db
from archive.db import open_db
from archive.records import make_record
from archive.store import save_records
from crawler.cli import cli

BASE = "https://www.gwent.police.uk/news/gwent/news/"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def records(n, start=0, size=200):
    return [
        make_record(f"{BASE}n{i}/", force="gwent", title=f"Notice {i}", body=f"Body {i}. " + "word " * size)
        for i in range(start, start + n)
    ]


def write_jsonl(path, items):
    path.write_text("".join((i if isinstance(i, str) else json.dumps(i)) + "\n" for i in items))
    return path


def snapshot(path):
    db = sqlite3.connect(path)
    try:
        return (
            db.execute("SELECT id, title, body, version, last_seen FROM notices ORDER BY id").fetchall(),
            db.execute("SELECT * FROM notice_versions ORDER BY id").fetchall(),
        )
    finally:
        db.close()


def healthy(path):
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        db.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        db.close()
    return True


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "a.db"
    db = open_db(path)
    save_records(db, records(20), now="2021-01-01T00:00:00Z")
    db.close()
    return path


def test_store_lists_bad_lines_and_keeps_the_good(tmp_path):
    lines = write_jsonl(
        tmp_path / "r.jsonl",
        [
            records(1)[0],
            "{not json",
            {"path": "p/2.html", "error": "ExtractionError: binary data"},
            {"title": "no url here"},
            [1, 2],
            "",
            records(1, start=1)[0],
        ],
    )
    result = run("store", lines, "--db", tmp_path / "a.db")
    assert result.exit_code == 1
    assert result.stdout == "inserted 2, updated 0, reextracted 0, unchanged 0, removed 0, skipped 2, errors 2\n"
    assert "error: line 2: not JSON" in result.stderr and "line 2: line 2" not in result.stderr
    assert "error: line 3: p/2.html: ExtractionError: binary data" in result.stderr
    assert "skipped: line 4: record has no valid url" in result.stderr
    assert "skipped: line 5: a record must be a JSON object" in result.stderr
    assert len(snapshot(tmp_path / "a.db")[0]) == 2


def test_locked_archive(stored, monkeypatch, tmp_path):
    monkeypatch.setattr(archive.db, "BUSY_TIMEOUT", 0.2)
    before = snapshot(stored)
    other = sqlite3.connect(stored, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        result = run("store", write_jsonl(tmp_path / "r.jsonl", records(5, start=100)), "--db", stored)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 3
    assert "the archive is locked by another writer" in result.stderr
    assert snapshot(stored) == before and healthy(stored)
    # once the other writer is gone, the same command works
    assert run("store", tmp_path / "r.jsonl", "--db", stored).exit_code == 0


def test_read_only_archive(stored, tmp_path):
    before = snapshot(stored)
    os.chmod(stored, 0o444)
    try:
        result = run("store", write_jsonl(tmp_path / "r.jsonl", records(2, start=100)), "--db", stored)
        assert result.exit_code == 3 and "read-only" in result.stderr
        assert run("hide", f"{BASE}n1/", "--db", stored, "--reason", "x").exit_code == 3
        # a read-only evidence copy can still be exported
        out = tmp_path / "x.jsonl"
        assert run("export", "--db", stored, "--format", "jsonl", "--out", out).exit_code == 0
        assert len(out.read_text().splitlines()) == 20
    finally:
        os.chmod(stored, 0o644)
    assert snapshot(stored) == before and healthy(stored)


@pytest.mark.parametrize("content", [b"", b"this is not a database at all\n" * 100, os.urandom(8192)])
def test_not_an_sqlite_file(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    result = run("store", write_jsonl(tmp_path / "r.jsonl", records(1)), "--db", path)
    if content == b"":  # an empty file is an empty SQLite database: it becomes an archive
        assert result.exit_code == 0
        return
    assert result.exit_code == 3 and "not an SQLite archive" in result.stderr
    assert path.read_bytes() == content  # untouched
    assert run("export", "--db", path, "--format", "csv", "--out", tmp_path / "x.csv").exit_code == 3


def test_a_folder_is_not_an_archive(tmp_path):
    result = run("store", write_jsonl(tmp_path / "r.jsonl", records(1)), "--db", tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_export_of_a_missing_archive(tmp_path):
    result = run("export", "--db", tmp_path / "none.db", "--format", "csv", "--out", tmp_path / "x.csv")
    assert result.exit_code == 3 and "no such archive" in result.stderr


def test_full_database_rolls_back_the_batch_only(stored):
    db = open_db(stored)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 30}")  # a full disk, simulated
    with pytest.raises(sqlite3.OperationalError, match="full") as e:
        save_records(db, records(400, start=100, size=300), batch_size=50)
    committed = e.value.report.counts["inserted"]
    assert committed % 50 == 0  # whole batches only
    db.close()
    notices, versions = snapshot(stored)
    assert len(notices) == 20 + committed and len(versions) == 20 + committed
    assert healthy(stored)


def test_full_disk_on_a_tiny_tmpfs(tmp_path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        path = mnt / "a.db"
        first = write_jsonl(tmp_path / "first.jsonl", records(10))
        assert run("store", first, "--db", path).exit_code == 0
        before = snapshot(path)
        result = run("store", write_jsonl(tmp_path / "big.jsonl", records(3000, start=100, size=100)), "--db", path)
        assert result.exit_code == 3
        assert "full" in result.stderr and "stored before the failure" in result.stderr
        notices, _ = snapshot(path)
        assert set(before[0]) <= set(notices) and len(notices) < 3010
        assert healthy(path)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_store_takes_the_pretty_printed_output_of_extract(tmp_path):
    """`extract PAGE --url URL > page.json` writes one indented JSON object: store reads it as one record."""
    page = tmp_path / "page.json"
    page.write_text(json.dumps(records(1)[0], ensure_ascii=False, indent=2) + "\n")
    result = run("store", page, "--db", tmp_path / "a.db")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("inserted 1, ")
    # and from stdin, like a pipe from extract
    result = CliRunner().invoke(cli, ["store", "-", "--db", str(tmp_path / "a.db")], input=page.read_text())
    assert result.exit_code == 0 and result.stdout.startswith("inserted 0, updated 0, reextracted 0, unchanged 1")
    # a broken pretty-printed object is still reported line by line
    page.write_text('{\n  "url": "https://www.gwent.police.uk/news/x/",\n  "title": \n}\n')
    result = run("store", page, "--db", tmp_path / "a.db")
    assert result.exit_code == 1 and result.stderr.startswith("error: line 4: not JSON")
    assert len(result.stderr.splitlines()) == 1
