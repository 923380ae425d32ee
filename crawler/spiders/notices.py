"""The `notices` spider: walks each force's news listings, feeds and sitemaps, stores the articles.

`scrapy crawl notices -a force=gwent -a db=archive.db` and `police-notices crawl --force gwent` run it.
Decisions (scope, pagination, what a page is, when to stop, revisits) live in crawler.crawl; the
archive pipeline stores; this module fetches and keeps the run's bookkeeping (CrawlSession).
"""

import logging
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro

from archive.crawlstate import (
    earlier_notices,
    ensure_crawl_state,
    finish_run,
    known_pages,
    now_us,
    revisit_rows,
    set_walk_marker,
    start_run,
    walk_marker,
)
from archive.db import errors_explained, explain, open_db
from archive.health import coverage_history, save_force_health
from archive.shortlinks import resolved_urls
from archive.standing import load_standing
from archive.store import RecordError, save_fetch_error, save_forces
from archive.validation import record_problem
from crawler import crawl, health, shortlinks
from crawler.extraction import ExtractionError, extract_notice, load_rules, markdown_text, normalise_url
from crawler.items import Notice, Page, Removed, Resolved, Unchanged, page_url
from crawler.middlewares import OffsiteRequest
from crawler.record import EXTRACTOR_VERSION
from crawler.registry import load_registry

logger = logging.getLogger(__name__)
HANDLED = [304, 404, 410]  # statuses the callbacks read themselves
BLOCKED_STATUSES = (401, 403, 429)  # a start URL answering these refuses the crawler (status `blocked`)
TRUE = {"1", "true", "yes", "on"}


def _list(value):
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


def parse_since(value):
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(f"--since must be a date like 2021-02-15, not {value!r}") from None


