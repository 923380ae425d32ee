"""Where a listing walk stops. An incremental crawl stops at the first page whose own items the last complete walk
covered, even when every page also shows a "Latest news" block of the newest notices (Joomla's
mod_articles_latest, a sidebar on every page of the sample's Joomla force): those were listed on the first page
already and say nothing about where the walk has reached. A pager that never ends (a page past the end repeats
the last) is walked no further than two pages listing nothing new. Real crawls of a small site on 127.0.0.1;
what was fetched is its access log."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.crawl_cli import crawl_settings, run_crawl

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")
PER_PAGE = 3
BODY = (
    "Officers are appealing for witnesses after the incident on the high street on the evening in question. "
    "Anyone with information is asked to call 101 quoting the reference number given in this appeal."
)


def article(n):
    title = f"Appeal for witnesses number {n}"
    when = f"2021-03-{n:02d}T10:00:00+00:00"
    return (
        f'<html><head><title>{title} | Test Police</title><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{when}"></head><body><main><article>'
        f'<h1>{title}</h1><time datetime="{when}">{n} March 2021</time><p>{BODY}</p></article></main></body></html>'
    )


def listing(notices, page, endless=False, numbers_only=False):
    """Page `page` (1-based) of the listing, newest first, and the newest three in a sidebar on every page.
    endless: a page past the end shows the last page again, its "Next" still there (a pager that clamps);
    numbers_only: a pager of page numbers counting from ?page=1 (the first page again) and no "Next"."""
    pages = -(-len(notices) // PER_PAGE)
    shown = notices[(min(page, pages) if endless else page) * PER_PAGE - PER_PAGE :][:PER_PAGE]
    pages = page + 1 if endless else pages
    rows = "".join(
        f'<li><h2><a href="/news/witness-appeal-{n}/">Appeal for witnesses number {n}</a></h2></li>' for n in shown
    )
    latest = "".join(
        f'<li><a href="/news/witness-appeal-{n}/">Appeal for witnesses number {n}</a></li>' for n in notices[:3]
    )
    pager = f'<a href="/news/?page={page + 1}" rel="next">Next</a>' if page < pages else ""
    if numbers_only:  # 1-based page numbers, no "Next"
        pager = "".join(f'<a href="/news/?page={k}">{k}</a>' for k in range(1, pages + 1))
    return (
        "<html><head><title>News | Test Police</title></head><body><main><h1>News</h1>"
        f"<ul class='items'>{rows}</ul><nav>{pager}</nav></main>"
        f"<aside><h3>Latest news</h3><ul class='latestnews'>{latest}</ul></aside></body></html>"
    )


class Site:
    def __init__(self):
        self.notices = list(range(9, 0, -1))  # newest first
        self.endless = False
        self.numbers_only = False
        self.log = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.log.append(self.path)
                body, kind = None, "text/html; charset=utf-8"
                if self.path == "/robots.txt":
                    body, kind = "User-agent: *\nAllow: /\n", "text/plain"
                elif self.path == "/news/" or self.path.startswith("/news/?page="):
                    page = int(self.path.rpartition("=")[2]) if "=" in self.path else 1
                    body = listing(site.notices, page, site.endless, site.numbers_only) if page < 20 else None
                elif self.path.startswith("/news/witness-appeal-"):
                    n = int(self.path.strip("/").rpartition("-")[2])
                    body = article(n) if n in site.notices else None
                data = (body or "not found").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.server.shutdown()


def crawl(site, db, tmp_path):
    forces = tmp_path / "forces.toml"
    forces.write_text(
        f'[[force]]\nslug = "test"\nname = "Test Police"\narea = "Test"\ndomains = ["test.police.uk"]\n'
        f'start_urls = ["{site.url}/news/"]\n'
    )
    site.log.clear()
    session = run_crawl(crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}), db=str(db), forces_file=str(forces))
    return session, [p for p in site.log if p == "/news/" or p.startswith("/news/?")]


def test_the_newest_notices_shown_on_every_page_do_not_keep_the_walk_going(site, tmp_path):
    db = tmp_path / "a.db"
    session, walked = crawl(site, db, tmp_path)
    assert walked == ["/news/", "/news/?page=2", "/news/?page=3"]  # the first walk goes to the end
    assert [state.state for _, _, state in session.summary] == ["ok"]
    crawl(site, db, tmp_path)  # a complete walk after which everything listed is covered (crawl_walks)
    site.notices.insert(0, 10)  # one new notice: it pushes the others down a place
    session, walked = crawl(site, db, tmp_path)
    # page 2 lists 7, 6, 5 (and the sidebar's 10, 9, 8, listed on page 1): all its own were stored before
    assert walked == ["/news/", "/news/?page=2"]
    assert "/news/witness-appeal-10/" in site.log and [state.state for _, _, state in session.summary] == ["ok"]


def test_a_pager_that_never_ends_is_walked_until_it_lists_nothing_new_twice(site, tmp_path):
    """Some pagers clamp: a page past the end shows the last one again, with its "Next" still there. The walk
    stops at the second page in a row that lists nothing the listing's earlier pages had not (first crawl too;
    one such page may be a 1-based pager's ?page=1, the first page again, below)."""
    site.endless = True
    session, walked = crawl(site, tmp_path / "a.db", tmp_path)
    assert walked == ["/news/", "/news/?page=2", "/news/?page=3", "/news/?page=4", "/news/?page=5"]
    assert [state.state for _, _, state in session.summary] == ["ok"]


def test_a_one_based_pager_walked_by_its_page_numbers_is_walked_to_its_end(site, tmp_path):
    """A pager of page numbers only, counting from ?page=1 (the first page again): its nearest later page from the
    first is ?page=1, which lists nothing new; the walk goes on to ?page=2 and the end."""
    site.numbers_only = True
    session, walked = crawl(site, tmp_path / "a.db", tmp_path)
    assert walked == ["/news/", "/news/?page=1", "/news/?page=2", "/news/?page=3"]
    assert [state.state for _, _, state in session.summary] == ["ok"]
