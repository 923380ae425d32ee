"""Exports: stable columns, CSV/JSONL encodings, filters, Markdown in the seed's format, hidden left out."""

import csv
import html
import json

import pytest
import yaml
from click.testing import CliRunner
from shared_data import SEED, require

from archive.db import open_db
from archive.export import EXPORT_COLUMNS
from archive.importer import parse_archive_markdown
from archive.records import make_record
from archive.store import notice_id, save_records
from archive.takedown import set_hidden
from crawler.cli import cli

BASE = "https://www.kent.police.uk/news/kent/news2/"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "a.db"
    db = open_db(path)
    save_records(
        db,
        [
            make_record(
                BASE + "anpr/",
                force="kent",
                title="ANPR: have your say",
                topics=["anpr"],
                is_consultation=True,
                published="2021-02-16T10:00:00+00:00",
                published_utc="2021-02-16T10:00:00Z",
                og={"title": "ANPR: have your say"},
                consultation_cues=["title: have your say"],
                survey_links=[
                    {
                        "url": "https://www.smartsurvey.co.uk/s/anpr/",
                        "host": "www.smartsurvey.co.uk",
                        "provider": "smartsurvey",
                        "text": "survey",
                    }
                ],
                body="Tell us; please.",
            ),
            make_record(
                BASE + "arrest/",
                force="kent",
                title="Arrested thanks to ANPR",
                topics=["anpr", "cctv"],
                published="2021-04-01T00:30:00+01:00",
                published_utc="2021-03-31T23:30:00Z",
                body="Arrest.",
            ),
            make_record(
                BASE + "precept/",
                force="kent",
                title="Precept survey",
                topics=["precept"],
                is_consultation=True,
                published="2021-01-05",
                published_utc="2021-01-05",
                body="Council tax.",
            ),
            make_record(
                BASE + "named/",
                force="kent",
                title="Missing man found",
                topics=["anpr"],
                published="2021-03-01T09:00:00+00:00",
                published_utc="2021-03-01T09:00:00Z",
                body="Found.",
            ),
        ],
        now="2021-04-02T00:00:00Z",
    )
    set_hidden(db, BASE + "named/", True, reason="missing person found", by="editor")
    db.close()
    return path


def test_csv_columns_and_encodings(db_path, tmp_path):
    out = tmp_path / "x.csv"
    result = run("export", "--db", db_path, "--format", "csv", "--out", out)
    assert result.exit_code == 0 and result.output == f"exported 3 notice(s) to {out}\n"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [r["title"] for r in rows] == ["Precept survey", "ANPR: have your say", "Arrested thanks to ANPR"]
    anpr = rows[1]
    assert anpr["id"] == notice_id(BASE + "anpr/")
    assert anpr["topics"] == "anpr" and rows[2]["topics"] == "anpr; cctv"
    assert anpr["consultation_cues"] == "title: have your say"
    assert anpr["is_consultation"] == "1" and rows[2]["is_consultation"] == "0"
    assert json.loads(anpr["og"]) == {"title": "ANPR: have your say"}
    assert json.loads(anpr["survey_links"])[0]["provider"] == "smartsurvey"
    assert anpr["body"] == "Tell us; please."
    assert anpr["removed_at"] == "" and anpr["version"] == "1" and anpr["first_seen"] == "2021-04-02T00:00:00Z"


def test_jsonl_keeps_lists_and_objects(db_path, tmp_path):
    out = tmp_path / "x.jsonl"
    run("export", "--db", db_path, "--format", "jsonl", "--out", out, "--consultations")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["title"] for r in rows] == ["Precept survey", "ANPR: have your say"]
    assert list(rows[1]) == list(EXPORT_COLUMNS)
    assert rows[1]["topics"] == ["anpr"] and rows[1]["is_consultation"] is True
    assert rows[1]["survey_links"][0]["url"] == "https://www.smartsurvey.co.uk/s/anpr/"


