"""Bidi controls in a title cannot reorder a page: inert on every HTML page, kept in JSON and in the archive."""

import asyncio
import re
import sqlite3
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from archive.db import open_db
from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for
from archive.records import make_record
from archive.store import save_records

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TITLE = "Appeal after \u202eexe.tnemetats\u202c crash \u2067on the A48\u2069 consultation"
URL = "https://www.gwent.police.uk/news/bidi/"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("bidi") / "archive.db"
    db = open_db(path)
    save_records(
        db,
        [
            make_record(
                URL,
                force="gwent",
                force_name="Gwent Police",
                title=TITLE,
                body=f"Tell us what you think. {TITLE}",
                is_consultation=True,
                closes=(date.today() + timedelta(days=9)).isoformat(),
                published="2021-05-01",
                published_utc="2021-05-01",
            )
        ],
    )
    nid = db.execute("select id from notices where url = ?", [URL]).fetchone()[0]
    db.conn.close()
    ds = Datasette(
        immutables=[str(path)],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    return ds, nid, path


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.status_code)
    return r


def test_bidi_controls_are_inert_on_every_html_page(client):
    ds, nid, _ = client
    pages = [
        f"/archive/notices/{nid}",
        "/archive/notices",
        "/archive/public_notices",
        "/archive/consultations",
        "/archive/open_consultations",
        "/archive?sql=" + quote("select title from notices"),
        "/archive/notices?_search=crash",
    ]
    for path in pages:
        html = get(ds, path).text
        assert not re.search(f"[{CONTROLS}]", html), path
        assert "[U+202E]exe.tnemetats[U+202C] crash [U+2067]on the A48[U+2069]" in html, path
    row = get(ds, f"/archive/notices/{nid}").text
    assert re.search(r"<title>Appeal after \[U\+202E\]", row)  # the browser's tab too


def test_json_and_the_archive_keep_them(client):
    ds, nid, path = client
    assert get(ds, f"/archive/notices/{nid}.json?_shape=array").json()[0]["title"] == TITLE
    assert TITLE in get(ds, f"/archive/notices.csv?id={nid}").text
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("select title from notices where id = ?", [nid]).fetchone()[0] == TITLE
    finally:
        conn.close()
