"""The crawl's decisions, as pure functions: which hosts, which links, which page is what, when to stop.

The spider (crawler/spiders/notices.py) only fetches and calls these; tests can check them directly.
"""

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

from crawler.extraction import normalise_url
from crawler.registry import host_in, host_of

PROJECT_URL = "https://github.com/police-notices/police-notices"
USER_AGENT = f"police-notices/0.1 (+{PROJECT_URL})"

# A listing's body is mostly its items: headline links to the force's pages, a few hundred characters each
# at most. An article may link a story or two in its text, but says more than that around them.
LISTING_ITEMS = 2
ITEM_CHARS = 300
HEADLINE_WORDS = 3
MIN_BODY_CHARS = 80  # an article says something (a dated contact or search page rarely has a body)
ARTICLE_WORDS = 20  # an undated page of the news section is read as a notice from this many words of body
PAGE_PARAMS = {"page", "p", "pg", "pagenumber", "pageindex", "paged"}
OFFSET_PARAMS = {"start", "offset"}  # these count items, not pages: Joomla's ?start=10 is its second page
# a "Next" link's text, or its aria-label when it shows only an icon (Joomla 4: "Go to next page")
NEXT_TEXT = re.compile(
    r"^\s*((go\s+to\s+(the\s+)?)?next(\s+page)?(\s*[›»>→])?|older|older posts|older news|more news|more|"
    r"›|»|>|→|(tudalen\s+)?nesaf)\s*$",
    re.I,
)
PAGE_PATH = re.compile(r"/page/(\d+)/?$", re.I)
# Links no notice lives behind: files, feeds, search, sharing, account pages.
NOT_PAGES = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|csv|zip|jpe?g|png|gif|svg|webp|mp[34]|ics|xml|rss)$|"
    r"/(search|login|signin|sign-in|account|print|share)(/|$)",
    re.I,
)


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
    """Path prefixes news lives under: the folder of each start URL (`/news/gwent/news/`, `/news/`). A last
    segment without a file extension is a folder too: Drupal's and Joomla's `/news` list `/news/<slug>` (its
    parent, `/`, would take in the whole site: the footer's privacy notice as an item)."""
    out = []
    for u in force.start_urls:
        path = urlsplit(u).path or "/"
        last = path.rsplit("/", 1)[1]
        out.append(path if path.endswith("/") else path + "/" if "." not in last else path.rsplit("/", 1)[0] + "/")
    return tuple(dict.fromkeys(out))


def _under(path, prefixes):
    # `/news` is under `/news/`: a listing's own pages (/news?page=2) are in its folder
    path = path.lower() if path.endswith("/") else path.lower() + "/"
    return any(path.startswith(p.lower()) for p in prefixes)


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
    return _under(parts.path, scope_prefixes(force))


# -- links of a listing ----------------------------------------------------------------------------


def _number(url, params):
    for k, v in parse_qsl(urlsplit(url).query):
        if k.lower() in params and v.isdigit():
            return int(v)
    return None


def _stated_page(url):
    n = _number(url, PAGE_PARAMS)
    if n is None and (m := PAGE_PATH.search(urlsplit(url).path)):
        n = int(m.group(1))
    return n


def page_number(url):
    """The page number a listing URL states (?page=3, /page/3/), else 1."""
    n = _stated_page(url)
    return 1 if n is None else n


def page_offset(url):
    """The item a listing URL starts at (?start=20), else 0."""
    return _number(url, OFFSET_PARAMS) or 0


def _position(url):
    # where a page lies in its listing: no page stated is the first (Drupal's ?page=1 is its second page)
    return (_stated_page(url) or 0, page_offset(url))


def later_page(url):
    """Is this a listing's second page or a later one?"""
    return page_number(url) > 1 or page_offset(url) > 0


def _without_page(url):
    parts = urlsplit(url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in PAGE_PARAMS | OFFSET_PARAMS)
    return parts.netloc, PAGE_PATH.sub("/", parts.path).rstrip("/"), tuple(query)


def listing_of(url):
    """What every page of a listing has in common: its URL less its page number or offset."""
    return _without_page(url)


def same_listing(url, page_url):
    """Is url another page of the listing page_url is a page of (its first, next, a numbered or its last)?"""
    return url != page_url and _without_page(url) == _without_page(page_url)


