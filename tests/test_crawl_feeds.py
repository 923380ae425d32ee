"""Discovery from feeds and sitemaps named in the registry: a force whose start page links no article is
still crawled in full from its RSS feed and its sitemap index (served on the force's own host)."""

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.crawl_cli import crawl_settings, outcome, run_crawl
from crawler.sample_site import SampleSite

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")


def serve(documents):
    """A second server on 127.0.0.1 (the same host, another port) serving the given XML documents."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = documents.get(self.path)
            if self.path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "application/xml" if body and self.path != "/robots.txt" else "text/plain")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_feed_and_sitemap_discover_every_article(tmp_path):
    with SampleSite(port=0) as site:
        gwent = sorted(p for real, p in site.article_paths("day1").items() if "gwent.police.uk" in real)
        assert len(gwent) == 5
        rss_items = "".join(f"<item><title>t</title><link>{site.url}{p}</link></item>" for p in gwent[:2])
        urlset = "".join(f"<url><loc>{site.url}{p}</loc></url>" for p in gwent[2:])
        docs = {"/feed.xml": f'<?xml version="1.0"?><rss version="2.0"><channel>{rss_items}</channel></rss>'.encode()}
        feeds = serve(docs)
        base = f"http://127.0.0.1:{feeds.server_port}"
        docs["/sitemap.xml"] = (
            f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>"
        ).encode()
        docs["/sitemap-news.xml"] = (
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>'
        ).encode()
        forces = tmp_path / "forces.toml"
        forces.write_text(f"""
[[force]]
slug = "gwent"
name = "Gwent Police"
area = "Gwent"
domains = ["gwent.police.uk"]
platform = "soh"
start_urls = ["{site.url}/gwent/accessibility/"]
feeds = ["{base}/feed.xml"]
sitemaps = ["{base}/sitemap.xml"]
allow = ['^http://127\\.0\\.0\\.1:({site.url.rsplit(":", 1)[1]}|{feeds.server_port})/']
""")
        db = tmp_path / "a.db"
        try:
            session = run_crawl(
                crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}), db=str(db), forces_file=str(forces)
            )
        finally:
            feeds.shutdown()
        stored = {row[0] for row in sqlite3.connect(db).execute("SELECT url FROM notices")}
        assert stored == {real for real, p in site.article_paths("day1").items() if p in gwent}
        assert outcome(session)[1] == 0  # the force counts as crawled, not failed
