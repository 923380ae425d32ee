"""Pure extraction (no Scrapy): `(html bytes, url, response headers)` -> one notice record.

The steps, each in its own module: parse once (document), identity (urls), headline (titles), publish and
updated dates (dateline: the lines near the headline; dates: the formats), the article body (content ->
markdown), its self-checks and second opinions (checks, second_opinion), its links (links), the closing date
(closing) and topics/consultation (topics). Site platforms (crawler.platforms) add what is
known about their sites. Every field of crawler.record.FIELDS is always present.
"""

import hashlib
from functools import lru_cache
from html import escape

import lxml.html

from crawler.extraction.checks import body_checks
from crawler.extraction.closing import find_closing
from crawler.extraction.content import FURNITURE_LINE, Furniture, PageText, clean_article, find_article
from crawler.extraction.dateline import (
    PUBLISHED_META,
    UPDATED_META,
    URL_DATE,
    date_near_headline,
    date_second_opinion,
    shows_title,
    title_element,
    visible_confirmed,
)
from crawler.extraction.dates import parse_date_text
from crawler.extraction.document import ExtractionError, jsonld_articles, parse_document, squash
from crawler.extraction.language import alternates, page_language
from crawler.extraction.links import PROVIDER_NAMES, SHORTENER_HOSTS, collect_links, link_tree, survey_provider
from crawler.extraction.markdown import markdown_text, to_markdown
from crawler.extraction.second_opinion import trafilatura_article
from crawler.extraction.signoffs import Learner, link_key, split_standing
from crawler.extraction.titles import clean_title
from crawler.extraction.topics import classify, load_rules, written
from crawler.extraction.urls import identity_url, normalise_url
from crawler.platforms import platform_for
from crawler.record import EXTRACTOR_VERSION, empty_record
from crawler.registry import load_registry

# what the other layers use; the modules inside are extraction's own (a contract in pyproject.toml checks it)
__all__ = [
    "extract_notice",
    "apply_standing",
    "classify_again",
    "find_closing",
    "content_hash",
    "load_rules",
    "classify",
    "ExtractionError",
    "read_body",
    "Learner",
    "clean_title",
    "markdown_text",
    "normalise_url",
    "parse_date_text",
    "squash",
    "PROVIDER_NAMES",
    "survey_provider",
    "SHORTENER_HOSTS",
]


@lru_cache(maxsize=1)
def _default_registry():
    return load_registry()


