"""The public face in a real headless Chromium (Playwright driving the system browser).

A real `police-notices serve --public` process serves the test archive on a free 127.0.0.1 port; the
browser is the `browser` fixture (tests/browser.py: skipped, saying how to install Chromium, when it is
missing; failed under CI=true). Requests to any other host are answered by the test (a stand-in survey
page) so nothing leaves the machine. Screenshots go to tests/artifacts/ (gitignored).
"""

import csv
import io
import re
from pathlib import Path

import pytest
from publish_archive import GWENT_ANPR, HIDDEN_MARK, XSS_MARK, build_archive
from serving import police_notices, running

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "archive.db"
    build_archive(db)
    with running(police_notices("serve", "--public", "--db", str(db))) as url:  # stopped with SIGTERM: the copy goes
        yield url


class Watch:
    """A browser page that records console errors, page errors, dialogs and off-machine requests."""

    def __init__(self, browser, server):
        ARTIFACTS.mkdir(exist_ok=True)
        self.context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        self.errors, self.dialogs, self.outside = [], [], []
        self.context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), self._outside)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(r.url))
        self.failed = []
        self.server = server

    def _outside(self, route):
        self.outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<html><body><h1>Stand-in survey</h1></body></html>")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def problems(self):
        """Console and page errors, dialogs, and failed loads other than the hostile notices' `<img src=x>`."""
        failed = [u for u in self.failed if not u.endswith("/x")]
        errors = [e for e in self.errors if not e.startswith("Failed to load resource")]
        if len(self.failed) != len([e for e in self.errors if e.startswith("Failed to load resource")]):
            errors.append(f"unexplained load failures: {self.errors}")
        return errors + failed + [f"dialog: {d}" for d in self.dialogs]

    def goto(self, path):
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name):
        self.page.screenshot(path=str(ARTIFACTS / f"browser-{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def watch(browser, server):
    w = Watch(browser, server)
    yield w
    w.close()


def test_search_open_the_gwent_notice_and_follow_its_survey_link(watch):
    page = watch.goto("/archive/notices")
    page.fill("#_search", "ANPR")
    page.press("#_search", "Enter")
    page.wait_for_load_state("networkidle")
    assert "_search=ANPR" in page.url
    row = page.locator("table.rows-and-columns tbody tr", has_text="Have your say on the use of ANPR in Gwent")
    assert row.count() == 1
    assert page.locator("table.rows-and-columns tbody tr").count() >= 10
    watch.shot("search-anpr")
    row.locator("td.col-id a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("td.col-url", has_text=GWENT_ANPR).count() == 1
    assert page.locator(".notice-body p").count() >= 2  # the body is rendered Markdown
    watch.shot("gwent-notice")
    page.locator("details.all-fields summary").click()  # every field, and the tables linking here, folded
    page.locator("li", has_text="in survey_links").locator("a").click()
    page.wait_for_load_state("networkidle")
    link = page.locator("table.rows-and-columns td.col-url a").first
    survey = link.get_attribute("href")
    assert survey.startswith("https://") and "gwent" not in survey
    watch.shot("gwent-survey-links")
    link.click()
    page.wait_for_load_state("load")
    assert page.url == survey and page.locator("h1").inner_text() == "Stand-in survey"
    assert watch.outside == [survey]
    assert not watch.problems()


def test_notices_table_reads_at_a_glance_and_a_notice_is_headed_by_its_title(watch):
    page = watch.goto("/archive/notices")
    watch.shot("notices-table")
    search = page.locator("#_search").bounding_box()
    assert search["y"] + search["height"] < 900  # above the fold of a 1280x900 window
    assert not page.locator("dl.column-descriptions").is_visible()
    page.locator("details.column-help summary").click()
    assert page.locator("details.column-help dd", has_text="Stable short id of the notice").is_visible()
    heads = page.locator("table.rows-and-columns thead th")
    assert heads.nth(0).get_attribute("data-column") == "title"
    for n in range(3):  # title, force, published fit the window's width
        box = heads.nth(n).bounding_box()
        assert box["x"] + box["width"] <= 1280, heads.nth(n).get_attribute("data-column")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 20
    assert max(rows.nth(i).bounding_box()["height"] for i in range(rows.count())) < 140  # no wall-high rows
    assert "`" not in page.locator("body").inner_text()
    page.locator("table.rows-and-columns tbody tr", has_text="Have your say on the use of ANPR in Gwent").locator(
        "td.col-title a"
    ).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Have your say on the use of ANPR in Gwent"
    assert page.title().startswith("Have your say on the use of ANPR in Gwent")
    watch.shot("notice-row")
    assert not watch.problems() and not watch.outside


def test_facet_by_force(watch):
    page = watch.goto("/archive/notices")
    facet = page.locator(".facet-info[data-column='force'] a", has_text="gwent").first
    facet.click()
    page.wait_for_load_state("networkidle")
    assert "force=gwent" in page.url
    forces = page.locator("table.rows-and-columns td.col-force").all_inner_texts()
    assert forces and all("Gwent" in f or "gwent" in f for f in forces)
    watch.shot("facet-force-gwent")
    assert not watch.problems() and not watch.outside


def test_download_the_anpr_consultations_csv_from_the_front_page(watch):
    page = watch.goto("/")
    watch.shot("front-page")
    item = page.locator("li", has_text="ANPR consultations").first
    with page.expect_download() as download:
        item.locator("a", has_text="CSV").click()
    path = download.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert GWENT_ANPR in {r["url"] for r in rows}
    assert {"id", "force", "title", "published", "closes", "survey_urls", "url"} <= set(rows[0])
    assert not any(HIDDEN_MARK in str(r) for r in rows)
    assert not watch.problems() and not watch.outside


def test_the_dashboard_draws_its_charts(watch):
    page = watch.goto("/-/dashboards/police-notices")
    for chart in ("notices-by-month", "anpr-by-force", "consultations-over-time", "crawl-activity"):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg.marks", timeout=10_000)
        box = page.locator(f"#chart-{chart} canvas, #chart-{chart} svg.marks").first.bounding_box()
        assert box["width"] > 100 and box["height"] > 50, chart
    watch.shot("dashboard")
    assert not watch.problems() and not watch.outside


def test_hostile_markup_stays_inert_in_the_browser(watch):
    page = watch.goto("/archive/notices.json?_shape=array&url__startswith=https://www.durham.police.uk/news/xss")
    ids = [r["id"] for r in __import__("json").loads(page.inner_text("body"))]
    assert len(ids) == 2
    pages = [f"/archive/notices/{i}" for i in ids] + [
        "/",
        "/archive/notices",
        "/archive/notices?_search=xss",
        "/archive/anpr_notices",
        "/archive/consultations",
        "/archive/anpr_consultations",
        "/archive/open_consultations",
        "/archive/new_this_week",
        "/archive/survey_links",
        "/archive/survey_links_by_provider",
        "/archive/notice_versions",
        "/archive/notices?_facet=title&_facet=description",
        "/-/dashboards/police-notices",
        "/archive/feed_anpr.atom",
    ]
    for n, path in enumerate(pages):
        page = watch.goto(path)
        page.mouse.move(300, 300)
        page.mouse.move(600, 500)
        assert page.evaluate(f"typeof {XSS_MARK}") == "undefined", path
        assert page.locator("a[href^='javascript:' i], [onerror], [onload], [onclick], [onmouseover]").count() == 0, (
            path
        )
        if n < 2:
            watch.shot(f"xss-row-{n}")
            assert XSS_MARK in page.locator("h1").inner_text()  # the payload shown as text
    # clicking every link on the notice page runs nothing either
    page = watch.goto(f"/archive/notices/{ids[0]}")
    for link in page.locator(".notice-body a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript"), href
    assert not watch.problems(), watch.problems()
