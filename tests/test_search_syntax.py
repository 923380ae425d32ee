"""Searches of the notice tables read FTS5's syntax: OR, "phrases", prefix* (metadata searchmode raw), made
forgiving for plain words with punctuation and 'single quotes', with bad syntax answered by a readable
message, on the page (HTML) or as a 400 (JSON, CSV, Atom), never an error page
(archive/plugins/police_notices_search.py).

Before, every search was escaped: `ANPR OR drones` looked for notices holding all three words (none)."""

import asyncio
import sqlite3
import urllib.parse

import lxml.html
import pytest
from datasette.app import Datasette
from publish_archive import build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

SEARCHED = ("notices", "public_notices", "anpr_notices", "consultations")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search_syntax")
    live, public = folder / "archive.db", folder / "public" / "archive.db"
    public.parent.mkdir()
    build_live_and_public(live, public)
    ds = Datasette(
        immutables=[str(public)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    return public, ds


def fetch(ds, path):
    return asyncio.run(ds.client.get(path))


def ids(ds, table, search):
    r = fetch(ds, f"/archive/{table}.json?_shape=array&_size=max&_search={search}")
    assert r.status_code == 200, (table, search, r.text[:300])
    return sorted(row["id"] for row in r.json())


def sql_ids(path, table, fts_query):
    conn = sqlite3.connect(path)
    try:
        return sorted(
            r[0]
            for r in conn.execute(
                f"select id from {table} where id in (select id from notices where rowid in "
                "(select rowid from notices_fts where notices_fts match ?))",
                [fts_query],
            )
        )
    finally:
        conn.close()


@pytest.mark.parametrize("table", SEARCHED)
def test_or_finds_the_union(archive, table):
    path, ds = archive
    anpr, drones = ids(ds, table, "ANPR"), ids(ds, table, "drones")
    union = ids(ds, table, "ANPR%20OR%20drones")
    assert union == sorted(set(anpr) | set(drones))
    if table in ("notices", "public_notices"):
        assert anpr and drones and len(union) > max(len(anpr), len(drones))  # before: none


@pytest.mark.parametrize("table", SEARCHED)
@pytest.mark.parametrize(
    "search, fts",
    [
        ("%22number%20plate%22", '"number plate"'),  # a phrase
        ("camera*", "camera*"),  # a prefix
        ("ANPR%20OR%20%22number%20plate%22", 'ANPR OR "number plate"'),
        ("ANPR%20OR%20'number%20plate'", 'ANPR OR "number plate"'),  # single quotes read as a phrase
        ("title:anpr%20NOT%20stolen", "title:anpr NOT stolen"),
        ("Weston-super-Mare", '"Weston-super-Mare"'),  # a word with punctuation as written
        ("pensioners%E2%80%99", '"pensioners’"'),
        ("ANPR%20-stolen", "ANPR NOT stolen"),  # a minus leaves a word out, as in a search engine
        ("ANPR%20-%22number%20plate%22", 'ANPR NOT "number plate"'),
    ],
)
def test_phrases_prefixes_and_operators_find_what_fts5_finds(archive, table, search, fts):
    path, ds = archive
    assert ids(ds, table, search) == sql_ids(path, table, fts)


def test_the_phrase_and_prefix_searches_find_notices(archive):
    path, ds = archive
    phrase, words = ids(ds, "notices", "%22number%20plate%22"), ids(ds, "notices", "number%20plate")
    assert phrase and set(phrase) <= set(words)
    assert len(ids(ds, "notices", "camera*")) > len(ids(ds, "notices", "camera"))
    assert ids(ds, "notices", "Weston-super-Mare")


def test_a_minus_leaves_a_word_out(archive):
    path, ds = archive
    anpr, stolen = ids(ds, "notices", "ANPR"), ids(ds, "notices", "stolen")
    assert set(anpr) & set(stolen)  # the fixture has notices with both words
    assert ids(ds, "notices", "ANPR%20-stolen") == sorted(set(anpr) - set(stolen))  # before: those with -stolen's word


@pytest.mark.parametrize("search", ["%22ANPR", "OR", "ANPR%20OR", "(ANPR%20OR%20drones", "nosuchcolumn:anpr", "-ANPR"])
def test_bad_syntax_is_a_message_on_the_page_and_a_400_in_json(archive, search):
    path, ds = archive
    r = fetch(ds, f"/archive/notices?_search={search}")
    assert r.status_code == 200, r.text[:300]
    doc = lxml.html.fromstring(r.text)
    note = doc.xpath('//p[@class="search-note"]')
    assert note, r.text[:500]
    text = note[0].text_content()
    assert "cannot be run" in text and "OR between words" in text
    assert "Below: the notices with its words as written" in text
    # the page searched its words, quoted; its search box, feed and CSV carry that search, which runs
    box = doc.xpath('//input[@name="_search"]/@value')[0]
    assert box.startswith('"') and box != urllib.parse.unquote(search)
    assert not doc.xpath('//input[@name="_searchmode"]')  # the next search typed is read as a search again
    links = {a.text_content().strip(): a.get("href") for a in doc.iter("a")}
    for link in ("Atom feed of this search", "CSV of this search"):
        args = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(links[link]).query))
        assert args["_search"] == box and "_searchmode" not in args
        assert fetch(ds, links[link]).status_code == 200
    for ext in ("json", "csv", "atom"):
        r = fetch(ds, f"/archive/notices.{ext}?_search={search}")
        assert r.status_code == 400, (ext, r.text[:200])
        assert "cannot be run" in r.text
    assert fetch(ds, f"/archive/notices.json?_search={search}").json()["ok"] is False


def test_an_empty_search_box_lists_every_notice(archive):
    path, ds = archive
    r = fetch(ds, "/archive/notices.json?_search=&_shape=array&_size=max")
    assert r.status_code == 200, r.text[:300]
    assert len(r.json()) == len(fetch(ds, "/archive/notices.json?_shape=array&_size=max").json())
