"""The speed plugin (archive/plugins/police_notices_speed.py): its rewritten queries answer as Datasette's own.

Searches through Datasette's JSON API must give the same counts, facets and newest-first pages as the
SQL Datasette writes, page by page to the last match; CSV streams must keep every row.
"""

import asyncio
import csv
import importlib.util
import io
import sqlite3
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

spec = importlib.util.spec_from_file_location("police_notices_speed", PLUGINS_DIR / "police_notices_speed.py")
speed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(speed)

SEARCH = "rowid in (select rowid from notices_fts where notices_fts match escape_fts(:search))"
COLS = "id, url, title, published_utc"


# --- the rewrites, as text --------------------------------------------------------------------


def test_count_of_a_plain_search_is_the_index_count():
    out = speed.rewrite_search_sql(f"select count(*) from notices where {SEARCH} ")
    assert out == "select count(*) from (select rowid from notices_fts where notices_fts match escape_fts(:search))"
    # with another filter the row must be read: left alone
    other = f"select count(*) from notices where {SEARCH} and force = :p0"
    assert speed.rewrite_search_sql(other) == other


def test_a_page_picks_its_rowids_before_reading_rows_and_breaks_date_ties_by_id():
    out = speed.rewrite_search_sql(f"select {COLS} from notices where {SEARCH} order by published_utc desc limit 51")
    assert out == (
        f"select {COLS} from notices where rowid in (select rowid from notices where {SEARCH} "
        "order by published_utc desc, id limit 51) order by published_utc desc, id"
    )
    nxt = (
        f"select {COLS} from notices where {SEARCH} and (published_utc < :p1 or published_utc is null or "
        "(published_utc = :p1 and id > :p0)) order by published_utc desc, id limit 51"
    )
    assert "order by published_utc desc, id limit 51) order by published_utc desc, id" in speed.rewrite_search_sql(nxt)
    first = speed.rewrite_search_sql(
        f"select {COLS} from notices order by published_utc desc limit 51"
    )  # the table page
    assert first == (
        f"select {COLS} from notices where rowid in (select rowid from notices order by published_utc desc, id "
        "limit 51) order by published_utc desc, id"
    )


@pytest.mark.parametrize(
    "sql",
    [
        f"select force as value, count(*) as count from (select {COLS}, force from notices where {SEARCH} ) "
        "where force is not null group by force order by count desc, value limit 31",  # a column facet
        "select force, count(*) from notices where 1 group by force order by force desc limit 5",  # an aggregate
        "select count(*) from notices where hidden = 0 order by published_utc limit 1",
        f"select {COLS} from notices where {SEARCH} order by 2 desc limit 5",  # an ordinal
        f"select {COLS} from notices where force = 'gwent' order by id limit 10",  # no search, not by date
        f"select {COLS} from notices order by id limit 10",
        f"select rowid, {COLS} from notices where {SEARCH} order by published_utc desc limit 5",
    ],
)
def test_other_queries_are_left_alone(sql):
    assert speed.rewrite_search_sql(sql) == sql


def test_array_facet_dedupes_by_notice_id():
    sql = (
        "\n with inner as (select id, url, topics from notices where hidden = 0 ),\n deduped_array_items as (\n"
        " select\n distinct j.value,\n inner.*\n from json_each([inner].[topics]) j join inner)"
    )
    assert "distinct j.value, inner.id" in speed.rewrite_search_sql(sql)
    other = sql.replace("from notices", "from survey_links")  # id need not be unique elsewhere
    assert speed.rewrite_search_sql(other) == other


# --- the same answers through Datasette ---------------------------------------------------------


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed")
    dest = folder / "archive.db"
    build_live_and_public(folder / "live.db", dest)
    conn = sqlite3.connect(dest)  # ties: a third of the notices published the same second (pages must split them)
    conn.execute("update notices set published_utc = '2021-02-01T09:00:00Z' where rowid % 3 = 0")
    conn.commit()
    conn.close()
    return dest


