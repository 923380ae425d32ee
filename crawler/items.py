"""What the notices spider yields, one dataclass per kind (Scrapy takes dataclass items through itemadapter);
crawler/pipelines.py turns each into rows."""

from dataclasses import dataclass


@dataclass
class Notice:
    """A page read as a notice: its record, stored as a new notice or a version of one."""

    force: str
    record: dict
    urls: list[str]  # the fetched URL first, then every URL that redirected to it


@dataclass
class Page:
    """A page that is not stored as a notice (a listing, a page read as nothing, a link gone offsite, a
    notice left out by --since): remembered in crawl_pages, so later runs know it."""

    force: str
    kind: str
    urls: list[str]
    status: int | None
    etag: str | None = None
    last_modified: str | None = None
    published: str | None = None
    extractor_version: str | None = None


@dataclass
class Unchanged:
    """A known notice's page answered 304 Not Modified."""

    force: str
    url: str
    notice_url: str
    status: int = 304


@dataclass
class Removed:
    """A known notice's page is gone (404, 410) or now serves something else (reason says what)."""

    force: str
    url: str
    notice_url: str
    status: int
    reason: str | None = None


@dataclass
class Resolved:
    """Where a short link leads (--resolve-links), or why it was not resolved (error)."""

    force: str  # the force whose notice showed the link
    short_url: str
    final_url: str | None
    hops: int
    provider: str | None
    error: str | None = None


Item = Notice | Page | Unchanged | Removed | Resolved


def page_url(item: Item) -> str | None:
    """The URL of the page the item was read from (what a failure to store it is told against)."""
    if isinstance(item, Notice | Page):
        return item.urls[0] if item.urls else None
    if isinstance(item, Resolved):
        return item.short_url
    return item.url
