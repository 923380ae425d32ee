"""What must hold of every record, whatever the page: the oracles of the fuzzers (fuzz_extract.py) and of
the property tests (tests/test_extract_properties.py).

    live_markup(md) -> what two ordinary renderers (Python-Markdown, markdown-it) make of the body beyond
                       Markdown's own tags and attributes, and any href that is not http(s) or mailto
    record_problems(rec) -> broken promises of one record (field types, ISO dates, http(s) links, live markup)
"""

import re
from datetime import date, datetime
from urllib.parse import urlsplit

import lxml.html
import markdown
from markdown_it import MarkdownIt

from crawler.record import FIELDS

# What Markdown itself writes for what our writer emits (paragraphs, headings, lists, quotes, code, rules,
# emphasis, line breaks, links); our writer never emits images or titles.
MARKDOWN_TAGS = {
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "hr",
    "br",
    "a",
}
MARKDOWN_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
LINK_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN_IT = MarkdownIt("commonmark")  # raw HTML on, as CommonMark has it


def renderings(md):
    """(name, HTML) of md by each renderer."""
    return [("Python-Markdown", markdown.markdown(md)), ("markdown-it", _MARKDOWN_IT.render(md))]


def live_markup(md):
    """Every tag, attribute or link target in md's renderings that Markdown's own syntax does not make,
    as 'renderer: what' strings; [] when text stayed text."""
    found = []
    for name, html in renderings(md):
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        for el in root.iter():
            if not isinstance(el.tag, str):  # a comment or processing instruction passed through
                found.append(f"{name}: {type(el).__name__} {el.text!r}")
                continue
            if el.tag not in MARKDOWN_TAGS:
                found.append(f"{name}: <{el.tag}>")
            for attr in el.attrib:
                if attr not in MARKDOWN_ATTRIBUTES.get(el.tag, ()):
                    found.append(f"{name}: <{el.tag} {attr}=…>")
            href = el.get("href") if el.tag == "a" else None
            if href is not None and urlsplit(href).scheme.lower() not in LINK_SCHEMES:
                found.append(f"{name}: href {href!r}")
    return found


def link_count(md):
    """The most links either renderer makes of md."""
    return max(
        lxml.html.fragment_fromstring(html, create_parent="div").xpath("count(//a)") for _, html in renderings(md)
    )


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value):
    if _ISO_DAY.match(value):
        date.fromisoformat(value)
    else:
        datetime.fromisoformat(value.replace("Z", "+00:00"))


def record_problems(rec):
    """What is wrong with one record: a missing field or one of the wrong type, a date that is not ISO 8601, a
    link that is not absolute http(s), a body that renders to live HTML."""
    problems = []
    types = {"string": str, "array": list, "object": dict, "boolean": bool}
    for name, (kind, _) in FIELDS.items():
        if name not in rec:
            problems.append(f"{name} missing")
            continue
        value = rec[name]
        allowed = tuple(types[k] for k in kind.split("|") if k in types)
        if not (value is None and "null" in kind) and not isinstance(value, allowed):
            problems.append(f"{name} is {type(value).__name__}, not {kind}")
    for name in ("published", "published_utc", "updated", "closes"):
        if isinstance(rec.get(name), str):
            try:
                _iso(rec[name])
            except ValueError as e:
                problems.append(f"{name} {rec[name]!r} is not ISO 8601: {e}")
    urls = list(rec.get("links") or []) + [s.get("url") for s in rec.get("survey_links") or []]
    for url in urls + ([rec["url"]] if rec.get("url") else []):
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"not an absolute http(s) URL: {url!r}")
    if isinstance(rec.get("body"), str):
        problems += [f"body: {what}" for what in live_markup(rec["body"])]
    return problems
