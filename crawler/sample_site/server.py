"""The sample site's HTTP server: every sample force under /<slug>/ on one loopback host, plus an
"off-site" server on a second port that a correct crawl never reaches (its hits are counted).

Deterministic: pages, ETags and Last-Modified depend only on the state ("day1"/"day2") and the faults
switch, never on the clock or the ports (the ETag is derived from the notice's version, not its bytes).
"""

import hashlib
import re
import threading
import time
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from crawler.sample_site import families
from crawler.sample_site.content import FORCE_BY_SLUG, FORCES, NOTICES, STATES, in_state
from crawler.sample_site.faults import FAULTS, Raw, inject

PAGE_SIZE = families.PAGE_SIZE
EDITED_AT = "Tue, 20 Apr 2021 12:00:00 GMT"  # Last-Modified of an edited notice from day2 on
RETRY_AFTER = 1  # seconds, on the one 503
# Fault pages (faults=True): the listing page that 503s once, the link that 404s, the link that leaves.
FAULT_503 = ("gwent", "/news/gwent/news/?page=2")
FAULT_404 = ("cheshire", "/news/cheshire/news/articles/2021/3/appeal-withdrawn-after-man-found/")
PARTNER_REDIRECT = "/out/partner/"  # under each force: 302 to the off-site host
# The link shortener stand-in (shortener=True): its own loopback address, so its host is neither the site's
# nor the off-site one. /survey/<code> redirects to /r/<code>, which redirects to the off-site host's
# /s/<code>: a two-hop chain ending at a "survey host" a correct resolver never requests. (Extraction knows
# bit.ly's host as a shortener's; the stand-in's link is a survey link by its path, which says so.)
SHORTENER_HOST = "127.0.0.2"
# Markup breaks (breaks={slug: mode}): how one force's article pages change, as after a redesign.
BREAKS = {
    "undated": "the date line and every machine-readable date (meta, <time>) are gone",
    "unreadable": "a script-rendered shell: the site's chrome around an empty mount point, no headline or body",
}


def parse_breaks(values):
    """{slug: mode} from a dict or from "slug:mode" strings; ValueError for an unknown force or mode."""
    pairs = values.items() if isinstance(values, dict) else (str(v).partition(":")[::2] for v in values or ())
    out = {}
    for slug, mode in pairs:
        slug, mode = slug.strip(), mode.strip()
        if slug not in FORCE_BY_SLUG:
            raise ValueError(f"unknown sample force {slug!r} (one of {', '.join(FORCE_BY_SLUG)})")
        if mode not in BREAKS:
            raise ValueError(f"unknown break {mode!r} for {slug} (one of {', '.join(BREAKS)})")
        out[slug] = mode
    return out


class Ctx:
    def __init__(self, site, offsite=None):
        self.offsite = offsite or site.offsite_url
        self.faults = site.faults
        self.state = site.state

    @staticmethod
    def prefix(force):
        return f"/{force.slug}"


def real_url(force, path):
    return f"https://{force.host}{path}"


def notices_of(force, state, lang=None, category=None):
    """A force's notices in a state, newest first (removed ones gone)."""
    out = [
        n
        for n in NOTICES
        if n.force == force.slug
        and in_state(state, n.added, n.removed)
        and (lang is None or n.lang == lang)
        and (category is None or n.category == category)
    ]
    return sorted(out, key=lambda n: families.parse_when(n.when)[0], reverse=True)


def related(force, n, k=None):
    """The other notices an article's sidebar or latest-news block links (two, or as many as its family's
    block shows), the same in every state (so unchanged pages stay byte-identical)."""
    k = k or families.RELATED.get(force.family, 2)
    pool = [
        r
        for r in NOTICES
        if r.force == force.slug and r is not n and r.lang == n.lang and r.added == STATES[0] and r.removed is None
    ]
    pool.sort(key=lambda r: families.parse_when(r.when)[0], reverse=True)
    return [(r, f"/{force.slug}{r.path}") for r in pool[:k]]


def last_modified(n, state):
    if n.edited and state != STATES[0]:
        return EDITED_AT
    dt, has_time = families.parse_when(n.when)
    if not has_time:
        dt = dt.replace(hour=12)
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def body_of(n, state):
    return n.edited if n.edited and state != STATES[0] else n.body


