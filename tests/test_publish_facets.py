"""Facets at archive scale: counted on the narrow notice_facets table, exactly as Datasette counts them.

- notice_facets (migration 008) holds, under each notice's rowid, the columns the facets count and
  filter on; triggers keep it in step with notices, in the live archive and in the public copy.
- Through Datasette's JSON, every facet (values, counts, toggle URLs, truncation) equals what Datasette
  itself computes on the notice rows (the same archive without notice_facets), for searches, filters,
  later pages and the views.
- Above the limit, facets are left out, never estimated: the JSON says so under `facets_not_counted`,
  the page shows a note with a link that counts them over every match, and nothing reads "timed out".
- The year facet's heading reads "published_utc (year)", once.
"""

import asyncio
import importlib.util
import json
import re
import shutil
import sqlite3
from urllib.parse import urlencode

import lxml.html
import pytest
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, build_live_and_public

from archive.db import open_db
from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for
from archive.records import make_record
from archive.schema import FACET_COLUMNS
from archive.store import save_records
from archive.takedown import set_hidden

spec = importlib.util.spec_from_file_location("police_notices_speed_facets", PLUGINS_DIR / "police_notices_speed.py")
speed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(speed)

FACET_KEYS = ("force", "topics", "published_utc", "is_consultation")


def narrow_rows(conn):
    return conn.execute(f"select notice_rowid, {', '.join(FACET_COLUMNS)} from notice_facets order by 1").fetchall()


def notice_rows(conn):
    return conn.execute(f"select rowid, {', '.join(FACET_COLUMNS)} from notices order by 1").fetchall()


# --- the table and its triggers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("facets")
    live, public = folder / "live.db", folder / "archive.db"
    build_live_and_public(live, public)
    return {"live": live, "public": public, "folder": folder}


def test_notice_facets_follow_inserts_updates_hides_and_deletes(built, tmp_path):
    path = tmp_path / "a.db"
    shutil.copy(built["live"], path)
    db = open_db(path)
    conn = db.conn
    assert narrow_rows(conn) == notice_rows(conn) and len(notice_rows(conn)) > 10
    conn.execute(
        "update notices set topics = '[\"anpr\", \"speed\"]', force = 'dyfed-powys', is_consultation = 1 where url = ?",
        [GWENT_ANPR],
    )
    conn.execute("update notices set last_seen = '2030-01-01' where rowid % 2 = 0")  # not a facet column
    conn.execute("update notices set published_utc = null where rowid = (select min(rowid) from notices)")
    conn.commit()
    set_hidden(db, GWENT_ANPR, True, reason="test", by="test")
    conn.execute("PRAGMA foreign_keys = OFF")  # the notice alone (its versions would keep it otherwise)
    conn.execute("delete from notices where rowid = (select max(rowid) from notices)")
    conn.commit()
    save_records(
        db,
        [
            make_record(
                "https://www.gwent.police.uk/news/new-one/",
                force="gwent",
                title="New",
                body="A new notice.",
                topics=["cctv"],
                published_utc="2022-01-01",
            )
        ],
    )
    assert narrow_rows(conn) == notice_rows(conn)
    row = conn.execute(
        "select force, topics, is_consultation, hidden from notice_facets where id = "
        "(select id from notices where url = ?)",
        [GWENT_ANPR],
    ).fetchone()
    assert row == ("dyfed-powys", '["anpr", "speed"]', 1, 1)
    db.close()


def test_the_public_copy_keeps_notice_facets_in_step_under_the_same_rowids(built):
    conn = sqlite3.connect(built["public"])
    assert narrow_rows(conn) == notice_rows(conn)
    assert conn.execute("select count(*) from notice_facets where hidden = 1").fetchone() == (0,)
    conn.close()


def test_the_view_predicates_are_the_views_own(built):
    conn = sqlite3.connect(built["public"])
    views = dict(conn.execute("select name, sql from sqlite_master where type = 'view'"))
    conn.close()
    squash = lambda s: re.sub(r"\s+", " ", s).strip().lower()  # noqa: E731
    for name, pred in speed.NOTICE_SOURCES.items():
        if pred:
            assert squash(views[name]).endswith(squash(f"select * from notices where {pred}")), name


# --- the rewrites, as text --------------------------------------------------------------------

SEARCH = "rowid in (select rowid from notices_fts where notices_fts match escape_fts(:search))"


