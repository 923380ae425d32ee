"""Single Online Home (Optimizely/Episerver for the Police Digital Service): most forces since 2021.

Known (REFERENCE.md): title 'Headline | Force', og:type website, og:image under /SysSiteAssets/, and the
publish date only as a visible line 'HH:MM DD/MM/YYYY' near the headline, sometimes followed by
'Updated News Post' or 'News'. Element classes are not known offline, so none are relied on.
"""

import re

from crawler.platforms import Platform

PLATFORM: Platform = Platform(
    name="soh",
    version="1",
    date_line=re.compile(r"^\s*([0-2]?\d:[0-5]\d)\s+([0-3]?\d/[01]?\d/(?:19|20)\d\d)\s*$"),
    furniture_lines=re.compile(r"^(updated news post|news|quickly exit this site|exit this site)$", re.I),
    signature=("/SysSiteAssets/", "/SysSiteAssets%2F"),
)
