"""The page's language and its translations: `<html lang>`, hreflang alternates, language switchers, /cy/.

Welsh forces publish each notice twice, English and Welsh (the Welsh under /cy/), and link the two with
`<link rel="alternate" hreflang>` in the head and a language switcher ("Cymraeg" / "English") in the page.
"""

import re

from crawler.extraction.urls import normalise_url

# A language switcher's link text, and the language it leads to.
SWITCHER = {"cymraeg": "cy", "welsh": "cy", "english": "en", "saesneg": "en"}
_WELSH_PATH = re.compile(r"^/cy(/|$)", re.I)


def language_code(value):
    """`cy` of "cy-GB", "cy_GB", "CY"; None for nothing or x-default."""
    code = re.split(r"[-_]", (value or "").strip())[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None


def alternates(root, hreflang, base, own_urls):
    """{language: URL} of the same page in other languages: the head's hreflang alternates first, then the
    language switcher's links; the page's own URLs (own_urls) left out."""
    out = {}
    found = list(hreflang.items())
    for a in root.iter("a"):
        text = (a.text or "").strip().lower()
        if text in SWITCHER and a.get("href"):
            found.append((SWITCHER[text], a.get("href")))
    for code, href in found:
        code, url = language_code(code), normalise_url(href, base=base)
        if code and url and url not in own_urls:
            out.setdefault(code, url)
    return out


def page_language(declared, url, hreflang, base):
    """The page's language: as declared (html lang, og:locale), else the hreflang alternate that is the page
    itself, else `cy` for a path under /cy/."""
    if declared:
        return declared
    for code, href in hreflang.items():
        if normalise_url(href, base=base) == url and language_code(code):
            return language_code(code)
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.I)
    return "cy" if _WELSH_PATH.match(path) else None
