"""The spider's items are dataclasses (crawler/items.py), seen as Scrapy sees them: real crawls of the sample site,
every item scraped caught by a pipeline after the archive's."""

import dataclasses
import sqlite3

import pytest
from itemadapter import ItemAdapter, is_item

from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.items import Notice, Page, Removed, Unchanged
from crawler.sample_site import SampleSite

SEEN: list = []


class Recorder:
    """A pipeline after ArchivePipeline: keeps every item that reached the end of the pipelines."""

    def process_item(self, item):
        SEEN.append(item)
        return item


def crawl(site, db, tmp_path, **args):
    SEEN.clear()
    pipelines = {"crawler.pipelines.ArchivePipeline": 300, f"{__name__}.Recorder": 900}
    settings = crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR", "ITEM_PIPELINES": pipelines})
    session = run_crawl(settings, db=str(db), forces_file=str(site.write_forces_file(tmp_path / "forces.toml")), **args)
    return session, list(SEEN)


@pytest.fixture
def site():
    with SampleSite(port=0, state="day1", faults=False) as s:
        yield s


def test_items_are_dataclasses_and_stored(site, tmp_path):
    db = tmp_path / "a.db"
    _, first = crawl(site, db, tmp_path)
    site.set_state("day2")
    _, second = crawl(site, db, tmp_path, revisit="all")  # every known notice checked: 304s and 410s
    kinds = {type(item) for item in first + second}
    assert kinds == {Notice, Page, Unchanged, Removed}
    for item in first + second:
        assert dataclasses.is_dataclass(item) and is_item(item)
        assert "_type" not in ItemAdapter(item).asdict()
    with sqlite3.connect(db) as conn:
        stored = {url for (url,) in conn.execute("SELECT url FROM notices")}
    assert {item.record["url"] for item in first if isinstance(item, Notice)} <= stored
    removed = {item.notice_url for item in second if isinstance(item, Removed)}
    with sqlite3.connect(db) as conn:
        marked = {url for (url,) in conn.execute("SELECT url FROM notices WHERE removed_status IS NOT NULL")}
    assert removed and removed <= marked
