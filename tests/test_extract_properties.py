"""Property tests (hypothesis) of the extraction's pure parts: dates, URLs, survey-link detection and the
Markdown writer. Each property holds for every input hypothesis can make, not only for the pages we have
seen; the crashes they found are pinned in tests/test_extract_fuzz_crashes.py.
"""

import html
import os
import re
import string
import sys
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from hypothesis import HealthCheck, given, settings, strategies as st

from crawler.extraction.dates import LONDON, dates_in, find_date, parse_date_text
from crawler.extraction.links import SURVEY_PROVIDERS, collect_links, survey_provider
from crawler.extraction.markdown import markdown_text, to_markdown
from crawler.extraction.urls import DEFAULT_PORTS, TRACKING, identity_url, normalise_url, unwrap

sys.path.append(str(Path(__file__).resolve().parents[1] / "benchmarks"))
from fuzz_oracles import link_count, live_markup  # noqa: E402

# The same examples every run (derandomize; no example database): a red test is red for everyone.
# HYPOTHESIS_PROFILE=search explores: fresh random examples, 20x as many (outside CI, like fuzz_extract.py).
settings.register_profile(
    "extraction",
    deadline=None,
    max_examples=200,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("search", settings.get_profile("extraction"), max_examples=4000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "extraction"))

# Text that stresses a Markdown writer: its specials, HTML's, whitespace, non-ASCII; and anything else.
SPECIALS = list("<>&[]()\\*_`#|!:;/=\"'-+. \t\n") + [
    "&lt;",
    "&amp;",
    "javascript:",
    "](",
    "<img",
    "é",
    "’",
    "<img src=x onerror=alert(1)>",
    "<!--",
    "<b>",
    "</b>",
    "[a](javascript:x)",
    "<1@x.uk>",
    "<http://x.uk>",
    "\n\n",
]
TEXT = st.lists(
    st.sampled_from(SPECIALS)
    | st.text(string.ascii_letters + string.digits, max_size=6)
    | st.characters(blacklist_categories=("Cs", "Cc")),
    max_size=40,
).map("".join)
ANY_TEXT = st.text(max_size=80)


# -- dates -------------------------------------------------------------------------------------------

WHEN = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31))
DAY_FORMATS = ["%d %B %Y", "%A %d %B %Y", "%d %b %Y", "%B %d, %Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"]
TIME_FORMATS = ["%H:%M %d/%m/%Y", "%d/%m/%Y %H:%M", "%d %B %Y at %H:%M", "%Y-%m-%dT%H:%M:%S", "%B %d, %Y %H:%M"]


@given(WHEN, st.sampled_from(DAY_FORMATS), TEXT, TEXT)
def test_a_written_day_reads_back_as_that_day(when, fmt, before, after):
    written = when.strftime(fmt)
    parsed = parse_date_text(f"{written}")
    assert parsed is not None and parsed.local == when.date().isoformat() and not parsed.has_time
    found = find_date(f"{re.sub(r'[0-9]', '', before)} {written} {re.sub(r'[0-9]', '', after)}")
    assert found is not None and found[0].day == when.date()


@given(WHEN, st.sampled_from(TIME_FORMATS))
def test_a_written_time_is_uk_wall_clock_time(when, fmt):
    parsed = parse_date_text(when.strftime(fmt))
    assert parsed is not None and parsed.has_time
    local, utc = datetime.fromisoformat(parsed.local), datetime.fromisoformat(parsed.utc.replace("Z", "+00:00"))
    assert local == utc  # one instant, two spellings
    wall = when.replace(second=0 if "%S" not in fmt else when.second, microsecond=0)
    if LONDON.utcoffset(wall) == LONDON.utcoffset(wall + timedelta(hours=1)):  # not the hour the clocks skip
        assert local.replace(tzinfo=None) == wall and local.utcoffset() == LONDON.utcoffset(wall)


OFFSET_STAMP = st.builds(
    lambda when, sign, hours, minutes: f"{when:%Y-%m-%dT%H:%M}{sign}{hours:02d}:{minutes:02d}",
    WHEN,
    st.sampled_from("+-"),
    st.integers(0, 99),
    st.integers(0, 99),
)


@given(
    ANY_TEXT
    | TEXT
    | OFFSET_STAMP
    | st.from_regex(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d([+-]\d\d:?\d\d|Z)?)?", fullmatch=True)
)
def test_any_text_gives_a_valid_date_or_none(text):
    parsed = parse_date_text(text)
    if parsed is not None:
        local = datetime.fromisoformat(parsed.local)
        assert 1900 <= local.year <= 2099
        if parsed.has_time:
            assert datetime.fromisoformat(parsed.utc.replace("Z", "+00:00")) == local
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", parsed.utc)


