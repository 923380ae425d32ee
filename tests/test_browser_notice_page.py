"""A notice's page in a real headless Chromium at 1280x800 (Playwright driving the system browser).

A real `police-notices serve --public` process serves the test archive on a free 127.0.0.1 port, its clock
set with POLICE_NOTICES_TODAY (the sample notices are from 2021). Requests to any other host are answered
by the test, so nothing leaves the machine. Screenshots go to tests/artifacts/ (gitignored).
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from publish_archive import GWENT_ANPR, XSS_URLS, build_archive
from serving import free_port

from archive.db import open_db
from archive.records import make_record
from archive.store import save_records

ARTIFACTS = Path(__file__).parent / "artifacts"
TODAY = "2021-03-04"
SOON = "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/"
WINDOW = {"width": 1280, "height": 800}


@contextlib.contextmanager
def serving(db):
    """`police-notices serve --public` on db, up and answering; its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from crawler.cli import cli; cli()", "serve", "--public", "--db", str(db)]
        + ["--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "POLICE_NOTICES_TODAY": TODAY},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()  # serve passes it on to datasette and removes its public copy
        proc.wait(timeout=10)


# A notice made of what widens a page: an unbroken headline, long URLs, a wide table and code in the body.
WIDE_URL = "https://www.durham.police.uk/news/" + "very-long-path-segment-" * 12 + "/"
LONG = "https://www.smartsurvey.co.uk/s/" + "x" * 240 + "/"
WIDE = make_record(
    WIDE_URL,
    force="durham",
    force_name="Durham Constabulary",
    area="Durham",
    title="ANPR-" * 40,
    published="2021-03-01T10:00:00+00:00",
    published_utc="2021-03-01T10:00:00Z",
    closes="2021-03-05",
    is_consultation=True,
    topics=["anpr"],
    body="\n\n".join(
        [
            f"Have your say at {LONG} today.",
            "| " + " | ".join(f"column{n}" for n in range(30)) + " |\n|" + "---|" * 30,
            "    " + "code_without_breaks_" * 20,
            f"[the survey]({LONG})",
        ]
    ),
    og={"url": WIDE_URL, "image": LONG},
    links=[LONG],
    survey_links=[{"url": LONG, "host": "www.smartsurvey.co.uk", "provider": "smartsurvey", "text": "survey"}],
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser_notice") / "archive.db"
    build_archive(db)
    store = open_db(db)
    save_records(store, [WIDE])
    store.conn.close()
    return db


@pytest.fixture(scope="module")
def server(archive):
    with serving(archive) as url:
        yield url


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=WINDOW)
    outside = []

    def stand_in(route):
        outside.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<html><body><h1>Stand-in survey</h1></body></html>")

    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), stand_in)
    p = context.new_page()
    p.outside = outside
    yield p
    context.close()


def notice_id(server, url):
    query = urllib.parse.urlencode({"url__exact": url, "_shape": "array"})
    with urllib.request.urlopen(f"{server}/archive/notices.json?{query}") as r:
        return json.loads(r.read())[0]["id"]


def overflow(page):
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_licence_line_is_on_a_notice_page_requested_first_after_start(archive, page):
    with serving(archive) as url:  # a fresh server: nothing but its health check asked before
        page.goto(f"{url}/archive/notices/{notice_id(url, GWENT_ANPR)}")
        licence = page.locator("p.notice-licence")
        assert licence.is_visible() and "Open Government Licence" in licence.inner_text()


def test_a_consultation_reads_as_a_notice_with_its_date_status_and_survey_button(server, page):
    page.goto(f"{server}/archive/notices/{notice_id(server, SOON)}")
    page.wait_for_load_state("networkidle")
    published = page.locator("p.notice-byline time")
    assert published.inner_text() == "Tuesday 16 February 2021, 14:02"
    assert published.get_attribute("datetime") == "2021-02-16T14:02:00+00:00"
    status = page.locator("p.notice-status")
    assert status.inner_text() == "Closing soon: closes Sunday 7 March 2021, in 3 days"
    button = page.locator("a.survey-button")
    assert button.inner_text() == "Respond on bit.ly"
    for shown in (page.locator("h1"), published, status, button):  # all in the first screenful
        box = shown.bounding_box()
        assert box and box["y"] + box["height"] <= WINDOW["height"]
    assert not page.locator("details.all-fields table").is_visible()  # folded
    page.screenshot(path=str(ARTIFACTS / "notice-page-closing-soon.png"), full_page=True)
    button.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Stand-in survey" and page.outside == ["https://bit.ly/DPPanpr21"]


def test_the_gwent_survey_button_names_snap_surveys_and_its_topic_leads_to_a_list_with_it(server, page):
    page.goto(f"{server}/archive/notices/{notice_id(server, GWENT_ANPR)}")
    assert page.locator("p.notice-status").inner_text() == "Closing date not stated"
    assert page.locator("a.survey-button").inner_text() == "Respond on Snap Surveys"
    page.locator("p.notice-topics a", has_text="anpr").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.rows-and-columns tbody tr", has_text="Have your say on the use of ANPR in Gwent").count()


@pytest.mark.parametrize("which", ["gwent", "soon", "hostile", "edited", "wide"])
def test_no_horizontal_scroll_on_a_notice_page_folded_or_open(server, page, which):
    urls = {"gwent": GWENT_ANPR, "soon": SOON, "hostile": XSS_URLS[0], "wide": WIDE_URL}
    if which == "edited":
        with urllib.request.urlopen(f"{server}/archive/notice_versions.json?version=2&_shape=array") as r:
            nid = json.loads(r.read())[0]["notice_id"]
    else:
        nid = notice_id(server, urls[which])
    page.goto(f"{server}/archive/notices/{nid}")
    page.wait_for_load_state("networkidle")
    assert overflow(page) == 0
    if which == "edited":
        assert page.locator("ol.notice-versions li").count() == 2
    page.locator("details.all-fields summary").click()
    assert page.locator("details.all-fields table").is_visible()
    assert overflow(page) == 0, "All fields, open"
    page.screenshot(path=str(ARTIFACTS / f"notice-page-{which}.png"), full_page=True)
