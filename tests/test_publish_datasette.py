"""The archive through Datasette's own client: search, canned queries, CSV, Atom feeds, both faces, publish."""

import asyncio
import csv
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, HIDDEN_MARK, HIDDEN_URL, OPEN_URL, XSS_MARK, XSS_URLS, build_live_and_public
from serving import free_port

from archive.export import EXPORT_COLUMNS
from archive.publish import (
    PLUGINS_DIR,
    SETTINGS,
    TEMPLATES_DIR,
    datasette_exe,
    load_metadata,
    metadata_for,
    publish_commands,
)
from archive.views import feeds
from crawler.cli import cli

# every canned query and feed, as the metadata declares them
QUERIES = tuple(load_metadata()["databases"]["archive"]["queries"])
FEEDS = feeds(load_metadata()["databases"]["archive"]["queries"])


class Client:
    def __init__(self, ds):
        self.ds = ds

    def get(self, path):
        r = asyncio.run(self.ds.client.get(path))
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return r

    def json(self, path):
        return self.get(path).json()

    def rows(self, path):
        sep = "&" if "?" in path else "?"
        return self.json(path + sep + "_shape=array&_size=max")

    def sql(self, query):
        from urllib.parse import quote

        return self.json(f"/archive.json?_shape=array&sql={quote(query)}")