def next_pages(anchors, page_url):
    """A listing's next pages, surest first: rel=next links, "Next" links, then its nearest later page (by
    page number, then offset), which walks a pager whose "Next" is not recognised without skipping a page
    (Drupal's ?page=1 is its second page, Joomla's ?start=20 counts items). The walk follows the first."""
    by_rel, by_text, later = [], [], []
    here = _position(page_url)
    for url, text, rel, *_ in anchors:
        if url == page_url:
            continue
        if "next" in (rel or "").lower().split():
            by_rel.append(url)
        elif NEXT_TEXT.match(text or ""):
            by_text.append(url)
        elif same_listing(url, page_url) and _position(url) > here:
            later.append(url)
    return list(dict.fromkeys(by_rel + by_text + sorted(later, key=_position)[:1]))


def category_pages(anchors, page_url):
    """Other views of the same listing: the same path with a different filter query (?newsCategory=…)."""
    parts = urlsplit(page_url)
    out = []
    for url, _, _, *_ in anchors:
        u = urlsplit(url)
        if (
            u.netloc == parts.netloc
            and u.path.rstrip("/") == parts.path.rstrip("/")
            and u.query
            and page_number(url) == 1
            and _without_page(url) != _without_page(page_url)
        ):
            out.append(url)
    return list(dict.fromkeys(out))


# a link inside a <footer> (its tree path): a site's footer, never a listing's items (a <nav> may be: a
# "Latest news" sidebar is one in WordPress and GOV.UK templates)
IN_FOOTER = re.compile(r"/footer(?:\[\d+\])?/")


def headline_links(anchors, force, page_url, hosts=None):
    """In-scope links whose text reads like a headline: the items of a listing. The listing's own other
    pages ("Go to end page") are no items: the walk follows them as its next pages, or stops; nor are a
    footer's links ("Sign up for news by email or RSS feed" under the news folder)."""
    out = []
    for url, text, _, *place in anchors:
        if (
            url != page_url
            and len((text or "").split()) >= HEADLINE_WORDS
            and not same_listing(url, page_url)
            and not (place and IN_FOOTER.search(place[0]))
            and in_scope(url, force, hosts)
        ):
            out.append(url)
    return list(dict.fromkeys(out))


def url_shape(url):
    """A link's shape: host, how deep its path is, and query keys. Folder names are left open: SOH files one
    listing's items under the editor's folders (/news/2021/march/cctv-appeal/, /appeals/2021/february/missing-man/,
    january-2021/), so a listing mixes them (REFERENCE.md: do not rely on a folder pattern)."""
    parts = urlsplit(url)
    depth = len([seg for seg in parts.path.split("/") if seg])
    return parts.netloc, depth, tuple(sorted({k for k, _ in parse_qsl(parts.query)}))


def _made(url, place):
    # a link's kind: its URL shape and its tree path without positions (/html/body/main/ul/li/h2/a)
    return url_shape(url), re.sub(r"\[\d+\]", "", place[0] if place else "")


def listing_items(anchors, force, page_url, hosts=None, kinds=frozenset()):
    """(the items of a listing, the kinds of link that are items on it).

    Its headline links are items, and so are the links made like them. An item's title may be shorter than
    a headline (about 5% of real notices are titled in one or two words, "CCTV appeal", and real CMS
    listings link the title alone): a link is an item too when it is of a kind (URL shape and place in
    the page) of two or more headline links on the page, which are at least half the links of that kind
    (a footer's few long links do not make its "Contact us" an item), or of a kind the same force's other
    listing pages showed (kinds: a last page may list one item alone). anchors: (url, text, rel, place),
    place the link's tree path ("" when unknown)."""
    headlines = set(headline_links(anchors, force, page_url, hosts))
    links, heads = Counter(), Counter()
    for url, _, _, *place in anchors:
        kind = _made(url, place)
        links[kind] += 1
        heads[kind] += url in headlines
    like = {kind for kind, n in heads.items() if n >= 2 and 2 * n >= links[kind]}
    out = []
    for url, _, _, *place in anchors:
        if url in headlines or (
            _made(url, place) in like | kinds
            and url != page_url
            and not same_listing(url, page_url)
            and in_scope(url, force, hosts)
        ):
            out.append(url)
    return list(dict.fromkeys(out)), like


def listing_links(anchors, force, page_url, hosts=None, kinds=frozenset()):
    """(items, next pages, category pages, item kinds) of a listing page: what the walk fetches as its
    notices, the pages it walks on to (the first) and the other views it opens. A listing's own pager
    and filters are no items."""
    nexts = [u for u in next_pages(anchors, page_url) if in_scope(u, force, hosts)]
    cats = [u for u in category_pages(anchors, page_url) if in_scope(u, force, hosts)]
    listed, like = listing_items(anchors, force, page_url, hosts, kinds)
    return [u for u in listed if u not in nexts and u not in cats], nexts, cats, like


