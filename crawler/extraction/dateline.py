"""The publish and updated dates a page shows: the date lines near the headline (past furniture, teaser
lists, closing dates and what will happen), the visible date weighed against the first meta tag, and, when
the fast path finds none, the second opinion's vote (second_opinion.py) with htmldate confirmed by the
page's own text or URL. Used by extract_notice; pure functions over the parsed tree.
"""

import re

from crawler.extraction.checks import date_check
from crawler.extraction.closing import TRIGGER as CLOSING
from crawler.extraction.content import (
    FOLLOWING_LINES,
    FURNITURE_LINE,
    PRECEDING_LINES,
    _subtree_texts,
    _subtree_texts_reversed,
    is_hidden,
)
from crawler.extraction.dates import MONTHS, dates_in, find_date, parse_date_text, short_date
from crawler.extraction.document import squash, xml_text
from crawler.extraction.second_opinion import htmldate_of, machine_dates, vote_date

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
# "Last updated 3 May", "Modified: …", "Updated: 3 May", "Updated June 13, 2019"; but not SOH's "Updated News
# Post" label beside the publish date.
UPDATED_WORDS = re.compile(
    r"\b(?:last updated|updated (?:on|at)|updated \d|updated (?:" + "|".join(MONTHS) + r")|"
    r"(?:last )?modified|amended|last reviewed|diweddarwyd)\b|\bupdated\s*:",
    re.I,
)
URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/([0-3]?\d)(?:/|$)")
INLINE = {
    "span",
    "b",
    "strong",
    "em",
    "i",
    "time",
    "a",
    "small",
    "abbr",
    "font",
    "u",
    "sup",
    "sub",
    "br",
    "wbr",
    "svg",
    "img",
}
_HAS_YEAR = re.compile(r"(?:19|20)\d\d|\d[./][01]?\d[./]\d\d(?!\d)")  # a year, or a short date (02.12.19)
MAX_DATE_LINE = 90
MAX_DATE_LINE_REST = 32  # words around a date line ("Posted at … on", "Date published:"), not a sentence
FUTURE = re.compile(r"\b(?:will|shall|must)\b", re.I)  # what will or must happen on a day: no publish line
LINE_PARTS = re.compile(r"\s+[|•·/]\s+")  # "Blog entry by A. Writer | 28 April, 2017": a byline beside the date
UNSHOWN = {"script", "style", "noscript", "template"}
TITLE_EXTRA = 30  # chars a visible title may add to the page's title ("… | News")
WALK_LIMIT = 400  # text nodes a date walk looks at in all, whatever it passes over (teaser lists)


def _date_line(text):
    """The date a short line states when the line is about the date (not a sentence that mentions one, nor
    a closing date or what will happen on it): the date with a few words around it, or, in a line of parts
    ("By A. Writer | 28 April, 2017"), the part that is the date."""
    if not text or len(text) > MAX_DATE_LINE:
        return None
    found = find_date(text)
    if not found:
        return short_date(text)
    parsed, start, end = found
    if CLOSING.search(text, 0, start) or FUTURE.search(text, 0, start):
        return None  # "The survey closes on 7 March 2021.", "He will next appear on 6 January 2020."
    if len(text) - (end - start) > MAX_DATE_LINE_REST:
        part = next((p for p in LINE_PARTS.split(text) if start < text.find(p) + len(p)), None)
        if part is None or part == text or not (found := find_date(part)):
            return None
        if len(part) - (found[2] - found[1]) > MAX_DATE_LINE_REST:
            return None
        parsed = found[0]
    return parsed._replace(raw=text)


def _read_line(line):
    """(published, updated) a line states: "Written: 7 Nov 2023 / Updated: 8 Nov 2023" states both, the
    publish date before the word saying the rest is the updated date."""
    m = UPDATED_WORDS.search(line)
    if m is None:
        return _date_line(line), None
    head = line[: m.start()].rstrip(" /|·•,;:-–—(")
    published = _date_line(head) if head else None
    if published is None:
        return None, _date_line(line)
    return published, _date_line(line[m.start() :])


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


def _unlabelled(block, line):
    """The line without the text of the block's inline labels that are furniture lines: "Date published:
    15 December 2020 16:16 <span>Updated News Post</span>" is a date line with a tag beside it."""
    for child in block.iter():
        if child is not block and isinstance(child.tag, str) and child.tag in INLINE:
            label = squash(" ".join(child.itertext()))
            if label and FURNITURE_LINE.match(label):
                line = line.replace(label, " ")
    return squash(line)


