"""Screenshots of each page kind at 1280x800, with each page's width: does it fit a laptop screen?

    python benchmarks/screenshots.py [--out benchmarks/out/screenshots] [--public] [--db demo.db] [--today 2021-03-04]

Builds the test archive (tests/publish_archive.py: the sample site's notices, a hidden notice, hostile
markup), or takes --db (e.g. the demo's archive after `make demo`), serves it with a real
`police-notices serve` (the operator's view; --public for the public face) on 127.0.0.1, and opens in
the system Chromium the notices table, a search, every notice view and every canned query in
datasette_metadata.json, the front page, the dashboard and notice pages (a search's first hit, a consultation
closing soon on the clock `--today` sets (POLICE_NOTICES_TODAY: the sample notices are from 2021), the
Gwent ANPR notice, a Welsh notice; each also with "All fields" open). Prints each page's scroll width against the window's (a
page wider than the window scrolls sideways) and how far its results table scrolls inside its own frame;
writes a PNG of each page's first screen, its results' first screen and the whole page. Exits 1 when a
page is too wide.
Nothing leaves 127.0.0.1: other hosts are answered with an empty page.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]  # tests/: the test archive and the browser

from browser import ARGS, find  # noqa: E402  (tests/browser.py: the one place the browser is found)
from playwright.sync_api import sync_playwright  # noqa: E402
from publish_archive import build_archive  # noqa: E402

WIDTH, HEIGHT = 1280, 800
# how far the widest results table scrolls sideways inside its wrapper (Datasette's .table-wrapper scrolls)
TABLE_SCROLL = (
    "Math.max(0, ...[...document.querySelectorAll('.table-wrapper')].map(e => e.scrollWidth - e.clientWidth))"
)


def page_paths(metadata, db="archive"):
    """The page kinds: the notices table, a search, each notice view, each canned query."""
    views = json.loads((ROOT / "archive" / "plugins" / "notice_views.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["archive"].get("queries", {})  # written for `archive`; served under db
    paths = (
        [f"/{db}/notices", f"/{db}/notices?_search=ANPR"]
        + [f"/{db}/{v['name']}" for v in views]
        + [f"/{db}/{q}" for q in queries if not q.startswith("feed_")]
        + ["/", "/-/dashboards/police-notices"]
    )
    return list(dict.fromkeys(paths))  # a canned query may share a view's name (it answers that URL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Notice pages worth a look, by (column, value): a consultation closing soon on the default clock, the Gwent
# ANPR notice, a Welsh one.
NOTICES = [
    (
        "url",
        "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/"
        "force-encourages-public-to-take-part-in-national-survey/",
    ),
    (
        "url",
        "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/",
    ),
    ("title", "Heddlu yn annog y cyhoedd i gymryd rhan mewn arolwg cenedlaethol"),
]


def notice_paths(url, db_name):
    """The notice pages to shoot: a search's first hit and NOTICES found in this archive."""
    paths = []
    for query in [{"_search": "ANPR", "_size": "1"}, *({f"{c}__exact": v} for c, v in NOTICES)]:
        query = urllib.parse.urlencode({**query, "_shape": "array", "_col": "id"})
        with urllib.request.urlopen(f"{url}/{db_name}/notices.json?{query}", timeout=30) as r:
            paths += [f"/{db_name}/notices/{row['id']}" for row in json.load(r)[:1]]
    # the consultations, and the one with the most notices (its timeline)
    query = "_shape=array&_col=id&_sort_desc=notices&_size=1"
    with urllib.request.urlopen(f"{url}/{db_name}/consultation_campaigns.json?{query}", timeout=30) as r:
        paths += [f"/{db_name}/consultation_campaigns"]
        paths += [f"/{db_name}/consultation_campaigns/{row['id']}" for row in json.load(r)]
    return list(dict.fromkeys(paths))


def serve(db, public, today):
    port = free_port()
    cmd = [sys.executable, "-c", "from crawler.cli import cli; cli()", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "POLICE_NOTICES_TODAY": today}
    proc = subprocess.Popen(cmd + (["--public"] if public else []), stdout=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


def shoot(url, db_name, metadata, out):
    """Open each page kind in Chromium; print its widths, write its screenshots; the number of wide pages."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find(), args=ARGS)
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda r: r.fulfill(body=""))
        page = context.new_page()
        paths = page_paths(metadata, db_name) + notice_paths(url, db_name)
        wide = 0
        for path in paths:
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            inside = page.evaluate(TABLE_SCROLL)
            wide += width > WIDTH or inside > 0
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            page.screenshot(path=str(out / f"{name}-first-screen.png"))  # what a reader sees first
            table = page.locator("table.rows-and-columns").first
            if table.count():  # the results' first screen
                top = table.bounding_box()["y"] + page.evaluate("window.scrollY")
                clip = {"x": 0, "y": max(top - 40, 0), "width": WIDTH, "height": HEIGHT}
                page.screenshot(path=str(out / f"{name}-results.png"), clip=clip, full_page=True)
            fits = "WIDE" if width > WIDTH or inside > 0 else "fits"
            print(f"{width:>6} px, table scrolls {inside:>5} px: {fits}  {path}")
            if page.locator("details.all-fields summary").count():  # a notice page: every field unfolded
                page.locator("details.all-fields summary").click()
                width = page.evaluate("document.documentElement.scrollWidth")
                wide += width > WIDTH
                page.screenshot(path=str(out / f"{name}-all-fields.png"), full_page=True)
                print(f"{width:>6} px, All fields open:        {'WIDE' if width > WIDTH else 'fits'}  {path}")
        browser.close()
    print(f"{wide} of {len(paths)} pages wider than {WIDTH} px; screenshots in {out}")
    return wide


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "screenshots")
    parser.add_argument("--public", action="store_true", help="the public face instead of the operator's view")
    parser.add_argument(
        "--db", type=Path, help="an archive to serve (e.g. demo.db after make demo) instead of the test one"
    )
    parser.add_argument("--today", default="2021-03-04", help="the clock the notice pages read (YYYY-MM-DD)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    metadata = json.loads((ROOT / "datasette_metadata.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "archive.db"
        if not args.db:
            build_archive(db)
        proc, url = serve(db, args.public, args.today)
        try:
            wide = shoot(url, db.stem, metadata, args.out)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    sys.exit(1 if wide else 0)


if __name__ == "__main__":
    main()
