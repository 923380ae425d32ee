"""Text stays text: the Markdown body never turns a page's text into live HTML or a link (issue 11, item 5).

Page text such as `&lt;img src=x onerror=alert(1)&gt;` or a literal `[click](javascript:alert(1))`, and hrefs
such as `JaVaScRiPt:` or `java&#x09;script:`, rendered by an ordinary Markdown renderer (Python-Markdown,
markdown-it: benchmarks/fuzz_oracles.py) give no tag or attribute beyond Markdown's own and no href other
than http(s)/mailto. The content hash is computed on the unescaped text, so re-storing an archive made
before the change makes no new version.

tests/fixtures/text_stays_text/: hostile pages, and records-before.jsonl, their records as the extractor
before this change (e5122ba) made them:
    git archive e5122ba | tar -x -C /tmp/base; PYTHONPATH=/tmp/base python -c '…extract_notice(page, url)…'
"""

import json
import sys
from pathlib import Path

import lxml.html
import pytest

from archive.db import open_db
from archive.store import save_record
from crawler.extraction import content_hash, extract_notice
from crawler.extraction.markdown import markdown_text, to_markdown

sys.path.append(str(Path(__file__).resolve().parents[1] / "benchmarks"))
from fuzz_oracles import link_count, live_markup  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text_stays_text"
BEFORE = {
    json.loads(line)["url"]: json.loads(line) for line in (FIXTURES / "records-before.jsonl").read_text().splitlines()
}


def url_of(name):
    return f"https://www.gwent.police.uk/news/gwent/news/news/2021/march/{name}/"


def extract(name, data=None):
    return extract_notice(data or (FIXTURES / f"{name}.html").read_bytes(), url_of(name))


def md(html, base="https://www.gwent.police.uk/news/"):
    return to_markdown(lxml.html.fragment_fromstring(html, create_parent="div"), base_url=base)


PAGES = sorted(p.stem for p in FIXTURES.glob("*.html"))


@pytest.mark.parametrize("name", PAGES)
def test_body_renders_to_no_live_html(name):
    assert live_markup(BEFORE[url_of(name)]["body"]) or name in ("literal-entities", "backslashes-brackets"), (
        "the page shows the old writer's fault"
    )
    body = extract(name)["body"]
    assert live_markup(body) == []


def test_only_the_pages_own_http_and_mailto_links_become_links():
    body = extract("hostile-hrefs")["body"]
    assert link_count(body) == 1  # of six anchors, only https://www.gwent.police.uk/news/other/
    assert "[the other notice](https://www.gwent.police.uk/news/other/)" in body
    assert "the statement" in body and "javascript" not in body.lower() and "vbscript" not in body
    for name in ("literal-link", "comment-and-automail", "escaped-tag"):
        assert link_count(extract(name)["body"]) == 0


@pytest.mark.parametrize(
    "html, text",
    [
        (
            "<p>read &lt;img src=x onerror=alert(1)&gt; here</p>",
            "read <img src=x onerror=alert(1) here",
        ),  # (> is a mark)
        ("<p>said [click](javascript:alert(1)) there</p>", "said click) there"),  # (as the hash always read it)
        ("<p>&amp;lt;b&amp;gt; and fish &amp;amp; chips &amp; peas</p>", "&lt;b&gt; and fish &amp; chips & peas"),
        (
            "<p>C:\\new\\[x]\\ a\\*b 5 &lt; 6 *bold* _under_ snake_case</p>",
            "C:\\new\\[x]\\ a\\*b 5 < 6 *bold* _under_ snake_case",
        ),
        ("<p>[see]<span>(javascript:alert(1))</span> &amp;<span>lt;</span></p>", "see) &lt;"),
    ],
)
def test_text_comes_back_as_written(html, text):
    """markdown_text (what the hash is computed on) undoes every escape: the text as the page shows it, read as
    before (Markdown's marks `#`, `>`, `|` and backticks dropped, `[words](target)` read as its words). A `]`,
    `<` or `&` split from what follows by an element is escaped too."""
    body = md(html)
    assert live_markup(body) == [] and link_count(body) == 0
    assert markdown_text(body) == text


def test_a_link_target_is_written_so_it_stays_one_link():
    body = md('<p>See <a href="/news/a b(c)<d>">the notice</a> now.</p>')
    assert body == "See [the notice](https://www.gwent.police.uk/news/a%20b%28c%29%3Cd%3E) now."
    assert link_count(body) == 1 and live_markup(body) == []
    assert (
        md('<p><a href="mailto:press@gwent.police.uk">Email us</a></p>') == "[Email us](mailto:press@gwent.police.uk)"
    )
    assert md('<p><a href="tel:101">Call 101</a> or <a href="#top">go up</a></p>') == "Call 101 or go up"


def test_preformatted_text_stays_text_in_both_renderers():
    """Found by the property tests' search profile: in a code fence, a line starting `>` (a quote to
    Python-Markdown, which has no fences) broke the code span and left `<img onerror>` live."""
    body = md(
        "<pre>&lt;div onmouseover=x&gt;a&lt;/div&gt;\n\n````\n&gt;&lt;img src=x onerror=y&gt; [a](javascript:x)</pre>"
    )
    assert body == "&lt;div onmouseover=x>a&lt;/div>\n````\n>&lt;img src=x onerror=y> [a\\](javascript:x)"
    assert live_markup(body) == [] and link_count(body) == 0


@pytest.mark.parametrize("name", PAGES)
def test_hash_is_computed_on_the_unescaped_text(name):
    before, after = BEFORE[url_of(name)], extract(name)
    assert after["body"] != before["body"]
    assert after["content_sha256"] == before["content_sha256"] == content_hash(after)


def test_restoring_an_archive_after_the_change_makes_no_new_version(tmp_path):
    """Records stored by the old extractor; the same pages fetched again (bytes changed outside the
    article, so only the content hash decides) and read by the new one: not one new version."""
    db = open_db(tmp_path / "archive.db")
    try:
        names = PAGES
        for name in names:
            assert save_record(db, BEFORE[url_of(name)], now="2021-03-13T00:00:00Z") == "inserted"
        outcomes = []
        for name in names:
            data = (FIXTURES / f"{name}.html").read_bytes().replace(b"</footer>", b"<!-- fetched again --></footer>")
            rec = extract(name, data)
            assert rec["raw_sha256"] != BEFORE[url_of(name)]["raw_sha256"]
            outcomes.append(save_record(db, rec, now="2021-03-14T00:00:00Z"))
        assert "updated" not in outcomes and len(outcomes) == len(names)
        versions = db.conn.execute("SELECT count(*), max(version) FROM notice_versions").fetchone()
        assert tuple(versions) == (len(names), 1)
    finally:
        db.close()
