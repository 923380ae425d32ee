"""URL normalisation, redirect-wrapper unwrapping and the notice-identity rules."""

import re
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"_hsenc|_hsmi|mkt_tok|yclid|ocid|cmpid|icid|ito|s_cid|at_medium|at_campaign)$",
    re.I,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=4096)  # a page's own URL is normalised several times, its force's start URLs on every page
def normalise_url(url, base=None):
    """Absolute URL with lowercase scheme and host, no default port, fragment or tracking parameters.

    Path case and the order and encoding of the remaining query are kept: they can identify the page.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(urljoin(base, url) if base else url)
    except ValueError:  # a bracketed host that is no IPv6 address, a host that NFKC normalisation changes
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not TRACKING.match(p.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


# Mail-safety and search redirect wrappers: (host pattern, query parameter holding the real target)
WRAPPERS = [
    (re.compile(r"(^|\.)safelinks\.protection\.outlook\.com$"), "url"),
    (re.compile(r"(^|\.)google\.[a-z.]+$"), "q"),
    (re.compile(r"(^|\.)google\.[a-z.]+$"), "url"),
    (re.compile(r"^l\.facebook\.com$|^lm\.facebook\.com$"), "u"),
    (re.compile(r"(^|\.)urldefense\.(proofpoint\.)?com$"), "u"),
]


def unwrap(url):
    """The real target of a redirect wrapper (Outlook safelinks, Google url?q=, Facebook l.php), else url."""
    for _ in range(3):  # wrappers can nest
        try:
            parts = urlsplit(url)
        except ValueError:  # not a URL: nothing to unwrap
            return url
        host = (parts.hostname or "").lower()
        target = None
        for pattern, param in WRAPPERS:
            if pattern.search(host):
                values = parse_qs(parts.query).get(param)
                if values and values[0][:8].lower().startswith(("http://", "https://")) and normalise_url(values[0]):
                    target = values[0]
                    break
        if not target:
            return url
        url = unquote(target) if "%3A" in target[:12] else target
    return url


# Paths that are listings or sections, never one notice
LISTING_PATH = re.compile(
    r"^/?((news|latest|news-and-appeals|news-appeals|news-information|appeals|"
    r"latest-news|newsarticle|news-article|article|articles|press|media|cy)/?)*$",
    re.I,
)


def identity_url(canonical, fetched_url, force=None, start_urls=None):
    """The notice's identity URL and, when the canonical was rejected, why.

    The canonical is trusted only when it is on the force's own hosts, is not a home/listing/section page,
    and keeps whatever identifies the fetched page (an id in the query, a deeper path).
    """
    fetched = normalise_url(fetched_url)
    if start_urls is None:
        start_urls = force.start_urls if force is not None else ()
    if not canonical:
        return fetched, None
    canon = normalise_url(canonical, base=fetched_url)
    if not canon:
        return fetched, f"canonical {canonical!r} is not an http(s) URL"
    if canon == fetched:
        return fetched, None
    c, f = urlsplit(canon), urlsplit(fetched)
    host = c.hostname or ""
    if force is not None and not force.owns(host):
        return fetched, f"canonical host {host} is not one of the force's hosts"
    if force is None and host != f.hostname:
        return fetched, f"canonical host {host} differs from the fetched host and no force is known"
    cpath = c.path.rstrip("/")
    if not cpath or LISTING_PATH.match(cpath):
        return fetched, f"canonical {canon} is a home, listing or section page"
    for start in start_urls:
        if normalise_url(start) and urlsplit(normalise_url(start)).path.rstrip("/") == cpath:
            return fetched, f"canonical {canon} is the force's news listing"
    fpath = f.path.rstrip("/")
    if host == f.hostname and fpath.lower().startswith(cpath.lower() + "/"):
        return fetched, f"canonical {canon} is a section above the fetched page"
    fquery = {p.split("=", 1)[0].lower() for p in f.query.split("&") if p}
    cquery = {p.split("=", 1)[0].lower() for p in c.query.split("&") if p}
    if fquery - cquery and fpath.lower() != cpath.lower() or (fquery and not cquery):
        return fetched, f"canonical {canon} drops the query that identifies the fetched page"
    return canon, None
