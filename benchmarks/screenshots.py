"""Screenshots of the public face, each page kind, in headless Chromium at 1280x800 (full page).

    python benchmarks/screenshots.py [--db demo.db] [--today 2021-03-04] [--out benchmarks/out/screenshots]

Crawls the bundled sample site into a fresh archive (as `make demo` does; or serves --db as it is), serves
it with `police-notices serve --public` on 127.0.0.1 with the clock set (POLICE_NOTICES_TODAY: the sample
notices are from 2021), and writes one PNG per page, the notice pages also with "All fields" open. Prints
each page's overflow: how many pixels wider than the window it is (0: no horizontal scroll). Requests to
any other host are answered with a stand-in page; nothing leaves the machine. Output is not committed.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WINDOW = {"width": 1280, "height": 800}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# The notice pages: a consultation closing soon (on the default clock), one without a closing date, a Welsh one.
NOTICES = {
    "notice-closing-soon": "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/"
    "force-encourages-public-to-take-part-in-national-survey/",
    "notice-gwent-anpr": "https://www.gwent.police.uk/news/gwent/news/news/2021/february/"
    "have-your-say-on-the-use-of-anpr-in-gwent/",
}
NOTICE_TITLES = {"notice-welsh": "Heddlu yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def serve(db, today):
    """`police-notices serve --public` on db with the clock set; (process, url) once it answers."""
    port = free_port()
    cmd = [sys.executable, "-c", "from crawler.cli import cli; cli()", "serve", "--public", "--db", str(db)]
    env = {**os.environ, "POLICE_NOTICES_TODAY": today, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd + ["--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"serve exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("serve did not answer within 30 s")


def notice_pages(url, db_name):
    """{name: path} of the notice pages to shoot, found by URL or title."""
    pages = {}
    for name, (column, value) in [
        *((n, ("url", u)) for n, u in NOTICES.items()),
        *((n, ("title", t)) for n, t in NOTICE_TITLES.items()),
    ]:
        query = urllib.parse.urlencode({f"{column}__exact": value, "_shape": "array", "_col": "id"})
        rows = get_json(f"{url}/{db_name}/notices.json?{query}")
        if rows:
            pages[name] = f"/{db_name}/notices/{rows[0]['id']}"
    return pages


def other_pages(url, db_name):
    """{name: path}: the front page, the notices table, a search, every canned query, the dashboard."""
    pages = {"index": "/", "notices-table": f"/{db_name}/notices", "search-anpr": f"/{db_name}/notices?_search=ANPR"}
    for query in get_json(f"{url}/{db_name}.json").get("queries", []):
        pages[f"query-{query['name']}"] = f"/{db_name}/{query['name']}"
    pages["dashboard"] = "/-/dashboards/police-notices"
    return pages


def shoot(url, pages, out, chromium):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    widths = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(viewport=WINDOW)
        context.route(
            re.compile(r"^https?://(?!127\.0\.0\.1[:/])"),
            lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Stand-in</h1>"),
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            shots = [(name, page.evaluate(OVERFLOW))]
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            if page.locator("details.all-fields summary").count():
                page.locator("details.all-fields summary").click()
                shots.append((f"{name}-all-fields", page.evaluate(OVERFLOW)))
                page.screenshot(path=str(out / f"{name}-all-fields.png"), full_page=True)
            widths.update(shots)
        browser.close()
    return widths


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an archive to serve as it is (default: crawl the sample site into a fresh one)")
    ap.add_argument("--today", default="2021-03-04", help="the clock the pages read (YYYY-MM-DD)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "screenshots"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="police-notices-shots-") as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "demo.db"
        if not args.db:
            from crawler.demo import crawl_sample_site

            crawl_sample_site(db, echo=lambda line: print(line, file=sys.stderr))
        proc, url = serve(db, args.today)
        try:
            pages = {**notice_pages(url, db.stem), **other_pages(url, db.stem)}
            widths = shoot(url, pages, Path(args.out), args.chromium)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{'page':48} overflow px (0: no horizontal scroll at 1280)")
    for name, extra in widths.items():
        print(f"{name:48} {extra}")
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
