"""Markup families rendered through real CMS templates, one module each.

Each module transcribes the page structure of a public CMS or theme template (its source, repository, path
and commit, named in the module's docstring) with its furniture intact: hidden labels, related/latest
blocks, consent banners, comments. A module defines:

    NAME = "drupal9"             # the family's name in render.FAMILIES and the evaluation tables
    PREFIX = "d9"                # class-name prefix for Style's per-page variation
    def date_text(dt): ...       # how the family shows a date to a reader (related lists, date slots)
    def render_page(page): ...   # the whole HTML document (str) for one Page

The truth (title, published, body) is render.py's: a family shows `page.content` (the article body HTML)
as its body field, `page.visible` (or date_text of `page.published`) as its visible date, and any
machine-readable date it writes (time[datetime], RDFa, microdata, JSON-LD) is `page.published` itself
(date-only stays date-only). It may add furniture anywhere, but no article text of its own.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from datetime import datetime


@dataclass
class Page:
    family: str  # the module's NAME
    rng: object  # random.Random seeded per page and family
    sty: object  # render.Style: sty("a", "b") picks a class name, varied per page
    traps: dict  # render's seeded traps: related, related_first, menu_traps, survey_banner, cookie, share, …
    host: str
    force: str  # the force's display name
    url: str
    title: str
    visible: str | None  # the visible date text as the corpus recorded it (None: show date_text(published))
    modified: str | None  # a "Last modified …" line, rarely
    content: str  # the article body as HTML (already linkified): the truth body
    published: str | None  # ISO 8601 (instant with offset, or a date alone)
    description: str  # og:description, unescaped ('' when none)
    head: str  # render's <head> lines (meta, og, canonical, JSON-LD traps): include them

    # Furniture shared with render.py's own families (lazy: render imports this package).
    def related(self, style=None, n=None):
        import render

        return render.related(self.rng, style or self.family, self.sty, self.host, n)

    def mega_menu(self):
        import render

        return render.mega_menu(self.rng, self.sty, self.host, self.traps["menu_traps"])

    def chrome_top(self):
        """Cookie banner and site-feedback survey banner, per the page's traps (list of HTML strings)."""
        import render

        return render._chrome_top(self.rng, self.sty, self.traps, self.host, self.force)

    def share_bar(self):
        import render

        return render.share_bar(self.sty, self.url) if self.traps["share"] else ""

    def footer(self):
        import render

        return render.footer(self.sty, self.host, self.force)

    def published_dt(self):
        """The publish instant as an aware datetime (a date alone: midnight London), or None."""
        if not self.published:
            return None
        import render

        dt = datetime.fromisoformat(self.published)
        return dt if dt.tzinfo else dt.replace(tzinfo=render.LONDON)

    def date_shown(self, module):
        """The visible date text: the corpus's own, else the family's rendering of the publish date."""
        if self.visible:
            return self.visible
        dt = self.published_dt()
        return module.date_text(dt) if dt else None


def _load():
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "render_page"):
            found[module.NAME] = module
    return found


FAMILIES = _load()
