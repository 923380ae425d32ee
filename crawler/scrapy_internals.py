"""Every Scrapy and Twisted internal the crawl relies on, in one place (pinned by tests/test_scrapy_internals.py).

Scrapy has no public API for these; an upgrade may move any of them, and the test says which at once:

- `Downloader.slots` (key -> Slot) and `Downloader.per_slot_settings`: robots.txt's Crawl-delay is applied to
  the slot of the force's host, and a retry's wait pauses that slot.
- `Slot.delay` and `Slot.lastseen`: a slot sends its next request `delay` after `lastseen`; raising `delay`
  applies a Crawl-delay, pushing `lastseen` into the future pauses the host.
- `Downloader._download(slot, request)`: overridden to stamp `lastseen` when the download really starts.
- `RobotsTxtMiddleware._robots_error(exc, netloc)`: the only place a robots.txt fetch failure is seen
  (Scrapy logs it and crawls as if allowed); `_robotstxt_useragent` and `_default_useragent` name the agent
  whose Crawl-delay counts. Its log record ("Error downloading %(request)s", with a traceback, on the logger
  `scrapy.downloadermiddlewares.robotstxt`) is dropped: the failure is told once, in one line, by ours.
- Twisted's `AsyncioSelectorReactor._asyncioEventloop` (the loop a crawl runs on without `reactor.run()`)
  and `_stopThreadPool()` (its DNS threads, which `reactor.stop()` would end with the reactor itself).
"""

import logging
from time import monotonic

from scrapy.core.downloader import Downloader
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware


def download_slot(crawler, key):
    """The downloader's slot for `key` (a request's download_slot meta), or None before it exists."""
    return crawler.engine.downloader.slots.get(key) if key else None


def raise_slot_delay(crawler, key, delay):
    """Make the slot's delay at least `delay` seconds; a slot not made yet is born with it."""
    downloader = crawler.engine.downloader
    slot = download_slot(crawler, key)
    if slot is not None and slot.delay < delay:
        slot.delay = delay
    elif slot is None and key:
        downloader.per_slot_settings.setdefault(key, {})["delay"] = delay


def pause_slot(crawler, key, wait):
    """Send nothing more from the slot for `wait` seconds: it sends its next request `delay` after lastseen,
    so lastseen moves into the future. False when there is no such slot."""
    slot = download_slot(crawler, key)
    if slot is None:
        return False
    slot.lastseen = max(slot.lastseen, monotonic() + wait)
    return True


class PoliteDownloader(Downloader):
    """Scrapy's downloader, with a slot's delay counted from when its request really starts downloading.

    Scrapy stamps `slot.lastseen` when it takes the request off the slot's queue; the download itself
    starts a moment later, later still when the reactor is busy parsing pages. A late start followed by
    a prompt one put two requests to a host closer than the delay (the benchmark's server saw 0.48 s at
    0.5 s): stamping again at the real start makes the delay a floor between starts.
    """

    async def _download(self, slot, request):
        slot.lastseen = max(slot.lastseen, monotonic())
        return await super()._download(slot, request)


def _not_robots_download_error(record):
    """False for Scrapy's record of a robots.txt that could not be fetched (a traceback naming the page it
    was fetched for): robots_failed tells it, in fetch_errors and in one warning line."""
    return not str(record.msg).startswith("Error downloading ")


class RobotsTxtHooks(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with its private parts given public names for our subclass."""

    def __init__(self, crawler):
        super().__init__(crawler)
        logging.getLogger(RobotsTxtMiddleware.__module__).addFilter(_not_robots_download_error)  # (once)

    def robots_failed(self, exc, netloc):
        """robots.txt for netloc could not be fetched; Scrapy crawls the host as if it allowed everything."""

    def robots_useragent(self, request):
        """The user agent whose robots.txt rules (and Crawl-delay) apply to the request."""
        return self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)

    def _robots_error(self, exc, netloc):
        super()._robots_error(exc, netloc)
        self.robots_failed(exc, netloc)


def asyncio_loop(reactor):
    """The asyncio loop Twisted's asyncio reactor runs on."""
    return reactor._asyncioEventloop


def stop_thread_pool(reactor):
    """Stop the reactor's thread pool (DNS lookups) without stopping the reactor; the next use starts one."""
    if reactor.threadpool is not None:
        reactor._stopThreadPool()