def _blank(text):
    return not text or text.isspace()


def _is_tail(el, node):
    """Whether a text node the walk gave with el is el's tail (lxml gives a new string at each reading)."""
    return node != el.text


def _holder(el, node):
    """The element a text node is inside: el for its text, el's parent for its tail."""
    return el.getparent() if _is_tail(el, node) and el.getparent() is not None else el


def _inline_line(el, node, block):
    """(element, text) of the inline element holding a text node when it stands as a line of its own inside
    a longer block: nothing but space before and after it (a <time> or <small> beside a byline and share
    buttons in an article header), or its class naming a date (a span.article-date ending a standfirst);
    not a word in a paragraph's sentence. None otherwise."""
    holder = _holder(el, node)
    while holder is not None and holder is not block and isinstance(holder.tag, str) and holder.tag in INLINE:
        parent = holder.getparent()
        before = holder.getprevious()
        alone = _blank(holder.tail) and _blank(
            before.tail if before is not None else parent.text if parent is not None else None
        )
        if alone or _names_date(holder):
            text = squash(" ".join(holder.itertext()))
            return (holder, text) if len(text) <= MAX_DATE_LINE else None
        holder = parent
    return None


DATE_NAMES = frozenset("date dates time timestamp datetime pubdate published posted dateline".split())
_NAME_SPLIT = re.compile(r"[^a-z0-9]+")
_NAME_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _names_date(el):
    """Whether the element's class or id names a date, on whole words ("article-date", "postDate"; not
    "update")."""
    for value in (el.get("class"), el.get("id")):
        if value and not DATE_NAMES.isdisjoint(_NAME_SPLIT.split(_NAME_CAMEL.sub(" ", value).lower())):
            return True
    return False


def _walk(anchor, furniture=None, preceding=False):
    """(element, text) of the text nodes after (or before, nearest first) anchor in document order, lazily,
    from the anchor outwards; with furniture, a furniture subtree on the way (a menu, a 'latest news' box) is
    passed over whole. The element is the one whose text or tail it is (as content.texts_near)."""
    el = anchor
    while el is not None:
        if not preceding and el.tail:
            yield el, el.tail
        for sibling in el.itersiblings(preceding=preceding):
            if furniture is not None and isinstance(sibling.tag, str) and furniture(sibling):
                if sibling.tail:
                    yield sibling, sibling.tail
                continue
            yield from (_subtree_texts_reversed if preceding else _subtree_texts)(sibling)
        el = el.getparent()
        if preceding and el is not None and el.text:
            yield el, el.text


def _lines_near(anchor, furniture, skip, following=FOLLOWING_LINES):
    """(element, text) of the shown text nodes just after (FOLLOWING_LINES), then just before
    (PRECEDING_LINES, as content.texts_near) anchor: where date lines stand. After it, furniture passed
    over or met (a pager, a breadcrumb) and nodes inside an element of skip (a teaser list found on the
    way) do not count: the article's own date line may stand beyond a 'latest news' box. Before it,
    every line counts (a site header's date of the day stays out of reach)."""
    looked = 0
    for preceding, limit in ((False, following), (True, PRECEDING_LINES)):
        n = 0
        for el, text in _walk(anchor, None if preceding else furniture, preceding):
            if not text.strip(" \t\r\n") or (el.tag in UNSHOWN and not _is_tail(el, text)):
                continue  # (a script's or style's text is no line)
            looked += 1
            if looked > WALK_LIMIT:
                return
            if not preceding and (furniture(el) or (skip and any(s is el or s in el.iterancestors() for s in skip))):
                continue
            n += 1
            if n > limit:
                break
            yield el, text


def _linked(el):
    href = el.get("href") if el.tag == "a" else None
    if href and not href.startswith(("#", "javascript:")):
        return True
    return any(a.get("href") and not a.get("href").startswith(("#", "javascript:")) for a in el.iter("a"))


ITEMS = {"li", "tr", "article", "dd", "dt"}  # elements that are items of a list whatever their classes


def _alike(a, b):
    """Two siblings of one kind: the same tag and a class in common (or neither with one); list items by
    their tag alone (a generator or a CMS varies the classes of its cards: "teaser", "related-item--v2")."""
    if a.tag != b.tag:
        return False
    if a.tag in ITEMS:
        return True
    ca, cb = a.get("class"), b.get("class")
    if not ca or not cb:
        return not ca and not cb
    return not set(ca.split()).isdisjoint(cb.split())