@pytest.mark.parametrize(
    "where, narrow",
    [
        (SEARCH, SEARCH),
        ("", ""),
        (f'"force" = :p0 and {SEARCH}', f'"force" = :p0 and {SEARCH}'),
        (
            ":p0 in (select value from json_each([notices].[topics]))",
            ":p0 in (select value from json_each(notice_facets.[topics]))",
        ),
        (
            "(published_utc < :p1 or published_utc is null or (published_utc = :p1 and id > :p0))",
            "(published_utc < :p1 or published_utc is null or (published_utc = :p1 and id > :p0))",
        ),
    ],
)
def test_where_clauses_on_facet_columns_read_the_narrow_table(where, narrow):
    assert speed.narrow_where("notices", where) == narrow


@pytest.mark.parametrize(
    "where",
    [
        "title like :p0",  # a column notice_facets does not have
        "force = 'gwent'",  # a literal: a hand-written _where
        "rowid in (select rowid from notices where body like :p0)",
        "rowid in (select rowid from notices_fts where [title] match escape_fts(:search_0))",
    ],
)
def test_anything_else_is_left_to_datasette(where):
    assert speed.narrow_where("notices", where) is None


def test_a_view_adds_its_own_predicate():
    assert speed.narrow_where("consultations", "force = :p0") == "hidden = 0 AND is_consultation = 1 AND (force = :p0)"
    assert speed.narrow_where("public_notices", "") == "hidden = 0"


def test_facet_sql_shapes_are_recognised_and_others_are_not():
    cols = "id, url, title, body, force, topics, published_utc, is_consultation"
    inner = f"select {cols} from notices where {SEARCH} "
    column = (
        f"\n select force as value, count(*) as count from (\n {inner}\n )\n where force is not null\n "
        "group by force order by count desc, value limit 31\n "
    )
    kind, col, table, where, narrow, sql = speed.rewrite_facet_sql(column)
    assert (kind, col, table, where, narrow) == ("column", "force", "notices", SEARCH, SEARCH)
    assert f"from (select * from notice_facets where {SEARCH})" in sql and "body" not in sql
    # a facet on a column notice_facets lacks stays Datasette's
    assert speed.rewrite_facet_sql(column.replace("force", "area")) is None
    assert speed.rewrite_facet_sql(f"select count(*) from notices where {SEARCH}") is None


# --- the same answers through Datasette ---------------------------------------------------------


@pytest.fixture(scope="module")
def servers(built):
    """Ours (notice_facets) and Datasette's own (the same copy without it), facets counted up to 12 matches."""
    own = built["folder"] / "own" / "archive.db"
    own.parent.mkdir()
    shutil.copy(built["public"], own)
    conn = sqlite3.connect(own)
    conn.execute("drop table notice_facets")
    conn.commit()
    conn.close()

    def make(path, public=True):
        meta = metadata_for(path.stem, public=public)
        meta.setdefault("plugins", {})["police-notices-facets"] = {"exact_up_to": LIMIT}
        files = {"immutables": [str(path)]} if public else {"files": [str(path)]}
        return Datasette(
            metadata=meta, settings=SETTINGS, plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR), **files
        )

    return {"ours": make(built["public"]), "own": make(own), "live": make(built["live"], public=False)}


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.text[:500])
    return r


def facets(ds, path):
    data = get(ds, path).json()
    return data, json.dumps(data.get("facet_results"), sort_keys=True)


LIMIT = 12
# (path, whether more than LIMIT notices match: then ours does not count the facets unless asked)
PAGES = [
    ("/archive/notices.json?_search=anpr", False),  # 12 matches: counted
    ("/archive/notices.json?_search=consultation", False),
    ("/archive/notices.json?_search=cameras&_size=2", True),  # 15
    ("/archive/notices.json?_search=zebra", False),
    ("/archive/notices.json?_search=the&force=gwent", False),
    ("/archive/notices.json?_search=anpr&topics__arraycontains=anpr", False),
    ("/archive/notices.json?_search=anpr&published_utc__startswith=2021", False),
    ("/archive/notices.json?_search=anpr&is_consultation=1", False),
    ("/archive/consultations.json?force=durham", False),
    ("/archive/anpr_notices.json", False),  # 13, but a whole view of an immutable file: counted once
    ("/archive/notices.json?_search=the", True),
    ("/archive/notices.json?force__not=gwent", True),
    ("/archive/public_notices.json?force__not=durham&_sort_desc=published_utc", True),
]


