"""The crawl's decisions, as pure functions: which hosts, which links, which page is what, when to stop.

The spider (crawler/spiders/notices.py) only fetches and calls these; tests can check them directly.
"""
import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlsplit

from crawler.extraction.urls import normalise_url
from crawler.registry import host_in, host_of

PROJECT_URL = "https://github.com/police-notices/police-notices"
USER_AGENT = f"police-notices/0.1 (+{PROJECT_URL})"

# A listing's body is mostly its items: headline links to the force's pages, a few hundred characters each
# at most. An article may link a story or two in its text, but says more than that around them.
LISTING_ITEMS = 2
ITEM_CHARS = 300
HEADLINE_WORDS = 3
MIN_BODY_CHARS = 80    # an article says something (a dated contact or search page rarely has a body)
PAGE_PARAMS = {"page", "p", "pg", "pagenumber", "pageindex", "paged", "start", "offset"}
NEXT_TEXT = re.compile(r"^\s*(next|next page|older|older posts|older news|more news|more|›|»|>|→|"
                       r"next\s*[›»>→]|nesaf)\s*$", re.I)
PAGE_PATH = re.compile(r"/page/(\d+)/?$", re.I)
# Links no notice lives behind: files, feeds, search, sharing, account pages.
NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|csv|zip|jpe?g|png|gif|svg|webp|mp[34]|ics|xml|rss)$|"
                       r"/(search|login|signin|sign-in|account|print|share)(/|$)", re.I)


# -- hosts and scope -------------------------------------------------------------------------------

def is_mirror(force):
    """A mirror: start URLs outside the force's domains (a local copy, an archive)."""
    return bool(force.domains) and any(not host_in(host_of(u), force.domains) for u in force.start_urls)


def crawl_hosts(force):
    """The hosts the crawler may request for a force: a mirror's start URL hosts only, else all its hosts."""
    if is_mirror(force):
        return tuple(dict.fromkeys(host_of(u) for u in force.start_urls))
    return force.hosts


def allowed_host(url, hosts):
    host = host_of(url)
    return bool(host) and host_in(host, hosts)


def scope_prefixes(force):
    """Path prefixes news lives under: the folder of each start URL (`/news/gwent/news/`, `/news/`)."""
    out = []
    for u in force.start_urls:
        path = urlsplit(u).path or "/"
        out.append(path if path.endswith("/") else path.rsplit("/", 1)[0] + "/")
    return tuple(dict.fromkeys(out))


def in_scope(url, force, hosts=None):
    """May this link of a force's listing be fetched? Allowlisted host, the force's allow/deny patterns
    (or, without allow patterns, under a start URL's folder), and not a file or utility page."""
    if not url or not allowed_host(url, hosts or crawl_hosts(force)):
        return False
    parts = urlsplit(url)
    if NOT_PAGES.search(parts.path):
        return False
    if any(re.search(p, url) for p in force.deny):
        return False
    if force.allow:
        return any(re.search(p, url) for p in force.allow)
    path = parts.path.lower()
    return any(path.startswith(p.lower()) for p in scope_prefixes(force))


# -- links of a listing ----------------------------------------------------------------------------

def page_number(url):
    """The page number a listing URL states (?page=3, /page/3/), else 1."""
    parts = urlsplit(url)
    for k, v in parse_qsl(parts.query):
        if k.lower() in PAGE_PARAMS and v.isdigit():
            return int(v)
    m = PAGE_PATH.search(parts.path)
    return int(m.group(1)) if m else 1


def _without_page(url):
    parts = urlsplit(url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in PAGE_PARAMS)
    return parts.netloc, PAGE_PATH.sub("/", parts.path).rstrip("/"), tuple(query)


def next_pages(anchors, page_url):
    """Pagination links of a listing: rel=next, a "Next" link, or the same listing at page N+1."""
    out = []
    current = page_number(page_url)
    base = _without_page(page_url)
    for url, text, rel in anchors:
        if url == page_url:
            continue
        if "next" in (rel or "").lower().split() or NEXT_TEXT.match(text or ""):
            out.append(url)
        elif _without_page(url) == base and page_number(url) == current + 1:
            out.append(url)
    return list(dict.fromkeys(out))


def category_pages(anchors, page_url):
    """Other views of the same listing: the same path with a different filter query (?newsCategory=…)."""
    parts = urlsplit(page_url)
    out = []
    for url, _, _ in anchors:
        u = urlsplit(url)
        if (u.netloc == parts.netloc and u.path.rstrip("/") == parts.path.rstrip("/") and u.query
                and page_number(url) == 1 and _without_page(url) != _without_page(page_url)):
            out.append(url)
    return list(dict.fromkeys(out))


def headline_links(anchors, force, page_url, hosts=None):
    """In-scope links whose text reads like a headline: the items of a listing."""
    out = []
    for url, text, _ in anchors:
        if url != page_url and len((text or "").split()) >= HEADLINE_WORDS and in_scope(url, force, hosts):
            out.append(url)
    return list(dict.fromkeys(out))


# -- what a page is --------------------------------------------------------------------------------

