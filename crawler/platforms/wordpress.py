"""WordPress sites (North Yorkshire and several PCCs in 2021): article:published_time in the head, the
article in the theme's `entry-content` (a WordPress convention nearly every theme keeps)."""

from crawler.platforms import Platform

PLATFORM: Platform = Platform(
    name="wordpress",
    version="1",
    content_xpaths=(".//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",),
    signature=("/wp-content/", "/wp-includes/", 'content="WordPress'),
)
