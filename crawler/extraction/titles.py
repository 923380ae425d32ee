"""The headline: the page's own title without the site's name, checked against the visible h1."""

import re
from functools import lru_cache

from crawler.extraction.document import squash, unescape

_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+|\s*\|\s*")
# A title part is the site's name when it is the force's name or area, ends in Police/Constabulary
# ("Dorset Police urge all motorists" does not), is a short acronym (SYP), or is a section name.
_SITE_PART = re.compile(
    r"^((the )?[\w&'’. -]{0,40}\b(police|constabulary|police service)( news)?|"
    r"heddlu [\w -]{0,30}|police scotland|news|latest news|newsroom|news and appeals|"
    r"home|gov\.uk)$",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
GENERIC = {"news article", "news", "article", "latest news", "home", "page", "untitled", "news and appeals"}


def _site_part(part, force):
    part = part.strip()
    if not part:
        return False
    if force is not None and part.lower() in {(force.name or "").lower(), (force.area or "").lower()}:
        return True  # the site's own name, however long ("North Yorkshire Police, Fire and Crime Commissioner")
    if len(part.split()) > 6:
        return False
    return bool(_SITE_PART.match(part) or _ACRONYM.match(part))


def strip_site_suffix(text, force=None, prefix=True):
    """'Headline | Gwent Police' -> 'Headline'; also 'Lancashire Constabulary - Headline' (unless not prefix)
    and 'Headline |'."""
    text = squash(unescape(text or ""))
    if not text:
        return None
    parts = _SEPARATOR.split(text)
    while len(parts) > 1 and (not parts[-1].strip() or _site_part(parts[-1], force)):
        parts.pop()
    while prefix and len(parts) > 1 and _site_part(parts[0], force):
        parts.pop(0)
    if len(parts) == len(_SEPARATOR.split(text)):
        return text.strip(" |")
    # rejoin with the original separators between the parts we kept
    start = text.find(parts[0])
    end = text.rfind(parts[-1]) + len(parts[-1])
    return text[start:end].strip(" |") or None


_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)  # the force's name and area are keyed for every candidate on every page
def _key(text):
    return _NOT_WORD.sub(" ", (text or "").lower()).strip()


def is_generic(title, force=None):
    key = _key(title)
    if not key or key in GENERIC:
        return True
    return force is not None and key in {_key(force.name), _key(force.area)}


def clean_title(page_title, og_title=None, force=None, headings=()):
    """The headline. headings: texts of the page's h1/h2 elements, in order, to confirm a candidate.

    The visible heading that equals a candidate wins; otherwise the <title> without suffix (a CMS fills
    og:title with social-media copy or a generic "News article"), unless it was truncated ("…").
    """
    t = strip_site_suffix(page_title, force)
    o = strip_site_suffix(og_title, force)
    candidates = [c for c in (o, t) if c and not is_generic(c, force)]
    keys = {_key(c): c for c in candidates}
    for whole in (og_title, page_title):  # a heading that shows a title whole: its prefix was no site name
        whole = strip_site_suffix(whole, force, prefix=False)  # ("ANPR - Have Your Say", "FOUND - Goat …")
        if whole and not is_generic(whole, force):
            keys.setdefault(_key(whole), whole)
    for heading in headings:
        hit = keys.get(_key(heading))
        if hit:
            return hit
    if t and o and t.rstrip().endswith(("...", "…")) and _key(o).startswith(_key(t.rstrip(".… "))):
        return o
    if t and not is_generic(t, force):
        return t
    if o and not is_generic(o, force):
        return o
    for heading in headings:
        if not is_generic(heading, force) and len(heading.split()) > 2:
            return squash(heading)
    return t or o