def page_kind(record, n_body_items, body_chars, paginated=False):
    """article, listing or other, from the page's signals.

    n_body_items: headline links to the force's own pages inside the extracted body. A listing's body
    is made of them; an article has a headline, a publish date and a body of its own (contact, search
    and campaign pages lack a date or say too little). A page of a paginated series is a listing.
    """
    if paginated and n_body_items:
        return "listing"
    if n_body_items >= LISTING_ITEMS and body_chars < ITEM_CHARS * n_body_items:
        return "listing"
    if record and record.get("title") and record.get("published") and body_chars >= MIN_BODY_CHARS:
        return "article"
    return "other"


# -- the walk --------------------------------------------------------------------------------------

def covered(entry, marker):
    """Was this known page covered by the force's last complete walk (met before it started)?"""
    return bool(entry) and marker is not None and entry["first_seen"] is not None and entry["first_seen"] <= marker


def keep_walking(links, known, marker, *, backfill=False, since=None):
    """Follow the next listing page? (continue, reason when not).

    Incremental: stop at a page whose items were all covered by the last complete walk; with no
    complete walk yet, or --backfill, walk on. With --since, stop at a page whose known items were all
    published before it.
    """
    if not links:
        return True, None
    if since is not None:
        dates = [known[u]["published"] for u in links if u in known and known[u].get("published")]
        if len(dates) == len(links) and all(d[:10] < since for d in dates):
            return False, "since"
    if backfill:
        return True, None
    if all(covered(known.get(u), marker) for u in links):
        return False, "known"
    return True, None


def is_known(entry, since=None):
    """Does a link need no fetch from a listing? Known pages are revisited by policy, not by discovery;
    an article left out by an earlier --since is fetched again when it now falls in range."""
    if entry is None:
        return False
    if entry["kind"] == "article" and not entry.get("notice_url"):
        published = entry.get("published")
        return bool(since and published and published[:10] < since)
    return True


# -- revisits --------------------------------------------------------------------------------------

def revisit_interval(published_utc, is_consultation, closes, today):
    """How often to check a known notice again: recent notices and open consultations often."""
    if is_consultation and (closes is None or closes[:10] >= today.isoformat()):
        return timedelta(hours=12)
    try:
        age = today - date.fromisoformat((published_utc or "")[:10])
    except ValueError:
        return timedelta(days=30)
    if age <= timedelta(days=7):
        return timedelta(hours=6)
    if age <= timedelta(days=30):
        return timedelta(days=1)
    if age <= timedelta(days=365):
        return timedelta(days=7)
    return timedelta(days=30)


def revisit_due(row, now, policy="policy"):
    """row: published_utc, is_consultation, closes, last_fetched (ISO). policy: policy, all or none."""
    if policy == "all":
        return True
    if policy == "none":
        return False
    published_utc, is_consultation, closes, last_fetched = row
    if not last_fetched:
        return True
    try:
        last = datetime.fromisoformat(last_fetched.replace("Z", "+00:00"))
    except ValueError:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    return now - last >= revisit_interval(published_utc, is_consultation, closes, now.date())


# -- politeness ------------------------------------------------------------------------------------

def retry_after_seconds(value, now=None):
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None when unreadable."""
    if value is None:
        return None
    value = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_seconds(attempt, base=1.0, cap=60.0):
    """Exponential backoff before retry number `attempt` (1, 2, 3 …)."""
    return min(cap, base * 2 ** (attempt - 1))


# -- the outcome -----------------------------------------------------------------------------------

def force_failed(stats, earlier_notices):
    """A force fails when none of its start URLs could be fetched, or when it yields no notice although
    earlier runs stored some."""
    if stats["start_ok"] == 0:
        return "no start URL could be fetched"
    seen = stats["new"] + stats["updated"] + stats["unchanged"] + stats["listed_known"]
    if seen == 0 and earlier_notices:
        return "no notice found where earlier runs found some"
    return None


SUMMARY_COLUMNS = ("pages", "new", "updated", "unchanged", "removed", "errors")


def summary_table(rows):
    """rows: [(force, stats dict, failure or None)] -> text table with a total line."""
    width = max([len("force"), len("total")] + [len(r[0]) for r in rows])
    head = f"{'force':<{width}} " + " ".join(f"{c:>9}" for c in SUMMARY_COLUMNS) + "  status"
    lines = [head, "-" * len(head)]
    totals = dict.fromkeys(SUMMARY_COLUMNS, 0)
    for force, stats, failure in rows:
        for c in SUMMARY_COLUMNS:
            totals[c] += stats.get(c, 0)
        lines.append(f"{force:<{width}} " + " ".join(f"{stats.get(c, 0):>9}" for c in SUMMARY_COLUMNS)
                     + f"  {'FAILED: ' + failure if failure else 'ok'}")
    lines.append(f"{'total':<{width}} " + " ".join(f"{totals[c]:>9}" for c in SUMMARY_COLUMNS))
    return "\n".join(lines)


def normalise(url, base=None):
    return normalise_url(url, base=base)