@pytest.mark.parametrize("path, over", PAGES)
def test_facets_equal_datasettes_own(servers, path, over):
    own, own_facets = facets(servers["own"], path)
    assert all(k in own["facet_results"] for k in ("force", "published_utc")) or not own["rows"], own.keys()
    ours, our_facets = facets(servers["ours"], path)
    assert ours["filtered_table_rows_count"] == own["filtered_table_rows_count"]
    assert ours["rows"] == own["rows"]
    if not over:
        assert our_facets == own_facets  # values, counts, labels, toggle URLs, truncation
        assert "facets_not_counted" not in ours
        return
    assert ours["facet_results"] == {} and own["filtered_table_rows_count"] > LIMIT
    note = ours["facets_not_counted"]
    assert set(note["facets"]) == set(own["facet_results"]) and note["limit"] == LIMIT
    assert note["matches"] in (own["filtered_table_rows_count"], None)
    assert "never" not in note["note"] and "not estimated" in note["note"]
    # the link counts them all, and then they equal Datasette's own
    link = note["count_all_url"].split("://", 1)[-1]
    link = link[link.index("/") :]
    assert "_count_facets=all" in link
    counted = get(servers["ours"], link).json()
    own_all = get(servers["own"], link).json()
    assert json.dumps(counted["facet_results"], sort_keys=True) == json.dumps(own_all["facet_results"], sort_keys=True)
    assert counted["facet_results"] and "facets_not_counted" not in counted


def test_a_later_page_counts_facets_as_datasette_does(servers):
    first = get(servers["own"], "/archive/notices.json?_search=anpr&_size=2").json()
    path = "/" + first["next_url"].split("://", 1)[-1].split("/", 1)[-1]
    assert facets(servers["ours"], path)[1] == facets(servers["own"], path)[1]


def test_the_unfiltered_public_table_is_counted_once_whatever_the_limit(servers):
    """An immutable file's whole table is counted exactly (once, then kept): the landing page has facets."""
    ours, own = facets(servers["ours"], "/archive/notices.json")[1], facets(servers["own"], "/archive/notices.json")[1]
    assert ours == own and json.loads(ours)["force"]["results"]
    assert facets(servers["ours"], "/archive/notices.json")[1] == ours


def test_the_operators_live_view_also_says_when_facets_are_not_counted(servers):
    data = get(servers["live"], "/live/notices.json").json()
    assert data["facets_not_counted"]["matches"] == data["filtered_table_rows_count"] > LIMIT
    assert "hidden" in data["facets_not_counted"]["facets"]


def test_the_page_says_facets_were_not_counted_and_links_to_counting_them(servers):
    html = get(servers["ours"], "/archive/notices?" + urlencode({"_search": "the"})).text
    doc = lxml.html.fromstring(html)
    note = doc.xpath("//p[contains(@class, 'facets-not-counted')]")
    assert len(note) == 1
    text = " ".join(note[0].text_content().split())
    total = get(servers["ours"], "/archive/notices.json?_search=the").json()["filtered_table_rows_count"]
    assert f"matches {total:,} notices" in text and f"up to {LIMIT} matches" in text and "never estimated" in text
    assert "timed out" not in html  # not counted on purpose is not a timeout
    href = note[0].xpath(".//a/@href")[0]
    assert href == "/archive/notices?_search=the&_count_facets=all"
    counted = lxml.html.fromstring(get(servers["ours"], href).text)
    assert not counted.xpath("//p[contains(@class, 'facets-not-counted')]")
    assert counted.xpath("//div[contains(@class, 'facet-info')]")
    # a search under the limit shows facets and no note
    small = lxml.html.fromstring(get(servers["ours"], "/archive/notices?_search=anpr").text)
    assert not small.xpath("//p[contains(@class, 'facets-not-counted')]")


def test_the_year_facet_heading_names_the_column_once(servers):
    doc = lxml.html.fromstring(get(servers["ours"], "/archive/notices?_search=anpr").text)
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//p[@class='facet-info-name']/strong")]
    year = [h for h in headings if h.startswith("published_utc")]
    assert len(year) == 1 and re.match(r"^published_utc \(year\) >?\d+$", year[0]), headings
    assert not any("(year) (year)" in h for h in headings)


def test_facets_and_counts_are_read_from_notice_facets(built, tmp_path):
    """Proof the rewrite is taken (the equalities above would hold without it): on a copy whose
    notice_facets says otherwise, the facets and a filtered count follow notice_facets."""
    path = tmp_path / "archive.db"
    shutil.copy(built["public"], path)
    conn = sqlite3.connect(path)
    conn.execute("update notice_facets set force = 'tampered'")
    # a force filter must name a force (police_notices_forces.py answers 400 otherwise)
    conn.execute("insert into forces (slug, name) values ('tampered', 'Tampered')")
    conn.commit()
    conn.close()
    ds = Datasette(
        immutables=[str(path)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    data = get(ds, "/archive/notices.json?_search=anpr").json()
    assert [f["value"] for f in data["facet_results"]["force"]["results"]] == ["tampered"]
    assert get(ds, "/archive/notices.json?_search=anpr&force=tampered").json()["filtered_table_rows_count"] == 12