DATES_TEXT = st.lists(
    st.builds(lambda when, fmt: when.strftime(fmt), WHEN, st.sampled_from(DAY_FORMATS + TIME_FORMATS))
    | st.sampled_from(
        [
            "/",
            ".",
            "-",
            " ",
            ", ",
            "T",
            ":",
            "1",
            "20",
            "2021",
            "0",
            "+01:00",
            "Z",
            " at ",
            "Tuesday ",
            "12th ",
            "March",
        ]
    )
    | TEXT,
    max_size=30,
).map("".join)


def _dates_by_cutting(text):
    out = []
    while found := find_date(text):
        out.append(found[0])
        text = text[found[2] :]
    return out


@given(DATES_TEXT | ANY_TEXT)
def test_dates_in_reads_what_find_date_reads_cut_after_cut(text):
    assert list(dates_in(text)) == _dates_by_cutting(text)


# -- URLs --------------------------------------------------------------------------------------------

HOST = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z0-9]{1,8}){1,3}", fullmatch=True)
PATH = st.lists(st.text(string.ascii_letters + string.digits + "-_.~%!$&()*+,;=:@", max_size=8), max_size=4)
QUERY = st.lists(
    st.tuples(
        st.sampled_from(["id", "page", "utm_source", "fbclid", "q", "gclid"]),
        st.text(string.ascii_letters + string.digits, max_size=5),
    ),
    max_size=3,
)
URL = st.builds(
    lambda scheme, host, port, path, query, frag: (
        f"{scheme}://{host}{port}/{'/'.join(path)}"
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
        + frag
    ),
    st.sampled_from(["http", "https", "HTTP", "HtTpS"]),
    HOST | HOST.map(str.upper),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    PATH,
    QUERY,
    st.sampled_from(["", "#top", "#"]),
)


@given(URL)
def test_a_normalised_url_is_canonical_and_stable(url):
    norm = normalise_url(url)
    assert norm is not None and normalise_url(norm) == norm
    parts = urlsplit(norm)
    assert parts.scheme in ("http", "https") and parts.hostname == parts.hostname.lower() and not parts.fragment
    assert not any(TRACKING.match(p.split("=", 1)[0]) for p in parts.query.split("&") if p)
    assert parts.port != DEFAULT_PORTS[parts.scheme]


# What urlsplit refuses: a bracket that opens no IPv6 address, a host that NFKC normalisation changes
BAD_URL = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["http://", "https://", "//", ""]),
        st.sampled_from(["[", "[x", "a]b", "\u2100", "\uff0f", "x.uk:99999999", "%"]),
        st.text(max_size=10),
    ),
)


@given(ANY_TEXT | TEXT | URL | BAD_URL, st.none() | URL | ANY_TEXT | BAD_URL)
def test_any_string_is_a_url_or_none_never_an_error(text, base):
    norm = normalise_url(text, base=base)
    assert norm is None or urlsplit(norm).scheme in ("http", "https")
    unwrap(text)
    fetched = normalise_url(base or "") or "https://www.gwent.police.uk/news/1/"
    identity, why = identity_url(text, fetched)
    assert identity == fetched or identity == normalise_url(text, base=fetched)


@given(URL)
def test_a_wrapped_url_unwraps_to_its_target(url):
    from urllib.parse import quote

    for wrapper in (
        "https://eur01.safelinks.protection.outlook.com/?url={}&data=x",
        "https://www.google.com/url?q={}&sa=D",
        "https://l.facebook.com/l.php?u={}&h=x",
    ):
        assert unwrap(wrapper.format(quote(url, safe=""))) == url


# -- survey links ------------------------------------------------------------------------------------

BASE = "https://www.gwent.police.uk/news/1/"
PROVIDER_HOSTS = {
    "snap": "researchfeedback.net",
    "smartsurvey": "www.smartsurvey.co.uk",
    "surveymonkey": "www.surveymonkey.co.uk",
    "citizen_space": "consult.example.gov.uk",
    "microsoft_forms": "forms.office.com",
    "qualtrics": "x.eu.qualtrics.com",
    "typeform": "form.typeform.com",
    "commonplace": "area.commonplace.is",
}


