"""One bad record never aborts a batch: each record is checked on its own, a bad one is listed and skipped
(exit 1), and every good record around it is stored."""

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from archive.records import make_record
from crawler.cli import cli

BASE = "https://www.gwent.police.uk/news/gwent/news/"
SURVEY = "https://www.smartsurvey.co.uk/s/gwent-anpr/"


def record(i, **fields):
    return make_record(f"{BASE}n{i}/", force="gwent", title=f"Notice {i}", body=f"Body of notice {i}.", **fields)


BAD = {
    "survey link text an object": json.dumps(record(0, survey_links=[{"url": SURVEY, "text": {"a": 1}}])),
    "headers a string": json.dumps(dict(record(0), headers="x")),
    "title a number": json.dumps(record(0)).replace('"title": "Notice 0"', '"title": 1e30'),
    "a number too large for SQLite": json.dumps(record(0)).replace(
        '"published_raw": null', '"published_raw": ' + "9" * 30
    ),
    "published not a date": json.dumps(record(0, published="yesterday")),
    # ISO 8601 forms Python reads but the archive's date arithmetic and string order cannot: grouping
    # consultations raised on a week date, and a basic-form closing date was never "closing soon"
    "published a week date": json.dumps(record(0, published="2021-W07T13:35")),
    "closes in the basic form": json.dumps(record(0, closes="20210307", is_consultation=1)),
    "a lone surrogate": json.dumps(record(0)).replace('"Body of notice 0."', '"Body \\ud800"'),
    "topics of objects": json.dumps(record(0, topics=[{"x": 1}])),
    "etag a list": json.dumps(dict(record(0), etag=["a"])),
    "nested too deeply": "[" * 100_000 + "]" * 100_000,
}
REASONS = {
    "survey link text an object": "survey_links text must be a string",
    "headers a string": "field 'headers' must be an object or null, not a string",
    "title a number": "field 'title' must be a string or null, not a number",
    "a number too large for SQLite": "field 'published_raw'",
    "published not a date": "field 'published' must be an ISO 8601 date or date-time, not 'yesterday'",
    "published a week date": "field 'published' must be an ISO 8601 date or date-time, not '2021-W07T13:35'",
    "closes in the basic form": "field 'closes' must be an ISO 8601 date or date-time, not '20210307'",
    "a lone surrogate": "not Unicode",
    "topics of objects": "each of topics must be a string",
    "etag a list": "field 'etag' must be a string or null",
    "nested too deeply": "nested too deeply",
}


def stored_urls(db):
    with sqlite3.connect(db) as conn:
        return {u for (u,) in conn.execute("SELECT url FROM notices")}


@pytest.mark.parametrize("bad", sorted(BAD))
def test_a_bad_record_is_listed_and_skipped_and_the_rest_stored(tmp_path, bad):
    lines = [json.dumps(record(i)) for i in range(1, 8)]
    lines.insert(4, BAD[bad])  # line 5
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["store", str(path), "--db", str(tmp_path / "a.db")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1, result.output
    assert "line 5: " in result.stderr and REASONS[bad] in result.stderr, result.stderr
    assert stored_urls(tmp_path / "a.db") == {f"{BASE}n{i}/" for i in range(1, 8)}


def test_a_bad_record_at_line_1500_of_2500_loses_none_of_the_others(tmp_path):
    """The issue's case, through the real command line: 2,499 stored, the bad line named, exit 1."""
    path = tmp_path / "r.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(1, 2501):
            f.write((BAD["survey link text an object"] if i == 1500 else json.dumps(record(i))) + "\n")
    db = tmp_path / "a.db"
    run = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import main; main()", "store", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "skipped: line 1500: survey_links text must be a string, not an object" in run.stderr
    assert run.stdout.startswith("inserted 2499,")
    assert len(stored_urls(db)) == 2499


def test_good_records_in_the_shapes_extraction_writes_are_stored(tmp_path):
    """The checks refuse nothing extraction writes: dates with offsets, Z, dates alone; booleans as 0/1."""
    items = [
        record(1, published="2021-02-15T13:35:00+00:00", published_utc="2021-02-15T13:35:00Z"),
        record(2, published="2021-02-15", closes="2021-03-01T23:59:00+00:00", is_consultation=1),
        dict(record(3), headers={"ETag": '"abc"', "Content-Type": ["text/html"]}, status=200),
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    result = CliRunner().invoke(cli, ["store", str(path), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 0, result.output
    assert len(stored_urls(tmp_path / "a.db")) == 3
