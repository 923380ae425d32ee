"""Site platforms: small declarative parsers chosen by the force registry (`platform = "soh"`).

A platform only adds what is known about its sites to the generic extraction: where its visible publish
line is, where its article body lives, which template lines are furniture. Each has a version, part of the
record's extractor_version, and a golden fixture in tests/golden/<platform>/.
Adding a platform: one module here defining PLATFORM, one entry in PLATFORMS, one golden fixture.
"""

import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    name: str
    version: str
    date_line: re.Pattern | None = None  # the platform's own publish line, tried first near the headline
    content_xpaths: tuple = ()  # where the article body is known to live, tried before scoring
    furniture_lines: re.Pattern | None = None  # whole text lines of template furniture to drop from the body
    signature: tuple = ()  # strings in the page's HTML that mark the platform (plain, case-sensitive: fast)


from crawler.platforms import generic, sharepoint, soh, wordpress  # noqa: E402

PLATFORMS = {p.name: p for p in (soh.PLATFORM, sharepoint.PLATFORM, wordpress.PLATFORM, generic.PLATFORM)}


def _mark_groups(marks):
    """Signature marks grouped by a shared prefix of 4+ characters ("/wp-content/", "/wp-includes/" ->
    "/wp-"): a page without the prefix holds none of the group, and most pages are scanned for nothing."""
    groups = []
    for mark in marks:
        for group in groups:
            prefix = os.path.commonprefix([group[0], mark])
            if len(prefix) >= 4:
                group[0] = prefix
                group[1].append(mark)
                break
        else:
            groups.append([mark, [mark]])
    return [(prefix, tuple(group)) for prefix, group in groups]


_GROUPS = {p.name: _mark_groups(p.signature) for p in PLATFORMS.values()}


def platform_for(name=None, text=""):
    """The platform whose signature the page carries (a force's old pages can outlive a move to a new
    platform); else the registry's platform for the force; else generic."""
    head = text[:60000]
    for platform in PLATFORMS.values():
        for prefix, marks in _GROUPS[platform.name]:
            if prefix in head and any(mark in head for mark in marks):
                return platform
    return PLATFORMS.get(name) or PLATFORMS["generic"]
