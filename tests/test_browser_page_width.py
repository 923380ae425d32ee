"""Table, search and query pages fit a laptop screen: Chromium at 1280x800, default zoom.

A real `police-notices serve` (the operator's view, so the taken-down notice is there to be marked) serves
the test archive (with each force's health after its runs, as a crawl records it) on 127.0.0.1; the system Chromium opens the notices table, a search, every notice view and
every canned query in datasette_metadata.json (listed from the metadata: a new one is covered). None may
scroll sideways, neither the page nor its results table; canned queries show their SQL folded; titles link
to the archived notice; dates read as people write them; URLs are shortened to host and path start.
"""

import importlib.util
import json
import re
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from publish_archive import GWENT_ANPR, HIDDEN_MARK, build_archive
from serving import police_notices, running

from archive.campaigns import update_campaigns
from archive.db import open_db
from archive.health import save_force_health

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 800
METADATA = json.loads((ROOT / "datasette_metadata.json").read_text(encoding="utf-8"))
VIEWS = json.loads((ROOT / "archive" / "plugins" / "notice_views.json").read_text(encoding="utf-8"))
# canned queries with a page (a feed_* query answers as Atom)
QUERIES = [q for q in METADATA["databases"]["archive"]["queries"] if not q.startswith("feed_")]
PAGES = list(
    dict.fromkeys(
        ["/archive/notices", "/archive/notices?_search=ANPR", "/archive/notices?_search=have+your+say&force=gwent"]
        + [f"/archive/{v['name']}" for v in VIEWS]
        + [f"/archive/{q}" for q in QUERIES]
        + ["/archive/consultation_campaigns"]
    )
)
# how far the widest results table scrolls sideways inside its own frame (Datasette's .table-wrapper)
TABLE_SCROLL = (
    "Math.max(0, ...[...document.querySelectorAll('.table-wrapper')].map(e => e.scrollWidth - e.clientWidth))"
)
NOTICE_LINK = re.compile(r"^/archive/notices/[0-9a-f]{16}$")


def add_force_health(path):
    """Each crawled force's health after each run, as a crawl records it: force_coverage's 24 columns filled."""
    db = open_db(path)
    runs = db.execute("SELECT id, force, finished FROM crawl_runs WHERE force IS NOT NULL ORDER BY id").fetchall()
    for run_id, force, finished in runs:
        degraded = force == "gwent"
        save_force_health(
            db,
            run_id,
            force,
            finished=finished,
            state="degraded" if degraded else "ok",
            reason="date coverage fell from 100% to 40% over the last 3 runs" if degraded else None,
            stats={"pages": 14, "article_like": 12, "read": 12, "undated": 1},
            coverage={"title": 100.0, "date": 40.0 if degraded else 100.0, "body": 100.0},
            drops=[("date", 100.0, 40.0)] if degraded else [],
        )
    db.conn.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("widths") / "archive.db"
    build_archive(db)
    add_force_health(db)
    store = open_db(db)
    update_campaigns(store, today=date(2021, 3, 4))  # the consultations, as a crawl leaves them
    store.conn.close()
    with running(police_notices("serve", "--db", str(db))) as url:
        yield url


@pytest.fixture(scope="module")
def page(server, browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.fulfill(body=""))
    yield context.new_page()
    context.close()


def open_page(page, server, path):
    response = page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, path
    return page


def test_the_pages_under_test_are_every_canned_query_and_notice_view():
    assert {"anpr_consultations", "survey_links_by_provider", "force_coverage"} <= set(QUERIES)
    assert len(PAGES) >= 3 + len(QUERIES)


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_at_1280(page, server, path):
    open_page(page, server, path)
    assert page.locator("table.rows-and-columns tbody tr").count() > 0, path  # a page of results, not an error
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth"), path
    assert page.evaluate(TABLE_SCROLL) == 0, path


@pytest.mark.parametrize("query", QUERIES)
def test_canned_query_sql_is_folded_until_asked_for(page, server, query):
    open_page(page, server, f"/archive/{query}")
    sql = METADATA["databases"]["archive"]["queries"][query]["sql"]
    assert page.locator("#sql-query, #sql-editor").count() == 0
    assert sql.split()[1] not in page.locator("form.sql").inner_text()
    page.locator(".show-hide-sql a", has_text="show").click()
    page.wait_for_load_state("networkidle")
    assert "_show_sql=1" in page.url
    assert page.locator("#sql-query").inner_text().strip() == sql.strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # the shown SQL wraps


@pytest.mark.parametrize("path", [p for p in PAGES if "force_coverage" not in p])
def test_titles_link_to_the_archived_notice(page, server, path):
    if "consultation_campaigns" in path:  # a consultation's title leads to its own page
        link = re.compile(r"^/archive/consultation_campaigns/[0-9a-f]{16}$")
    else:
        link = NOTICE_LINK
    open_page(page, server, path)
    titles = page.locator("table.rows-and-columns td.col-title")
    assert titles.count() > 0, path
    hrefs = [titles.nth(i).locator("a").first.get_attribute("href") for i in range(titles.count())]
    assert all(h and link.match(h) for h in hrefs), (path, hrefs)
    with urllib.request.urlopen(server + hrefs[0]) as answer:
        assert answer.status == 200


def test_a_title_leads_to_its_notice_page(page, server):
    open_page(page, server, "/archive/anpr_consultations")
    page.locator("td.col-title a", has_text="Have your say on the use of ANPR in Gwent").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Have your say on the use of ANPR in Gwent"
    assert GWENT_ANPR in page.content()