def _element_sibling(el, preceding):
    for sib in el.itersiblings(preceding=preceding):
        if isinstance(sib.tag, str):
            return sib
    return None


def _same_place(item, path):
    """The element of item at the place path (outermost first) names in its like sibling: at each step the
    child of the same tag and class, else the first of the same tag."""
    for step in path:
        children = [c for c in item if isinstance(c.tag, str) and c.tag == step.tag]
        item = next((c for c in children if c.get("class") == step.get("class")), children[0] if children else None)
        if item is None:
            return None
    return item


def _states_date(el):
    """Whether an element is a date line, or a <time datetime> (whatever it shows: "3 days ago") or holds one."""
    if el.tag == "time" and el.get("datetime"):
        return True
    return _date_line(squash(" ".join(el.itertext()))) is not None or el.find(".//time[@datetime]") is not None


def _teaser_list(date_el, anchor_line):
    """The list element when date_el (the element holding a date) stands in one of several like items beside
    each other, each a link with a date in the same place (a 'more news' list of cards), away from the
    headline; else None. anchor_line: the headline and its ancestors (a list holding the headline is the
    article's own)."""
    path = []
    el = date_el
    while el is not None:
        parent = el.getparent()
        if parent is None or parent in anchor_line:
            return None
        for preceding in (False, True):
            sib = _element_sibling(el, preceding)
            if sib is None or not _alike(sib, el) or not (_linked(el) and _linked(sib)):
                continue
            twin = _same_place(sib, reversed(path))
            if twin is not None and _states_date(twin):
                return parent
        path.append(el)
        el = parent
    return None


def date_near_headline(anchor, furniture, platform):
    """(published, updated, element of the publish line) from the lines around the headline: the first line
    stating a publish date, and one stating an updated date (within a few lines of it)."""
    if anchor is None:
        return None, None, None
    published = updated = published_el = None
    seen = {}  # block -> whether its line stated a date
    skip = []  # teaser lists found: their items' dates are theirs, not the page's
    anchor_line = {anchor, *anchor.iterancestors()}
    left = None  # once the publish line is found, a few more lines may still say when it was updated
    for el, node in _lines_near(anchor, furniture, skip):
        if left is not None:
            left -= 1
            if left < 0:
                break
        is_time = el.tag == "time" and el.get("datetime")
        if not (is_time or _HAS_YEAR.search(node)) or furniture(el):
            continue  # a text without a year cannot hold a date (its sibling with the year brings the line)
        if is_time and published is None:
            parsed = parse_date_text(el.get("datetime"))
            parent = el.getparent()
            if parsed and not UPDATED_WORDS.search(squash(parent.text_content() if parent is not None else "")[:40]):
                teasers = _teaser_list(el, anchor_line)
                if teasers is not None:
                    skip.append(teasers)
                    continue
                published, published_el = (parsed, "time element"), el
                continue
        block = _line_of(el)
        if block is None:
            continue
        line_el = block
        if block not in seen:
            line = _line_text(block, anchor)
            pub, upd = _read_line(line)
            if not (pub or upd) and len(line) <= 2 * MAX_DATE_LINE:
                line = _unlabelled(block, line)
                pub, upd = _read_line(line)
            seen[block] = bool(pub or upd)
        elif seen[block]:
            continue
        if not seen[block]:  # the block says more than a date: an inline element of it may be a line of its own
            inline = _inline_line(el, node, block)
            if inline is None:
                continue
            line_el, line = inline
            pub, upd = _read_line(line)
            if not (pub or upd):
                continue
        teasers = _teaser_list(_holder(el, node) if line_el is block else line_el, anchor_line)
        if teasers is not None:
            skip.append(teasers)
            continue
        if platform.date_line is not None and platform.date_line.match(line) and published is None and pub:
            published, published_el = (pub, "visible line"), line_el
            left = 8
            continue
        if upd:
            updated = updated or upd
        if pub and published is None:
            published, published_el = (pub, "visible line"), line_el
        if published and updated:
            break
        if published and left is None:
            left = 8
    if published is None:
        first = _first_line_in_furniture(anchor, furniture, anchor_line)
        if first is not None:
            published, published_el = (first[0], "visible line"), first[1]
    return published, updated, published_el


