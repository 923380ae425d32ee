"""Every record checks itself: is what the fast path found plausible for this page?

Each check compares the record with what the page itself shows (its largest text block, its lead or
description, its machine-readable dates). A failed check is a short code with the evidence, e.g.
"body_short: 42 chars of body, the page's largest text block has 1,830"; the record keeps it in `checks`
and the second opinion (second_opinion.py) is asked. Checks are cheap: they reuse the page's measured
text (content.PageText) and look further only when the cheap test already fails.
"""

import re

from crawler.extraction.content import _following
from crawler.extraction.document import squash, text_of

BODY_SHARE = 0.5  # a body under half the page's largest text block is suspect …
BODY_MIN_BLOCK = 400  # … when that block is a real text (chars of non-link text)
LINK_SHARE = 0.5  # a body whose text is mostly link text is a list of links, not an article
STANDFIRST_TEXTS = 80  # text nodes after the headline looked at for a summary shown above the body
LEAD_CHARS = 60  # the description's opening that the body should hold when the page shows it

MD_LINK_TEXT = re.compile(r"\[([^\]]*)\]\(")  # the text of a Markdown link
SHOWN_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::noscript)]"
# Where pages state their publish date for machines, beyond meta tags and JSON-LD (read already).
MACHINE_DATES = (
    "//*[@itemprop='datePublished' or @itemprop='dateCreated'"
    " or @property='dc:date' or @property='dcterms:date' or @property='dc:created'"
    " or @property='dcterms:created' or @property='dcterms:issued' or @property='schema:datePublished'"
    " or @property='article:published_time'] | //time[@datetime]"
)


def body_checks(body_md, body_text, page, description, title):
    """Failed checks of a body (its Markdown and plain text): [code: evidence]."""
    failed = []
    n = len(body_text)
    biggest = page.largest_weight
    if biggest >= BODY_MIN_BLOCK and n < BODY_SHARE * biggest:
        failed.append(f"body_short: {n:,} chars of body, the page's largest text block has {biggest:,}")
    if n:
        links = sum(len(squash(m.group(1))) for m in MD_LINK_TEXT.finditer(body_md))
        if links > LINK_SHARE * n:
            failed.append(f"body_links: {links:,} of the body's {n:,} chars are link text")
    lead = _lead_of(description, title)
    if lead and lead not in squash(body_text).lower() and _may_show(page, description):
        shown = squash(" ".join(page.body.xpath(SHOWN_TEXT))).lower()
        if lead in shown and not (not failed and _standfirst(page, lead, body_text)):
            failed.append(f"lead_missing: the page shows its description ({lead[:40]}…) but the body lacks it")
    return failed


def _may_show(page, description):
    """A cheap first look (the serialiser's text, in C) for the description's first words as written: most
    descriptions are social-media copy the page never shows, and the exact test walks every text node."""
    words = squash(description).split()[:5]
    return " ".join(words) in text_of(page.body) if words else False


def _standfirst(page, lead, body_text):
    """Whether the description stands between the headline and the body's opening, as a summary shown
    above the body (GOV.UK's lead paragraph, a CMS's excerpt): a layout, not a body that lost its lead."""
    opening = squash(body_text)[:40].lower()
    if page.headline is None or not opening:
        return False
    seen = ""
    for n, (_, text) in enumerate(_following(page.headline)):
        if n > STANDFIRST_TEXTS:
            return False
        seen = (seen + " " + squash(text).lower())[-2 * (len(lead) + len(opening)) :]
        if opening in seen:
            return False  # the body began first
        if lead in seen:
            return True
    return False


def _lead_of(description, title):
    """The description's opening when it could be the article's lead (not the headline again)."""
    if not description:
        return None
    lead = squash(description).lower()
    if len(lead) < 40 or lead == squash(title or "").lower():
        return None
    return lead[:LEAD_CHARS]


def date_check(root):
    """The failed check when a page without a found publish date still states dates for machines."""
    found = root.xpath(MACHINE_DATES)
    if found:
        kinds = sorted({el.get("itemprop") or el.get("property") or el.tag for el in found[:20]})
        return f"date_missing: no publish date found, but the page marks dates up ({', '.join(kinds)})"
    return None