def etag(n, state, encoding, broken=None):
    version = "edited" if n.edited and state != STATES[0] else "original"
    key = f"{n.path}|{version}|{encoding}" + (f"|{broken}" if broken else "")  # a redesign changes the bytes
    return '"' + hashlib.sha1(key.encode()).hexdigest()[:20] + '"'


class Response:
    def __init__(self, status, body=b"", headers=None):
        self.status, self.body, self.headers = status, body, dict(headers or {})


def html_response(text, status=200, encoding="utf-8", headers=None):
    h = {"Content-Type": f"text/html; charset={encoding}"}
    h.update(headers or {})
    return Response(status, text.encode(encoding), h)


def _not_modified(request_headers, tag, modified):
    inm = request_headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or tag in tags
    ims = request_headers.get("If-Modified-Since")
    if ims:
        try:
            return parsedate_to_datetime(ims) >= parsedate_to_datetime(modified)
        except (TypeError, ValueError):
            return False
    return False


class SampleSite:
    """The bundled sample site. Use as a context manager; see the package docstring."""

    def __init__(
        self,
        port=0,
        state="day1",
        faults=False,
        *,
        host="127.0.0.1",
        crawl_delay=0.05,
        slow_seconds=2.0,
        offsite_port=0,
        breaks=None,
        inject=None,
        shortener=False,
        shortener_disallow=None,
    ):
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}")
        self.host, self.port, self.state, self.faults = host, port, state, faults
        self.breaks = parse_breaks(breaks)  # {slug: "undated" | "unreadable"}: see BREAKS
        self.inject = dict(inject or {})  # {path on this site: fault}: see faults.FAULTS
        unknown = sorted(set(self.inject.values()) - set(FAULTS))
        if unknown:
            raise ValueError(f"unknown fault(s) {', '.join(unknown)} (one of {', '.join(FAULTS)})")
        self.crawl_delay, self.slow_seconds, self._offsite_port = crawl_delay, slow_seconds, offsite_port
        self.log, self.offsite_log, self.shortener_log = [], [], []
        # shortener=True: articles' bit.ly links point at the stand-in (SHORTENER_HOST), whose robots.txt
        # disallows shortener_disallow (a path prefix) when given
        self.shortener, self.shortener_disallow, self._shortener_port = shortener, shortener_disallow, 0
        self._lock = threading.Lock()
        self._counts = {}
        self._servers = []

    # --- lifecycle ---
    def start(self):
        site = self

        class Main(_Handler):
            def respond(self):
                return site._respond(self)

        class Offsite(_Handler):
            def respond(self):
                return Response(
                    200, b"<html><body><p>Off-site host</p></body></html>", {"Content-Type": "text/html; charset=utf-8"}
                )

        main = ThreadingHTTPServer((self.host, self.port), Main)
        main.site_log = self.log
        off = ThreadingHTTPServer((self.host, self._offsite_port), Offsite)
        off.site_log = self.offsite_log
        servers = [main, off]
        if self.shortener:

            class Shortener(_Handler):
                def respond(self):
                    return site._shorten(self)

            short = ThreadingHTTPServer((SHORTENER_HOST, 0), Shortener)
            short.site_log = self.shortener_log
            servers.append(short)
            self._shortener_port = short.server_address[1]
        for server in servers:
            server.daemon_threads = True
            server.lock = self._lock
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self._servers.append(server)
        self.port = main.server_address[1]
        self._offsite_port = off.server_address[1]
        return self

    def stop(self):
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- public interface ---
    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def offsite_url(self):
        # "localhost", not the loopback address: a different host from the site's, so a crawler's host
        # allowlist must refuse it
        return f"http://localhost:{self._offsite_port}"

    @property
    def shortener_url(self):
        return f"http://{SHORTENER_HOST}:{self._shortener_port}"

    def _shorten(self, req):
        path = urlsplit(req.path).path
        if path == "/robots.txt":
            rules = f"Disallow: {self.shortener_disallow}" if self.shortener_disallow else "Disallow:"
            return Response(200, f"User-agent: *\n{rules}\n".encode(), {"Content-Type": "text/plain"})
        if path.startswith("/r/"):
            return Response(302, b"", {"Location": f"{self.offsite_url}/s/{path[3:]}"})
        if path.startswith("/survey/"):
            return Response(301, b"", {"Location": f"/r/{path[8:]}"})
        return Response(404, b"")

    @property
    def offsite_hits(self):
        return len(self.offsite_log)

    def set_state(self, state):
        if state not in STATES:
            raise ValueError(f"state must be one of {STATES}")
        self.state = state

    def clear_log(self):
        with self._lock:
            self.log.clear()
            self.offsite_log.clear()
            self.shortener_log.clear()

    def reset_faults(self):
        """Make the once/twice faults (503, 500s) fire again."""
        with self._lock:
            self._counts.clear()

    def start_urls(self, force):
        urls = [f"{self.url}/{force.slug}{force.listing}"]
        if force.welsh_listing:
            urls.append(f"{self.url}/{force.slug}{force.welsh_listing}")
        return urls

    def forces_toml(self):
        """Registry TOML (crawler/registry.py format): each sample force as a mirror on this site."""
        out = [
            "# police-notices sample site: each force mirrored under its slug on the loopback host.",
            "# Canonical URLs on the pages name the forces' real domains.",
            "",
        ]
        for f in FORCES:
            out += [
                "[[force]]",
                f'slug = "{f.slug}"',
                f'kind = "{f.kind}"',
                f'name = "{f.name}"',
                f'area = "{f.area_force or f.area}"',  # a commissioner's: its area's force
                "domains = [" + ", ".join(f'"{d}"' for d in f.domains) + "]",
                f'platform = "{f.platform}"',
                "start_urls = [" + ", ".join(f'"{u}"' for u in self.start_urls(f)) + "]",
                # the forces share one host: allow keeps each force's crawl under its own prefix
                f"allow = ['^{re.escape(self.url)}/{re.escape(f.slug)}/']",
                "languages = [" + ", ".join(f'"{lang}"' for lang in f.languages) + "]",
                f'notes = "sample site mirror ({f.family} markup)"',
                "",
            ]
        return "\n".join(out)

    def write_forces_file(self, path):
        Path(path).write_text(self.forces_toml(), encoding="utf-8")
        return Path(path)

    def expected_notices(self, state=None):
        """What a correct crawl of the site in `state` (default: the current one) stores: articles only.
        A force broken `undated` has its notices stored without a date; one broken `unreadable`, none."""
        state = state or self.state
        out = []
        for f in FORCES:
            if self.breaks.get(f.slug) == "unreadable":
                continue
            for n in notices_of(f, state):
                published = None if self.breaks.get(f.slug) == "undated" else families.iso(n.when)
                out.append(
                    {
                        "force": f.area_force or f.slug,  # the record's force: a commissioner's, its area's
                        "publisher": f.slug,  # the site's registry entry
                        "url": real_url(f, n.path),
                        "title": n.title,
                        "published": published,
                        "consultation": n.consultation,
                    }
                )
        return out

    def article_paths(self, state=None):
        """Real URL -> path on this site, for every expected notice."""
        state = state or self.state
        return {real_url(f, n.path): f"/{f.slug}{n.path}" for f in FORCES for n in notices_of(f, state)}

    def changes(self, old="day1", new="day2"):
        """Real URLs of the notices new, edited and removed between two states."""

        def urls(pred):
            return sorted(real_url(FORCE_BY_SLUG[n.force], n.path) for n in NOTICES if pred(n))

        return {
            "new": urls(lambda n: not in_state(old, n.added) and in_state(new, n.added, n.removed)),
            "edited": urls(
                lambda n: (
                    n.edited is not None
                    and old == STATES[0] != new
                    and in_state(old, n.added, n.removed)
                    and in_state(new, n.added, n.removed)
                )
            ),
            "removed": urls(
                lambda n: (
                    in_state(old, n.added, n.removed)
                    and not in_state(new, n.added, n.removed)
                    and in_state(new, n.added)
                )
            ),
        }

    def robots_txt(self):
        lines = ["User-agent: *", f"Crawl-delay: {self.crawl_delay:g}"]
        lines += [f"Disallow: /{f.slug}/search" for f in FORCES]
        # Drupal's own robots.txt keeps crawlers off its account pages
        lines += [f"Disallow: /{f.slug}/user/" for f in FORCES if f.family == "drupal9"]
        return "\n".join(lines) + "\n"

    # --- routing ---
    def _count(self, key):
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def _respond(self, req):
        path = unquote(urlsplit(req.path).path)
        fault = self.inject.get(path)
        resp = self._route(req)
        if fault is None:
            return resp
        return inject(
            fault,
            resp,
            self._count(("inject", path)),
            offsite_url=self.offsite_url,
            stall_seconds=self.slow_seconds,
            url=f"{self.url}{req.path}",
        )

    def _route(self, req):
        parts = urlsplit(req.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        if path == "/robots.txt":
            return Response(200, self.robots_txt().encode(), {"Content-Type": "text/plain; charset=utf-8"})
        slug, _, rest = path.lstrip("/").partition("/")
        force = FORCE_BY_SLUG.get(slug)
        if force is None:
            return self._not_found(None)
        real = "/" + rest
        ctx = Ctx(self)
        article, listing, plain = families.FAMILIES[force.family]
        if (
            self.faults
            and (slug, real + ("?" + parts.query if parts.query else "")) == FAULT_503
            and self._count("503") == 1
        ):
            return html_response(
                "<html><body><h1>Service unavailable</h1></body></html>", 503, headers={"Retry-After": str(RETRY_AFTER)}
            )
        for n in NOTICES:
            if n.force != slug:
                continue
            if unquote(n.path) == real:
                return self._article(req, force, n, ctx)
            if n.old_path and n.old_path == real:
                return Response(301, b"", {"Location": f"{self.url}/{slug}{quote(n.path, safe='/%')}"})
        for cat, _ in force.categories:  # a category's own path, or the listing with its filter query
            cat_path, _, cat_query = families.category_path(force, cat).partition("?")
            if unquote(cat_path) == real and all(query.get(k) == v for k, v in parse_qs(cat_query).items()):
                return self._listing(force, ctx, query, category=cat)
        if real in (force.listing, force.welsh_listing):
            return self._listing(force, ctx, query, lang="cy" if real == force.welsh_listing else "en")
        if real == PARTNER_REDIRECT:
            return Response(302, b"", {"Location": f"{self.offsite_url}/landing/"})
        pages = {
            "/": ("Welcome to " + force.name, ("Report a crime, find advice and read the latest news.",)),
            "/Pages/default.aspx": (
                "Welcome to " + force.name,
                ("Report a crime, find advice and read the latest news.",),
            ),
            force.contact: (
                "Contact us",
                ("In an emergency always call 999.", "For non-emergencies call 101 or use our online reporting forms."),
            ),
            force.campaign: (force.campaign_title, force.campaign_body),
            "/accessibility/": ("Accessibility", ("We want everyone to be able to use this website.",)),
            "/cookies/": ("Cookies", ("We use cookies to make this site work.",)),
        }
        if real in pages:
            title, body = pages[real]
            return self._plain(force, ctx, plain, title, body, real)
        if real.startswith("/search"):
            return self._plain(force, ctx, plain, "Search results", ("No results found for your search.",), real)
        return self._not_found(force)

    def _not_found(self, force):
        return html_response(
            "<!DOCTYPE html><html><head><title>Page not found</title></head>"
            "<body><h1>Page not found</h1><p>Sorry, we could not find that page.</p></body></html>",
            404,
        )

    def _plain(self, force, ctx, plain, title, body, real):
        return html_response(plain(force, ctx, title=title, body=body, canonical=real_url(force, real)))

    def _article(self, req, force, n, ctx):
        state = self.state
        if not in_state(state, n.added):
            return self._not_found(force)
        if n.removed and in_state(state, n.removed):
            return html_response(
                "<!DOCTYPE html><html><head><title>Gone</title></head><body><h1>This page has "
                "been removed</h1></body></html>",
                410,
            )
        fault = n.fault if self.faults else None
        if fault == "500x2" and self._count(n.path) <= 2:
            return html_response("<html><body><h1>Server error</h1></body></html>", 500)
        if fault == "slow":
            time.sleep(self.slow_seconds)
        encoding = "windows-1252" if fault == "cp1252" else "utf-8"
        broken = self.breaks.get(force.slug)
        tag, modified = etag(n, state, encoding, broken), last_modified(n, state)
        headers = {"ETag": tag, "Last-Modified": modified}
        if _not_modified(req.headers, tag, modified):
            return Response(304, b"", headers)
        # articles link off-site only to a name that never resolves, so their bytes do not depend on the
        # off-site server's port (listings and other pages link to it)
        ctx = Ctx(self, offsite="http://offsite.invalid")
        article = families.FAMILIES[force.family][0]
        kwargs = {"charset": encoding} if encoding != "utf-8" else {}
        if broken == "unreadable":
            text = families.app_shell(force, ctx, force.family, real_url(force, n.path), **kwargs)
        else:
            if broken == "undated":
                kwargs["dated"] = False
            text = article(force, ctx, n, body_of(n, state), real_url(force, n.path), related(force, n), **kwargs)
        if self.shortener:
            text = text.replace("https://bit.ly/", self.shortener_url + "/survey/")
        return html_response(text, encoding=encoding, headers=headers)

    def _listing(self, force, ctx, query, lang="en", category=None):
        page = families.page_of(force.family, query)
        notices = notices_of(force, self.state, lang=lang, category=category)
        pages = max(1, -(-len(notices) // PAGE_SIZE))
        if not 1 <= page <= pages:
            return self._not_found(force)
        p = f"/{force.slug}"
        items = []
        for n in notices[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
            path = n.old_path if self.faults and n.old_path else n.path
            items.append((n.title, p + path, n.when, n.summary))
        extra = ""
        if self.faults and page == 1 and category is None and lang == "en":
            if force.slug == FAULT_404[0]:
                items.append(
                    (
                        "Appeal withdrawn after man found",
                        p + FAULT_404[1],
                        "2021-04-13 09:00",
                        "This appeal has been withdrawn.",
                    )
                )
            extra = f'<p class="partner"><a href="{p}{PARTNER_REDIRECT}">Visit our partner site</a></p>'
        base_real = force.welsh_listing if lang == "cy" else force.listing
        if category is not None:
            base_real = families.category_path(force, category)
            heading = dict(force.categories)[category]
        else:
            heading = "Newyddion" if lang == "cy" else "News"
        sep = "&" if "?" in base_real else "?"

        def query_of(k):
            name, value = families.page_query(force.family, k)
            return "" if k == 1 else f"{sep}{name}={value}"

        def href(k):
            return p + base_real + query_of(k)

        canonical = real_url(force, base_real + query_of(page))
        # the items after this page's (a Joomla blog links the next few below its own)
        more = [
            (n.title, p + (n.old_path if self.faults and n.old_path else n.path)) for n in notices[page * PAGE_SIZE :]
        ]
        listing = families.FAMILIES[force.family][1]
        return html_response(
            listing(
                force,
                ctx,
                heading=heading,
                items=items,
                page=page,
                pages=pages,
                href=href,
                canonical=canonical,
                lang=lang,
                extra=extra,
                category=category,
                more=more,
                total=len(notices),
            )
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms Nagle stall
    server_version = "police-notices-sample/1"

    def respond(self):
        raise NotImplementedError

    def _handle(self, send_body):
        started = time.time()
        try:
            resp = self.respond()
        except Exception as e:  # a bug in the sample site must show, not hang the client
            resp = Response(500, f"sample site error: {e!r}".encode(), {"Content-Type": "text/plain"})
        with self.server.lock:
            self.server.site_log.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "status": resp.status,
                    "if_none_match": self.headers.get("If-None-Match"),
                    "if_modified_since": self.headers.get("If-Modified-Since"),
                    "user_agent": self.headers.get("User-Agent"),
                    "time": started,
                }
            )
        if isinstance(resp, Raw):
            self.close_connection = True
            try:
                resp.write(self.wfile, self.connection)
            except OSError:
                pass  # the crawler hung up: what it should do with some of these
            return
        try:
            self.send_response(resp.status)
            for k, v in resp.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if send_body and resp.body and resp.status != 304:
                self.wfile.write(resp.body)
        except OSError:  # the client hung up (an oversize body it refused, a crawl killed mid-request): fine
            self.close_connection = True

    def do_GET(self):
        self._handle(True)

    def do_HEAD(self):
        self._handle(False)

    def log_message(self, format, *args):  # the site keeps its own log
        pass
