"""Any search or filter of the notice tables has an Atom feed and a CSV, linked from its page with the same
arguments (archive/plugins/police_notices_feeds.py): a journalist subscribes to a search without SQL.

Before, `/<db>/notices.atom` answered 400 (datasette-atom renders only canned queries returning atom_id)
and a table page linked neither."""

import asyncio
import csv
import io
import urllib.parse

import feedparser
import lxml.html
import pytest
from datasette.app import Datasette
from publish_archive import HIDDEN_MARK, build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

SEARCHES = [
    "/archive/notices?_search=ANPR+OR+drones",
    "/archive/notices?_search=ANPR+OR+%22number+plate%22&force=Gwent",
    "/archive/notices?topics__arraycontains=anpr&is_consultation=1",
    "/archive/notices?published_utc__gte=2021-03-01&published_utc__lt=2021-04-01&_search=appeal",
    "/archive/consultations?_search=have+your+say&force=hertfordshire",
    "/archive/anpr_notices?force=avon-and-somerset",
    "/archive/public_notices?_search=camera*",
]


@pytest.fixture(scope="module")
def faces(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search_feeds")
    live, public = folder / "archive.db", folder / "public" / "archive.db"
    public.parent.mkdir()
    build_live_and_public(live, public)
    common = dict(settings=SETTINGS, plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR))
    return {
        "public": Datasette(immutables=[str(public)], metadata=metadata_for("archive", public=True), **common),
        "operator": Datasette([str(live)], metadata=metadata_for("archive", public=False), **common),
    }


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r


def page_links(ds, path):
    """The page's links by their text, and its <link rel=alternate> feed."""
    doc = lxml.html.fromstring(get(ds, path).text)
    links = {a.text_content().strip(): a.get("href") for a in doc.iter("a") if a.get("href")}
    alternate = doc.xpath('//link[@rel="alternate"][@type="application/atom+xml"]/@href')
    return links, alternate


def json_ids(ds, path):
    table_path, _, query = path.partition("?")
    data = get(ds, f"{table_path}.json?{query}&_shape=array&_size=max").json()
    return [row["id"] for row in data]


@pytest.mark.parametrize("face", ["public", "operator"])
@pytest.mark.parametrize("search", SEARCHES)
def test_the_feed_linked_from_a_search_page_holds_exactly_its_notices(faces, face, search):
    ds = faces[face]
    links, alternate = page_links(ds, search)
    feed_url = links["Atom feed of this search"]
    assert alternate == [feed_url]  # feed readers find it from the page's address too
    feed = feedparser.parse(get(ds, feed_url).content)
    assert not feed.bozo, feed.bozo_exception
    expected = json_ids(ds, search)
    assert expected, search  # every search here finds notices
    # each entry links to the archived notice's page and to the force's page it was archived from
    found = []
    for entry in feed.entries:
        rels = {link["rel"]: link["href"] for link in entry.links}
        assert rels["alternate"].startswith("http://localhost/archive/notices/")
        found.append(rels["alternate"].rsplit("/", 1)[1])
        assert rels["related"] == entry.id and entry.id.startswith("https://")
        assert entry.title and entry.updated_parsed
    assert found == expected
    if face == "public":
        assert HIDDEN_MARK not in get(ds, feed_url).text


@pytest.mark.parametrize("search", SEARCHES)
def test_the_csv_linked_from_a_search_page_holds_every_one_of_its_notices(faces, search):
    ds = faces["public"]
    links, _ = page_links(ds, search)
    response = get(ds, links["CSV of this search"])
    assert "attachment" in response.headers.get("content-disposition", "")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == json_ids(ds, search)


def test_a_feed_id_is_the_same_for_the_same_search_however_written(faces):
    ds = faces["public"]
    ids = {
        feedparser.parse(get(ds, path).content).feed.id
        for path in (
            "/archive/notices.atom?_search=ANPR&force=gwent",
            "/archive/notices.atom?force=gwent&_search=ANPR",
            "/archive/notices.atom?force=Gwent+Police&_search=ANPR&_size=20",
        )
    }
    assert len(ids) == 1, ids
    other = feedparser.parse(get(ds, "/archive/notices.atom?_search=ANPR&force=cheshire").content).feed.id
    assert other not in ids


def test_a_search_from_the_search_box_links_the_same_newest_first_feed(faces):
    """The search box adds the page's sort; a feed is newest first whatever the page's order, one id."""
    ds = faces["public"]
    plain, _ = page_links(ds, "/archive/notices?_search=ANPR")
    for sorted_page in (
        "/archive/notices?_search=ANPR&_sort_desc=published_utc",
        "/archive/notices?_search=ANPR&_sort=title",
    ):
        links, _ = page_links(ds, sorted_page)
        assert links["Atom feed of this search"] == plain["Atom feed of this search"]
        assert "_sort=title" in links["CSV of this search"] or "_sort=title" not in sorted_page  # the CSV keeps it


def test_a_page_that_is_no_feed_says_so_in_one_line(faces):
    ds = faces["public"]
    for path in ("/archive/forces.atom", "/archive/fetch_errors.atom"):
        r = asyncio.run(ds.client.get(path))
        assert r.status_code == 404 and r.text.startswith("This page has no Atom feed"), (path, r.text[:200])


def test_a_search_page_of_the_next_page_links_the_feed_of_the_whole_search(faces):
    ds = faces["public"]
    first = get(ds, "/archive/notices.json?_search=ANPR+OR+appeal&_size=5").json()
    assert first["next"]
    links, _ = page_links(ds, f"/archive/notices?_search=ANPR+OR+appeal&_size=5&_next={first['next']}")
    args = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(links["Atom feed of this search"]).query))
    assert args == {"_search": "ANPR OR appeal"}


def test_a_search_with_no_matches_has_a_valid_empty_feed(faces):
    feed = feedparser.parse(get(faces["public"], "/archive/notices.atom?_search=zzznotaword").content)
    assert not feed.bozo and feed.entries == [] and feed.feed.id


def test_the_canned_feeds_are_still_datasette_atoms(faces):
    feed = feedparser.parse(get(faces["public"], "/archive/feed_anpr.atom").content)
    assert not feed.bozo and feed.entries
    assert feed.feed.title == "UK police notices: new ANPR notices"
