"""Charsets: a false or missing declaration is read sensibly and always said in the record's warnings."""

import pytest

from crawler.extraction import extract_notice

URL = "https://www.gwent.police.uk/news/gwent/news/appeal/"


def page(title, charset=None):
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<html><head>{meta}<title>{title} | Gwent Police</title></head><body><h1>{title}</h1>"
        f"<p>Officers are appealing for witnesses after the incident.</p></body></html>"
    )


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_false_utf16_declaration_on_ascii_bytes_is_ignored_with_a_warning(charset):
    r = extract_notice(page("Appeal for witnesses", charset).encode("ascii"), URL)
    assert r["title"] == "Appeal for witnesses"
    assert "Officers are appealing" in r["body"]
    assert any("declared but the bytes are not" in w for w in r["warnings"]), r["warnings"]


def test_a_false_utf16_header_is_ignored_too():
    r = extract_notice(
        page("Appeal for witnesses").encode("ascii"), URL, headers={"Content-Type": "text/html; charset=utf-16"}
    )
    assert r["title"] == "Appeal for witnesses" and any("declared" in w for w in r["warnings"])


@pytest.mark.parametrize("encoding, read_as", [("cp1252", "cp1252"), ("utf-8", "utf-8")])
def test_a_missing_charset_is_guessed_and_said(encoding, read_as):
    r = extract_notice(page("Café appeal – £500 reward").encode(encoding), URL)
    assert r["title"] == "Café appeal – £500 reward"
    assert any(w.startswith("charset guessed") and read_as in w for w in r["warnings"]), r["warnings"]


def test_bytes_that_betray_their_declared_charset_are_said():
    r = extract_notice(page("Café appeal", "utf-8").encode("cp1252"), URL)
    assert any("not valid utf-8" in w for w in r["warnings"]), r["warnings"]


def test_a_right_declaration_and_plain_ascii_give_no_warning():
    for data in (
        page("Café appeal", "utf-8").encode("utf-8"),
        page("Appeal").encode("ascii"),
        page("Café appeal", "windows-1252").encode("cp1252"),
    ):
        assert not [w for w in extract_notice(data, URL)["warnings"] if "charset" in w or "bytes" in w]