@pytest.fixture(scope="module")
def ds(public):
    return Datasette(
        immutables=[str(public)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.text[:500])
    return r


def direct(public, sql, params=()):
    conn = sqlite3.connect(public)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def matches(public, word):
    return direct(
        public,
        "select n.id, n.published_utc, n.force, n.is_consultation from notices n where n.rowid in "
        "(select rowid from notices_fts where notices_fts match ?)",
        [word],
    )


@pytest.mark.parametrize("word", ["the", "cameras", "anpr", "consultation", "zebra"])
def test_search_pages_count_and_facets_match_plain_sql(ds, public, word):
    expected = matches(public, word)
    total = direct(public, "select max(rowid) from notices")[0][0]
    # both plans are exercised: the date index for common words, row look-ups for rare ones
    # pages of 3 (limit 4): more than sqrt(4 · notices) matches walk the index
    assert (len(expected) > speed.walk_threshold(4, total)) == (word in ("the", "cameras")), (
        word,
        len(expected),
        total,
    )
    seen, path = [], "/archive/notices.json?" + urlencode({"_search": word, "_size": 3})
    while path:
        data = get(ds, path).json()
        assert data["filtered_table_rows_count"] == len(expected)
        cols = data["columns"]
        seen += [dict(zip(cols, row)) for row in data["rows"]]
        path = data["next_url"] and data["next_url"].split("://", 1)[-1].split("/", 1)[-1]
        path = path and "/" + path
    assert sorted(r["id"] for r in seen) == sorted(r[0] for r in expected)  # each match once, none skipped
    keys = [(r["published_utc"] is not None, r["published_utc"] or "", r["id"]) for r in seen]
    assert keys == sorted(
        keys, key=lambda k: (not k[0], tuple(-ord(c) for c in k[1]), k[2])
    )  # newest first, ties by id
    if expected:
        facets = get(ds, "/archive/notices.json?" + urlencode({"_search": word}))
        by_force = {f["value"]: f["count"] for f in facets.json()["facet_results"]["force"]["results"]}
        want = {}
        for _, _, force, _ in expected:
            if force:
                want[force] = want.get(force, 0) + 1
        assert by_force == want


def test_topics_facet_counts_each_notice_once_per_topic(ds, public):
    data = get(ds, "/archive/notices.json?_search=anpr").json()
    got = {f["value"]: f["count"] for f in data["facet_results"]["topics"]["results"]}
    want = dict(
        direct(
            public,
            "select j.value, count(distinct n.id) from notices n, json_each(n.topics) j where "
            "n.rowid in (select rowid from notices_fts where notices_fts match 'anpr') group by 1",
        )
    )
    assert got == want and got["anpr"] >= 1


def test_gwent_notice_is_found_on_the_search_page(ds):
    r = get(ds, "/archive/notices?_search=ANPR")
    assert GWENT_ANPR in r.text


def test_csv_streams_keep_every_row_in_pages_of_max_returned_rows(ds, public):
    ids = sorted(r[0] for r in direct(public, "select id from notices"))
    bare = get(ds, "/archive/notices.csv?_stream=on&_sort=id").text
    assert bare == get(ds, "/archive/notices.csv?_stream=on&_sort=id&_size=max").text
    assert [r["id"] for r in csv.DictReader(io.StringIO(bare))] == ids
    newest = list(csv.DictReader(io.StringIO(get(ds, "/archive/notices.csv?_stream=on&_size=2&_labels=on").text)))
    assert sorted(r["id"] for r in newest) == ids  # keyset pages by date then id: none skipped or repeated
    dated = [(r["published_utc"], r["id"]) for r in newest if r["published_utc"]]
    assert all(a[0] > b[0] or (a[0] == b[0] and a[1] < b[1]) for a, b in zip(dated, dated[1:]))  # ties by id
    assert len(dated) > len(set(d for d, _ in dated))  # the fixture has ties
    assert speed._with_max_size({"query_string": b"_stream=on"})["query_string"] == b"_stream=on&_size=max"
    assert speed._with_max_size({"query_string": b"_stream=on&_size=5"})["query_string"] == b"_stream=on&_size=5"


def test_only_a_plain_newest_first_search_walks_the_date_index():
    keyset = "and ((published_utc < :p1 or published_utc is null or (published_utc = :p1 and id > :p0)))"
    assert speed._KEYSET_ONLY.match("") and speed._KEYSET_ONLY.match(keyset)
    assert speed._KEYSET_ONLY.match("and ((published_utc is null and id > :p0))")
    assert not speed._KEYSET_ONLY.match("and force = :p0")
    assert not speed._KEYSET_ONLY.match("and [is_consultation] = :p0 " + keyset)


def test_a_filtered_search_pages_through_every_match(ds, public):
    want = direct(
        public,
        "select id from notices where force = 'gwent' and rowid in "
        "(select rowid from notices_fts where notices_fts match 'the')",
    )
    seen, path = [], "/archive/notices.json?" + urlencode({"_search": "the", "force": "gwent", "_size": 2})
    while path:
        data = get(ds, path).json()
        seen += [row[0] for row in data["rows"]]
        path = data["next_url"] and "/" + data["next_url"].split("://", 1)[-1].split("/", 1)[-1]
    assert sorted(seen) == sorted(r[0] for r in want) and len(want) >= 3


@pytest.mark.parametrize("word", ["the", "cameras"])
def test_a_page_of_a_very_common_search_asks_the_index_about_each_notice_and_finds_the_same_page(public, word):
    """Above PROBE_MIN_MATCHES the newest-first walk asks the search index about each notice it meets
    (`exists`) instead of listing every match first: the same rows, pages and ties."""
    from datasette.utils import escape_fts

    keyset = " and (published_utc < :p1 or published_utc is null or (published_utc = :p1 and id > :p0))"
    conn = sqlite3.connect(public)
    conn.create_function("escape_fts", 1, escape_fts)
    try:
        last = conn.execute(
            "select id, published_utc from notices order by published_utc desc, id limit 1 offset 4"
        ).fetchone()
        for where, params in (
            (SEARCH, {"search": word}),
            (SEARCH + keyset, {"search": word, "p0": last[0], "p1": last[1]}),
        ):
            sql = speed.rewrite_search_sql(
                f"select {COLS} from notices where {where} order by published_utc desc limit 6"
            )
            probed = speed._probing(sql)
            assert (
                "exists (select 1 from notices_fts where notices_fts match escape_fts(:search) and "
                "notices_fts.rowid = notices.rowid)"
                in probed
                and "indexed by idx_notices_newest" in probed
            )
            got = conn.execute(probed, params).fetchall()
            assert got == conn.execute(sql, params).fetchall() and len(got) == 6
    finally:
        conn.close()
