"""A notice table's HTML page (and a search's) renders only the reader's columns; "Show all N columns" gives every
column, and the page's CSV, JSON and Atom links, and the .csv/.json endpoints, always carry every column."""

import asyncio
import csv
import io
import json

import lxml.html
import pytest
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, HIDDEN_MARK, HIDDEN_URL, build_live_and_public

from archive.export import EXPORT_COLUMNS
from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

READER = {"title", "force", "published", "topics", "is_consultation", "survey_links", "closes", "url", "id"}
FOLDED = {"published_utc", "hidden"}  # selected for the next-page link and the HIDDEN mark, not shown


class Client:
    def __init__(self, path, public):
        kw = {"immutables": [str(path)]} if public else {"files": [str(path)]}
        self.ds = Datasette(
            metadata=metadata_for("archive", public=public),
            settings=SETTINGS,
            plugins_dir=str(PLUGINS_DIR),
            template_dir=str(TEMPLATES_DIR),
            **kw,
        )

    def get(self, path):
        r = asyncio.run(self.ds.client.get(path))
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return r

    def doc(self, path):
        return lxml.html.fromstring(self.get(path).text)


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    folder = tmp_path_factory.mktemp("narrow")
    (folder / "public").mkdir()
    build_live_and_public(folder / "archive.db", folder / "public" / "archive.db")
    return {"pub": Client(folder / "public" / "archive.db", True), "op": Client(folder / "archive.db", False)}


@pytest.fixture(scope="module")
def pub(archives):
    return archives["pub"]


def headers(doc):
    return doc.xpath("//table[contains(@class, 'rows-and-columns')]/thead//th/@data-column")


def shown(doc):
    """The columns a reader sees: those not folded away."""
    ths = doc.xpath("//table[contains(@class, 'rows-and-columns')]/thead//th")
    return [th.get("data-column") for th in ths if "more" not in th.get("class").split()]


def gwent(pub, table="notices"):
    (row,) = pub.get(f"/archive/{table}.json?_shape=array&url__exact={GWENT_ANPR}").json()
    return row


@pytest.mark.parametrize("table", ["notices", "anpr_notices", "consultations"])
def test_a_search_page_renders_only_the_reader_columns(pub, table):
    notice = gwent(pub, table)
    page = pub.get(f"/archive/{table}?_search=ANPR").text
    doc = lxml.html.fromstring(page)
    assert set(headers(doc)) <= READER | FOLDED and set(shown(doc)) == READER & set(notice)
    assert GWENT_ANPR in page  # the notice is listed...
    for column in ("content_sha256", "raw_sha256", "og", "jsonld"):  # ...without the values of the other columns
        assert notice[column] and str(notice[column]) not in page, column


@pytest.mark.parametrize("table", ["notices", "anpr_notices"])
def test_show_all_columns_gives_every_column(pub, table):
    notice = gwent(pub, table)
    doc = pub.doc(f"/archive/{table}?_search=ANPR")
    (link,) = doc.xpath("//a[contains(@class, 'all-columns')]")
    assert link.text_content() == f"Show all {len(notice)} columns"
    wide = pub.get(link.get("href"))
    wide_doc = lxml.html.fromstring(wide.text)
    assert sorted(headers(wide_doc)) == sorted(notice) and shown(wide_doc) == headers(wide_doc)
    assert notice["content_sha256"] in wide.text
    (back,) = wide_doc.xpath("//a[contains(@class, 'all-columns')]")
    assert back.text_content() == "Show the reader's columns" and back.get("href") == f"/archive/{table}?_search=ANPR"


def test_the_pages_export_links_carry_every_column(pub):
    notice = gwent(pub)
    doc = pub.doc("/archive/notices?_search=ANPR")
    hrefs = doc.xpath("//a/@href")
    json_links = [h for h in hrefs if "/notices.json?" in h]
    csv_links = [h for h in hrefs if "/notices.csv?" in h]
    atom_links = [h for h in hrefs if "/notices.atom?" in h]
    assert json_links and csv_links and atom_links
    for href in json_links:
        text = pub.get(href).text
        data = [json.loads(line) for line in text.splitlines()] if "_nl=on" in href else json.loads(text)
        rows = list(data.values()) if "_shape=object" in href else data["rows"] if isinstance(data, dict) else data
        assert rows, href
        assert all(set(r) == set(notice) for r in rows), href
    for href in csv_links:
        text = pub.get(href).text
        header = next(csv.reader(io.StringIO(text)))
        assert set(header) >= set(EXPORT_COLUMNS) and notice["content_sha256"] in text, href
    assert GWENT_ANPR in pub.get(atom_links[0]).text


def test_the_wide_page_has_the_same_feed_and_csv_of_its_search(pub):
    def links(path):
        doc = pub.doc(path)
        return doc.xpath("//p[@class='search-links']/a/@href"), doc.xpath("//link[@type='application/atom+xml']/@href")

    narrow = links("/archive/notices?_search=ANPR")
    assert narrow[0] and narrow[1] and links("/archive/notices?_search=ANPR&_all_columns=1") == narrow


def test_the_csv_and_json_endpoints_are_not_narrowed(pub):
    notice = gwent(pub)
    data = pub.get("/archive/notices.json?_search=ANPR").json()
    assert data["columns"] == list(notice) and len(data["rows"][0]) == len(notice)
    text = pub.get("/archive/notices.csv?_search=ANPR&_size=max").text
    assert next(csv.reader(io.StringIO(text))) == list(notice)


def test_the_next_page_of_a_narrow_page_is_narrow_and_follows_on(pub):
    doc = pub.doc("/archive/notices?_size=5")
    ids = doc.xpath("//tbody/tr/td[contains(@class, 'col-id')]//text()")
    (next_url,) = {h for h in doc.xpath("//a/@href") if "_next=" in h}
    following = pub.doc(next_url.removeprefix("http://localhost"))
    more = following.xpath("//tbody/tr/td[contains(@class, 'col-id')]//text()")
    assert more and not set(more) & set(ids)
    assert set(shown(following)) == READER


def test_a_hidden_notice_is_marked_on_the_narrow_page(archives):
    page = archives["op"].get(f"/archive/notices?_search={HIDDEN_MARK}").text
    assert "_all_columns" in page  # the narrow page
    doc = lxml.html.fromstring(page)
    (title,) = doc.xpath("//tbody/tr/td[contains(@class, 'col-title')]")
    assert title.xpath(".//strong[@class='taken-down']")[0].text_content() == "HIDDEN"
    assert HIDDEN_URL in page


def test_columns_chosen_by_name_are_shown_as_asked(pub):
    doc = pub.doc("/archive/notices?_col=title&_col=lang")
    assert headers(doc) == ["title", "id", "lang"] and not doc.xpath("//a[contains(@class, 'all-columns')]")
