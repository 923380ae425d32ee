"""A notice's page made for reading (archive/plugins/police_notices_page.py, templates/_notice_page.html).

A real Datasette, with the project's metadata, plugins and templates, over the public copy of the test
archive (the sample site's pages through the real pipeline, plus hand-made records). The clock is set with
POLICE_NOTICES_TODAY, since the sample notices are from 2021. The browser's view (no horizontal scroll,
what shows at 1280x800) is tests/test_browser_notice_page.py.
"""

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from urllib.parse import quote, urlsplit

import lxml.html
import pytest
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, HIDDEN_URL, XSS_URLS, build_archive, build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

spec = importlib.util.spec_from_file_location("police_notices_page", PLUGINS_DIR / "police_notices_page.py")
page_plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_plugin)

TODAY = "2021-03-04"  # a Thursday: the national ANPR survey closes on Sunday 7 March
SOON = "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/"
OPEN = "CCTV in town centres: have your say"
CLOSED = "Commissioner asks residents about next year's budget"
DATE_ONLY = "Have your say on CCTV in Durham city centre"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notice_page")
    (folder / "public").mkdir()
    public = folder / "public" / "archive.db"
    facts = build_live_and_public(folder / "archive.db", public)
    datasette = Datasette(
        immutables=[str(public)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    operator = Datasette(
        [str(folder / "archive.db")],
        metadata=metadata_for("archive", public=False),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    return datasette, facts, operator


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setenv("POLICE_NOTICES_TODAY", TODAY)


def get(ds, path):
    r = asyncio.run(ds[0].client.get(path))
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    return r


def notice(ds, **where):
    ((key, value),) = where.items()
    rows = get(ds, f"/archive/notices.json?_shape=array&{key}__exact={quote(value)}").json()
    assert len(rows) == 1, where
    return rows[0]


def page(ds, **where):
    return lxml.html.fromstring(get(ds, f"/archive/notices/{notice(ds, **where)['id']}").text)


def text(doc, xpath):
    found = doc.xpath(xpath)
    assert len(found) == 1, (xpath, len(found))
    return " ".join(found[0].text_content().split())


def test_the_publish_date_as_people_write_it_with_the_iso_value(ds):
    gwent = page(ds, url=GWENT_ANPR)
    time = gwent.xpath("//p[@class='notice-byline']/time")[0]
    assert time.text_content() == "Monday 15 February 2021, 13:35"
    assert time.get("datetime") == "2021-02-15T13:35:00+00:00"
    assert text(gwent, "//p[@class='notice-byline']/a") == "Gwent Police"  # the force's name, then its area
    assert text(gwent, "//p[@class='notice-byline']/span[@class='notice-area']") == "Gwent"
    # a date without a time has none; summer time is London's
    assert text(page(ds, title=DATE_ONLY), "//p[@class='notice-byline']/time") == "Monday 10 August 2020"
    drones = page(ds, title="Residents asked for views on police drones")
    assert text(drones, "//p[@class='notice-byline']/time") == "Monday 12 April 2021, 11:00"
    assert page_plugin.human_date("2021-04-13T06:00:00Z") == "Tuesday 13 April 2021, 07:00"
    assert page_plugin.human_date("2021-12-01T09:00:00Z") == "Wednesday 1 December 2021, 09:00"
    assert page_plugin.human_date("15/02/2021") is None  # not ISO: the page shows it as stored


def test_a_consultation_has_a_status_line_from_its_closing_date_and_today(ds):
    status = "//p[contains(@class, 'notice-status')]"
    assert text(page(ds, url=SOON), status) == "Closing soon: closes Sunday 7 March 2021, in 3 days"
    assert text(page(ds, title=OPEN), status) == "Open: closes Friday 30 April 2021, in 57 days"
    assert text(page(ds, title=CLOSED), status) == "Closed on Friday 29 January 2021"
    assert text(page(ds, url=GWENT_ANPR), status) == "Closing date not stated"
    assert not page(ds, title="Appeal following burglary in Crewe").xpath(status)  # not a consultation


def test_closing_soon_is_the_alerts_days_and_today_is_london_or_the_set_clock(monkeypatch):
    from archive.alerts import CLOSING_SOON_DAYS

    on = page_plugin.date(2021, 3, 1)
    status = page_plugin.consultation_status
    settings = metadata_for("archive", public=True)["plugins"]["police_notices_page"]
    assert settings["closing_soon_days"] == CLOSING_SOON_DAYS == page_plugin.DEFAULT_SETTINGS["closing_soon_days"] == 7
    assert status("2021-03-01", on, 7) == ("soon", "Closing soon: closes Monday 1 March 2021, today")
    assert status("2021-03-02T23:59:00+00:00", on, 7)[1] == "Closing soon: closes Tuesday 2 March 2021, 23:59, tomorrow"
    assert status("2021-03-08", on, 7) == ("soon", "Closing soon: closes Monday 8 March 2021, in 7 days")
    assert status("2021-03-09", on, 7) == ("open", "Open: closes Tuesday 9 March 2021, in 8 days")
    assert status("2021-02-28", on, 7) == ("closed", "Closed on Sunday 28 February 2021")
    assert status(None, on, 7) == status("by the end of March", on, 7) == ("unstated", "Closing date not stated")
    assert page_plugin.today() == page_plugin.date(2021, 3, 4)
    monkeypatch.setenv("POLICE_NOTICES_TODAY", "4 March")
    with pytest.raises(ValueError, match="POLICE_NOTICES_TODAY='4 March' is not a date: give it as YYYY-MM-DD"):
        page_plugin.today()
    monkeypatch.delenv("POLICE_NOTICES_TODAY")
    assert page_plugin.today() == page_plugin.datetime.now(page_plugin.LONDON).date()


def test_survey_links_are_buttons_naming_their_provider(ds):
    def buttons(doc):
        return [(a.text_content(), a.get("href")) for a in doc.xpath("//a[@class='survey-button']")]

    gwent = notice(ds, url=GWENT_ANPR)
    assert buttons(page(ds, url=GWENT_ANPR)) == [
        ("Respond on Snap Surveys", json.loads(gwent["survey_links"])[0]["url"])
    ]
    assert [b for b, _ in buttons(page(ds, title=OPEN))] == ["Respond on Citizen Space"]
    assert [b for b, _ in buttons(page(ds, title=CLOSED))] == ["Respond on SmartSurvey"]
    assert [b for b, _ in buttons(page(ds, title=DATE_ONLY))] == ["Respond on SurveyMonkey"]
    assert [b for b, _ in buttons(page(ds, url=SOON))] == ["Respond on bit.ly"]  # a short link: its host
    # a javascript: survey link is no button; the https one is, named by its provider
    xss = buttons(page(ds, url=XSS_URLS[0]))
    assert [b for b, _ in xss] == ["Respond on SmartSurvey"] and xss[0][1].startswith("https://www.smartsurvey.co.uk/")


def test_every_survey_provider_has_a_name_readers_know():
    from crawler.extraction import PROVIDER_NAMES
    from crawler.extraction.links import SURVEY_PROVIDERS

    assert set(PROVIDER_NAMES) == {name for name, _, _ in SURVEY_PROVIDERS}
    assert metadata_for("demo", public=False)["plugins"]["police_notices_page"]["survey_providers"] == PROVIDER_NAMES


def test_topics_link_to_a_list_that_holds_the_notice(ds):
    gwent = notice(ds, url=GWENT_ANPR)
    links = page(ds, url=GWENT_ANPR).xpath("//p[@class='notice-topics']/a")
    assert [a.text_content() for a in links] == ["anpr"]
    listed = urlsplit(links[0].get("href"))
    rows = get(ds, f"{listed.path}.json?{listed.query}&_shape=array&_size=max").json()
    assert gwent["id"] in [r["id"] for r in rows]
    assert all("anpr" in r["topics"] for r in rows) and len(rows) >= 4


def test_the_archive_line_lists_every_version_with_a_link(ds):
    facts = ds[1]
    edited = facts["changes"]["edited"][0]
    doc = page(ds, url=edited)
    line = text(doc, "//div[@class='notice-archived']/p[1]")
    assert line.startswith(f"Archived from {edited}, first seen Tuesday 13 April 2021, 07:00,")
    assert line.endswith("last checked Tuesday 20 April 2021, 07:00, 2 versions.")
    versions = doc.xpath("//ol[@class='notice-versions']/li")
    assert [" ".join(v.text_content().split())[:47] for v in versions] == [
        "Version 1, fetched Tuesday 13 April 2021, 07:00",
        "Version 2, fetched Tuesday 20 April 2021, 07:00",
    ]
    for n, li in enumerate(versions, 1):
        shown = get(ds, li.xpath("a")[0].get("href") + ".json?_shape=array").json()[0]
        assert shown["version"] == n and shown["notice_id"] == notice(ds, url=edited)["id"]
    assert "1 version." in text(page(ds, url=GWENT_ANPR), "//div[@class='notice-archived']/p[1]")


def test_the_licence_the_body_and_every_field_folded_below(ds):
    gwent = notice(ds, url=GWENT_ANPR)
    html = get(ds, f"/archive/notices/{gwent['id']}").text
    doc = lxml.html.fromstring(html)
    assert "Licence: Open Government Licence v3.0" in text(doc, "//p[@class='notice-licence']")
    assert "click a title" not in html  # the table's description is for the table page
    assert gwent["id"] in text(doc, "//p[@class='row-id']")  # still there to cite
    assert len(doc.xpath("//div[@class='notice-body']/div/p")) >= 2  # the body, as Markdown
    folded = doc.xpath("//details[@class='all-fields']")[0]
    assert folded.get("open") is None and text(folded, "summary") == "All fields"
    fields = [th.text_content() for th in folded.xpath(".//table[contains(@class, 'row-vertical')]//th")]
    assert fields[:3] == ["title", "force", "published"] and {"og", "topic_matches", "body"} <= set(fields)
    # JSON columns read as key/value lists, not blobs
    og = folded.xpath(".//td[contains(@class, 'col-og')]/dl[@class='json']")[0]
    assert dict(zip(og.xpath("dt/text()"), [dd.text_content() for dd in og.xpath("dd")]))["locale"] == "en_GB"
    matches = folded.xpath(".//td[contains(@class, 'col-topic_matches')]")[0]
    assert matches.xpath("dl/dt/text()") == ["anpr"]
    lines = [" ".join(li.text_content().split()) for li in matches.xpath("dl/dd/ul/li")]
    assert "term automatic number plate recognition, where body" in lines  # an object of plain values: one line
    cues = folded.xpath(".//td[contains(@class, 'col-consultation_cues')]/ul[@class='json']/li/text()")
    assert "title: Have your say" in cues
    assert '{"' not in text(folded, ".//td[contains(@class, 'col-og')]")
    # the tables that link here, those with rows
    linking = [" ".join(li.text_content().split()) for li in folded.xpath(".//ul[@class='other-tables']/li")]
    assert "1 row from notice_id in survey_links" in linking and not [t for t in linking if t.startswith("0 ")]


def test_hostile_json_stays_text(ds):
    doc = page(ds, url=XSS_URLS[0])
    og = doc.xpath("//td[contains(@class, 'col-og')]")[0]
    assert not og.xpath(".//script | .//img | .//a") and "<script>" in og.text_content()


def test_other_tables_keep_their_page(ds):
    version = get(ds, "/archive/notice_versions.json?_shape=array&_size=1").json()[0]
    doc = lxml.html.fromstring(get(ds, f"/archive/notice_versions/{version['id']}").text)
    assert not doc.xpath("//article") and not doc.xpath("//details[@class='all-fields']")
    assert text(doc, "//h1") == f"notice_versions: {version['id']}"
    assert doc.xpath("//table[contains(@class, 'row-vertical')]//td[contains(@class, 'col-notice_id')]")


def test_a_clock_that_is_not_a_date_stops_the_server_at_start_with_the_reason(tmp_path):
    build_archive(tmp_path / "archive.db", xss=False)
    serve = [sys.executable, "-c", "from crawler.cli import cli; cli()", "serve", "--db", str(tmp_path / "archive.db")]
    env = {**os.environ, "POLICE_NOTICES_TODAY": "4 March"}
    done = subprocess.run(serve + ["--port", "0"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Error: POLICE_NOTICES_TODAY='4 March' is not a date: give it as YYYY-MM-DD" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_taken_down_notice_says_so_at_the_top_in_the_operators_view(ds):
    op = (ds[2],)
    hidden = notice(op, url=HIDDEN_URL)
    doc = page(op, url=HIDDEN_URL)
    assert text(doc, "//p[@class='notice-hidden']").startswith("HIDDEN (taken down)")
    assert doc.xpath("//p[@class='notice-hidden']/following-sibling::p[@class='notice-byline']")
    assert not page(op, url=GWENT_ANPR).xpath("//p[@class='notice-hidden']")
    assert hidden["hidden"] == 1