@pytest.mark.parametrize(
    "args, titles",
    [
        (["--topic", "anpr"], ["ANPR: have your say", "Arrested thanks to ANPR"]),
        (["--topic", "cctv", "--topic", "precept"], ["Precept survey", "Arrested thanks to ANPR"]),
        (["--topic", "anpr", "--consultations"], ["ANPR: have your say"]),
        # the local publish date counts: 00:30 BST on 1 April is 31 March in UTC
        (["--since", "2021-04-01"], ["Arrested thanks to ANPR"]),
        (["--since", "2021-02-16"], ["ANPR: have your say", "Arrested thanks to ANPR"]),
    ],
)
def test_filters(db_path, tmp_path, args, titles):
    out = tmp_path / "x.jsonl"
    assert run("export", "--db", db_path, "--format", "jsonl", "--out", out, *args).exit_code == 0
    assert [json.loads(line)["title"] for line in out.read_text().splitlines()] == titles


def test_hidden_notices_never_leave(db_path, tmp_path):
    for fmt in ("csv", "jsonl", "markdown"):
        out = tmp_path / fmt
        run("export", "--db", db_path, "--format", fmt, "--out", out)
        text = out.read_text() if out.is_file() else "".join(p.read_text() for p in out.rglob("*.md"))
        assert "Missing man found" not in text and "ANPR: have your say" in text


def test_markdown_layout(db_path, tmp_path):
    out = tmp_path / "md"
    run("export", "--db", db_path, "--format", "markdown", "--out", out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == sorted(
        f"kent/{notice_id(BASE + s)}.md" for s in ("anpr/", "arrest/", "precept/")
    )


def test_bad_since_is_a_usage_error(db_path, tmp_path):
    result = run("export", "--db", db_path, "--format", "csv", "--out", tmp_path / "x.csv", "--since", "01/02/2021")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_seed_round_trip(tmp_path):
    """Import the seed, export it as Markdown: the seed's header values come back (entities unescaped)."""
    require(SEED, "the shared seed")
    db_path = tmp_path / "a.db"
    run("import", SEED, "--db", db_path)
    run("export", "--db", db_path, "--format", "markdown", "--out", tmp_path / "md")
    [exported] = list((tmp_path / "md" / "gwent").glob("*.md"))
    seed_header, seed_body = parse_archive_markdown(SEED.read_text(encoding="utf-8"))
    header, body = parse_archive_markdown(exported.read_text(encoding="utf-8"))
    unescape = lambda v: {k: unescape(x) for k, x in v.items()} if isinstance(v, dict) else html.unescape(v)  # noqa: E731
    assert header == unescape(seed_header)
    assert set(header) == {"area", "og", "publish", "title", "url"}
    assert header["publish"] == {"date": "13:35 15/02/2021"}
    assert body.strip() == seed_body.strip()
    assert exported.read_text().startswith("```yaml\narea: Gwent\nog:\n")
    assert yaml.safe_load(exported.read_text().split("```")[1][len("yaml\n") :])["title"].endswith("| Gwent Police")


def test_out_dash_is_stdout(db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "jsonl", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == [
        "Precept survey",
        "ANPR: have your say",
        "Arrested thanks to ANPR",
    ]
    assert result.stderr == "exported 3 notice(s) to stdout\n"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(db_path), "--format", "csv", "--out", "-", "--topic", "cctv"]
    )
    assert [r["title"] for r in csv.DictReader(result.stdout.splitlines())] == ["Arrested thanks to ANPR"]
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "markdown", "--out", "-"])
    assert result.exit_code == 2 and "folder" in result.stderr
    assert not (tmp_path / "-").exists()


def test_overwriting_says_so(db_path, tmp_path):
    out = tmp_path / "x.csv"
    assert run("export", "--db", db_path, "--format", "csv", "--out", out).output == f"exported 3 notice(s) to {out}\n"
    assert run("export", "--db", db_path, "--format", "csv", "--out", out, "--consultations").output == (
        f"exported 2 notice(s) to {out} (overwrote it)\n"
    )
    assert len(list(csv.DictReader(out.open()))) == 2


def test_unknown_topic_warns(db_path, tmp_path):
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--db",
            str(db_path),
            "--format",
            "csv",
            "--out",
            str(out),
            "--topic",
            "anrp",
            "--topic",
            "cctv",
            "--topic",
            "drones",
            "--topic",
            "knife",
        ],
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: unknown topic 'anrp'")
    assert "knife" in result.stderr
    assert "cctv" not in result.stderr and "drones" not in result.stderr  # stored; in the rules
    assert result.stdout == f"exported 1 notice(s) to {out}\n"