def _first_line_in_furniture(anchor, furniture, anchor_line):
    """(date, element) when the very first line shown after the headline is a date line inside an element
    named as furniture (`<ul class="nav meta">`, a "toolbar" of date and share links): standing there, the
    name is weaker evidence than the place. Hidden elements and teaser lists stay out."""
    for el, node in _walk(anchor):
        if not node.strip(" \t\r\n") or (el.tag in UNSHOWN and not _is_tail(el, node)):
            continue
        holder = _holder(el, node)
        if not furniture(holder) or any(is_hidden(a) for a in (holder, *holder.iterancestors())):
            return None
        block = _line_of(el)
        line = _line_text(block, anchor) if block is not None else ""
        pub, _ = _read_line(line) if len(line) <= MAX_DATE_LINE else (None, None)
        if pub is None or _teaser_list(block, anchor_line) is not None:
            return None
        return pub, block
    return None


def shows_title(heading, want):
    """Whether the heading shows the title (as the headline is chosen: the same text, or a long title in it)."""
    if heading is None or not want:
        return False
    text = squash(heading.text_content()).lower()
    return text == want or (len(want) > 20 and want in text)


def title_element(root, title, furniture):
    """The element whose own text shows the title (a styled div or link where no h1/h2 shows it): the same
    text, else, for a long title, the title with a few words more or less ("… | News"); outside furniture
    when one is; else None."""
    if not title:
        return None
    want = xml_text(squash(title))  # (a control character in og:title: an XPath variable refuses it)
    if len(want) > 20:
        xpath = (
            "//body//text()[string-length(normalize-space(.)) > 20 and (contains(normalize-space(.), $t) and "
            "string-length(normalize-space(.)) <= $n + $extra or contains($t, normalize-space(.)) and "
            "string-length(normalize-space(.)) >= $n - $extra)]"
        )
    else:
        xpath = "//body//text()[normalize-space(.) = $t]"
    found = [
        t.getparent()
        for t in root.xpath(xpath, t=want, n=len(want), extra=TITLE_EXTRA)
        if not t.is_tail and t.getparent() is not None
    ]
    found = [el for el in found if el.tag not in ("script", "style", "title", "option", "textarea")]
    found.sort(key=lambda el: (squash(el.text).lower() != want.lower(), furniture(el)))
    return found[0] if found else None


def visible_confirmed(published, near, doc, articles_ld, rec):
    """The visible publish line when it disagrees with the first machine-readable date and another of the
    page's own publish dates (a meta tag further down the list, JSON-LD) states the visible day: a CMS
    that writes its edit time into article:published_time is outvoted by what it shows and says elsewhere."""
    day = near[0].day
    for name in PUBLISHED_META:
        for value in doc.meta.get(name, ()):
            parsed = parse_date_text(value) if value else None
            if parsed and parsed.day == day:
                break
        else:
            continue
        break
    else:
        name = next(
            (
                "json-ld"
                for a in articles_ld
                if isinstance(a.get("datePublished"), str)
                and (p := parse_date_text(a["datePublished"]))
                and p.day == day
            ),
            None,
        )
        if name is None:
            return published
    rec["checks"].append(
        f"date: the visible line's {day} taken over {published[1]}'s {published[0].day} ({name} says the same)"
    )
    return near