# -- what a page is --------------------------------------------------------------------------------


def in_news_section(url, force):
    """Is the page under the folder of one of the force's start URLs (`/news/gwent/news/…`)? There a
    page with a headline and a body is a notice even when no date can be read from it."""
    return _under(urlsplit(url or "").path, scope_prefixes(force))


def headline_shown(title, headings):
    """Is the extracted title the page's visible headline: the text of one of its h1/h2 headings (or, for
    a title over 20 characters, inside one)? A <title> alone ("News | Gwent Police") is not a headline."""
    want = " ".join((title or "").split()).casefold()
    if not want:
        return False
    for text in headings:
        text = " ".join((text or "").split()).casefold()
        if text == want or (len(want) > 20 and want in text):
            return True
    return False


def page_kind(record, n_body_items, body_chars, paginated=False, *, article_like=False, headline=False, body_words=0):
    """article, listing or other, from the page's signals.

    n_body_items: headline links to the force's own pages inside the extracted body. A listing's body
    is made of them; an article has a headline, a publish date and a body of its own (contact, search
    and campaign pages lack a date or say too little). A page of a paginated series is a listing.

    article_like: the page was met where notices live (in the force's news section, or linked from its
    feed or sitemap, or it is a known notice revisited). Such a page with a headline (headline: the title
    is a visible h1/h2, see headline_shown) and a body of at least ARTICLE_WORDS words is an article even
    without a publish date: it is stored with `published` null and the extractor's `published_reason`.
    """
    if paginated and n_body_items:
        return "listing"
    if n_body_items >= LISTING_ITEMS and body_chars < ITEM_CHARS * n_body_items:
        return "listing"
    if record and record.get("title") and record.get("published") and body_chars >= MIN_BODY_CHARS:
        return "article"
    if article_like and headline and record and record.get("title") and body_words >= ARTICLE_WORDS:
        return "article"
    return "other"


def unread_reason(record, body_words, headline=False, error=None):
    """Why an article-like page was not read as a notice (its fetch_errors row)."""
    if error:
        return f"not read as a notice: {error}"
    if not record or not record.get("title") or not (headline or record.get("published")):
        return "not read as a notice: no headline found"
    if record.get("published"):
        return f"not read as a notice: a body of {body_words} word{'' if body_words == 1 else 's'}, too short"
    return (
        f"not read as a notice: no publish date and a body of {body_words} word{'' if body_words == 1 else 's'}"
        f" (an undated notice needs {ARTICLE_WORDS})"
    )


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
    if since is not None and all(u in known for u in links):
        # notices stored without a date say nothing about where --since lies: the dated ones decide
        dates = [known[u]["published"] for u in links if known[u].get("published")]
        if dates and all(d[:10] < since for d in dates):
            return False, "since"
    if backfill:
        return True, None
    if all(covered(known.get(u), marker) for u in links):
        return False, "known"
    return True, None


def is_known(entry, since=None, *, extractor=None, backfill=False):
    """Does a link need no fetch from a listing? Known pages are revisited by policy, not by discovery;
    an article left out by an earlier --since is fetched again when it now falls in range; a page that
    could not be read as a notice (`unread`) is fetched again by a different extractor (extractor: the
    current version) and by --backfill. A listing is never known: what it lists changes, and a walk killed
    after storing a listing page may not have fetched its items yet."""
    if entry is None or entry["kind"] == "listing":
        return False
    if entry["kind"] == "unread":
        return not backfill and extractor is not None and entry.get("extractor_version") == extractor
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
        last = last.replace(tzinfo=UTC)
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
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt, base=1.0, cap=60.0):
    """Exponential backoff before retry number `attempt` (1, 2, 3 …)."""
    return min(cap, base * 2 ** (attempt - 1))


# -- the outcome -----------------------------------------------------------------------------------

# A force's run ends in one of these states (crawl_runs.status, the table's status column); the list is
# archive.schema.RUN_STATES. Produced here: ok, failed, blocked; crawler/health.py makes an ok run
# `degraded` when a field's coverage fell far below the force's baseline (a layout change). `stale` (no
# successful run for days) is not a run's state: archive/health.py shows a force so.
OK, DEGRADED, FAILED, BLOCKED, STALE = "ok", "degraded", "failed", "blocked", "stale"
FAILING = (DEGRADED, FAILED, BLOCKED)  # states that make the crawl exit 1


class RunStatus(NamedTuple):
    state: str
    reason: str | None = None


