"""Find the article in a page whose markup we have never seen.

Signals that survive redesigns: landmarks (main/article/role=main), the headline, furniture words in
class/id/role/aria-label, link density and text density. The element holding most of the paragraph text
outside furniture is the article; furniture inside it is then cut. Work stays in lxml's C code where it can
(tag-filtered iteration, XPath): a whole page has thousands of elements and we have ~2 ms for it.
"""
import re
from functools import lru_cache
from itertools import islice

from crawler.extraction.document import squash, text_of

# Elements that never hold article text.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "canvas", "button", "select", "input",
             "textarea", "label", "option", "dialog", "object", "embed", "map", "iframe")
# Landmarks that are furniture wherever they stand.
FURNITURE_TAGS = {"nav", "aside", "footer", "menu"}  # not form: ASP.NET wraps whole pages in one
FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
                   "menu", "menubar", "toolbar", "alert"}
# Words in class/id/aria-label that mark furniture, matched on whole tokens (split on - _ space and
# camelCase), so "article-body" is safe while "cookie-banner" and "relatedNews" go.
FURNITURE_WORDS = frozenset("""
    nav navbar navigation menu megamenu submenu breadcrumb breadcrumbs crumbs cookie cookies consent gdpr
    banner share sharing sharer social sharebar addthis addtoany related sidebar aside footer colophon feedback
    newsletter subscribe signup promo advert advertisement ads skip skiplink exit quickexit escape beta
    comments comment pagination pager tags tagcloud rating modal popup masthead toolbar search topbar
    utility morenews trending carousel widget print disclaimer rightcol leftnav leftcol rightcolumn
    leftcolumn ribbon hidden sronly offscreen usefulness helpful recommended readmore alsoread teaser teasers
    listing latestnews othernews morestories moreinfo header-nav skipnav
""".split())
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
BLOCKS = ("p", "li", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "td", "dd", "div")
CONTAINERS = frozenset(("p", "div", "ul", "ol", "table", "section", "article"))
# Whole text lines of furniture that survive in many templates (SOH and others).
FURNITURE_LINE = re.compile(
    r"^(quickly exit this site|exit this site|skip to (main )?content|this is a new (website|service)\b.*|"
    r"updated news post|news|share( this)?( page| article| story)?:?|print( this page)?|back to (top|news)|"
    r"tell us what you think of (our|this|the) (new )?(website|site|page)\b.*|was this page (useful|helpful)\??|"
    r"report a problem with this page\.?|hide this message|accept( all)? cookies)$", re.I)


@lru_cache(maxsize=8192)
def _names_furniture(value):
    """Whether a class/id/aria-label value names furniture (cached: pages repeat their class names)."""
    tokens = _SPLIT.split(_CAMEL.sub(" ", value).lower())
    words = set(tokens)
    words.update(a + b for a, b in zip(tokens, tokens[1:]))  # "more-news" -> "morenews"
    return not words.isdisjoint(FURNITURE_WORDS)


def is_furniture(el):
    tag = el.tag
    if tag in FURNITURE_TAGS:
        return True
    role = el.get("role")
    if role and role.lower() in FURNITURE_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if tag == "header":
        parent = el.getparent()
        return parent is not None and parent.tag == "body"  # the site header; an article's own header stays
    for value in (el.get("class"), el.get("id"), el.get("aria-label")):  # a loop: any(<genexpr>) costs 2x
        if value and _names_furniture(value):
            return True
    return False


class Furniture:
    """Memoised 'is this element, or any ancestor, furniture?' (each element is checked once)."""

    def __init__(self, spare=()):
        self.memo = {}
        for el in spare:  # e.g. the headline: a CMS may wrap it in a "banner" div
            self.memo[el] = False

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
            if not verdict and is_furniture(seen):
                verdict = True
            memo[seen] = verdict
        return memo[chain[0]] if chain else verdict


def _link_len(el):
    return sum(len(squash(text_of(a))) for a in el.iter("a"))


PARAGRAPHS = ("p", "blockquote", "pre")
ENOUGH_PARAGRAPH_TEXT = 400  # chars of <p> text that make scanning every div, li and td unnecessary


def _score_blocks(body, tags, furniture, elements=None):
    scores = {}
    total = 0
    for el in body.iter(tags) if elements is None else elements:
        if el.tag == "div" and any(c.tag in CONTAINERS for c in el):
            continue  # only leaf-ish divs are paragraphs (SharePoint writes paragraphs as <div>)
        text = text_of(el)
        if len(text) < 25 or furniture(el):
            continue
        text = squash(text)
        if len(text) < 25:
            continue
        links = _link_len(el)  # (0 without links; el.find(".//a") first cost more than it saved)
        if links > 0.5 * len(text):
            continue  # lists of links: menus and related news
        weight = len(text) - links
        total += weight
        parent = el.getparent()
        while parent is not None:
            scores[parent] = scores.get(parent, 0.0) + weight
            if parent is body:
                break
            parent = parent.getparent()
    return scores, total


def find_article(root, furniture, paragraphs=None):
    """The deepest element that holds most of the page's paragraph text (outside furniture).

    paragraphs: body.iter(*PARAGRAPHS) when the caller has them already (Document.body_paragraphs)."""
    body = root.find("body")
    if body is None:
        body = root
    scores, total = _score_blocks(body, PARAGRAPHS, furniture, paragraphs)
    if total < ENOUGH_PARAGRAPH_TEXT:  # div soup (SharePoint), lists or tables: score every block
        scores, _ = _score_blocks(body, BLOCKS, furniture)
    node = body
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


def clean_article(article, drop=()):
    """Cut furniture and given elements (headline, date line) out of the article subtree, in place."""
    doomed = [el for el in drop if el is not None]
    for el in article.iter():
        if not isinstance(el.tag, str) or el.tag in DROP_TAGS:
            doomed.append(el)
        elif el is not article and is_furniture(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        if tail and tail.strip():  # keep text that follows a removed element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)