class CrawlSession:
    """One run's state: the archive, the forces, what is known, and per-force counts and walk state."""

    def __init__(
        self,
        settings,
        *,
        db=None,
        force=None,
        forces_file=None,
        max_pages=None,
        since=None,
        backfill=None,
        revisit=None,
        resolve_links=None,
    ):
        self.registry = load_registry(forces_file or settings.get("POLICE_FORCES_FILE"))
        slugs = _list(force) or _list(settings.getlist("POLICE_FORCES"))
        unknown = [s for s in slugs if self.registry.get(s) is None]
        if unknown:
            raise ValueError(f"unknown force(s): {', '.join(unknown)}")
        self.forces = [self.registry.get(s) for s in slugs] if slugs else list(self.registry)
        self.max_pages = int(max_pages if max_pages is not None else settings.getint("POLICE_MAX_PAGES"))
        self.since = parse_since(since if since is not None else settings.get("POLICE_SINCE"))
        self.backfill = (str(backfill).lower() in TRUE) if backfill is not None else settings.getbool("POLICE_BACKFILL")
        self.revisit = revisit or settings.get("POLICE_REVISIT") or "policy"
        if self.revisit not in ("policy", "all", "none"):
            raise ValueError(f"revisit must be policy, all or none, not {self.revisit!r}")
        self.max_depth = settings.getint("POLICE_MAX_LISTING_DEPTH", 2)
        resolve = (
            str(resolve_links).lower() in TRUE
            if resolve_links is not None
            else settings.getbool("POLICE_RESOLVE_LINKS")
        )
        # the link shorteners this run may ask (--resolve-links); none without the flag
        self.shorteners = tuple(h.lower() for h in settings.getlist("POLICE_SHORTENERS")) if resolve else ()
        self.resolved = set()  # short links resolved in the archive or this run: never asked again
        self.resolving = set()  # short links asked this run
        self.shortlinks = Counter()  # resolved, failed: said at the run's end
        self.db_path = db or settings.get("POLICE_DB")
        self.rules = load_rules()
        self.hosts = {f.slug: crawl.crawl_hosts(f) for f in self.forces}
        self.all_hosts = tuple(h for hs in self.hosts.values() for h in hs)
        self.by_slug = {f.slug: f for f in self.forces}
        self.stats = {f.slug: Counter() for f in self.forces}
        self.pending = {f.slug: set() for f in self.forces}  # listing URLs requested, not yet parsed
        self.broken = {f.slug: None for f in self.forces}  # why the walk is incomplete
        self.seen = {f.slug: set() for f in self.forces}  # URLs requested this run
        self.item_kinds = {f.slug: set() for f in self.forces}  # kinds of link its listings' items are
        self.listed = {}  # crawl.listing_of(a listing page) -> the items its pages listed this run
        self.repeating = set()  # listings whose last page walked listed nothing new
        self.revisits_sent = set()
        self.blocked_by = {}  # slug -> what refused its start URLs (robots.txt, HTTP 403, …)
        self.summary = None
        self.db = None
        self.archive_error = None  # why the archive could not be written (the crawl then exits 3)

    def open(self):
        """Open the archive and start the run; ArchiveError (exit 3) when it cannot be written."""
        db = open_db(self.db_path)
        try:
            with errors_explained(self.db_path):
                ensure_crawl_state(db)
                save_forces(db, type(self.registry)(self.forces))
                self.run = now_us()
                self.started = self.run
                self.known = known_pages(db)
                self.markers = {f.slug: walk_marker(db, f.slug) for f in self.forces}
                self.earlier = {f.slug: earlier_notices(db, f.slug) for f in self.forces}
                self.baselines = {
                    f.slug: health.baseline(coverage_history(db, f.slug, health.MIN_PAGES, health.BASELINE_RUNS))
                    for f in self.forces
                }
                with db.atomic():
                    self.run_ids = {f.slug: start_run(db, self.run, f.slug, self.started) for f in self.forces}
                self.standing = load_standing(db)  # each force's sign-offs, as learned after earlier crawls
                self.resolved = resolved_urls(db) if self.shorteners else set()
        except BaseException:
            db.conn.close()
            raise
        self.db = db

    def take(self, slug):
        """Count a request against the force's --max-pages budget; False when it is spent."""
        if self.max_pages and self.stats[slug]["requests"] >= self.max_pages:
            self.broken[slug] = self.broken[slug] or "max-pages reached"
            return False
        self.stats[slug]["requests"] += 1
        return True

    def close(self, reason):
        finished = now_us()
        rows = []
        for f in self.forces:
            s = self.stats[f.slug]
            complete = (
                reason == "finished"
                and not self.broken[f.slug]
                and not self.pending[f.slug]
                and s["start_ok"]
                and not s["unstored"]
            )
            status = crawl.force_status(s, self.earlier[f.slug], self.blocked_by.get(f.slug))
            # judged against the force's own baseline: a field far below it is a layout change
            coverage = health.coverage(s)
            drops = health.layout_drops(self.baselines[f.slug], s["article_like"], coverage)
            status = health.judge(status, drops, s["article_like"])
            rows.append((f.slug, {**dict.fromkeys(crawl.SUMMARY_COLUMNS, 0), **s}, status, complete, coverage, drops))
        self.summary = [row[:3] for row in rows]
        try:
            with self.db.atomic():
                for slug, s, status, complete, coverage, drops in rows:
                    if complete:
                        set_walk_marker(self.db, slug, started=self.started, finished=finished, run=self.run)
                    finish_run(
                        self.db,
                        self.run_ids[slug],
                        finished=finished,
                        pages=s["pages"],
                        new=s["new"],
                        updated=s["updated"],
                        unchanged=s["unchanged"],
                        errors=s["errors"],
                        undated=s["undated"],
                        status=status.state,
                        status_reason=status.reason,
                    )
                    save_force_health(
                        self.db,
                        self.run_ids[slug],
                        slug,
                        finished=finished,
                        state=status.state,
                        reason=status.reason,
                        stats=s,
                        coverage=coverage,
                        drops=drops,
                    )
        except sqlite3.DatabaseError as e:
            # the runs stay unfinished in crawl_runs (as after a kill); the next crawl learns what is due
            self.archive_error = self.archive_error or explain(e, self.db_path)
            logger.error("the run's end could not be written: %s", explain(e, self.db_path))
        finally:
            self.db.conn.close()


