"""Pure extraction (no Scrapy): `(html bytes, url, response headers)` -> one notice record.

The steps, each in its own module: parse once (document), identity (urls), headline (titles), publish and
updated dates (dates, near the headline), the article body (content -> markdown), its links (links), the
closing date (closing) and topics/consultation (topics). Site platforms (crawler.platforms) add what is
known about their sites. Every field of crawler.record.FIELDS is always present.
"""
import hashlib
import re
from html import escape
from functools import lru_cache

import lxml.html

from crawler.extraction.checks import body_checks, date_check

from crawler.extraction.closing import find_closing
from crawler.extraction.content import (FURNITURE_LINE, Furniture, PageText, clean_article, find_article,
                                        texts_near)
from crawler.extraction.dates import find_date, parse_date_text
from crawler.extraction.document import ExtractionError, jsonld_articles, parse_document, squash
from crawler.extraction.links import collect_links
from crawler.extraction.markdown import markdown_text, to_markdown
from crawler.extraction.second_opinion import htmldate_of, machine_dates, trafilatura_article, vote_date
from crawler.extraction.signoffs import link_key, split_standing
from crawler.extraction.titles import clean_title
from crawler.extraction.topics import classify, load_rules
from crawler.extraction.urls import identity_url, normalise_url
from crawler.platforms import platform_for
from crawler.record import EXTRACTOR_VERSION, empty_record
from crawler.registry import load_registry

__all__ = ["extract_notice", "apply_standing", "classify_again", "content_hash", "load_rules", "classify", "ExtractionError"]

PUBLISHED_META = ("article:published_time", "og:article:published_time", "article:published",
                  "datepublished", "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date",
                  "publishdate", "publish-date", "publish_date", "pubdate", "publication_date", "date",
                  "sailthru.date", "parsely-pub-date")
UPDATED_META = ("article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
                "dcterms.modified", "last-modified")
# "Last updated 3 May", "Modified: …"; but not SOH's "Updated News Post" label beside the publish date.
UPDATED_WORDS = re.compile(r"\b(last updated|updated (on|at)|updated:|updated \d|(last )?modified|amended|"
                           r"last reviewed|diweddarwyd)\b", re.I)
URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/([0-3]?\d)(?:/|$)")
INLINE = {"span", "b", "strong", "em", "i", "time", "a", "small", "abbr", "font", "u", "sup", "sub", "br", "wbr",
          "svg", "img"}
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
MAX_DATE_LINE = 90
MAX_DATE_LINE_REST = 32  # words around a date line ("Posted at … on", "Date published:"), not a sentence


@lru_cache(maxsize=1)
def _default_registry():
    return load_registry()