def datasette(path, *, public, name="archive"):
    kw = {"immutables": [str(path)]} if public else {"files": [str(path)]}
    return Client(
        Datasette(
            metadata=metadata_for(name, public=public),
            settings=SETTINGS,
            plugins_dir=str(PLUGINS_DIR),
            template_dir=str(TEMPLATES_DIR),
            **kw,
        )
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish")
    live = folder / "archive.db"
    public_dir = folder / "public"
    public_dir.mkdir()
    public = public_dir / "archive.db"
    facts = build_live_and_public(live, public)
    return {"live": live, "public": public, **facts}


@pytest.fixture(scope="module")
def pub(built):
    return datasette(built["public"], public=True)


@pytest.fixture(scope="module")
def op(built):
    return datasette(built["live"], public=False)


def live_rows(built, sql, params=()):
    conn = sqlite3.connect(built["live"])
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# --- search, facets, metadata ---------------------------------------------------------------


def test_search_anpr_finds_the_gwent_notice(pub):
    rows = pub.rows("/archive/notices.json?_search=ANPR")
    urls = [r["url"] for r in rows]
    assert GWENT_ANPR in urls
    assert len(urls) >= 10 and all("anpr" in (r["title"] + r["body"]).lower() for r in rows)
    # newest first, as configured
    dates = [r["published_utc"] for r in rows if r["published_utc"]]
    assert dates == sorted(dates, reverse=True)


def test_facets_and_labels_from_the_metadata(pub, built):
    data = pub.json("/archive/notices.json?_size=1")
    facets = data["facet_results"]
    assert {"force", "topics", "is_consultation", "published_utc"} <= set(facets)
    assert facets["published_utc"]["type"] == "year"
    years = {f["value"]: f["count"] for f in facets["published_utc"]["results"]}
    assert years == dict(
        live_rows(built, "select substr(published_utc, 1, 4), count(*) from public_notices group by 1")
    )
    assert years["2020"] == 5
    anpr = [f for f in facets["topics"]["results"] if f["value"] == "anpr"][0]
    assert anpr["count"] == len(pub.rows("/archive/anpr_notices.json"))
    # the year facet's link filters to that year
    only_2020 = pub.rows("/archive/notices.json?published_utc__startswith=2020")
    assert len(only_2020) == 5 and all(r["published_utc"].startswith("2020") for r in only_2020)
    providers = pub.json("/archive/survey_links.json?_size=1")["facet_results"]["provider"]["results"]
    assert {"smartsurvey", "snap", "citizen_space"} <= {p["value"] for p in providers}
    # forces label: notices link to the force by name
    row = pub.json("/archive/notices.json?_labels=on&_shape=array&url__exact=" + GWENT_ANPR)[0]
    assert row["force"] == {"value": "gwent", "label": "Gwent Police"}


def test_metadata_follows_the_served_database_name(tmp_path, built):
    demo = tmp_path / "demo.db"
    demo.write_bytes(built["public"].read_bytes())
    meta = metadata_for("demo", public=True)
    assert set(meta["databases"]) == {"demo"}
    charts = meta["plugins"]["datasette-dashboards"]["police-notices"]["charts"].values()
    assert {c["db"] for c in charts} == {"demo"}
    client = Client(Datasette(immutables=[str(demo)], metadata=meta, settings=SETTINGS, plugins_dir=str(PLUGINS_DIR)))
    assert any(r["url"] == GWENT_ANPR for r in client.json("/demo/anpr_consultations.json?_shape=array"))
    assert client.json("/demo/notices.json?_search=ANPR&_size=1")["filtered_table_rows_count"] > 0
    index = client.get("/").text
    for q in QUERIES:
        assert f'href="/demo/{q}"' in index and f'href="/demo/{q}.csv?_dl=1"' in index
    for q in FEEDS:
        assert f'href="/demo/{q}.atom"' in index
    assert "Open Government Licence" in index and "Crown copyright" in index


def test_internal_tables_are_hidden_and_described(pub, op):
    tables = {t["name"]: t for t in pub.json("/archive.json")["tables"]}
    for name in ("_sqlite_migrations", "_notices_fts_deferred", "notices_fts", "takedowns", "extractions"):
        assert tables[name]["hidden"], name
    assert not tables["notices"]["hidden"]
    # the operator sees the takedown log
    assert not {t["name"]: t for t in op.json("/archive.json")["tables"]}["takedowns"]["hidden"]
    page = pub.get("/archive/notices").text
    assert "Cite a notice by its id" in page


def test_crawler_tables_are_described_and_listed_after_the_main_tables(pub, op):
    for client in (pub, op):
        tables = client.json("/archive.json")["tables"]
        by_name = {t["name"]: t for t in tables}
        for name in ("crawl_pages", "crawl_walks"):
            assert by_name[name]["hidden"], name
        assert [t["name"] for t in tables][0] not in ("crawl_pages", "crawl_walks")
    meta = metadata_for("archive", public=True)["databases"]["archive"]["tables"]
    assert "page it has met" in meta["crawl_pages"]["description"]
    assert "listing walk" in meta["crawl_walks"]["description"]


LEAD = ["title", "force", "published", "topics", "is_consultation", "survey_links", "closes", "url", "id"]


def html_doc(client, path):
    return lxml.html.fromstring(client.get(path).text)


def test_notices_table_puts_the_readers_columns_first(pub, op):
    for client, table in ((pub, "notices"), (pub, "consultations"), (pub, "anpr_notices"), (op, "notices")):
        doc = html_doc(
            client, f"/archive/{table}?_all_columns=1"
        )  # the wide page (the narrow one: test_publish_narrow_pages.py)
        headers = doc.xpath("//table[contains(@class, 'rows-and-columns')]/thead//th/@data-column")
        columns = client.json(f"/archive/{table}.json?_size=1")["columns"]
        lead = [c for c in LEAD if c in columns]
        assert headers[: len(lead)] == lead, table
        assert sorted(headers) == sorted(columns), table  # nothing lost, nothing twice
        first_row = doc.xpath("//table[contains(@class, 'rows-and-columns')]/tbody/tr[1]/td/@class")
        assert [c.split()[0] for c in first_row] == [f"col-{h}" for h in headers], table
    # other tables keep Datasette's order
    headers = html_doc(pub, "/archive/survey_links").xpath("//thead//th/@data-column")
    assert headers[:2] == ["id", "notice_id"]


def test_notice_cells_read_as_words_and_links(pub):
    notice = pub.rows(f"/archive/notices.json?url__exact={GWENT_ANPR}")[0]
    doc = html_doc(pub, f"/archive/notices?url__exact={GWENT_ANPR}")
    title = doc.xpath("//tbody/tr[1]/td[contains(@class, 'col-title')]//a")[0]
    assert title.text_content() == "Have your say on the use of ANPR in Gwent"
    assert title.get("href") == f"/archive/notices/{notice['id']}"  # the title opens the notice
    assert doc.xpath("//tbody/tr[1]/td[contains(@class, 'col-topics')]")[0].text_content().strip() == "anpr"
    links = doc.xpath("//tbody/tr[1]/td[contains(@class, 'col-survey_links')]//a")
    stored = json.loads(notice["survey_links"])
    assert [(a.text_content(), a.get("href")) for a in links] == [(s["provider"], s["url"]) for s in stored]
    # JSON and CSV keep the stored values
    assert json.loads(notice["topics"]) == ["anpr"]
    # the hostile notice's javascript: survey link is shown as text, never as a link
    xss = html_doc(pub, f"/archive/notices?url__exact={XSS_URLS[0]}")
    hrefs = xss.xpath("//td[contains(@class, 'col-survey_links')]//a/@href")
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_table_page_folds_the_column_descriptions_and_shows_no_backticks(pub):
    page = pub.get("/archive/notices").text
    assert "`" not in page
    doc = lxml.html.fromstring(page)
    details = doc.xpath("//details[contains(@class, 'column-help')]")
    assert len(details) == 1 and "What the" in details[0].xpath("summary")[0].text_content()
    assert "Stable short id of the notice" in details[0].text_content()
    # Datasette's own unfolded list stays in the page, hidden (the browser test checks the search box's place)
    assert "dl.column-descriptions { display: none; }" in page
    description = doc.xpath("//div[@class='metadata-description']")[0].text_content().strip()
    assert len(description) < 120 and "Cite a notice by its id" in description


def test_a_notice_page_is_headed_by_its_title(pub):
    notice = pub.rows(f"/archive/notices.json?url__exact={GWENT_ANPR}")[0]
    doc = html_doc(pub, f"/archive/notices/{notice['id']}")
    assert doc.xpath("//h1")[0].text_content().strip() == "Have your say on the use of ANPR in Gwent"
    assert doc.xpath("//title")[0].text_content().startswith("Have your say on the use of ANPR in Gwent")
    assert notice["id"] in doc.xpath("//p[@class='row-id']")[0].text_content()  # still there to cite
    fields = [th.text_content() for th in doc.xpath("//table[contains(@class, 'row-vertical')]//th")]
    assert fields[: len(LEAD)] == LEAD
    # a table without a label column keeps the table: id heading
    version = pub.rows("/archive/notice_versions.json?_size=1")[0]
    h1 = html_doc(pub, f"/archive/notice_versions/{version['id']}").xpath("//h1")[0].text_content()
    assert h1.strip() == f"notice_versions: {version['id']}"


def test_dashboard_axes_are_temporal_with_whole_counts():
    charts = metadata_for("archive", public=True)["plugins"]["datasette-dashboards"]["police-notices"]["charts"]
    checked = 0
    for name, chart in charts.items():
        for axis in chart["display"].get("encoding", {}).values():
            if axis.get("field") in ("month", "day"):
                assert axis["type"] == "temporal" and axis["timeUnit"].startswith("utc"), name
                checked += 1
            if axis.get("type") == "quantitative":
                assert axis["axis"]["tickMinStep"] == 1 and axis["axis"]["format"] == "d", name
                checked += 1
    assert checked == 6  # two time axes (month), four counts


# --- canned queries -------------------------------------------------------------------------


def test_a_canned_querys_tab_is_titled_by_its_title(pub, op):
    """The browser tab of a ready-made query names it, "Consultations open now — UK police notices", not its SQL."""
    queries = load_metadata()["databases"]["archive"]["queries"]
    for client in (pub, op):
        site = client.ds.metadata("title")  # the operator's view says so in its own
        for name, query in queries.items():
            tab = html_doc(client, f"/archive/{name}").xpath("string(//title)").strip()
            assert tab == (query["title"] if query["title"].startswith(site) else f"{query['title']} — {site}"), name
    assert html_doc(pub, "/archive/open_consultations").xpath("string(//title)") == (
        "Consultations open now — UK police notices"
    )
    # free SQL keeps Datasette's title: the database and the SQL asked
    assert html_doc(pub, "/archive?sql=select+1").xpath("string(//title)").strip() == "archive: select 1"


def test_anpr_consultations_all_and_by_force(pub, built):
    expected = {r[0] for r in live_rows(built, "select url from anpr_consultations")}
    rows = pub.rows("/archive/anpr_consultations.json")
    assert {r["url"] for r in rows} == expected and GWENT_ANPR in expected and HIDDEN_URL not in expected
    gwent = pub.rows("/archive/anpr_consultations.json?force=gwent")
    assert [r["url"] for r in gwent] == [GWENT_ANPR]
    assert gwent[0]["survey_urls"].startswith("https://")


def test_open_consultations_close_today_or_later(pub):
    rows = pub.rows("/archive/open_consultations.json")
    today = date.today().isoformat()
    assert {r["url"] for r in rows} == {OPEN_URL, *XSS_URLS}
    assert all(r["closes"] >= today for r in rows)
    assert [r["closes"] for r in rows] == sorted(r["closes"] for r in rows)


def test_open_consultations_are_those_open_on_the_uk_day_the_clock_sets(pub, monkeypatch):
    # it read SQLite's date('now'), the UTC day, and never POLICE_NOTICES_TODAY (as the notice page does)
    monkeypatch.setenv("POLICE_NOTICES_TODAY", "2021-03-04")
    closes = [r["closes"] for r in pub.rows("/archive/open_consultations.json?_size=max")]
    assert "2021-03-07" in closes and min(closes) >= "2021-03-04"
    monkeypatch.setenv("POLICE_NOTICES_TODAY", "2021-03-08")
    assert "2021-03-07" not in [r["closes"] for r in pub.rows("/archive/open_consultations.json?_size=max")]


def test_new_this_week_by_topic(pub):
    rows = pub.rows("/archive/new_this_week.json")
    # the sample site was crawled in 2021; only the hand-made notices were first seen this week
    assert {r["url"] for r in rows} == {OPEN_URL, *XSS_URLS}
    assert [r["topic"] for r in rows] == sorted(r["topic"] for r in rows)


def test_edited_and_removed_notices(pub, built):
    edited = pub.rows("/archive/edited_notices.json")
    assert {r["url"] for r in edited} == set(built["changes"]["edited"])
    assert all(r["versions"] == 2 for r in edited)
    removed = pub.rows("/archive/removed_notices.json")
    assert {r["url"] for r in removed} == set(built["changes"]["removed"])
    assert all(r["removed_status"] == 410 for r in removed)


def test_survey_links_by_provider(pub, built):
    rows = pub.rows("/archive/survey_links_by_provider.json")
    assert (
        len(rows)
        == live_rows(
            built, "select count(*) from survey_links s join notices n on n.id = s.notice_id where n.hidden = 0"
        )[0][0]
    )
    assert [r["provider"] for r in rows] == sorted(r["provider"] for r in rows)
    smart = pub.rows("/archive/survey_links_by_provider.json?provider=smartsurvey")
    assert smart and {r["provider"] for r in smart} == {"smartsurvey"}


def test_force_coverage(pub, built):
    rows = {r["force"]: r for r in pub.rows("/archive/force_coverage.json")}
    gwent = rows["gwent"]
    assert gwent["last_run"] == "2021-04-20" and gwent["last_run_errors"] == 1
    assert gwent["fetch_errors_all_runs"] == 1
    assert gwent["notices"] == live_rows(built, "select count(*) from notices where force='gwent' and hidden=0")[0][0]
    assert rows["kent"]["last_run"] is None and rows["kent"]["notices"] == 0


def test_every_canned_query_downloads_as_csv(pub):
    for q in QUERIES:
        params = "&force=&provider=" if q in ("anpr_consultations", "survey_links_by_provider") else ""
        text = pub.get(f"/archive/{q}.csv?_dl=1{params}").text
        table = list(csv.reader(io.StringIO(text)))
        assert len(table) == len(pub.rows(f"/archive/{q}.json?x=1{params}")) + 1, q


# --- CSV ------------------------------------------------------------------------------------


def test_streamed_csv_has_every_row_and_the_documented_columns(pub, built):
    for table, sort in (
        ("notices", ""),
        ("notices", "&_sort=id"),
        ("public_notices", ""),
        ("anpr_notices", ""),
        ("consultations", ""),
    ):
        r = pub.get(f"/archive/{table}.csv?_stream=on&_dl=on&_size=2{sort}")  # streaming ignores the page size
        rows = list(csv.DictReader(io.StringIO(r.text)))
        count = live_rows(built, f"select count(*) from {table} where hidden = 0")[0][0]
        assert len(rows) == count, table
        assert set(EXPORT_COLUMNS) <= set(rows[0]), set(EXPORT_COLUMNS) - set(rows[0])
        assert len({row["id"] for row in rows}) == count
    assert "attachment" in r.headers["content-disposition"]


# --- feeds ----------------------------------------------------------------------------------


def test_atom_feeds_parse_and_put_the_newest_first(pub, built):
    feeds = {name: feedparser.parse(pub.get(f"/archive/{name}.atom").text) for name in FEEDS}
    for name, feed in feeds.items():
        assert not feed.bozo, (name, feed.bozo_exception)
        # closing soon reads the live clock: nothing of the 2021 sample closes now (its entries are tested
        # with the dates moved in test_consultation_campaigns)
        assert feed.entries or name == "feed_consultations_closing_soon", name
    newest = live_rows(built, "select url from anpr_notices order by published_utc desc limit 1")[0][0]
    anpr = feeds["feed_anpr"].entries
    assert anpr[0].id == newest
    assert len(anpr) == live_rows(built, "select count(*) from anpr_notices")[0][0]
    updated = [e.updated_parsed for e in anpr]
    assert updated == sorted(updated, reverse=True)
    changes = {related(e) for e in feeds["feed_changes"].entries}
    assert changes == set(built["changes"]["edited"]) | set(built["changes"]["removed"])
    assert {e.id for e in feeds["feed_consultations"].entries} >= {GWENT_ANPR, OPEN_URL}


def related(entry):
    [link] = [link.href for link in entry.links if link.rel == "related"]
    return link


def test_a_canned_feed_links_the_archived_notice_first_then_the_forces_page(pub, built):
    """Evidence: a subscriber's link still opens when the force has deleted its page (the removed ones)."""
    ids = dict(live_rows(built, "select url, id from notices"))
    for name in ("feed_anpr", "feed_consultations", "feed_changes"):
        feed = feedparser.parse(pub.get(f"/archive/{name}.atom").text)
        assert not feed.bozo and feed.entries, name
        for e in feed.entries:
            url = related(e)
            assert e.link == f"http://localhost/archive/notices/{ids[url]}", (name, e.link)  # the first, alternate
            assert pub.get(e.link.removeprefix("http://localhost")).status_code == 200
            assert e.id.startswith(url)
    removed = [e for e in feedparser.parse(pub.get("/archive/feed_changes.atom").text).entries if "#removed" in e.id]
    assert {related(e) for e in removed} == set(built["changes"]["removed"])  # gone from the force's site


# --- the two faces --------------------------------------------------------------------------


def all_public_pages(client):
    tables = [t["name"] for t in client.json("/archive.json")["tables"]]
    views = [v["name"] for v in client.json("/archive.json")["views"]]
    for t in tables + views:
        yield f"/archive/{t}.json?_shape=array&_size=max"
        yield f"/archive/{t}.csv?_stream=on"
    for q in QUERIES:
        yield f"/archive/{q}.json?_shape=array&force=&provider="
    for q in FEEDS:
        yield f"/archive/{q}.atom"
    yield "/archive/notices?_search=ANPR"
    yield "/-/dashboards/police-notices"
    meta = metadata_for("archive", public=True)
    for chart in meta["plugins"]["datasette-dashboards"]["police-notices"]["charts"].values():
        from urllib.parse import quote

        yield f"/archive.json?_shape=array&sql={quote(chart['query'])}"


def test_hidden_notice_is_absent_from_the_public_face(pub, built):
    assert HIDDEN_MARK.encode() not in built["public"].read_bytes()  # not even in free pages
    checked = 0
    for path in all_public_pages(pub):
        assert HIDDEN_MARK not in pub.get(path).text, path
        assert HIDDEN_URL not in pub.get(path).text, path
        checked += 1
    assert checked > 40
    assert pub.json(f"/archive/notices.json?_search={HIDDEN_MARK}")["filtered_table_rows_count"] == 0
    # free SQL: nothing about it anywhere
    assert pub.sql("select count(*) as n from notices where hidden = 1")[0]["n"] == 0
    assert pub.sql(f"select count(*) as n from notices_fts where notices_fts match '{HIDDEN_MARK}'")[0]["n"] == 0
    for table in ("notice_versions", "survey_links", "takedowns", "notice_topics"):
        text = json.dumps(pub.sql(f"select * from {table}"))
        assert HIDDEN_MARK not in text and "93208d73" not in text, table
    assert pub.sql("select count(*) as n from takedowns")[0]["n"] == 0


def test_operator_view_shows_the_hidden_notice_marked(op, built):
    rows = op.rows(f"/archive/notices.json?url__exact={HIDDEN_URL}")
    assert len(rows) == 1 and rows[0]["hidden"] == 1
    page = op.get(f"/archive/notices?url__exact={HIDDEN_URL}").text
    assert "HIDDEN (taken down)" in page and "operator&#39;s view" in op.get("/").text
    assert op.json("/archive/notices.json?_size=1")["facet_results"]["hidden"]
    # feeds and canned queries are public things: never the hidden notice, even here
    for q in QUERIES:
        assert HIDDEN_URL not in op.get(f"/archive/{q}.json?_shape=array&force=&provider=").text, q
    for q in FEEDS:
        assert HIDDEN_URL not in op.get(f"/archive/{q}.atom").text, q


# --- safety ---------------------------------------------------------------------------------


def unsafe_markup(page):
    """Script elements carrying the payload, event-handler attributes and javascript: URLs in an HTML page."""
    doc = lxml.html.fromstring(page)
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("script", "iframe", "svg") and XSS_MARK in (el.text_content() or "") + str(el.attrib):
            found.append(lxml.html.tostring(el)[:200])
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or value.strip().lower().startswith("javascript:"):
                found.append((el.tag, name, value[:80]))
    return found


def test_hostile_markup_is_inert_on_every_page(pub):
    ids = [r["id"] for r in pub.rows("/archive/notices.json?url__startswith=https://www.durham.police.uk/news/xss")]
    assert len(ids) == 2
    pages = [f"/archive/notices/{i}" for i in ids] + [
        "/archive/notices",
        "/archive/notices?_search=xss",
        "/archive/anpr_notices",
        "/archive/consultations",
        "/archive/survey_links",
        "/archive/notice_versions",
        "/archive/open_consultations",
        "/archive/anpr_consultations",
        "/archive/survey_links_by_provider",
        "/archive/new_this_week",
        "/archive/survey_links?_facet=text",
        "/-/dashboards/police-notices",
        "/",
    ]
    for path in pages:
        page = pub.get(path).text
        assert not unsafe_markup(page), (path, unsafe_markup(page))
    row_page = pub.get(f"/archive/notices/{ids[0]}").text
    assert "&lt;script&gt;" in row_page  # shown as text
    assert "<p>Have your say on ANPR cameras." in row_page  # the body rendered as Markdown


def test_read_only_and_time_limited(pub, op, built):
    from urllib.parse import quote

    for client in (pub, op):
        r = asyncio.run(client.ds.client.get("/archive.json?sql=" + quote("update notices set title = 'x'")))
        assert r.status_code == 400 and "Statement must be a SELECT" in r.text
    assert op.sql("select count(*) as n from notices where title = 'x'")[0]["n"] == 0
    # the limit is set; checked here with a short one so the test is quick
    assert 0 < SETTINGS["sql_time_limit_ms"] <= 5000
    quick = Client(
        Datasette(
            immutables=[str(built["public"])],
            metadata=metadata_for("archive", public=True),
            settings={**SETTINGS, "sql_time_limit_ms": 100},
            plugins_dir=str(PLUGINS_DIR),
        )
    )
    slow = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    r = asyncio.run(quick.ds.client.get("/archive.json?sql=" + quote(slow)))
    assert r.status_code == 400 and "took too long" in r.text


# --- publish --------------------------------------------------------------------------------


def test_publish_writes_an_immutable_copy_ready_to_serve(built, tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", "--db", str(built["live"]), "--out", str(out), "--name", "notices"])
    assert result.exit_code == 0, result.output
    assert "1 hidden left out" in result.output and "datasette publish cloudrun" in result.output
    db = out / "notices.db"
    assert HIDDEN_MARK.encode() not in db.read_bytes()
    inspect = json.loads((out / "inspect-data.json").read_text())
    assert (
        inspect["notices"]["tables"]["notices"]["count"]
        == live_rows(built, "select count(*) from public_notices")[0][0]
    )
    meta = json.loads((out / "metadata.json").read_text())
    assert set(meta["databases"]) == {"notices"}
    assert json.loads((out / "settings.json").read_text())["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"]
    assert (out / "plugins" / "police_notices_facets.py").exists() and (out / "templates" / "row.html").exists()
    client = Client(
        Datasette(
            immutables=[str(db)],
            metadata=meta,
            plugins_dir=str(out / "plugins"),
            inspect_data=inspect,
            settings=SETTINGS,
        )
    )
    rows = client.json("/notices/anpr_consultations.json?_shape=array&force=gwent")
    assert [r["url"] for r in rows] == [GWENT_ANPR]
    # immutable: never overwritten
    again = CliRunner().invoke(cli, ["publish", "--db", str(built["live"]), "--out", str(out), "--name", "notices"])
    assert again.exit_code == 3 and "already exists" in again.output


def test_publish_and_serve_refuse_a_missing_archive(tmp_path):
    for args in (["publish", "--out", str(tmp_path / "o")], ["serve", "--public"], ["serve"]):
        r = CliRunner().invoke(cli, args + ["--db", str(tmp_path / "nope.db")])
        assert r.exit_code == 3 and "no such archive" in r.output
        # and what to do about it
        assert "police-notices crawl" in r.output and "police-notices serve --db demo.db" in r.output


def test_publish_names_the_datasette_it_installed(monkeypatch, tmp_path):
    ours = Path(sys.executable).parent / "datasette"
    assert ours.exists()
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # the venv not activated
    monkeypatch.chdir(ours.parents[2])
    assert datasette_exe() == str(ours.relative_to(ours.parents[2]))  # e.g. .venv/bin/datasette
    summary = {"out": "site", "name": "archive"}
    assert all(line.startswith(datasette_exe() + " ") for line in publish_commands(summary))
    monkeypatch.setenv("PATH", f"{ours.parent}:/usr/bin:/bin")  # activated
    assert datasette_exe() == "datasette"
    assert publish_commands(summary)[0].startswith("datasette site ")


def test_serve_refuses_a_busy_port_before_any_work(built):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--public", "--db", str(built["live"]), "--port", str(port)])
    assert r.exit_code == 2 and f"port {port}" in r.output and "--port" in r.output
    assert "public face" not in r.output  # no copy was made


def serve_log(db, *extra):
    """What a `serve` that answered a few requests wrote (stdout and stderr)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from crawler.cli import cli; cli()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/archive/notices?_search=ANPR", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/archive.json", timeout=5).read()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    return out.decode()


def test_serve_keeps_the_terminal_readable(built):
    quiet = serve_log(built["live"])
    assert "Uvicorn running on" in quiet and '"GET /' not in quiet
    loud = serve_log(built["live"], "--access-log")
    assert '"GET /archive/notices?_search=ANPR' in loud
