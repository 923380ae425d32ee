"""Find the article in a page whose markup we have never seen.

Signals that survive redesigns: landmarks (main/article/role=main), the headline, furniture words in
class/id/role/aria-label, link density and text density. The element holding most of the paragraph text
outside furniture is the article; furniture inside it is then cut. Work stays in lxml's C code where it can
(tag-filtered iteration, XPath): a whole page has thousands of elements and we have ~2 ms for it.
"""

import re
from functools import lru_cache
from itertools import islice

from crawler.extraction.document import squash, text_of, xml_text

# Elements that never hold article text.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "button",
    "select",
    "input",
    "textarea",
    "label",
    "option",
    "dialog",
    "object",
    "embed",
    "map",
    "iframe",
)
# Landmarks that are furniture wherever they stand.
FURNITURE_TAGS = {"nav", "aside", "footer", "menu"}  # not form: ASP.NET wraps whole pages in one
FURNITURE_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
    "alert",
}
# Words in class/id/aria-label that mark furniture, matched on whole tokens (split on - _ space and
# camelCase), so "article-body" is safe while "cookie-banner" and "relatedNews" go.
FURNITURE_WORDS = frozenset(
    """
    nav navbar navigation menu megamenu submenu breadcrumb breadcrumbs crumbs cookie cookies consent gdpr
    banner share sharing sharer social sharebar addthis addtoany related sidebar aside footer colophon feedback
    newsletter subscribe signup promo advert advertisement ads skip skiplink exit quickexit escape beta
    comments comment pagination pager tags tagcloud rating modal popup masthead toolbar search topbar
    utility morenews trending carousel widget print disclaimer rightcol leftnav leftcol rightcolumn
    leftcolumn ribbon hidden sronly offscreen usefulness helpful recommended readmore alsoread teaser teasers
    listing latest latestnews othernews morestories moreinfo header-nav skipnav
""".split()
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
BLOCKS = ("p", "li", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "td", "dd", "div")
# A div with one of these inside is a container, not a paragraph (SharePoint writes paragraphs as divs).
CONTAINERS = frozenset(
    (
        "p",
        "div",
        "ul",
        "ol",
        "dl",
        "table",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "form",
        "figure",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "fieldset",
        "details",
        "address",
        "center",
    )
)
# Whole text lines of furniture that survive in many templates (SOH and others).
FURNITURE_LINE = re.compile(
    r"^(quickly exit this site|exit this site|skip to (main )?content|this is a new (website|service)\b.*|"
    r"updated news post|news|share( this)?( page| article| story)?:?|print( this page)?|back to (top|news)|"
    r"tell us what you think of (our|this|the) (new )?(website|site|page)\b.*|was this page (useful|helpful)\??|"
    r"report a problem with this page\.?|hide this message|accept( all)? cookies)$",
    re.I,
)


@lru_cache(maxsize=8192)
def _names_furniture(value):
    """Whether a class/id/aria-label value names furniture (cached: pages repeat their class names)."""
    tokens = _SPLIT.split(_CAMEL.sub(" ", value).lower())
    words = set(tokens)
    words.update(a + b for a, b in zip(tokens, tokens[1:]))  # "more-news" -> "morenews"
    return not words.isdisjoint(FURNITURE_WORDS)


def is_hidden(el):
    """Not shown to anyone: the hidden attribute or aria-hidden (a verdict, not evidence)."""
    return el.get("hidden") is not None or el.get("aria-hidden") == "true"


def is_furniture(el):
    """Whether the element's own tag, role, class, id or aria-label names furniture. Evidence only: a word
    in a class list says what a CMS author meant (`field--label-hidden`, `hidden-print`), not what the
    element holds; Furniture weighs it against the text below it."""
    tag = el.tag
    if tag in FURNITURE_TAGS:
        return True
    role = el.get("role")
    if role and role.lower() in FURNITURE_ROLES:
        return True
    if is_hidden(el):
        return True
    if tag == "header":
        parent = el.getparent()
        return parent is not None and parent.tag == "body"  # the site header; an article's own header stays
    for value in (el.get("class"), el.get("id"), el.get("aria-label")):  # a loop: any(<genexpr>) costs 2x
        if value and _names_furniture(value):
            return True
    return False


def _link_len(el):
    return sum(len(squash(text_of(a))) for a in el.iter("a"))


PARAGRAPHS = ("p", "blockquote", "pre")
ENOUGH_PARAGRAPH_TEXT = 400  # chars of <p> text that make scanning every div, li and td unnecessary
LEAD_SHARE = 0.1  # an element holding its lead (and this share of the page's text) is the article …
ARTICLE_SHARE = 0.4  # … and one holding this share and the page's largest text block (a lead shown above) …
DOMINANT_SHARE = 0.6  # … and, when no lead is known, one holding this share
STANDFIRST_GAP = 40  # text nodes between a lead shown above the body and the body
LABEL_TEXT = 150  # a furniture-named element with less text than this, no link and no heading is a label
LEAF_ONLY = frozenset(("div", "td", "li", "dd"))  # blocks only when nothing block-level is inside


def _in_link(el, depth=4):
    """Inside an <a> a few levels up (a teaser card that is one link; looking higher costs every block a
    walk to the root)."""
    for _ in range(depth):
        el = el.getparent()
        if el is None:
            return False
        if el.tag == "a":
            return True
    return False


def text_blocks(body, tags, elements=None):
    """{block: weight} of the page's text blocks: leaf paragraphs (or divs) with their non-link text as
    weight; lists of links (menus, related news) and teasers inside a link weigh nothing (PageText drops
    hidden ones). In document order."""
    weights = {}
    # only leaf-ish divs and cells are paragraphs (SharePoint writes paragraphs as <div>): the parents of the
    # page's block containers, found in one pass (asking each div about its children cost twice as much)
    holders = {c.getparent() for c in body.iter(CONTAINERS)} if not LEAF_ONLY.isdisjoint(tags) else ()
    for el in body.iter(tags) if elements is None else elements:
        if el in holders and el.tag in LEAF_ONLY:
            continue
        text = text_of(el)
        if len(text) < 25:
            continue
        text = squash(text)
        if len(text) < 25:
            continue
        links = _link_len(el)  # (0 without links; el.find(".//a") first cost more than it saved)
        if links > 0.5 * len(text) or _in_link(el):
            continue  # lists of links: menus and related news (a teaser may be one link around a block)
        weights[el] = len(text) - links
    return weights


def subtree_weights(weights, body):
    """{element: summed weight of the blocks below it} up to body. Climbed a level at a time with the
    weights of siblings summed first: paragraphs share their parents, so each ancestor is met once a level
    rather than once a paragraph."""
    scores = {}
    level = {}
    for el, weight in weights.items():
        parent = el.getparent()
        if parent is not None:
            level[parent] = level.get(parent, 0.0) + weight
    while level:
        above = {}
        for el, weight in level.items():
            scores[el] = scores.get(el, 0.0) + weight
            parent = el.getparent() if el is not body else None
            if parent is not None:
                above[parent] = above.get(parent, 0.0) + weight
        level = above
    return scores


class PageText:
    """Where a page's text is: its blocks, their weights, and the lead (the first text block after the
    headline). Measured once, before any furniture is judged, so that furniture words can be weighed
    against what an element holds."""

    def __init__(self, root, headline=None, paragraphs=None, lead_text=None):
        body = root.find("body")
        self.body = body if body is not None else root
        self.headline = headline
        self._follows = None
        self.weights = text_blocks(self.body, PARAGRAPHS, paragraphs)
        named = Furniture()  # names taken at their word: to tell <p> pages from div soup, and to find the hidden
        if not _enough_outside_names(self.weights, named):
            self.weights = text_blocks(self.body, BLOCKS)  # div soup (SharePoint), lists or tables
        # A hidden block is a named one too (an XPath for hidden elements cost 0.4 ms a page; most blocks
        # are named nothing, and their walk up is memoised already)
        hidden = Furniture(names=False)
        self.weights = {el: w for el, w in self.weights.items() if not (named(el) and hidden(el))}
        self.total = sum(self.weights.values())
        self.scores = subtree_weights(self.weights, self.body)
        self.lead = self._lead(headline, lead_text)
        by_parent = {}
        for el, weight in self.weights.items():
            by_parent[el.getparent()] = by_parent.get(el.getparent(), 0) + weight
        # The largest text block: the paragraphs that share one parent, and their non-link text.
        self.largest, self.largest_weight = max(by_parent.items(), key=lambda kv: kv[1], default=(None, 0))

    def _lead(self, headline, lead_text):
        weights = self.weights
        if headline is not None:
            for n, (owner, _) in enumerate(_following(headline)):
                if n > 60:
                    break
                for el in _up(owner):
                    if el in weights:
                        if _sentence_like(el):  # not the date line or a byline
                            return el
                        break
                    if el is headline:
                        break
        if lead_text:  # no headline: the block that opens like the description
            want = squash(lead_text)[:60].lower()
            for el in weights:
                if want and squash(text_of(el)).lower().startswith(want):
                    return el
        return None

    def holds_article(self, el):
        """Whether el holds the article, whatever its class says: the page's lead lies below it (and a tenth
        of the text), or the largest text block right after a lead shown above the body (and 40%), or,
        with no lead known, 60% of the page's text."""
        held = self.scores.get(el, 0.0)
        if held < LEAD_SHARE * self.total or not self.total:
            return False
        has_lead = self.lead is not None and (self.lead is el or el in self.lead.iterancestors())
        if has_lead:  # a short article beside a long cookie notice still holds the page's lead
            return True
        if held < ARTICLE_SHARE * self.total:
            return False
        if self.lead is None:
            return held >= DOMINANT_SHARE * self.total
        # the lead shown just above the body (a standfirst): the body is the largest text block after it
        return (
            self.largest is not None
            and (self.largest is el or el in self.largest.iterancestors())
            and self._largest_follows_lead()
        )

    def _largest_follows_lead(self):
        if self._follows is None:
            self._follows = False
            for n, (owner, _) in enumerate(_following(self.lead)):
                if n > STANDFIRST_GAP:
                    break
                if owner is self.largest or self.largest in owner.iterancestors():
                    self._follows = True
                    break
        return self._follows

    def is_label(self, el):
        """Little text, no link, no heading: a wrapper of one field (a date, a byline, a hidden label),
        not a block of other content, whatever its class says."""
        if el.tag in FURNITURE_TAGS or el.find(".//a") is not None:
            return False
        if next(el.iter("h1", "h2", "h3", "h4"), None) is not None:
            return False
        return len(text_of(el)) < LABEL_TEXT


def _enough_outside_names(weights, named):
    """Whether the <p>s outside elements named as furniture (named: a Furniture taking names at their word)
    hold enough text."""
    seen = 0
    for el, weight in weights.items():
        if not named(el):
            seen += weight
            if seen >= ENOUGH_PARAGRAPH_TEXT:
                return True
    return False


def _sentence_like(el):
    text = squash(text_of(el))
    return len(text) >= 100 or text[-1:] in ".!?:\"”'"


def _up(el):
    while el is not None:
        yield el
        el = el.getparent()


class Furniture:
    """Memoised 'is this element, or any ancestor, furniture?' (each element is checked once).

    With the page's text measured (PageText), a furniture name is evidence weighed against what the element
    holds: an element that holds the article, or only a label's worth of text, is not furniture. Hidden
    elements (hidden, aria-hidden) always are."""

    def __init__(self, spare=(), page=None, names=True):
        self.memo = {}
        self.page = page
        self.names = names  # False: only hidden elements are furniture (a reading that ignores every name)
        self.overruled = []  # elements named as furniture but kept for what they hold (for the record's checks)
        for el in spare:  # e.g. the headline: a CMS may wrap it in a "banner" div
            self.memo[el] = False

    def own(self, el):
        """The element's own verdict (ancestors aside)."""
        if not self.names:
            return is_hidden(el)
        if not is_furniture(el):
            return False
        page = self.page
        if page is None or is_hidden(el):
            return True
        if page.holds_article(el) or page.is_label(el):
            self.overruled.append(el)
            return False
        return True

    def __call__(self, el):
        # Up to the nearest element already judged; inside known furniture (a menu of hundreds of links)
        # that settles it without looking at the elements themselves.
        memo = self.memo
        chain = []
        verdict = False
        while el is not None:
            known = memo.get(el)
            if known is not None:
                verdict = known
                break
            chain.append(el)
            el = el.getparent()
        for seen in reversed(chain):  # outermost first: furniture anywhere above makes the rest furniture
            if not verdict and self.own(seen):
                verdict = True
            memo[seen] = verdict
        return memo[chain[0]] if chain else verdict


def find_article(page, furniture):
    """The deepest element that holds most of the page's text outside furniture (page: PageText)."""
    scores = subtree_weights({el: w for el, w in page.weights.items() if not furniture(el)}, page.body)
    node = page.body
    while True:  # walk down while one child keeps most of the text
        best, best_score = None, 0.0
        for child in node:
            s = scores.get(child, 0.0)
            if s > best_score:
                best, best_score = child, s
        if best is None or best_score < 0.8 * scores.get(node, 1.0):
            return node
        node = best


def find_headline(root, title):
    """The h1 (else h2) whose text is the title, else the first non-empty h1."""
    want = squash(title).lower() if title else ""
    first = None
    for tag in ("h1", "h2"):
        for el in root.iter(tag):
            text = squash(el.text_content()).lower()
            if not text:
                continue
            if tag == "h1" and first is None:
                first = el
            if want and (text == want or (len(want) > 20 and (want in text or text in want))):
                return el
    return first


FOLLOWING_LINES = 25
PRECEDING_LINES = 6
_XML_SPACE = " \t\r\n"  # what XPath's normalize-space() strips


def _subtree_texts(top):
    """(owner, text) of top's text nodes in document order, top's tail last (comments hold no text node).
    Iterative over lxml's own walk: recursive generators cost more than the walk itself."""
    pending = []  # elements whose subtree is open: their tails come when it closes
    for el in top.iter():
        parent = el.getparent()
        while pending and pending[-1] is not parent:
            done = pending.pop()
            if done.tail:
                yield done, done.tail
        if isinstance(el.tag, str):
            if el.text:
                yield el, el.text
            pending.append(el)
        elif el.tail:
            yield el, el.tail
    while pending:
        done = pending.pop()
        if done.tail:
            yield done, done.tail


def _subtree_texts_reversed(el):
    """_subtree_texts in reverse: el's tail first."""
    if el.tail:
        yield el, el.tail
    if isinstance(el.tag, str):
        for child in reversed(el):
            yield from _subtree_texts_reversed(child)
        if el.text:
            yield el, el.text


def _following(anchor):
    el = anchor
    while el is not None:
        if el.tail:
            yield el, el.tail
        for sibling in el.itersiblings():
            yield from _subtree_texts(sibling)
        el = el.getparent()


def _preceding(anchor):
    el = anchor
    while el is not None:
        for sibling in el.itersiblings(preceding=True):
            yield from _subtree_texts_reversed(sibling)
        el = el.getparent()
        if el is not None and el.text:
            yield el, el.text


def texts_near(anchor):
    """(element, text) of the non-empty text nodes just after (25), then just before (6, nearest first)
    anchor in document order: where date lines stand. The element is the one whose text or tail it is.

    A walk from the anchor outwards, lazily: XPath's following::/preceding:: axes with a predicate visit
    (and sort) the whole rest of the page, ~0.05 and ~0.15 ms, and most pages need only a few lines."""
    yield from islice(((o, t) for o, t in _following(anchor) if t.strip(_XML_SPACE)), FOLLOWING_LINES)
    yield from islice(((o, t) for o, t in _preceding(anchor) if t.strip(_XML_SPACE)), PRECEDING_LINES)


def clean_article(article, drop=(), furniture=None):
    """Cut furniture and given elements (headline, date line) out of the article subtree, in place.
    furniture: the page's Furniture (its weighed verdicts); else every furniture name cuts."""
    own = furniture.own if furniture is not None else is_furniture
    doomed = [el for el in drop if el is not None and article in el.iterancestors()]  # the rest stays put
    for el in article.iter():
        if not isinstance(el.tag, str) or el.tag in DROP_TAGS:
            doomed.append(el)
        elif el is not article and own(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail and tail.strip():  # keep text that follows a removed element
            prev = el.getprevious()
            if prev is not None:  # (a page's control characters parse, but lxml refuses to set them)
                prev.tail = xml_text((prev.tail or "") + tail)
            else:
                parent.text = xml_text((parent.text or "") + tail)
        parent.remove(el)
