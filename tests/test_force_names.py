"""A force is named by its slug or its name in any case, on the notice tables' filters and the canned queries
taking :force; a name that matches no force says so (archive/plugins/police_notices_forces.py).

Before, `anpr_consultations?force=Gwent` and `notices?force=Gwent` answered, silently, nothing."""

import asyncio

import pytest
from datasette.app import Datasette
from publish_archive import build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

NAMES = {
    "gwent": ["gwent", "Gwent", "GWENT", "Gwent Police", "gwent police", " Gwent "],
    "avon-and-somerset": ["avon-and-somerset", "Avon and Somerset", "AVON AND SOMERSET", "Avon and Somerset Police"],
    "dyfed-powys": ["Dyfed-Powys", "dyfed powys", "Dyfed-Powys Police"],
}
PAGES = [
    "/archive/notices.json?force={}",
    "/archive/anpr_notices.json?force={}",
    "/archive/notices.json?force__exact={}",
    "/archive/public_notices.json?force={}&_search=ANPR",
    "/archive/anpr_consultations.json?force={}",  # the canned query (its :force)
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("force_names")
    live, public = folder / "archive.db", folder / "public" / "archive.db"
    public.parent.mkdir()
    build_live_and_public(live, public)
    return Datasette(
        immutables=[str(public)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def fetch(ds, path):
    return asyncio.run(ds.client.get(path))


def ids(ds, path):
    r = fetch(ds, path + "&_shape=array&_size=max")
    assert r.status_code == 200, (path, r.text[:300])
    return sorted(row["id"] for row in r.json())


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("slug", NAMES)
def test_a_force_by_its_slug_or_name_in_any_case_finds_the_same_notices(ds, page, slug):
    by_slug = ids(ds, page.format(slug))
    if page.startswith(("/archive/notices", "/archive/public_notices")):
        assert by_slug, (page, slug)
    for name in NAMES[slug]:
        assert ids(ds, page.format(name.replace(" ", "+"))) == by_slug, (page, name)


def test_anpr_consultations_of_gwent_by_its_name(ds):
    # the issue's own example: the canned query by the force's name
    rows = fetch(ds, "/archive/anpr_consultations.json?force=Gwent&_shape=array").json()
    assert rows and {r["force"] for r in rows} == {"gwent"}


@pytest.mark.parametrize("page", PAGES)
def test_a_force_that_is_no_force_says_so(ds, page):
    r = fetch(ds, page.format("Gwnt"))
    assert r.status_code == 400, r.text[:300]
    error = r.json()["error"]
    assert 'No police force is called "Gwnt"' in error and "/archive/forces" in error
    html = fetch(ds, page.format("Gwnt").replace(".json", ""))
    assert html.status_code == 400 and "No police force is called" in html.text


def test_a_force_left_empty_on_the_canned_query_is_every_force(ds):
    rows = fetch(ds, "/archive/anpr_consultations.json?force=&_shape=array").json()
    assert len({r["force"] for r in rows}) > 1


@pytest.mark.parametrize("page", PAGES)
def test_a_commissioner_is_no_force_and_says_so(ds, page):
    # the registry's PCCs share the forces table; `force` never holds a PCC's slug, so reading "Gwent PCC"
    # as gwent-pcc answered, silently, nothing
    for name in ("gwent-pcc", "Gwent Police and Crime Commissioner"):
        r = fetch(ds, page.format(name.replace(" ", "+")))
        assert r.status_code == 400, (page, name, r.text[:300])
        assert f'No police force is called "{name}"' in r.json()["error"]


def test_force_in_and_notin_read_each_force_by_its_name(ds):
    # Datasette's list filters: comma-separated or a JSON list; each force read as the forces above
    both = ids(ds, "/archive/notices.json?force__in=gwent,dyfed-powys")
    assert both and both == sorted(
        ids(ds, "/archive/notices.json?force=gwent") + ids(ds, "/archive/notices.json?force=dyfed-powys")
    )
    assert ids(ds, "/archive/notices.json?force__in=Gwent+Police,Dyfed-Powys") == both
    assert ids(ds, '/archive/notices.json?force__in=["GWENT","dyfed powys"]') == both
    every = ids(ds, "/archive/notices.json?id__gt=0")
    assert ids(ds, "/archive/notices.json?force__notin=Gwent,Dyfed-Powys+Police") == sorted(set(every) - set(both))
    r = fetch(ds, "/archive/notices.json?force__in=Gwent,Gwnt")
    assert r.status_code == 400 and 'No police force is called "Gwnt"' in r.json()["error"]
