"""Microsoft SharePoint 2010 publishing sites (Durham Constabulary before SOH; see shared/corpus/real-html).

The article sits in a rich-text field div (class ms-rtestate-field), paragraphs written as <div>s, and
the date is a bare 'DD/MM/YYYY' in an <h2> under the h1. No meta tags at all.
"""

import re

from crawler.platforms import Platform

PLATFORM: Platform = Platform(
    name="sharepoint",
    version="1",
    date_line=re.compile(r"^\s*([0-3]?\d/[01]?\d/(?:19|20)\d\d)\s*$"),
    content_xpaths=(".//div[contains(concat(' ', normalize-space(@class), ' '), ' ms-rtestate-field ')]",),
    signature=("ms-rtestate-field", "Microsoft SharePoint", "_spPageContextInfo"),
)