def content_hash(record, body_text=None):
    """SHA-256 of what makes a new version: normalised title, body text and publish date."""
    if body_text is None:
        body_text = markdown_text(record.get("body") or "")
    text = "\n".join((squash(record.get("title") or ""), body_text, record.get("published") or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _date_line(text):
    """The date a short line states when the line is about the date (not a sentence that mentions one)."""
    if not text or len(text) > MAX_DATE_LINE:
        return None
    found = find_date(text)
    if not found:
        return None
    parsed, start, end = found
    if len(text) - (end - start) > MAX_DATE_LINE_REST:
        return None
    return parsed._replace(raw=text)


def _line_text(block, anchor):
    """The block's text with its parts spaced ("13:35" "15/02/2021" in two spans) and without the
    headline when the block holds it too (a header div with a date span and the h1)."""
    if block not in anchor.iterancestors():  # (up from the anchor: a few steps, not the block's subtree)
        return squash(" ".join(block.itertext()))
    parts = []
    for text in block.xpath(".//text()"):
        owner = text.getparent()
        inside = (owner is anchor and not text.is_tail) or anchor in owner.iterancestors()
        if not inside:
            parts.append(text)
    return squash(" ".join(parts))


def _line_of(el):
    """The block element a text node belongs to, from the element whose text or tail it is."""
    while el is not None and (not isinstance(el.tag, str) or el.tag in INLINE) and el.getparent() is not None:
        el = el.getparent()  # (a comment or processing instruction owns the text after it as its tail)
    return el


def _date_near_headline(anchor, furniture, platform):
    """(published, updated, element of the publish line) from the lines around the headline."""
    if anchor is None:
        return None, None, None
    published = updated = published_el = None
    seen = set()
    left = None  # once the publish line is found, a few more lines may still say when it was updated
    for el, node in texts_near(anchor):
        if left is not None:
            left -= 1
            if left < 0:
                break
        is_time = el.tag == "time" and el.get("datetime")
        if not (is_time or _HAS_YEAR.search(node)) or furniture(el):
            continue  # a text without a year cannot hold a date (its sibling with the year brings the line)
        if is_time and published is None:
            parsed = parse_date_text(el.get("datetime"))
            if parsed and not UPDATED_WORDS.search(squash(el.getparent().text_content() if el.getparent() is not None else "")[:40]):
                published, published_el = (parsed, "time element"), el
                continue
        block = _line_of(el)
        if block is None or block in seen:
            continue
        seen.add(block)
        line = _line_text(block, anchor)
        parsed = _date_line(line)
        if not parsed:
            continue
        if platform.date_line is not None and platform.date_line.match(line) and published is None:
            published, published_el = (parsed, "visible line"), block
            left = 8
            continue
        if UPDATED_WORDS.search(line):
            updated = updated or parsed
        elif published is None:
            published, published_el = (parsed, "visible line"), block
        if published and updated:
            break
        if published and left is None:
            left = 8
    return published, updated, published_el


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
    rec.update(fetched_url=url, canonical=doc.canonical, og=doc.og, jsonld=doc.jsonld, lang=doc.lang,
               page_title=doc.page_title, platform=platform.name, warnings=list(doc.warnings),
               raw_sha256=hashlib.sha256(data).hexdigest(),
               extractor_version=f"{EXTRACTOR_VERSION}/{platform.name}-{platform.version}")
    if force:
        rec.update(force=force.slug, force_name=force.name, area=force.area)
    else:
        rec["warnings"].append("no force in the registry owns this host")
    rec["url"], why = identity_url(doc.canonical, url, force, force.start_urls if force else ())
    if why:
        rec["warnings"].append(f"canonical not used: {why}")

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
    rec["title"] = clean_title(doc.page_title, doc.og.get("title") or ld_headline, force,
                               [t for _, t in headings])
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
    near, near_updated, near_el = _date_near_headline(headline, furniture, platform)
    if published is None and near:
        published = near
    if near and published and near[0].day == published[0].day:
        published_el = near_el  # the visible date line is not body text
    if published is None:
        m = URL_DATE.search(rec["url"] or url)
        if m:
            published = (parse_date_text(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"), "url")
            published = published if published[0] else None
    updated_value = doc.first(*UPDATED_META) or next(
        (a.get("dateModified") for a in articles_ld if isinstance(a.get("dateModified"), str)), None)
    updated = parse_date_text(updated_value) if updated_value else near_updated
    if published is None:  # no date on the fast path: the page's markup for machines and htmldate vote
        published = _date_second_opinion(root, furniture, doc.text, url, rec, updated)
    if published:
        parsed, source = published
        rec.update(published=parsed.local, published_utc=parsed.utc, published_raw=parsed.raw,
                   published_source=source)
    else:
        rec["published_reason"] = ("no publish date in meta tags, JSON-LD or near the headline"
                                   if headline is not None else "no headline found to find the date line by, "
                                   "and no publish date in meta tags or JSON-LD")
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
    drop = [el for el in (headline, published_el)
            if el is not None and el is not article and len(squash(el.text_content())) <= 300]
    base = normalise_url(doc.base_url, base=url) if doc.base_url else url
    body, body_text = _body(article, drop, furniture, base, platform, rec)
    failed = body_checks(body, body_text, page, description, rec["title"])
    if failed:  # second opinions: trafilatura's reading, and ours ignoring every furniture name
        rec["checks"] += failed
        readings = []
        located, their_text = trafilatura_article(doc.text, page)
        if located is None and their_text:
            located = lxml.html.fragment_fromstring("".join(f"<p>{escape(line)}</p>" for line in
                                                            their_text.splitlines() if line.strip()),
                                                    create_parent="div")
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
        rec["checks"].append(f"body: {name} taken ({best[0]} checks failed, ours {len(failed)})" if name != "ours"
                             else "body: ours kept (no second opinion failed fewer checks)")
        rec["warnings"].append("body failed a plausibility check: " + "; ".join(failed))
    rec["body"] = body
    rec["links"], rec["survey_links"], rec["media_links"] = collect_links(article, base, rec["body"])

    rec["description"] = description
    rec.update(classify(rec, rules, body_text, standing))
    if rec["is_consultation"] or rec["survey_links"]:  # only a consultation has a closing date
        rec["closes"], rec["closes_raw"] = find_closing(body_text, published[0].day if published else None)
    rec["content_sha256"] = content_hash(rec, body_text)
    return rec


def _date_second_opinion(root, furniture, text, url, rec, updated):
    """(ParsedDate, source) from microdata, RDFa, <time datetime> and htmldate, by vote (second_opinion).
    htmldate never decides alone: on a page without dates marked up for machines its answer is taken only
    when the URL's year/month agrees, and never when it is the page's updated date (what it falls back to)."""
    check = date_check(root)
    if check:
        rec["checks"].append(check)
    candidates = machine_dates(root, furniture) if check else []
    if not check and not URL_MONTH.search(url or ""):
        return None  # htmldate alone is taken only when the URL's month agrees: no need to ask it
    found = htmldate_of(text, url, extensive=bool(check))
    if found and updated and found.day == updated.day:
        rec["checks"].append(f"date: htmldate's {found.local} is the page's updated date, not taken")
        found = None
    if found and not candidates and not _url_agrees(url, found.day):
        rec["checks"].append(f"date: htmldate's {found.local} alone, with nothing to confirm it, not taken")
        found = None
    if found:
        candidates.append(("htmldate", found))
    voted = vote_date(candidates)
    if not voted:
        return None
    parsed, source, supporters = voted
    rec["checks"].append(f"date: {source} taken (agreed by {', '.join(supporters)})")
    return parsed, source


URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:/|$)", re.I)


def _url_agrees(url, day):
    """The URL names the day's year and month (/2020/11/, /2020/november/)."""
    m = URL_MONTH.search(url or "")
    if not m:
        return False
    month = m.group(2).lower()
    month = int(month) if month.isdigit() else "jan feb mar apr may jun jul aug sep oct nov dec".split().index(month[:3]) + 1
    return (int(m.group(1)), month) == (day.year, day.month)


def classify_again(rec, rules, standing=None):
    """The record (title, description, body, survey_links, closes) classified again, with rules and the
    force's standing phrases: a closing date stays only on a consultation or beside survey links."""
    rec = dict(rec, **classify(rec, rules, standing=standing))
    if not (rec["is_consultation"] or rec["survey_links"]):
        rec["closes"] = rec["closes_raw"] = None
    return rec


def apply_standing(rec, rules, standing):
    """The record classified again knowing its force's standing phrases and links (what
    extract_notice(standing=…) gives; they only take cues and links away, so the links an earlier pass
    dropped stay dropped)."""
    if not standing or rec.get("error"):
        return rec
    channel = any("link:" + link_key(s["url"]) in standing for s in rec.get("survey_links") or [])
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