def force_status(stats, earlier_notices, blocked_by=None):
    """How a force's run ended: RunStatus(state, reason).

    blocked: no start URL could be fetched, and every one was refused (robots.txt, 401/403, 429; blocked_by
    says which).
    failed: no start URL could be fetched; or a page could not be processed (the crawler raised on it:
    a bug, which must be seen); or article-like pages answered 200 and not one of them was read as a
    notice (stored new, updated or unchanged, or left out by --since); or no notice was found where
    earlier runs found some; or the archive refused to store what was fetched (`unstored`: locked by
    another writer past the busy timeout, disk full). Otherwise ok.
    """
    if stats.get("unstored"):
        n = stats["unstored"]
        return RunStatus(FAILED, f"{n} fetched item{'' if n == 1 else 's'} could not be stored")
    if stats["start_ok"] == 0:
        if stats.get("start_failed") and stats.get("start_blocked", 0) >= stats["start_failed"]:
            return RunStatus(BLOCKED, f"every start URL was refused ({blocked_by or 'blocked'})")
        return RunStatus(FAILED, "no start URL could be fetched")
    crashed = stats.get("crashed", 0)
    if crashed:
        return RunStatus(
            FAILED,
            f"{crashed} page{'' if crashed == 1 else 's'} could not be processed"
            " (an error in the crawler; see fetch_errors)",
        )
    fetched = stats.get("article_like", 0)
    if fetched and not stats.get("read", 0):
        return RunStatus(FAILED, f"{fetched} page{'' if fetched == 1 else 's'} fetched, none read as notices")
    seen = stats["new"] + stats["updated"] + stats["unchanged"] + stats["listed_known"]
    if seen == 0 and earlier_notices:
        return RunStatus(FAILED, "no notice found where earlier runs found some")
    return RunStatus(OK)


def force_failed(stats, earlier_notices):
    """The reason a force's run failed or was blocked, None when it is ok."""
    status = force_status(stats, earlier_notices)
    return status.reason if status.state in FAILING else None


def _status(value):
    """A summary row's third item: a RunStatus, or (the older form) None for ok, a reason for failed."""
    if isinstance(value, RunStatus):
        return value
    return RunStatus(FAILED, value) if value else RunStatus(OK)


def is_failing(value):
    return _status(value).state in FAILING


SUMMARY_COLUMNS = ("pages", "new", "updated", "unchanged", "undated", "removed", "errors")


def summary_table(rows):
    """rows: [(force, stats dict, RunStatus)] -> text table with a total line. The status column says
    `ok`, or the state in capitals with its reason (`FAILED: 5 pages fetched, none read as notices`)."""
    width = max([len("force"), len("total")] + [len(r[0]) for r in rows])
    head = f"{'force':<{width}} " + " ".join(f"{c:>9}" for c in SUMMARY_COLUMNS) + "  status"
    lines = [head, "-" * len(head)]
    totals = dict.fromkeys(SUMMARY_COLUMNS, 0)
    for force, stats, status in rows:
        for c in SUMMARY_COLUMNS:
            totals[c] += stats.get(c, 0)
        state, reason = _status(status)
        shown = state if state == OK else f"{state.upper()}: {reason}" if reason else state.upper()
        lines.append(f"{force:<{width}} " + " ".join(f"{stats.get(c, 0):>9}" for c in SUMMARY_COLUMNS) + f"  {shown}")
    lines.append(f"{'total':<{width}} " + " ".join(f"{totals[c]:>9}" for c in SUMMARY_COLUMNS))
    return "\n".join(lines)


def summary_line(rows, seconds):
    """The one line a run ends with in its log: forces by state, notices new/updated/removed, errors,
    duration ("crawl: 7 forces: 6 ok, 1 failed (durham); notices: 3 new, 1 updated, 0 removed; 2 errors;
    12.3 s")."""
    states = {}
    for force, _stats, status in rows:
        states.setdefault(_status(status).state, []).append(force)
    shown = [
        f"{len(states.get(s, []))} {s}"
        for s in (OK, DEGRADED, FAILED, BLOCKED, STALE)
        if s in states or s in (OK, FAILED)
    ]
    named = "".join(f"; {s}: {', '.join(states[s])}" for s in (DEGRADED, FAILED, BLOCKED, STALE) if s in states)
    total = {c: sum(stats.get(c, 0) for _, stats, _ in rows) for c in ("new", "updated", "removed", "errors")}
    return (
        f"crawl: {len(rows)} forces: {', '.join(shown)}{named}; notices: {total['new']} new, "
        f"{total['updated']} updated, {total['removed']} removed; {total['errors']} errors; {seconds:.1f} s"
    )


def normalise(url, base=None):
    return normalise_url(url, base=base)
