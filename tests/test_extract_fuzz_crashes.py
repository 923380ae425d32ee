"""Crashes (and a slow page) the fuzzers found (tests/test_extract_properties.py, benchmarks/fuzz_extract.py),
each pinned.

Found by the hypothesis properties, each of which crashed extract_notice on a whole page:
- a link, canonical or base href whose host is a `[` that opens no IPv6 address (`http://[x`), or a host that
  NFKC normalisation changes (`http://℀/`): urlsplit raises ValueError, which normalise_url, unwrap,
  survey_provider and the Markdown writer let through;
- an ISO date with an offset of a day or more (`2021-02-15T13:35+99:99`): datetime.fromisoformat raises;
- a year-1 or year-9999 ISO date with an offset, in a text that also holds a year of ours
  (`0001-01-01T00:00+01:00 2020`): OverflowError moving it to UTC (years outside 1900–2099 are no dates now,
  as in every other format);
- a redirect wrapper whose target is written `HTTP://…` was not unwrapped, and one whose target is no URL
  (`?url=http://[x`) raised.

Found by benchmarks/fuzz_extract.py (atheris, seeded with rendered corpus pages):
- an og:title holding a control character (`…precept\x1a| Avon and Somerset Police`) on a page where no heading
  shows the title: the title, control character kept, went into an XPath variable, which lxml refuses
  (ValueError: All strings must be XML compatible);
- a link whose relative href holds a quote (`JaVaSc\x1diPt:top.location='//evil.example/'`, joined to the
  page's URL): Python-Markdown read `'//evil.example/'` as the link's title (harmless, but not our markup);
- a slow page (0.46 s): broken markup made one 46 KB text node holding 25 dates, and the search for where
  the page writes htmldate's day (dateline._written_only_in_lists) ran every date format over the rest of
  the text again after each date (dates.dates_in keeps each format's next match instead: 0.05 s).
"""

import sys
import time
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from crawler.extraction import extract_notice
from crawler.extraction.dateline import _written_only_in_lists
from crawler.extraction.dates import parse_date_text
from crawler.extraction.links import survey_provider
from crawler.extraction.markdown import to_markdown
from crawler.extraction.urls import normalise_url, unwrap

sys.path.append(str(Path(__file__).resolve().parents[1] / "benchmarks"))
from fuzz_oracles import live_markup  # noqa: E402

URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/march/collision-a48/"
BODY = "<p>" + "Officers are appealing for witnesses after a collision on the A48 on Monday evening. " * 3 + "</p>"


def page(head="", body=""):
    return (
        f"<html><head><title>Collision on the A48 | Gwent Police</title>{head}</head><body>"
        f"<h1>Collision on the A48</h1>{BODY}{body}</body></html>"
    ).encode()


PAGES = {
    "link to a bracketed host": page(body='<p>See <a href="http://[x/">the map</a>.</p>'),
    "link to a host NFKC changes": page(body='<p>See <a href="http://\u2100/">the map</a>.</p>'),
    "canonical with a bracketed host": page(head='<link rel="canonical" href="http://[x/">'),
    "base href with a bracketed host": page(head='<base href="http://[x/">', body='<p><a href="/a">A</a></p>'),
    "wrapped link to a bracketed host": page(
        body='<p><a href="https://www.google.com/url?q=http://[x/&amp;sa=D">the map</a></p>'
    ),
    "og:title with a control character, no heading showing it": (
        b'<html><head><meta property="og:title" content="Collision on the A48\x1a| Gwent Police"></head><body>'
        b'<div class="title">Collision</div>' + BODY.encode() + b"</body></html>"
    ),
    "publish time a hundred hours ahead of UTC": page(
        head='<meta property="article:published_time" content="2021-02-15T13:35+99:99">'
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_that_crashed_extraction_gives_a_record(name):
    rec = extract_notice(PAGES[name], URL)
    assert rec["title"].startswith("Collision on the A48") and "appealing for witnesses" in rec["body"]
    assert rec["url"] == URL
    assert all(link.startswith("https://") for link in rec["links"])
    assert rec["published"] is None and rec["updated"] is None


@pytest.mark.parametrize(
    "text",
    [
        "2021-02-15T13:35+99:99",
        "2021-02-15T13:35-24:00",
        "0001-01-01T00:00+01:00 2020",
        "9999-12-31T23:59-01:00 2020",
        "0001-01-01T00:30 2020",
    ],
)
def test_an_impossible_iso_date_is_none(text):
    assert parse_date_text(text) is None


@pytest.mark.parametrize("url", ["http://[x", "//[", "http://\u2100/", "https://a]b/"])
def test_a_string_urlsplit_refuses_is_no_url(url):
    assert normalise_url(url) is None and normalise_url("a", base=url) is None
    assert survey_provider(url) is None
    assert unwrap(url) == url
    assert unwrap("https://www.google.com/url?q=" + url) == "https://www.google.com/url?q=" + url


def test_a_wrapped_target_in_capitals_is_unwrapped():
    assert unwrap("https://www.google.com/url?q=HTTP://example.com/x&sa=D") == "HTTP://example.com/x"


def test_a_quote_in_a_link_target_starts_no_title():
    article = lxml.html.fragment_fromstring(
        """<p>See <a href="JaVaSc\x1diPt:top.location='//evil.example/'">this</a>.</p>""", create_parent="div"
    )
    body = to_markdown(article, base_url=URL)
    assert body == f"See [this]({URL}JaVaSc%1DiPt:top.location=%27/evil.example/%27)."  # (urljoin: // is /)
    assert live_markup(body) == []


def test_a_text_node_full_of_dates_is_read_once_not_once_a_date():
    filler = "Officers attended the scene and spoke to witnesses about what they had seen on the road. " * 20
    text = " ".join(f"{filler} Posted {d} {m} 2019." for m in ("March", "April") for d in range(1, 29))
    root = lxml.html.fromstring(f"<html><body><h1>Headline</h1><div>{text}</div></body></html>")
    began = time.process_time()  # CPU time, the machine's load aside (the two took 3.1 s the old way)
    assert _written_only_in_lists(root, date(2021, 3, 12), root.find(".//h1")) is False
    assert _written_only_in_lists(root, date(2019, 4, 12), root.find(".//h1")) is False  # written, not in a list
    assert time.process_time() - began < 0.3
