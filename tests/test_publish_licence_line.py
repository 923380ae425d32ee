"""The licence and source line is on every page from the very first request after a server starts.

Datasette 0.65 fills a table's licence and source from the top-level metadata lazily (the table page writes
them into its metadata), so a notice page opened first, as from a feed or a citation, had no licence line
until someone had visited the table page. Each case here starts a fresh server and asks for its page first.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from publish_archive import build_archive
from serving import get, police_notices, running

LICENCE = "Open Government Licence"
SOURCE = "UK police force websites"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("licence") / "archive.db"
    build_archive(db, xss=False)
    return db


@pytest.fixture(scope="module")
def site(archive):
    """`police-notices publish --out site`, served as the docs say: `datasette site`."""
    subprocess.run(police_notices("publish", "--db", "archive.db", "--out", "site"), cwd=archive.parent, check=True)
    return archive.parent / "site"


def first_notice(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select id from notices where hidden = 0 order by id limit 1").fetchone()[0]
    finally:
        conn.close()


def pages(db):
    return [
        f"/archive/notices/{first_notice(db)}",  # a notice page
        "/archive/anpr_consultations",  # a canned query
        "/archive",  # the database page
        "/-/dashboards/police-notices",  # datasette-dashboards' page, which passes no metadata of its own
    ]


@pytest.mark.parametrize("face", [[], ["--public"]], ids=["operator", "public"])
@pytest.mark.parametrize("page", range(4))
def test_first_page_after_start_has_licence_and_source(archive, face, page):
    path = pages(archive)[page]
    with running(police_notices("serve", "--db", str(archive), *face)) as url:
        body, _ = get(url + path)
    assert LICENCE in body and SOURCE in body, path


@pytest.mark.parametrize("page", range(4))
def test_first_page_of_the_published_folder_has_licence_and_source(archive, site, page):
    path = pages(archive)[page]
    with running([str(Path(sys.executable).parent / "datasette"), "site"], cwd=site.parent) as url:
        body, _ = get(url + path)
    assert LICENCE in body and SOURCE in body, path
