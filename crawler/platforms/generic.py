"""Any site: the generic extraction alone (landmarks, headline, text density, known date formats)."""

from crawler.platforms import Platform

PLATFORM: Platform = Platform(name="generic", version="1")