class NoticesSpider(scrapy.Spider):
    name = "notices"

    def __init__(
        self,
        *args,
        db=None,
        force=None,
        forces_file=None,
        max_pages=None,
        since=None,
        backfill=None,
        revisit=None,
        resolve_links=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._args = dict(
            db=db,
            force=force,
            forces_file=forces_file,
            max_pages=max_pages,
            since=since,
            backfill=backfill,
            revisit=revisit,
            resolve_links=resolve_links,
        )

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.session = CrawlSession(crawler.settings, **spider._args)
        spider.session.open()
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._response, signal=signals.response_received)
        crawler.signals.connect(spider._callback_crashed, signal=signals.spider_error)
        crawler.signals.connect(spider._item_crashed, signal=signals.item_error)
        return spider

    def _closed(self, spider, reason):
        self.session.close(reason)

    def archive_failed(self, slug, error, url=None):
        """A write the archive refused (locked past the busy timeout, disk full): counted against the force,
        and the crawl ends, since every later write would wait in vain; the crawl then exits 3. A write one
        item broke (a constraint) fails that item only."""
        s = self.session
        s.stats[slug]["unstored"] += 1
        if isinstance(error, sqlite3.IntegrityError):
            logger.error("%s: %s not stored: %s", slug, url, error)
            return
        if s.archive_error:
            return
        s.archive_error = explain(error, s.db_path)
        logger.error("%s: %s not stored: %s; ending the crawl", slug, url, s.archive_error)
        self._closing = deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def _response(self, response, request, spider):
        slug = request.meta.get("force")
        if slug in self.session.stats:
            self.session.stats[slug]["pages"] += 1

    def _callback_crashed(self, failure, response, spider):
        """A callback or errback raised (a bug, a page that breaks extraction): the page is a failure of
        its force, in fetch_errors and its counts, never lost in a log line while the force says ok."""
        request = response.request if hasattr(response, "request") else None
        if request is None:
            return
        status = getattr(response, "status", None)
        # (a short link's request is told against the force whose notice showed it: a bug must show)
        slug = request.meta.get("force") or request.meta.get("by")
        self._crashed(request.url, slug, status, failure.value, request.meta)

    def _item_crashed(self, item, response, spider, failure):
        """The pipeline raised on an item (not a RecordError, which it counts itself): as above."""
        url = item.record.get("fetched_url") if isinstance(item, Notice) else None
        url = url or page_url(item) or getattr(response, "url", None)
        meta = response.meta if hasattr(response, "meta") else {}  # (a response tied to no request has none)
        self._crashed(url, item.force, getattr(response, "status", None), failure.value, meta)

    def _crashed(self, url, slug, status, error, meta):
        if slug not in self.session.stats:
            return
        self.session.stats[slug]["crashed"] += 1
        self._failed(url, slug, status, f"crashed: {type(error).__name__}: {error}", meta)

    # -- requests --------------------------------------------------------------------------------

    def _request(self, url, slug, callback, *, kind, depth=0, priority=0, headers=None, meta=None):
        """A request for a force, or None when already requested this run or over budget."""
        s = self.session
        if url in s.seen[slug] or not s.take(slug):
            return None
        s.seen[slug].add(url)
        host = crawl.host_of(url)
        m = {
            "force": slug,
            "kind": kind,
            "depth": depth,
            "download_slot": f"{slug}@{host}",
            "handle_httpstatus_list": HANDLED,
        }
        m.update(meta or {})
        if kind == "listing":
            s.pending[slug].add(url)
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, meta=m, priority=priority, headers=headers, dont_filter=True
        )

    async def start(self):
        s = self.session
        for force in s.forces:
            for url in force.start_urls:
                req = self._request(
                    normalise_url(url),
                    force.slug,
                    self.parse_listing,
                    kind="listing",
                    meta={"start": True},
                    priority=10,
                )
                if req:
                    yield req
            for url in tuple(force.feeds) + tuple(force.sitemaps):
                req = self._request(normalise_url(url), force.slug, self.parse_feed, kind="feed", priority=5)
                if req:
                    yield req

    def _revisits(self, slug):
        """Conditional requests for the force's known notices that are due (once its walk has ended)."""
        s = self.session
        if slug in s.revisits_sent or s.pending[slug]:
            return
        s.revisits_sent.add(slug)
        now = datetime.now(UTC)
        for fetched, etag, modified, notice_url, published, is_consult, closes, last, _removed in revisit_rows(
            s.db, slug
        ):
            if not fetched or not crawl.revisit_due((published, is_consult, closes, last), now, s.revisit):
                continue
            if not crawl.allowed_host(fetched, s.hosts[slug]):
                continue
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
            req = self._request(
                fetched,
                slug,
                self.parse_revisit,
                kind="revisit",
                headers=headers,
                meta={"notice_url": notice_url},
                priority=-5,
            )
            if req:
                yield req

    # -- callbacks -------------------------------------------------------------------------------

    def parse_listing(self, response):
        slug = response.meta["force"]
        s = self.session
        url = response.request.url
        s.pending[slug].discard(url)
        if response.status != 200 or not hasattr(response, "text"):
            self._failed(response.url, slug, response.status, "listing page not available", response.meta)
            s.broken[slug] = s.broken[slug] or f"listing {url} answered {response.status}"
            if response.meta.get("start"):
                s.stats[slug]["start_failed"] += 1
        else:
            if response.meta.get("start"):
                s.stats[slug]["start_ok"] += 1
            yield self._page_item(response, slug, "listing")
            yield from self._walk(response, slug, response.meta.get("depth", 0))
        yield from self._revisits(slug)

    def _walk(self, response, slug, depth):
        """Follow a listing: its unknown items, its category views, and its next page unless the walk may stop."""
        s = self.session
        force = s.by_slug[slug]
        anchors = self._anchors(response, s.hosts[slug])
        items, nexts, cats, kinds = crawl.listing_links(anchors, force, response.url, s.hosts[slug], s.item_kinds[slug])
        s.item_kinds[slug] |= kinds  # a later page of the listing may list one item of a kind alone
        for u in items:
            entry = s.known.get(u)
            if crawl.is_known(entry, s.since, extractor=EXTRACTOR_VERSION, backfill=s.backfill):
                if entry["kind"] == "article":
                    s.stats[slug]["listed_known"] += 1
                continue
            req = self._request(u, slug, self.parse_page, kind="page", depth=depth)
            if req:
                yield req
        if depth < s.max_depth:
            for u in cats:
                req = self._request(u, slug, self.parse_listing, kind="listing", depth=depth + 1)
                if req:
                    yield req
        # the page is judged by its own items: not those an earlier page of its listing listed too (a "Latest news"
        # block of the newest notices on every page, new each time something is, would keep every walk going to
        # its end). Two pages in a row with none are the listing repeating itself (a pager that clamps past its
        # end): its end. One may be a 1-based pager's ?page=1, the first page again, met as its nearest later page.
        listing = crawl.listing_of(response.url)
        listed = s.listed.setdefault(listing, set())
        own = [u for u in items if u not in listed]
        listed.update(items)
        if items and not own:
            if listing in s.repeating:
                return
            s.repeating.add(listing)
        else:
            s.repeating.discard(listing)
        go, why = crawl.keep_walking(own, s.known, s.markers[slug], backfill=s.backfill, since=s.since)
        if not go:
            if why == "since":
                s.broken[slug] = s.broken[slug] or "stopped at --since"
            return
        for u in nexts[:1]:
            req = self._request(u, slug, self.parse_listing, kind="listing", depth=depth, priority=1)
            if req:
                yield req

    def parse_feed(self, response):
        slug = response.meta["force"]
        s = self.session
        force = s.by_slug[slug]
        if response.status != 200:
            self._failed(response.url, slug, response.status, "feed or sitemap not available", response.meta)
            return
        try:
            sel = scrapy.Selector(text=response.body.decode("utf-8", "replace"), type="xml")
        except ValueError:
            self._failed(response.url, slug, response.status, "feed or sitemap is not XML", response.meta)
            return
        sel.remove_namespaces()
        for u in sel.xpath("//sitemap/loc/text()").getall():
            u = normalise_url(u.strip())
            if u and crawl.allowed_host(u, s.hosts[slug]):
                req = self._request(u, slug, self.parse_feed, kind="feed")
                if req:
                    yield req
        links = (
            sel.xpath("//item/link/text()").getall()
            + sel.xpath("//entry/link/@href").getall()
            + sel.xpath("//url/loc/text()").getall()
        )
        for u in links:
            u = normalise_url(u.strip(), base=response.url)
            if not u or not crawl.in_scope(u, force, s.hosts[slug]):
                continue
            entry = s.known.get(u)
            if crawl.is_known(entry, s.since, extractor=EXTRACTOR_VERSION, backfill=s.backfill):
                if entry["kind"] == "article":
                    s.stats[slug]["listed_known"] += 1
                continue
            req = self._request(u, slug, self.parse_page, kind="page", meta={"via": "feed"})
            if req:
                yield req

    def parse_page(self, response):
        """A page met on a listing or feed: an article is stored, a listing is walked, others remembered.

        An article-like page (crawl.page_kind: in the force's news section or linked from its feed) with a
        headline and a body is stored even without a date; one that cannot be read as a notice is logged
        in fetch_errors, and counts towards the force's failure when none of them could be read.
        """
        slug = response.meta["force"]
        s = self.session
        if response.status in (404, 410):
            self._failed(response.url, slug, response.status, "linked page not found", response.meta)
            return
        article_like = (
            response.status == 200
            and hasattr(response, "text")
            and (
                response.meta.get("via") == "feed"
                or crawl.in_news_section(normalise_url(response.url), s.by_slug[slug])
            )
        )
        kind, record, (words, headline, error) = self._classify(response, slug, article_like=article_like)
        if kind == "listing":
            yield self._page_item(response, slug, "listing")
            depth = response.meta.get("depth", 0) + 1
            if depth <= s.max_depth:
                yield from self._walk(response, slug, depth)
        elif kind == "article":
            s.stats[slug]["article_like"] += 1
            yield from self._article(response, slug, record)
        else:
            if article_like:
                # where notices live, yet not readable as one: logged, and kept apart to be read again
                s.stats[slug]["article_like"] += 1
                s.stats[slug]["unread"] += 1
                self._failed(
                    response.url,
                    slug,
                    response.status,
                    crawl.unread_reason(record, words, headline, error),
                    response.meta,
                )
                item = self._page_item(response, slug, "unread")
                item.extractor_version = EXTRACTOR_VERSION
                yield item
            else:
                yield self._page_item(response, slug, "other")

    def parse_revisit(self, response):
        slug = response.meta["force"]
        notice_url = response.meta["notice_url"]
        if response.status == 304:
            yield Unchanged(force=slug, url=normalise_url(response.url), notice_url=notice_url)
            return
        if response.status in (404, 410):
            yield Removed(force=slug, url=normalise_url(response.url), notice_url=notice_url, status=response.status)
            return
        # a known notice is article-like: read without a date, it is stored undated rather than lost
        kind, record, _ = self._classify(response, slug, article_like=True)
        if (
            (kind == "article" or kind == "other" and not response.meta.get("redirect_urls"))
            and response.status == 200
            and hasattr(response, "text")
        ):
            # (redirected elsewhere, to a listing or the home page, it was removed: not a page misread)
            self.session.stats[slug]["article_like"] += 1
        if kind == "article":
            yield from self._article(response, slug, record)
        else:
            # the notice's URL now serves something else (often a redirect to a listing): gone
            yield Removed(
                force=slug,
                url=normalise_url(response.request.url),
                notice_url=notice_url,
                status=410,
                reason=f"now a {kind} page",
            )

    def on_error(self, failure):
        request = failure.request
        slug = request.meta.get("force")
        s = self.session
        if slug not in s.stats:
            return
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            error = f"HTTP {status}"
        elif failure.check(IgnoreRequest):
            error = str(failure.value) or "ignored"
        else:
            error = _describe(failure.value)
        kind = request.meta.get("kind")
        if request.meta.get("redirect_urls"):
            error += f" (redirected from {request.meta['redirect_urls'][0]})"  # the link the operator knows
        self._failed(request.url, slug, status, error, request.meta)
        if kind == "listing" and request.meta.get("start"):
            stats = s.stats[slug]
            stats["start_failed"] += 1
            refused = (
                "robots.txt"
                if failure.check(IgnoreRequest) and "robots" in error.lower()
                else f"HTTP {status}"
                if status in BLOCKED_STATUSES
                else None
            )
            if refused:
                stats["start_blocked"] += 1
                s.blocked_by[slug] = ", ".join(dict.fromkeys(filter(None, (s.blocked_by.get(slug), refused))))
        if failure.check(OffsiteRequest) and kind == "page":
            # a link that redirects off the force's hosts: remember it, so later runs do not follow it again
            urls = [normalise_url(u) for u in request.meta.get("redirect_urls", [])]
            yield Page(force=slug, kind="offsite", urls=[u for u in urls if u], status=None)
        if kind == "listing":
            s.pending[slug].discard(request.url)
            if not failure.check(IgnoreRequest) or "robots" not in error:
                s.broken[slug] = s.broken[slug] or f"listing {request.url}: {error}"
            yield from self._revisits(slug)

    # -- helpers ---------------------------------------------------------------------------------

    def _failed(self, url, slug, status, error, meta):
        stats = self.session.stats[slug]
        stats["errors"] += 1
        if status in BLOCKED_STATUSES:
            stats["http_blocked"] += 1
        elif status and status >= 400:
            stats["http_errors"] += 1
        logger.warning("%s: %s (%s)", slug, url, error)
        if self.session.archive_error:
            return
        try:
            save_fetch_error(
                self.session.db,
                url,
                status=status,
                error=error,
                attempts=meta.get("retry_times", 0) + 1,
                run_id=self.session.run_ids[slug],
            )
        except sqlite3.DatabaseError as e:
            self.archive_failed(slug, e, url)

    @staticmethod
    def _anchors(response, hosts=None):
        """(url, text, rel, place) of the page's links, on the given hosts only (a big menu costs no
        normalising); place: the link's tree path, which tells a listing's items from its menus."""
        out = []
        if not hasattr(response, "selector"):
            return out
        tree = response.selector.root.getroottree()
        base = response.url
        parts = urlsplit(base)
        origin = f"{parts.scheme}://{parts.netloc}/"
        for el in response.selector.root.iter("a", "link"):
            href = el.get("href")
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            rel = el.get("rel") or ""
            if el.tag == "link" and "next" not in rel.lower():
                continue
            href = href.strip()
            # a menu's links repeat on every page of a site: those that do not depend on the page's own
            # path (absolute, root-relative) are resolved once per site
            if href.startswith(("http://", "https://")):
                url = _link("", href, hosts)
            elif href.startswith("/") and not href.startswith("//"):
                url = _link(origin, href, hosts)
            else:
                url = _link(base, href, hosts)
            if url:
                text = "" if el.tag == "link" else " ".join(el.text_content().split())
                out.append((url, text or el.get("aria-label", ""), rel, tree.getpath(el)))
        return out

    def _classify(self, response, slug, *, article_like=False):
        """(kind, record, (body words, headline shown, extraction error)) of a fetched page from its signals;
        non-HTML pages are `other`. article_like: see crawl.page_kind (an undated page may be an article)."""
        s = self.session
        force = s.by_slug[slug]
        if not hasattr(response, "text"):
            return "other", None, (0, False, "not an HTML page")
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        try:
            record = extract_notice(
                response.body,
                normalise_url(response.url),
                headers,
                registry=s.registry,
                rules=s.rules,
                force=force,
                standing=s.standing.get(slug),
            )
        except ExtractionError as e:
            return "other", None, (0, False, str(e) or type(e).__name__)
        url = normalise_url(response.url)
        anchors = self._anchors(response, s.hosts[slug])
        links = crawl.headline_links(anchors, force, url, s.hosts[slug])
        in_body = set(record.get("links") or ())
        items = [u for u in links if u in in_body]
        paginated = crawl.later_page(url) or any(crawl.later_page(u) for u in crawl.next_pages(anchors, url))
        text = markdown_text(record["body"] or "")
        words = len(text.split())
        headline = article_like and crawl.headline_shown(
            record.get("title"), (el.text_content() for el in response.selector.root.iter("h1", "h2"))
        )
        kind = crawl.page_kind(
            record, len(items), len(text), paginated, article_like=article_like, headline=headline, body_words=words
        )
        return kind, record, (words, headline, None)

    def _page_item(self, response, slug, kind):
        return Page(
            force=slug,
            kind=kind,
            urls=self._urls(response),
            status=response.status,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )

    @staticmethod
    def _urls(response):
        """The fetched URL and every URL that redirected to it, normalised."""
        urls = [normalise_url(response.url)]
        for u in response.meta.get("redirect_urls", []) + [response.request.url]:
            u = normalise_url(u)
            if u and u not in urls:
                urls.append(u)
        return urls

    def _article(self, response, slug, record):
        s = self.session
        problem = record_problem(record)
        if problem:
            # extraction made a record the archive refuses: a bug, failed here where the page is known
            self._crashed(response.url, slug, response.status, RecordError(problem), response.meta)
            return
        health.count_fields(s.stats[slug], record)
        published = record.get("published_utc")
        if s.since and published and published[:10] < s.since:
            s.stats[slug]["read"] += 1  # read as a notice, left out by --since
            item = self._page_item(response, slug, "article")
            item.published = published
            yield item
            return
        record.update(
            status=response.status,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            fetched_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        yield Notice(force=slug, record=record, urls=self._urls(response))
        for url in shortlinks.to_resolve(record, s.shorteners):
            if url not in s.resolved and url not in s.resolving:
                s.resolving.add(url)
                yield self._hop(url, url, [], slug)

    # -- short links (--resolve-links) -----------------------------------------------------------

    def _hop(self, short_url, url, chain, slug):
        """A HEAD request to a shortener for one redirect, in the shortener's own download slot (its delay,
        one at a time, whichever force's notice showed the link); the redirect is read, never followed."""
        meta = {
            "shortlink": short_url,
            "chain": chain + [url],
            "by": slug,
            "download_slot": f"shortener@{crawl.host_of(url)}",
            "dont_redirect": True,
            "handle_httpstatus_all": True,
        }
        return scrapy.Request(
            url, method="HEAD", callback=self.parse_hop, errback=self.on_hop_error, meta=meta, dont_filter=True
        )

    def parse_hop(self, response):
        meta = response.meta
        location = response.headers.get(b"Location")
        step = shortlinks.next_step(
            response.url,
            response.status,
            location.decode("latin-1") if location else None,
            meta["chain"],
            self.session.shorteners,
        )
        if step.next:
            yield self._hop(meta["shortlink"], step.next, meta["chain"], meta["by"])
            return
        yield self._resolved(meta, final=step.final, error=step.error)

    def on_hop_error(self, failure):
        meta = failure.request.meta
        if failure.check(IgnoreRequest) and "robots" in str(failure.value).lower():
            error = f"robots.txt of {crawl.host_of(failure.request.url)} disallows {failure.request.url}"
        else:
            error = _describe(failure.value)
        yield self._resolved(meta, final=None, error=error)

    def _resolved(self, meta, *, final, error):
        short = meta["shortlink"]
        self.session.shortlinks["resolved" if final else "failed"] += 1
        if final:
            self.session.resolved.add(short)
        else:
            logger.warning("%s: short link %s not resolved: %s", meta["by"], short, error)
        return Resolved(
            force=meta["by"],
            short_url=short,
            final_url=final,
            hops=len(meta["chain"]) if final else len(meta["chain"]) - 1,
            provider=shortlinks.provider_of(final) if final else None,
            error=error,
        )


@lru_cache(maxsize=32768)
def _link(base, href, hosts):
    """The normalised absolute URL of a link, or None when it is off the given hosts or not http(s)."""
    url = urljoin(base, href) if base else href
    if hosts and not crawl.allowed_host(url, hosts):
        return None
    return normalise_url(url)


def _describe(exc):
    """An exception as a fetch_errors line; some of Twisted's and Scrapy's say nothing by themselves."""
    name, text = type(exc).__name__, str(exc).strip()
    if not text and name == "DownloadCancelledError":
        text = "cancelled: the body grew past DOWNLOAD_MAXSIZE, or the crawl was stopping"
    return f"{name}: {text}" if text else name


def _header(response, name):
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
