"""Import from the public archive format (the seed): header values mapped onto the record."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from shared_data import SEED, require

from archive.db import open_db
from archive.importer import ImportFormatError, parse_archive_markdown
from archive.store import notice_id
from crawler.cli import cli
from crawler.record import EXTRACTOR_VERSION

SEED_URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/"


@pytest.fixture
def needs_seed():
    require(SEED, "the shared seed")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_import_the_seed(tmp_path, needs_seed):
    db_path = tmp_path / "a.db"
    result = run("import", SEED, "--db", db_path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("inserted 1, updated 0")
    db = open_db(db_path)
    row = db.execute(
        "SELECT id, url, force, area, title, page_title, published, published_utc, published_raw,"
        " published_source, provenance, is_consultation, topics, extractor_version FROM notices"
    ).fetchone()
    assert row == (
        notice_id(SEED_URL),
        SEED_URL,
        "gwent",
        "Gwent",
        "Have your say on the use of ANPR in Gwent",
        "Have your say on the use of ANPR in Gwent | Gwent Police",
        "2021-02-15T13:35:00+00:00",
        "2021-02-15T13:35:00Z",
        "13:35 15/02/2021",
        "visible line",
        "imported",
        1,
        '["anpr"]',
        f"import-{EXTRACTOR_VERSION}",
    )
    og = json.loads(db.execute("SELECT og FROM notices").fetchone()[0])
    assert og["image"].endswith("?crop=(33,0,1268,650)&w=600&h=300&scale=both")  # &amp; unescaped
    assert og["title"] == "Have your say on the use of ANPR in Gwent"
    assert db.execute("SELECT provider, url FROM survey_links").fetchall() == [
        ("snap", "https://westmidlandspolicepnn.researchfeedback.net/s.asp?k=160337245159")
    ]
    assert db.execute("SELECT count(*) FROM anpr_consultations").fetchone() == (1,)
    assert db.execute("SELECT run, force, pages, new_notices FROM crawl_runs").fetchall() == [
        (f"import {SEED}", "gwent", 1, 1)
    ]
    # importing again changes nothing
    assert run("import", SEED, "--db", db_path).output.startswith("inserted 0, updated 0, reextracted 0, unchanged 1")
    assert db.execute("SELECT count(*) FROM notice_versions").fetchone() == (1,)


def test_import_a_folder_lists_bad_files_and_goes_on(tmp_path, needs_seed):
    folder = tmp_path / "archive" / "Gwent"
    folder.mkdir(parents=True)
    shutil.copy(SEED, folder / "seed.md")
    (folder / "broken.md").write_text("no header here\n")
    (folder / "bad-yaml.md").write_text("```yaml\nurl: [unclosed\n```\nbody\n")
    (folder / "no-url.md").write_text("---\ntitle: A title\n---\nbody\n")
    (folder / "notes.txt").write_text("ignored: not Markdown")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "archive"), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1
    assert result.stdout.startswith("inserted 1, updated 0, reextracted 0, unchanged 0, removed 0, skipped 0, errors 3")
    assert "bad-yaml.md: bad YAML header" in result.stderr
    assert "broken.md: no YAML header" in result.stderr
    assert "no-url.md: the header has no valid url" in result.stderr


def test_front_matter_and_fenced_headers_parse_alike():
    fenced = parse_archive_markdown("```yaml\ntitle: T\npublish:\n  date: 10:30\n```\n\nBody\n")
    front = parse_archive_markdown("---\ntitle: T\npublish:\n  date: 10:30\n---\nBody\n")
    assert fenced == front == ({"title": "T", "publish": {"date": "10:30"}}, "Body\n")  # no sexagesimal 630
    with pytest.raises(ImportFormatError):
        parse_archive_markdown("```yaml\n- a list\n```\n")


GOLDEN = Path(__file__).parent / "golden"


def test_export_then_import_keeps_links_and_survey_links(tmp_path):
    """Markdown bodies carry links as [text](url): import reads them as extraction read the <a> elements."""
    from archive.store import save_records

    records = [json.loads(f.read_text()) for f in sorted(GOLDEN.glob("*/*.json"))]
    assert sum(len(r["survey_links"]) for r in records) >= 3
    crawled = open_db(tmp_path / "crawled.db")
    save_records(crawled, records)
    assert (
        run("export", "--db", tmp_path / "crawled.db", "--format", "markdown", "--out", tmp_path / "md").exit_code == 0
    )
    result = run("import", tmp_path / "md", "--db", tmp_path / "imported.db")
    assert result.exit_code == 0, result.output
    sql = "SELECT id, links, survey_links FROM notices ORDER BY id"
    imported = open_db(tmp_path / "imported.db")
    assert imported.execute(sql).fetchall() == crawled.execute(sql).fetchall()
    sql = "SELECT notice_id, url, host, provider, text FROM survey_links ORDER BY notice_id, url"
    assert imported.execute(sql).fetchall() == crawled.execute(sql).fetchall()


def test_import_never_overwrites_a_crawled_notice(tmp_path):
    from archive.store import save_records

    db_path = tmp_path / "a.db"
    records = [json.loads(f.read_text()) for f in sorted(GOLDEN.glob("*/*.json"))]
    db = open_db(db_path)
    save_records(db, records)
    sql = "SELECT id, body, title, extractor_version, provenance, version, last_seen FROM notices ORDER BY id"
    before = db.execute(sql).fetchall()
    run("export", "--db", db_path, "--format", "markdown", "--out", tmp_path / "md")
    for f in (tmp_path / "md").rglob("*.md"):  # the imported copy differs: it would be an edit
        f.write_text(f.read_text() + "\nAn extra line from the archive.\n")
    result = run("import", tmp_path / "md", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("inserted 0, updated 0, reextracted 0, unchanged 0")
    assert f"kept (crawled) {len(records)}" in result.output
    assert db.execute(sql).fetchall() == before
    assert db.execute("SELECT count(*) FROM notice_versions").fetchone() == (len(records),)
    assert db.execute("SELECT count(*) FROM extractions").fetchone() == (0,)