def date_second_opinion(root, furniture, text, url, rec, updated, anchor=None):
    """(ParsedDate, source) from microdata, RDFa, <time datetime> and htmldate, by vote (second_opinion).
    A day the page writes only in a list of teasers is another notice's, whoever reads it. htmldate never
    decides alone: on a page without dates marked up for machines its answer is taken only when the URL's
    year/month agrees or the page writes its day near the headline (in a line that is not an updated line,
    outside furniture and teaser lists), and never when it is the page's updated date (what it falls back
    to) unless the page writes that day near the headline as more than an update."""
    check = date_check(root)
    if check:
        rec["checks"].append(check)
    listed = {}

    def only_listed(source, parsed):
        if parsed.day not in listed:
            listed[parsed.day] = _written_only_in_lists(root, parsed.day, anchor)
        if listed[parsed.day]:
            rec["checks"].append(
                f"date: {source}'s {parsed.local} is written only in a list of teasers (another "
                "notice's date), not taken"
            )
        return listed[parsed.day]

    candidates = [
        (s, p) for s, p in (machine_dates(root, furniture, rec["warnings"]) if check else []) if not only_listed(s, p)
    ]
    written = _days_written_near(anchor, furniture)
    found = htmldate_of(text, url, extensive=bool(check), warnings=rec["warnings"])
    confirmed = found is not None and found.day in written
    if found and updated and found.day == updated.day and not confirmed:
        rec["checks"].append(f"date: htmldate's {found.local} is the page's updated date, not taken")
        found = None
    if found and not candidates and not confirmed and not _url_agrees(url, found.day):
        # htmldate's search without its guesses from free text (extensive) gives the same day, and the page
        # writes that day in full as machines do (2020-09-20, 2016/11/18: an attribute, a script's data, an
        # image path): taken as htmldate's reading. "Version 1.2.19" is no such day.
        guess = found
        found = htmldate_of(text, url, extensive=False, warnings=rec["warnings"]) if check else found
        if found and found.day == guess.day and _machine_written(text, found.day):
            rec["checks"].append(
                f"date: htmldate's {found.local} taken, written in full in the page's source, "
                "with nothing else to confirm it"
            )
        else:
            rec["checks"].append(f"date: htmldate's {guess.local} alone, with nothing to confirm it, not taken")
            found = None
    if found and only_listed("htmldate", found):
        found = None
    if found:
        if confirmed:
            rec["checks"].append(f"date: htmldate's {found.local} is written near the headline")
        candidates.append(("htmldate", found))
    voted = vote_date(candidates)
    if not voted:
        return None
    parsed, source, supporters = voted
    rec["checks"].append(f"date: {source} taken (agreed by {', '.join(supporters)})")
    return parsed, source


def _written_only_in_lists(root, day, anchor):
    """Whether the page writes the day (in its text or a <time datetime>) and only in a list of teasers: a
    'Latest news' row's date, which htmldate may take for an undated page's. (Furniture names are no
    evidence here: a page misread as all furniture still writes its own date.)"""
    anchor_line = {anchor, *anchor.iterancestors()} if anchor is not None else set()
    places = [
        el
        for el in root.iter("time")
        if el.get("datetime") and (p := parse_date_text(el.get("datetime"))) and p.day == day
    ]
    for text in root.xpath("//body//text()[not(ancestor::script or ancestor::style)]"):
        if _HAS_YEAR.search(text) and any(found.day == day for found in dates_in(squash(text))):
            places.append(text.getparent() if not text.is_tail else text.getparent().getparent())
    places = [el for el in places if el is not None]
    return bool(places) and all(_teaser_list(el, anchor_line) is not None for el in places)


CONFIRM_LINES = 60  # lines after the headline where a day written confirms htmldate's
CONFIRM_BLOCK = 300  # chars of a block read whole for the days it writes


def _days_written_near(anchor, furniture):
    """The days written around the anchor, in any line however long (CONFIRM_LINES after it, PRECEDING_LINES
    before), but not as an updated date, in furniture or in a teaser list: what may confirm another
    reader's day, never a date by itself."""
    days = set()
    if anchor is None:
        return days
    skip, seen = [], set()
    anchor_line = {anchor, *anchor.iterancestors()}
    for el, node in _lines_near(anchor, furniture, skip, following=CONFIRM_LINES):
        if not _HAS_YEAR.search(node):
            continue
        block = _line_of(el)
        if block is None or block in seen:
            continue
        seen.add(block)
        teasers = _teaser_list(_holder(el, node), anchor_line)
        if teasers is not None:
            skip.append(teasers)
            continue
        line = _line_text(block, anchor)
        if len(line) > CONFIRM_BLOCK:  # a block holding the whole article: the node alone
            line = squash(node)
        while found := find_date(line):
            if not UPDATED_WORDS.search(line[: found[1]]):
                days.add(found[0].day)
            line = line[found[2] :]
    return days


URL_MONTH = re.compile(
    r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:/|$)", re.I
)


def _machine_written(text, day):
    """Whether the page's source writes the day year first in full (2020-09-20, 2016/11/18)."""
    return re.search(rf"(?<!\d){day.year}(?P<s>[-/]){day.month:02d}(?P=s){day.day:02d}(?!\d)", text) is not None


def _url_agrees(url, day):
    """The URL names the day's year and month (/2020/11/, /2020/november/)."""
    m = URL_MONTH.search(url or "")
    if not m:
        return False
    month = m.group(2).lower()
    month = (
        int(month)
        if month.isdigit()
        else "jan feb mar apr may jun jul aug sep oct nov dec".split().index(month[:3]) + 1
    )
    return (int(m.group(1)), month) == (day.year, day.month)