@given(st.sampled_from(sorted(PROVIDER_HOSTS)), PATH, QUERY, ANY_TEXT)
def test_a_survey_platform_link_is_found_whatever_its_path(provider, path, query, words):
    url = normalise_url(
        f"https://{PROVIDER_HOSTS[provider]}/{'/'.join(path)}"
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    )
    assert survey_provider(url) == provider
    url = normalise_url(url, base=BASE)  # (urljoin drops an empty ;params: "…/;" is "…/")
    article = lxml.html.fragment_fromstring(
        f'<p>{html.escape(words)} Please complete the survey <a href="{html.escape(url)}">online</a>.</p>',
        create_parent="div",
    )
    links, surveys, _ = collect_links(article, BASE, to_markdown(article))
    assert url in links
    assert [s["provider"] for s in surveys if s["url"] == url] == [provider]


@given(ANY_TEXT | TEXT, URL, st.none() | ANY_TEXT | URL | BAD_URL)
def test_survey_links_are_always_absolute_links_of_the_body(text, url, href):
    a = f' <a href="{html.escape(href)}">{html.escape(text)}</a>' if href is not None else ""
    article = lxml.html.fragment_fromstring(
        f"<p>{html.escape(text)} {html.escape(url)}{a} survey</p>", create_parent="div"
    )
    links, surveys, media = collect_links(article, "https://www.gwent.police.uk/news/1/", to_markdown(article))
    for found in links:
        assert urlsplit(found).scheme in ("http", "https") and urlsplit(found).hostname
    for survey in surveys:
        assert survey["url"] in links and survey["host"] == urlsplit(survey["url"]).hostname
        assert survey["provider"] in {p for p, _, _ in SURVEY_PROVIDERS} | {"shortlink", "other"}
    assert set(media) <= set(links)


@given(ANY_TEXT | BAD_URL)
def test_survey_provider_of_any_string_is_a_provider_or_none(text):
    assert survey_provider(text) in {p for p, _, _ in SURVEY_PROVIDERS} | {None}


# -- the Markdown writer: text in, text out, never live HTML ----------------------------------------

HREF = (
    st.sampled_from(
        [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "java\tscript:x",
            " \x0cjavascript:x",
            "vbscript:x",
            "data:text/html,x",
            "tel:101",
            "#top",
            "",
            "/news/a b(c)",
            "mailto:a@b.uk",
            "http://[x",
            "https://example.com/a)b<c>",
            "//evil.example/x",
        ]
    )
    | URL
    | ANY_TEXT
    | BAD_URL
)


def _element(children):
    return st.builds(
        lambda tag, text, kids, tail, href: (tag, text, kids, tail, href),
        st.sampled_from(
            [
                "p",
                "div",
                "b",
                "em",
                "span",
                "a",
                "a",
                "br",
                "li",
                "ul",
                "ol",
                "blockquote",
                "pre",
                "h2",
                "table",
                "tr",
                "td",
                "code",
                "img",
                "script",
            ]
        ),
        TEXT,
        st.lists(children, max_size=3),
        TEXT,
        HREF,
    )


ELEMENT = st.recursive(st.builds(lambda text: ("span", text, [], "", ""), TEXT), _element, max_leaves=12)


def _html(node):
    tag, text, kids, tail, href = node
    attrs = f' href="{html.escape(href)}"' if tag == "a" else ""
    return f"<{tag}{attrs}>{html.escape(text)}{''.join(_html(k) for k in kids)}</{tag}>{html.escape(tail)}"


def _safe_anchors(root, base):
    from crawler.extraction.markdown import _link_target

    return sum(1 for a in root.iter("a") if _link_target((a.get("href") or "").strip(), base))


@given(st.lists(ELEMENT, min_size=1, max_size=4), st.sampled_from([None, "https://www.gwent.police.uk/news/1/"]))
def test_the_body_of_any_markup_renders_to_markdowns_own_html_only(nodes, base):
    root = lxml.html.fragment_fromstring("".join(_html(n) for n in nodes), create_parent="div")
    md = to_markdown(root, base_url=base)
    assert live_markup(md) == []
    assert link_count(md) <= _safe_anchors(root, base)  # no link but the page's own http(s)/mailto anchors


@given(TEXT)
def test_text_in_text_out(text):
    """A paragraph of any text is text again: no link or tag in either rendering, and markdown_text (what the
    content hash is computed on) gives back the words as written, read as it always read them: Markdown's marks
    aside (`#>|` and backticks; underscores and backslashes, which it has always dropped beside an escaped
    character; `[words](target)` as its words)."""
    root = lxml.html.fragment_fromstring(f"<p>x {html.escape(text)}</p>", create_parent="div")
    md = to_markdown(root)
    assert live_markup(md) == [] and link_count(md) == 0
    written = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(root.text_content().split()))
    marks = str.maketrans({c: " " for c in "#>|`_\\"})
    assert "".join(markdown_text(md).translate(marks).split()) == "".join(written.translate(marks).split())
