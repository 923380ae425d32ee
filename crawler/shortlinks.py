"""Resolving short links (`police-notices crawl --resolve-links`), as pure decisions: which links to ask
about, and what each answer means.

The one exception to "only a force's own hosts": the crawler sends HEAD requests to the declared link
shorteners (crawler.extraction.SHORTENER_HOSTS, the `POLICE_SHORTENERS` setting), one per redirect, and
never follows a redirect off that list: the final survey host itself is never requested.
"""

from typing import NamedTuple
from urllib.parse import urljoin

from crawler.extraction import normalise_url, survey_provider
from crawler.registry import host_in, host_of

MAX_HOPS = 5  # redirects followed from one short link (a chain of shorteners), as REDIRECT_MAX_TIMES
REDIRECTS = (301, 302, 303, 307, 308)


class Step(NamedTuple):
    """What a shortener's answer means: ask `next` (another shortener), or stop at `final` or with `error`."""

    next: str | None = None
    final: str | None = None
    error: str | None = None


def on_list(url, shorteners):
    host = host_of(url)
    return bool(host) and host_in(host, shorteners)


def to_resolve(record, shorteners):
    """The record's survey links that are short links of a listed shortener."""
    links = record.get("survey_links") or []
    return [link["url"] for link in links if on_list(link.get("url") or "", shorteners)] if shorteners else []


def next_step(url, status, location, chain, shorteners, max_hops=MAX_HOPS):
    """The answer (status, Location) to a HEAD request for url, chain the URLs asked so far (url included)."""
    if status not in REDIRECTS:
        return Step(error=f"HTTP {status} without a redirect" if status < 400 else f"HTTP {status}")
    if not location:
        return Step(error=f"HTTP {status} without a Location header")
    target = urljoin(url, location.strip())
    if not normalise_url(target):
        return Step(error=f"redirects to a URL that is not http(s): {location[:200]}")
    if target in chain:
        return Step(error=f"redirect loop back to {target}")
    if on_list(target, shorteners):
        if len(chain) >= max_hops:
            return Step(error=f"more than {max_hops} redirects")
        return Step(next=target)
    return Step(final=normalise_url(target))


def provider_of(final_url):
    """The survey platform of a final URL (as survey_links.provider), `other` when it is none we know."""
    return survey_provider(final_url) or "other"