def content_hash(record, body_text=None):
    """SHA-256 of what makes a new version: normalised title, body text and publish date."""
    if body_text is None:
        body_text = markdown_text(record.get("body") or "")
    text = "\n".join((squash(record.get("title") or ""), body_text, record.get("published") or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_notice(html, url, headers=None, *, registry=None, rules=None, force=None, standing=None):
    """The notice record of one page. Raises ExtractionError for bytes that are not an HTML page.

    standing: the force's standing phrases (signoffs.learn): its repeated sign-offs, which classification ignores.
    """
    if not url or not normalise_url(url):
        raise ExtractionError(f"not an http(s) URL: {url!r}")
    data = html.encode("utf-8") if isinstance(html, str) else bytes(html or b"")
    registry = registry if registry is not None else _default_registry()
    rules = rules if rules is not None else load_rules()
    doc = parse_document(data, url, headers)
    root = doc.tree
    force = registry.get(force) if isinstance(force, str) else force
    force = force or registry.force_for_url(url)
    platform = platform_for(force.platform if force else None, doc.text)
    rec = empty_record()
    rec.update(
        fetched_url=url,
        canonical=doc.canonical,
        og=doc.og,
        jsonld=doc.jsonld,
        lang=doc.lang,
        page_title=doc.page_title,
        platform=platform.name,
        warnings=list(doc.warnings),
        raw_sha256=hashlib.sha256(data).hexdigest(),
        extractor_version=f"{EXTRACTOR_VERSION}/{platform.name}-{platform.version}",
    )
    if force:  # `force` is the registry entry whose site it is (a force or a commissioner): the publisher
        rec.update(registry.notice_fields(force))
    else:
        rec["warnings"].append("no force in the registry owns this host")
    rec["url"], why = identity_url(doc.canonical, url, force, force.start_urls if force else ())
    if why:
        rec["warnings"].append(f"canonical not used: {why}")
    rec["lang"] = page_language(doc.lang, rec["url"], doc.hreflang, url)
    rec["alternates"] = alternates(root, doc.hreflang, url, {rec["url"], normalise_url(url)})

    # Headline: the visible heading that confirms a title candidate.
    headings = []
    for el in doc.headings:
        text = squash(el.text_content())
        if text:
            headings.append((el, text))
        if len(headings) >= 15:
            break
    articles_ld = jsonld_articles(doc.jsonld)
    ld_headline = next((a.get("headline") for a in articles_ld if isinstance(a.get("headline"), str)), None)
    rec["title"] = clean_title(doc.page_title, doc.og.get("title") or ld_headline, force, [t for _, t in headings])
    want = (rec["title"] or "").lower()
    headline = next((el for el, t in headings if t.lower() == want), None)
    if headline is None:
        headline = next((el for el, t in headings if want and len(want) > 20 and want in t.lower()), None)
    if headline is None:
        headline = next((el for el, _ in headings if el.tag == "h1"), None)
    description = doc.first("description") or doc.og.get("description") or None
    page = PageText(root, headline, doc.body_paragraphs(), description)
    furniture = Furniture(spare=[headline] if headline is not None else (), page=page)

    # Publish date: the page's own metadata first, then the lines around the headline, then the URL.
    published = updated = published_el = None
    meta_value = doc.first(*PUBLISHED_META)
    parsed = parse_date_text(meta_value) if meta_value else None
    if parsed:
        published = (parsed, "meta")
    if published is None:
        for item in articles_ld:
            value = item.get("datePublished")
            parsed = parse_date_text(value) if isinstance(value, str) else None
            if parsed:
                published = (parsed, "json-ld")
                break
    anchors = [headline]  # where the date lines stand
    if published is None and not shows_title(headline, want):  # no heading shows the title: what does?
        shown = title_element(root, rec["title"], furniture)
        if shown is not None:
            anchors.insert(0, shown)
    for anchor in anchors:
        near, near_updated, near_el = date_near_headline(anchor, furniture, platform)
        if near or near_updated:
            break
    if published is None and near:
        published = near
    elif published and near and abs((near[0].day - published[0].day).days) > 1:  # (a day apart: time zones)
        published = visible_confirmed(published, near, doc, articles_ld, rec)
    if near and published and near[0].day == published[0].day:
        published_el = near_el  # the visible date line is not body text
    if published is None:
        m = URL_DATE.search(rec["url"] or url)
        if m:
            published = (parse_date_text(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"), "url")
            published = published if published[0] else None
    updated_value = doc.first(*UPDATED_META) or next(
        (a.get("dateModified") for a in articles_ld if isinstance(a.get("dateModified"), str)), None
    )
    updated = parse_date_text(updated_value) if updated_value else near_updated
    if published is None:  # no date on the fast path: the page's markup for machines and htmldate vote
        published = date_second_opinion(root, furniture, doc.text, url, rec, updated, anchors[0])
    if published:
        parsed, source = published
        rec.update(published=parsed.local, published_utc=parsed.utc, published_raw=parsed.raw, published_source=source)
    else:
        rec["published_reason"] = (
            "no publish date in meta tags, JSON-LD or near the headline"
            if headline is not None
            else "no headline found to find the date line by, and no publish date in meta tags or JSON-LD"
        )
    if updated:
        rec.update(updated=updated.local, updated_raw=updated.raw)

    # Body: the article element, furniture cut, as Markdown.
    article = None
    for xpath in platform.content_xpaths:
        found = root.xpath(xpath)
        if found and len(squash(found[0].text_content())) > 50:
            article = found[0]
            break
    if article is None:
        article = find_article(page, furniture)
    drop = [
        el
        for el in (headline, published_el)
        if el is not None and el is not article and len(squash(el.text_content())) <= 300
    ]
    base = normalise_url(doc.base_url, base=url) if doc.base_url else url
    body, body_text = _body(article, drop, furniture, base, platform, rec)
    failed = body_checks(body, body_text, page, description, rec["title"])
    if failed:  # second opinions: trafilatura's reading, and ours ignoring every furniture name
        rec["checks"] += failed
        readings = []
        located, their_text = trafilatura_article(doc.text, page, rec["warnings"])
        if located is None and their_text:
            located = lxml.html.fragment_fromstring(
                "".join(f"<p>{escape(line)}</p>" for line in their_text.splitlines() if line.strip()),
                create_parent="div",
            )
        if located is not None:
            readings.append(("trafilatura's reading", located))
        spare = [headline] if headline is not None else ()
        readings.append(("our reading ignoring furniture names", find_article(page, Furniture(spare, names=False))))
        best = (len(failed), "ours", article, body, body_text)
        for name, element in readings:
            if element is article:
                continue
            body2, text2 = _body(element, drop, Furniture(spare, page=page), base, platform, rec)
            failed2 = body_checks(body2, text2, page, description, rec["title"])
            if len(failed2) < best[0]:
                best = (len(failed2), name, element, body2, text2)
        _, name, article, body, body_text = best
        rec["checks"].append(
            f"body: {name} taken ({best[0]} checks failed, ours {len(failed)})"
            if name != "ours"
            else "body: ours kept (no second opinion failed fewer checks)"
        )
        rec["warnings"].append("body failed a plausibility check: " + "; ".join(failed))
    rec["body"] = body
    rec["links"], rec["survey_links"], rec["media_links"] = collect_links(article, base, rec["body"])

    rec["description"] = description
    rec.update(classify(rec, rules, body_text, standing))
    if rec["is_consultation"] or rec["survey_links"]:  # only a consultation has a closing date
        rec["closes"], rec["closes_raw"] = find_closing(body_text, published[0].day if published else None)
    rec["content_sha256"] = content_hash(rec, body_text)
    return rec


def read_body(rec, rules=None):
    """Fill in what extraction reads from a notice's Markdown body (rec["body"]), its url and published date
    set: the closing date, the links (survey and media links), the topics (with rules) and the content hash.
    How an archived notice (archive/importer.py) is read as its page was; returns rec."""
    body = rec["body"]
    text = markdown_text(body)
    published_day = parse_date_text(rec["published"]).day if rec["published"] else None
    rec["closes"], rec["closes_raw"] = find_closing(text, published_day)
    rec["links"], rec["survey_links"], rec["media_links"] = collect_links(link_tree(body), rec["url"], body)
    if rules is not None:
        rec.update(classify(rec, rules))  # as extraction: short links and unknown hosts stand only on a consultation
    rec["content_sha256"] = content_hash(rec)
    return rec


def classify_again(rec, rules, standing=None):
    """The record (title, description, body, survey_links, closes) classified again, with rules and the
    force's standing phrases: a closing date stays only on a consultation or beside survey links, read again
    from the body (closing-date forms learned since it was stored reach it; a date the new read does not
    find is kept, never thrown away)."""
    rec = dict(rec, **classify(rec, rules, standing=standing))
    if not (rec["is_consultation"] or rec["survey_links"]):
        rec["closes"] = rec["closes_raw"] = None
    elif rec.get("body"):
        published = parse_date_text(rec["published"]) if rec.get("published") else None
        closes, raw = find_closing(markdown_text(rec["body"]), published.day if published else None)
        if closes:
            rec["closes"], rec["closes_raw"] = closes, raw
    return rec


def apply_standing(rec, rules, standing):
    """The record classified again knowing its force's standing phrases and links (what
    extract_notice(standing=…) gives; they only take cues and links away, so the links an earlier pass
    dropped stay dropped)."""
    if not standing or rec.get("error"):
        return rec
    channel = any("link:" + link_key(written(s)) in standing for s in rec.get("survey_links") or [])
    if not channel and not split_standing(rec.get("body") or "", standing)[1]:
        return rec  # nothing of the force's sign-offs on this page: classified as it is
    return classify_again(rec, rules, standing)


def _body(article, drop, furniture, base, platform, rec):
    """(Markdown, its plain text) of the article element, furniture, headline and date line cut."""
    clean_article(article, drop, furniture)
    body = to_markdown(article, base_url=base)
    body = "\n\n".join(b for b in body.split("\n\n") if not _is_furniture_block(b, platform, rec))
    return body, markdown_text(body)


def _is_furniture_block(block, platform, rec):
    if len(block) > 120:  # furniture lines are short; most blocks are paragraphs
        return False
    line = markdown_text(block)
    if not line:
        return True
    if FURNITURE_LINE.match(line) or (platform.furniture_lines is not None and platform.furniture_lines.match(line)):
        return True
    return line == rec.get("published_raw")
