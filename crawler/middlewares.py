"""Downloader middlewares: the host allowlist, robots.txt Crawl-delay, retries that wait politely, and
gzip bodies that must end."""

import logging
import zlib

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from crawler.crawl import backoff_seconds, retry_after_seconds
from crawler.registry import host_in
from crawler.scrapy_internals import RobotsTxtHooks, pause_slot, raise_slot_delay

logger = logging.getLogger(__name__)


class OffsiteRequest(IgnoreRequest):
    """A request (often a redirect) to a host outside the force's allowlist."""


class TruncatedBody(IgnoreRequest):
    """A compressed body that stops before its end (the transfer was cut, the length header agreed)."""


def _session(crawler):
    spider = crawler.spider
    return getattr(spider, "session", None)


class AllowlistMiddleware:
    """Drop every request to a host the force does not own (allowlist, not blocklist); a short link's
    request (--resolve-links) only to the listed shorteners.

    Runs first, so redirects (re-scheduled as new requests) and robots.txt fetches are checked too.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        session = _session(self.crawler)
        if session is None:
            return None
        host = (urlparse_cached(request).hostname or "").lower()
        slug = request.meta.get("force")
        if request.meta.get("shortlink"):  # --resolve-links: the listed shorteners, and nothing else
            hosts, whose = session.shorteners, "the link shorteners"
        elif slug:
            hosts, whose = session.hosts.get(slug), slug
        else:  # robots.txt, asked for a request of a force or of a shortener
            hosts, whose = session.all_hosts + session.shorteners, "any force"
        if not host or not host_in(host, hosts or ()):
            self.crawler.stats.inc_value("police/offsite_blocked")
            raise OffsiteRequest(f"{host} is not one of the hosts of {whose}")
        return None


class RobotsCrawlDelayMiddleware(RobotsTxtHooks):
    """Scrapy's robots.txt middleware, plus the Crawl-delay it ignores: applied to the request's slot.

    robots.txt itself is fetched in the slot of the first request for its host, so it counts against
    the host's delay like any page (Scrapy's own slot for it, keyed by host name, let the force's
    first page follow it at once).
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.delays = {}  # netloc -> Crawl-delay seconds
        self.slots = {}  # netloc -> download slot of the first request for it
        self.first = {}  # netloc -> the first request for it (whose force a robots.txt failure is told to)

    async def process_request(self, request):
        netloc = urlparse_cached(request).netloc
        if request.meta.get("dont_obey_robotstxt"):
            if "download_slot" not in request.meta and netloc in self.slots:
                request.meta["download_slot"] = self.slots[netloc]
            return None
        if request.meta.get("download_slot"):
            self.slots.setdefault(netloc, request.meta["download_slot"])
        self.first.setdefault(netloc, request)
        return await super().process_request(request)

    def robots_failed(self, exc, netloc):
        """robots.txt could not be fetched (timeout, refused, …): Scrapy then crawls as if it allowed
        everything, and says so only in its log. Say it where an operator looks: fetch_errors."""
        spider = self.crawler.spider
        request = self.first.get(netloc)
        if request is None or getattr(spider, "session", None) is None:
            return
        if request.meta.get("shortlink"):  # a shortener's (--resolve-links): not the force's failure
            logger.warning(
                "robots.txt of %s not fetched (%s: %s); asked as if it allowed everything",
                netloc,
                type(exc).__name__,
                exc,
            )
            return
        slug = request.meta.get("force")
        if slug in spider.session.stats:
            url = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
            spider._failed(
                url,
                slug,
                None,
                f"robots.txt not fetched ({type(exc).__name__}: {exc}); crawled as if it allowed everything",
                {},
            )

    def process_request_2(self, rp, request):
        super().process_request_2(rp, request)
        if rp is None:
            return
        netloc = urlparse_cached(request).netloc
        if netloc not in self.delays:
            ua = self.robots_useragent(request)
            try:
                self.delays[netloc] = float(rp.crawl_delay(ua) or 0)
            except (TypeError, ValueError):
                self.delays[netloc] = 0.0
        delay = self.delays[netloc]
        if delay:
            # AutoThrottle would bring the slot's delay back down to DOWNLOAD_DELAY: tell it not to
            request.meta["autothrottle_dont_adjust_delay"] = True
            raise_slot_delay(self.crawler, request.meta.get("download_slot"), delay)
            request.meta["crawl_delay"] = delay


class PoliteRetryMiddleware(RetryMiddleware):
    """Bounded retries that wait: Retry-After on 429/503 (capped), else exponential backoff.

    The wait pauses the whole download slot (the force's host), not just the one request.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 300)

    def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempt = request.meta.get("retry_times", 0) + 1
        wait = None
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                logger.warning("%s asks to retry after %.0fs: giving up on it", request.url, wait)
                return response
        if wait is None:
            wait = backoff_seconds(attempt, self.backoff_base)
        retry = self._retry_request(request, response_status_message(response.status))
        if retry is None:
            return response
        self._pause(request, wait)
        return retry

    def process_exception(self, request, exception):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            retry = self._retry_request(request, exception)
            if retry is not None:
                self._pause(request, backoff_seconds(retry.meta["retry_times"], self.backoff_base))
            return retry
        return None

    def _retry_request(self, request, reason):
        """The next try of the request, or None when its tries are spent (Scrapy's public retry API, with
        the per-request meta keys Scrapy's own middleware honours)."""
        meta = request.meta
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=meta.get("give_up_log_level", self.give_up_log_level),
        )

    def _pause(self, request, wait):
        pause_slot(self.crawler, request.meta.get("download_slot"), wait)
        self.crawler.stats.inc_value("police/retry_wait_seconds", wait)


class CompleteGzipMiddleware:
    """Refuse a gzip body whose stream does not end. Scrapy inflates as much of a cut-short gzip body as
    there is and says nothing: a truncated page would be stored as a notice (a false record, and a new
    version of a good one). Runs on the response before HttpCompressionMiddleware inflates it."""

    def __init__(self, max_size):
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request, response):
        if b"gzip" not in b",".join(response.headers.getlist("Content-Encoding")).lower():
            return response
        z = zlib.decompressobj(wbits=47)  # 32 + 15: a gzip (or zlib) header, the largest window
        data, size = response.body, 0
        try:
            while data and not z.eof:
                size += len(z.decompress(data, 1 << 20))  # output bounded a step at a time: bombs exist
                data = z.unconsumed_tail
                if self.max_size and size > self.max_size:
                    return response  # HttpCompressionMiddleware refuses it for its size
        except zlib.error as e:
            raise TruncatedBody(f"gzip body is corrupt ({e})") from None
        if not z.eof:
            raise TruncatedBody(f"gzip body ends before its end ({len(response.body)} bytes received)")
        return response
