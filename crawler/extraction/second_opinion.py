"""Second opinions from well-kept libraries, asked only when a record fails its checks (checks.py).

- Body: trafilatura finds the main text its own way; we locate the element of our tree that holds its
  paragraphs and write that element as Markdown the usual way (links, lists and survey links intact).
- Date: the page's own machine-readable dates (microdata through extruct; RDFa `dc:date`-like properties
  and `<time datetime>` through XPath, since extruct's RDFa parser has pathological slow cases) and
  htmldate vote; the day most sources agree on wins, with the most precise value stating it.

Each returns what it found; a library that fails leaves the first reading standing, logged and said in the
record's `warnings` (the list given as `warnings`).
"""

import logging
from collections import Counter

from crawler.extraction.content import subtree_weights, text_of
from crawler.extraction.dates import parse_date_text
from crawler.extraction.document import squash

log = logging.getLogger(__name__)
MATCH_SHARE = 0.8  # the located article holds this share of the text trafilatura and we agree on
RDFA_DATES = ("dc:date", "dcterms:date", "dc:created", "dcterms:created", "dcterms:issued", "schema:datePublished")
SOURCE_ORDER = ("microdata", "rdfa", "time element", "htmldate")


def _key(text):
    return squash(text).lower()[:80]


def _failed(warnings, name, e):
    log.warning("%s failed: %s", name, e)
    if warnings is not None:
        warnings.append(f"second opinion failed: {name}: {type(e).__name__}: {e}"[:300])


def trafilatura_article(text, page, warnings=None):
    """(element or None, trafilatura's text or None): the element of our tree holding the paragraphs
    trafilatura takes for the main text."""
    try:
        import trafilatura

        # fast: its own reading only, without comparing readability's and jusText's (half the time)
        found = trafilatura.extract(
            text,
            fast=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as e:  # a second opinion that fails leaves the first standing, recorded
        _failed(warnings, "trafilatura", e)
        return None, None
    if not found:
        return None, None
    lines = {_key(line) for line in found.splitlines() if len(line.strip()) >= 25}
    matched = {el: w for el, w in page.weights.items() if _key(text_of(el)) in lines}
    if not matched:
        return None, found
    scores = subtree_weights(matched, page.body)
    node = page.body
    while True:  # down while one child keeps most of the agreed text (as content.find_article)
        best = max(node, key=lambda c: scores.get(c, 0.0), default=None)
        if best is None or scores.get(best, 0.0) < MATCH_SHARE * scores.get(node, 1.0):
            return node, found
        node = best


def machine_dates(root, furniture, warnings=None):
    """[(source, ParsedDate)] of the publish dates a page marks up for machines, furniture aside."""
    out = []
    try:
        import extruct

        items = extruct.extract(root, syntaxes=["microdata"], uniform=True, errors="ignore").get("microdata", [])
    except Exception as e:
        _failed(warnings, "extruct", e)
        items = []
    for value in _microdata_dates(items):
        parsed = parse_date_text(value)
        if parsed:
            out.append(("microdata", parsed))
    for el in root.xpath("//*[@property]"):
        if el.get("property") in RDFA_DATES and not furniture(el):
            parsed = parse_date_text(el.get("content") or el.get("datetime") or squash(text_of(el)))
            if parsed:
                out.append(("rdfa", parsed))
    for el in root.iter("time"):
        if el.get("datetime") and not furniture(el):
            parsed = parse_date_text(el.get("datetime"))
            if parsed:
                out.append(("time element", parsed))
                break  # the first one outside furniture: later ones are comments' and replies'
    return out


def _microdata_dates(items):
    for item in items:
        if not isinstance(item, dict):
            continue
        for key in ("datePublished", "dateCreated"):
            value = item.get(key)
            if isinstance(value, str):
                yield value
                break
        for value in item.values():  # nested items (an Article inside a WebPage)
            if isinstance(value, dict):
                yield from _microdata_dates([value])
            elif isinstance(value, list):
                yield from _microdata_dates(value)


def htmldate_of(text, url, extensive, warnings=None):
    try:
        from htmldate import find_date

        found = find_date(text, url=url, original_date=True, extensive_search=extensive, outputformat="%Y-%m-%d")
    except Exception as e:
        _failed(warnings, "htmldate", e)
        return None
    return parse_date_text(found) if found else None


def vote_date(candidates):
    """(ParsedDate, source, supporters) for the day most candidates agree on, or None. Ties go to the
    earlier source in SOURCE_ORDER; the chosen day's most precise value (with a time) states it."""
    if not candidates:
        return None
    days = Counter(parsed.day for _, parsed in candidates)
    rank = {s: i for i, s in enumerate(SOURCE_ORDER)}
    best_day = max(days, key=lambda d: (days[d], -min(rank.get(s, 9) for s, p in candidates if p.day == d)))
    on_day = [(s, p) for s, p in candidates if p.day == best_day]
    source, parsed = min(on_day, key=lambda sp: (not sp[1].has_time, rank.get(sp[0], 9)))
    return parsed, source, sorted({s for s, _ in on_day})
