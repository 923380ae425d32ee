"""Bad input: a clear error, or a record with nulls and reasons; never a crash or a made-up date."""

import json

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.extraction import ExtractionError, extract_notice
from crawler.record import FIELDS

URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/march/x/"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x89PNG\r\n\x1a\n" + bytes(200), bytes(range(256)) * 8])
def test_not_a_page_is_a_clear_error(data):
    with pytest.raises(ExtractionError):
        extract_notice(data, URL)


def test_truncated_html_gives_a_record():
    r = extract_notice(
        b"<html><head><title>Appeal after theft | Gwent Police</title></head><body><h1>Appeal after theft</h1><p>Officers are appealing for information after a theft in Newport on Monday 1 March and would like to hear from",
        URL,
    )
    assert r["title"] == "Appeal after theft"
    assert r["published"] is None and r["published_reason"]
    assert set(r) == set(FIELDS)


def test_no_date_no_title_gives_nulls_and_reasons():
    r = extract_notice(
        b"<html><body><p>Nothing here but a sentence mentioning 4 October 2019 in passing, inside the body text of a page.</p></body></html>",
        URL,
    )
    assert r["published"] is None and r["published_reason"]
    assert r["title"] is None


def test_windows_1252_from_headers():
    html = "<html><head><title>Caf\xe9 appeal \u2013 \xa3500 reward | Gwent Police</title></head><body><h1>Caf\xe9 appeal \u2013 \xa3500 reward</h1></body></html>".encode(
        "cp1252"
    )
    r = extract_notice(html, URL, headers={"Content-Type": "text/html; charset=windows-1252"})
    assert r["title"] == "Caf\xe9 appeal \u2013 \xa3500 reward"


def test_empty_jsonld_and_doubled_entities():
    html = b'<html><head><script type="application/ld+json"> </script><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-03-01T10:00:00Z"}</script><meta property="og:title" content="Fish &amp;amp; chips"><title>Fish &amp; chips | Gwent Police</title></head><body><h1>Fish &amp; chips</h1></body></html>'
    r = extract_notice(html, URL)
    assert r["og"]["title"] == "Fish & chips" and r["title"] == "Fish & chips"
    assert r["published"] == "2021-03-01T10:00:00+00:00" and r["published_source"] == "json-ld"


def test_manifest_goes_on_after_a_bad_page(tmp_path):
    (tmp_path / "good.html").write_bytes(
        b"<html><head><title>Good | Gwent Police</title></head><body><h1>Good</h1></body></html>"
    )
    (tmp_path / "empty.html").write_bytes(b"")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "\n".join(
            json.dumps(x)
            for x in [
                {"path": "empty.html", "url": URL},
                {"path": "missing.html", "url": URL},
                {"path": "good.html", "url": URL},
            ]
        )
        + "\nnot json\n"
    )
    result = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [("error" in x) for x in lines] == [True, True, False, True]
    assert lines[2]["title"] == "Good" and lines[0]["path"] == "empty.html" and lines[3]["path"] == "line 4"


def test_extract_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["extract"]).exit_code == 2
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    assert runner.invoke(cli, ["extract", str(page)]).exit_code == 2
    bad = tmp_path / "rules.toml"
    bad.write_text("not = [toml")
    assert runner.invoke(cli, ["extract", str(page), "--url", URL, "--rules", str(bad)]).exit_code == 2
