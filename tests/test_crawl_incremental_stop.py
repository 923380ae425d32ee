"""An incremental crawl stops its listing walk at the first page whose own items the last complete walk covered,
even when every page also shows a "Latest news" block of the newest notices (Joomla's mod_articles_latest, a
sidebar on every page of the sample's Joomla force): those were listed on the first page already and say nothing
about where the walk has reached. Real crawls of a small site on 127.0.0.1; what was fetched is its access log."""

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


def listing(notices, page):
    """Page `page` (1-based) of the listing, newest first, and the newest three in a sidebar on every page."""
    pages = -(-len(notices) // PER_PAGE)
    shown = notices[(page - 1) * PER_PAGE : page * PER_PAGE]
    rows = "".join(
        f'<li><h2><a href="/news/witness-appeal-{n}/">Appeal for witnesses number {n}</a></h2></li>' for n in shown
    )
    latest = "".join(
        f'<li><a href="/news/witness-appeal-{n}/">Appeal for witnesses number {n}</a></li>' for n in notices[:3]
    )
    pager = f'<a href="/news/?page={page + 1}" rel="next">Next</a>' if page < pages else ""
    return (
        "<html><head><title>News | Test Police</title></head><body><main><h1>News</h1>"
        f"<ul class='items'>{rows}</ul><nav>{pager}</nav></main>"
        f"<aside><h3>Latest news</h3><ul class='latestnews'>{latest}</ul></aside></body></html>"
    )


class Site:
    def __init__(self):
        self.notices = list(range(9, 0, -1))  # newest first
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
                    body = listing(site.notices, page)
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
