"""A fixed subsample of the real corpus through the archive: idempotent store, Markdown round trip.

Skips when ../shared/corpus is absent.
"""

import gzip
import json
import random

import pytest
from shared_data import CORPUS, require

from archive.db import open_db
from archive.export import export
from archive.importer import iter_archive_records, record_from_archive
from archive.store import save_records

N, SEED = 400, 2021
require(CORPUS, "the shared corpus")


@pytest.fixture(scope="module")
def records():
    from crawler.extraction import load_rules
    from crawler.registry import load_registry

    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    sample = [json.loads(line) for line in random.Random(SEED).sample(lines, N)]
    registry, rules = load_registry(), load_rules()
    return [
        record_from_archive(e["meta"], e["body"], raw=e["file"].encode(), registry=registry, rules=rules)
        for e in sample
    ]


def health(db):
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('integrity-check', 1)")


def test_storing_the_subsample_twice_adds_no_version(tmp_path, records):
    db = open_db(tmp_path / "a.db")
    first = save_records(db, [dict(r) for r in records], batch_size=64)
    urls = {r["url"] for r in records}
    assert first.counts["inserted"] == len(urls) and not first.skipped
    versions = db.execute("SELECT count(*) FROM notice_versions").fetchone()
    second = save_records(db, [dict(r) for r in records], batch_size=64)
    assert dict(second.counts) == {"unchanged": len(records)}
    assert db.execute("SELECT count(*) FROM notice_versions").fetchone() == versions
    assert db.execute("SELECT count(*) FROM extractions").fetchone() == (0,)
    health(db)


def test_markdown_export_imports_back_to_the_same_content(tmp_path, records):
    db = open_db(tmp_path / "a.db")
    save_records(db, [dict(r) for r in records])
    export(db, "markdown", tmp_path / "md")
    before = dict(db.execute("SELECT url, content_sha256 FROM notices").fetchall())
    again = open_db(tmp_path / "b.db")
    from crawler.extraction import load_rules
    from crawler.registry import load_registry

    report = save_records(again, iter_archive_records(tmp_path / "md", registry=load_registry(), rules=load_rules()))
    assert report.counts["inserted"] == len(before) and not report.errors
    after = dict(again.execute("SELECT url, content_sha256 FROM notices").fetchall())
    assert after == before
    cols = "url, force, title, page_title, published, published_raw, area, og, topics, is_consultation, survey_links"
    assert sorted(again.execute(f"SELECT {cols} FROM notices").fetchall()) == sorted(
        db.execute(f"SELECT {cols} FROM notices").fetchall()
    )
    health(again)
