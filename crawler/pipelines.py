"""The archive pipeline: every item of the notices spider becomes rows at once (one transaction each).

Committing item by item is what makes a crawl resumable after kill -9: whatever was fetched and
stored survives, and the page bookkeeping (crawl_pages) is written in the same transaction as the
notice, so the archive never knows a notice without knowing its page, or the other way round.

An item the archive cannot take is counted against its force (NoticesSpider.archive_failed), never `ok`:
locked by another writer past the busy timeout or disk full, it ends the crawl (exit 3); one that breaks
a constraint fails alone (exit 1).
"""

import logging
import sqlite3

from archive.crawlstate import now_us, record_page, touch_notice, touch_page
from archive.shortlinks import save_resolution
from archive.store import INSERTED, REEXTRACTED, UNCHANGED, UPDATED, RecordError, Store, mark_removed
from crawler.items import Notice, Page, Removed, Resolved, Unchanged, page_url

logger = logging.getLogger(__name__)
COUNTS = {INSERTED: "new", UPDATED: "updated", UNCHANGED: "unchanged", REEXTRACTED: "unchanged"}


class ArchivePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        slug = item.force
        if spider.session.archive_error:
            spider.session.stats[slug]["unstored"] += 1  # the crawl is closing: waiting again would be in vain
            return item
        try:
            self._store(spider.session, item)
        except sqlite3.DatabaseError as e:  # rolled back: the page is fetched again by the next crawl
            spider.archive_failed(slug, e, page_url(item))
        return item

    def _store(self, session, item):
        db = session.db
        slug = item.force
        stats = session.stats[slug]
        now = now_us()
        with db.atomic():
            if isinstance(item, Notice):
                self._notice(session, db, item, now, stats)
            elif isinstance(item, Page):
                for url in item.urls:
                    entry = session.known.get(url)
                    first = entry["first_seen"] if entry else now
                    record_page(
                        db,
                        url,
                        force=slug,
                        kind=item.kind,
                        first_seen=first,
                        published=item.published,
                        status=item.status,
                        etag=item.etag if url == item.urls[0] else None,
                        last_modified=item.last_modified if url == item.urls[0] else None,
                        fetched_at=now,
                        extractor_version=item.extractor_version,
                    )
                    session.known[url] = {
                        "kind": item.kind,
                        "first_seen": first,
                        "notice_url": None,
                        "published": item.published,
                        "extractor_version": item.extractor_version,
                    }
            elif isinstance(item, Unchanged):
                touch_page(db, item.url, status=item.status, fetched_at=now)
                touch_notice(db, item.notice_url, now[:19] + "Z")
                stats["unchanged"] += 1
            elif isinstance(item, Removed):
                touch_page(db, item.url, status=item.status, fetched_at=now)
                if mark_removed(db, item.notice_url, item.status, now=now[:19] + "Z"):
                    stats["removed"] += 1
            elif isinstance(item, Resolved):
                save_resolution(
                    db,
                    item.short_url,
                    final_url=item.final_url,
                    hops=item.hops,
                    provider=item.provider,
                    error=item.error,
                    now=now[:19] + "Z",
                )

    def _notice(self, session, db, item, now, stats):
        record = item.record
        store = Store(db, now=now[:19] + "Z")
        try:
            outcome = store.save(record)
        except RecordError as e:
            stats["errors"] += 1
            logger.warning("%s: not stored: %s", record.get("fetched_url"), e)
            return
        for nid, url, _, why in store.held:  # stored hidden: it claims what a taken-down notice claimed
            logger.warning("held for review (police-notices held): %s %s: %s", nid, url, why)
        stats[COUNTS.get(outcome, "unchanged")] += 1
        stats["read"] += 1  # a page read as a notice (crawl.force_status)
        if not record.get("published"):
            stats["undated"] += 1  # stored with published null and its published_reason
        for url in item.urls:
            entry = session.known.get(url)
            first = entry["first_seen"] if entry else now
            main = url == item.urls[0]
            record_page(
                db,
                url,
                force=item.force,
                kind="article",
                first_seen=first,
                notice_url=record["url"],
                published=record.get("published_utc"),
                status=record.get("status"),
                etag=record.get("etag") if main else None,
                last_modified=record.get("last_modified") if main else None,
                fetched_at=now,
            )
            session.known[url] = {
                "kind": "article",
                "first_seen": first,
                "notice_url": record["url"],
                "published": record.get("published_utc"),
            }
        if record["url"] not in session.known:
            session.known[record["url"]] = session.known[item.urls[0]]
