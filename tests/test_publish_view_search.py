"""`?_search=` on the notice views searches them; on a ready-made query it is refused (both were ignored:
every row came back)."""

import asyncio
import sqlite3

import pytest
from datasette.app import Datasette
from publish_archive import GWENT_ANPR, build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

# anpr_consultations is also a canned query's name: its URL serves the canned query
VIEWS = ("public_notices", "anpr_notices", "consultations")


@pytest.fixture(scope="module")
def faces(tmp_path_factory):
    folder = tmp_path_factory.mktemp("view_search")
    live, public = folder / "archive.db", folder / "public" / "archive.db"
    public.parent.mkdir()
    build_live_and_public(live, public)
    return {
        "public": (
            public,
            Datasette(
                immutables=[str(public)],
                metadata=metadata_for("archive", public=True),
                settings=SETTINGS,
                plugins_dir=str(PLUGINS_DIR),
                template_dir=str(TEMPLATES_DIR),
            ),
        ),
        "operator": (
            live,
            Datasette(
                [str(live)],
                metadata=metadata_for("archive", public=False),
                settings=SETTINGS,
                plugins_dir=str(PLUGINS_DIR),
                template_dir=str(TEMPLATES_DIR),
            ),
        ),
    }


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    return r


def expected(path, view, words):
    conn = sqlite3.connect(path)
    try:
        return sorted(
            r[0]
            for r in conn.execute(
                f"select id from {view} where id in (select id from notices where rowid in "
                "(select rowid from notices_fts where notices_fts match ?))",
                [words],
            )
        )
    finally:
        conn.close()


@pytest.mark.parametrize("face", ["public", "operator"])
@pytest.mark.parametrize("words", ["ANPR", "survey", "speed cameras", "zzznotaword"])
def test_search_on_a_view_finds_what_the_view_holds_and_nothing_else(faces, face, words):
    path, ds = faces[face]
    for view in VIEWS:
        everything = get(ds, f"/archive/{view}.json?_shape=array&_size=max").json()
        data = get(ds, f"/archive/{view}.json?_search={words}&_size=max").json()
        found = sorted(r[data["columns"].index("id")] for r in data["rows"])
        assert found == expected(path, view, f'"{words}"'), (view, words)
        if words == "zzznotaword":
            assert found == [] and everything, view  # before: every row of the view
        assert data["filtered_table_rows_count"] == len(found)
        if "force" in data.get("facet_results", {}):
            assert sum(f["count"] for f in data["facet_results"]["force"]["results"]) == len(found)


def test_the_gwent_consultation_is_found_and_the_page_has_a_search_box(faces):
    _, ds = faces["public"]
    rows = get(ds, "/archive/consultations.json?_search=have your say&_shape=array").json()
    assert GWENT_ANPR in [r["url"] for r in rows]
    r = asyncio.run(ds.client.get("/archive/consultations.json?_search_title=ANPR"))  # on rowid: found nothing
    assert r.status_code == 400 and "/archive/notices?_search_title=" in r.json()["error"]
    page = get(ds, "/archive/consultations?_search=ANPR").text
    assert 'name="_search"' in page and 'value="ANPR"' in page


def test_search_on_a_ready_made_query_is_refused_not_ignored(faces):
    _, ds = faces["public"]
    for path in (
        "/archive/anpr_consultations.json?_search=zzznotaword",
        "/archive/open_consultations?_search=ANPR",
        "/archive/anpr_consultations.csv?force=gwent&_search=x",
    ):
        r = asyncio.run(ds.client.get(path))
        assert r.status_code == 400, (path, r.status_code)
        assert "is a ready-made query and cannot be searched" in r.text and "/archive/notices?_search=" in r.text
    assert "Cannot search" in asyncio.run(ds.client.get("/archive/open_consultations?_search=ANPR")).text
    # without _search it answers as before
    rows = get(ds, "/archive/anpr_consultations.json?_shape=array&force=gwent").json()
    assert [r["url"] for r in rows] == [GWENT_ANPR]


def test_search_on_a_table_without_a_search_index_is_refused_not_ignored(faces):
    """Datasette answers every row of a table it cannot search, as if it had searched."""
    _, ds = faces["public"]
    for path in ("/archive/consultation_campaigns?_search=ANPR", "/archive/forces.json?_search=gwent"):
        r = asyncio.run(ds.client.get(path))
        assert r.status_code == 400, (path, r.status_code)
        assert "has no search index and cannot be searched" in r.text and "/archive/notices?_search=" in r.text
    assert get(ds, "/archive/forces.json?_shape=array&slug=gwent").json()[0]["slug"] == "gwent"  # unsearched: as before