@pytest.mark.parametrize("path", ["/archive/notices", "/archive/anpr_consultations", "/archive/edited_notices"])
def test_dates_read_as_people_write_them_on_one_line(page, server, path):
    open_page(page, server, path)
    times = page.locator("table.rows-and-columns td.col-published time")
    assert times.count() > 0
    for i in range(times.count()):
        shown, iso = times.nth(i).inner_text().replace("\xa0", " "), times.nth(i).get_attribute("datetime")
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}( \d{2}:\d{2})?", shown), shown
        assert re.match(r"\d{4}-\d{2}-\d{2}", iso) and times.nth(i).get_attribute("title") == iso
        assert times.nth(i).evaluate("e => e.getClientRects().length") == 1, shown  # never "2021-03-" / "07"
    gwent = page.locator("tr", has_text="Have your say on the use of ANPR in Gwent").locator("td.col-published time")
    if gwent.count():
        assert gwent.inner_text() == "15\xa0Feb\xa02021 13:35"  # no-break spaces: the date never breaks


@pytest.mark.parametrize(
    "path", ["/archive/notices", "/archive/anpr_consultations", "/archive/survey_links_by_provider"]
)
def test_long_urls_show_as_host_and_path_start(page, server, path):
    open_page(page, server, path)
    links = page.locator("table.rows-and-columns td a.short-url")
    assert links.count() > 0
    for i in range(links.count()):
        link = links.nth(i)
        href, text = link.get_attribute("href"), link.inner_text()
        assert link.get_attribute("title") == href and href.startswith("https://")
        host = urlsplit(href).hostname.removeprefix("www.")
        assert text.startswith(host) and len(text) <= max(28, len(host) + 2), text  # a long host: host/…
    gwent = page.locator(f"td.col-url a[href='{GWENT_ANPR}']").first
    if gwent.count():
        assert gwent.inner_text() == "gwent.police.uk/news/gwent/…"


def test_a_hidden_notice_is_marked_in_its_title_cell_in_the_operators_view(page, server):
    open_page(page, server, "/archive/notices")
    cell = page.locator("table.rows-and-columns td.col-title", has_text=HIDDEN_MARK)
    assert cell.locator(".taken-down").inner_text() == "HIDDEN"
    box = cell.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= WIDTH  # on the first screen's width, not column 43
    others = page.locator("table.rows-and-columns td.col-title .taken-down")
    assert others.count() == 1  # only the taken-down notice


def test_the_other_columns_unfold_when_asked_for(page, server):
    open_page(page, server, "/archive/notices")
    hidden_column = page.locator("table.rows-and-columns th.col-hidden")
    assert not hidden_column.is_visible()
    page.locator("a.all-columns").click()  # the wide page
    page.wait_for_url("**_all_columns=1**")
    hidden_column = page.locator("table.rows-and-columns th.col-hidden")
    assert hidden_column.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # the table scrolls in its frame


def test_json_and_csv_keep_the_stored_values(server):
    with urllib.request.urlopen(server + "/archive/anpr_consultations.json?_shape=array") as answer:
        rows = json.loads(answer.read())
    gwent = next(r for r in rows if r["url"] == GWENT_ANPR)
    assert (
        gwent["published"] == "2021-02-15T13:35:00+00:00"
        and gwent["title"] == "Have your say on the use of ANPR in Gwent"
    )
    with urllib.request.urlopen(server + "/archive/anpr_consultations.csv") as answer:
        text = answer.read().decode()
    assert GWENT_ANPR in text and "2021-02-15T13:35:00+00:00" in text and "<time" not in text and "<a " not in text


def cells_plugin():
    spec = importlib.util.spec_from_file_location("cells", ROOT / "archive" / "plugins" / "police_notices_cells.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2021-02-15T13:35:00+00:00", "15 Feb 2021 13:35"),
        # summer: London time, as the notice's page shows it (the list said 10:00, the page 11:00)
        ("2021-06-15T10:00:00+00:00", "15 Jun 2021 11:00"),
        ("2021-06-15T11:00:00+01:00", "15 Jun 2021 11:00"),
        ("2021-04-20T06:00:00Z", "20 Apr 2021 06:00 UTC"),
        ("2021-03-07", "7 Mar 2021"),
        ("2021-02-30", None),  # not a date: shown as stored
        ("2021", None),
        ("2021-03-07 and more", None),
    ],
)
def test_readable_date(value, shown):
    readable = cells_plugin().readable_date(value)
    assert (readable and readable.replace("\xa0", " ")) == shown


def test_only_http_urls_become_short_links():
    url_links = cells_plugin().url_links
    assert url_links("javascript:alert(1)") is None and url_links("see https://a.uk/x") is None
    both = str(url_links('https://bit.ly/a https://www.smartsurvey.co.uk/s/x/?a="><script>'))
    assert both.count("<a ") == 2 and "<script>" not in both and ">smartsurvey.co.uk/s/x/?a=&#34;&gt;" in both


def test_a_consultation_page_reads_first_and_fits(page, server):
    (row,) = json.loads(
        urllib.request.urlopen(server + "/archive/consultation_campaigns.json?_shape=array&_size=1").read()
    )
    open_page(page, server, f"/archive/consultation_campaigns/{row['id']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.locator("section.consultation h2").first.inner_text().startswith("Status:")
    assert not page.locator("details.all-fields").get_attribute("open")  # the raw fields folded below
