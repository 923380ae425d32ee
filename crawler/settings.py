"""Scrapy settings for `scrapy crawl notices` and `police-notices crawl` (which overrides a few).

Polite by default: robots.txt (and its Crawl-delay) obeyed, one request at a time per force and host
with a delay, AutoThrottle starting from that delay, an honest User-Agent; concurrency comes from
crawling many forces at once.
"""

from crawler.crawl import USER_AGENT
from crawler.extraction import SHORTENER_HOSTS

BOT_NAME = "police_notices"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = USER_AGENT
ROBOTSTXT_OBEY = True

# One request at a time per download slot; the spider keys slots by force and host, so forces that
# share a host (a mirror, the sample site) are still crawled side by side.
CONCURRENT_REQUESTS = 128
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
# No random jitter: the delay is a floor between two requests to a host, never less. Scrapy's default
# (±50%) allows half the delay, and since it draws again each time the slot is woken, the mean gap
# comes out ~1.22× the delay (measured: 0.61 s at 0.5 s), which made the crawl 1.25× the bound.
DOWNLOAD_DELAY_JITTER = 0.0
DOWNLOADER = "crawler.scrapy_internals.PoliteDownloader"  # the delay counted from each request's real start
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0  # `--delay` sets both; AutoThrottle never goes below DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Pick the next request from the least busy slot: one force's long queue must not starve the others.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
# The pipeline is synchronous SQLite, so items gain nothing from running side by side; Scrapy starts
# CONCURRENT_ITEMS asyncio tasks for every callback's output (100 by default: ~17% of the crawl's CPU).
CONCURRENT_ITEMS = 1

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each retry (crawler.crawl.backoff_seconds)
RETRY_AFTER_MAX = 300  # a longer Retry-After gives up on the page instead of stalling
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # before robots.txt, so an off-site host is never asked even for its robots.txt
    "crawler.middlewares.AllowlistMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsCrawlDelayMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.PoliteRetryMiddleware": 550,
    # after HttpCompressionMiddleware (590) on the way in, so it sees the body still compressed
    "crawler.middlewares.CompleteGzipMiddleware": 595,
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}

LOG_LEVEL = "INFO"

# The crawl's own settings (spider arguments of the same name without the prefix override them).
POLICE_DB = "archive.db"
POLICE_FORCES: list[str] = []  # slugs; empty: every force of the registry
POLICE_FORCES_FILE = None
POLICE_MAX_PAGES = 0  # per force; 0: no limit
POLICE_SINCE = None  # YYYY-MM-DD
POLICE_BACKFILL = False
POLICE_REVISIT = "policy"  # policy, all or none
POLICE_MAX_LISTING_DEPTH = 2  # category pages below a start listing
POLICE_RESOLVE_LINKS = False  # ask the link shorteners where the survey links' short links lead
POLICE_SHORTENERS = list(SHORTENER_HOSTS)  # the only hosts besides the forces' that --resolve-links asks
