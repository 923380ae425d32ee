"""A feed with nothing to report is valid Atom with no entries: no placeholder entry dated 1970.

datasette-atom 0.9 takes the feed's date from its newest row and fails on none (a 500), which the feeds
once hid with a placeholder row; archive/plugins/police_notices_feeds.py (render_empty_atom) answers an empty feed instead.
"""

import asyncio

import feedparser
import pytest
from datasette.app import Datasette

from archive.db import open_db
from archive.publish import PLUGINS_DIR, SETTINGS, load_metadata, metadata_for
from archive.views import feeds

QUERIES = load_metadata()["databases"]["archive"]["queries"]


@pytest.fixture(scope="module", params=[False, True], ids=["operator", "public"])
def empty_archive(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "archive.db"
    open_db(path).conn.close()
    files = {"immutables": [str(path)]} if request.param else {"files": [str(path)]}
    return Datasette(
        metadata=metadata_for("archive", public=request.param),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        **files,
    )


@pytest.mark.parametrize("name", feeds(QUERIES))
def test_an_empty_feed_is_valid_atom_with_no_entries(empty_archive, name):
    r = asyncio.run(empty_archive.client.get(f"/archive/{name}.atom"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    feed = feedparser.parse(r.text)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.entries == []
    assert feed.feed.title == QUERIES[name]["title"] and feed.feed.updated_parsed.tm_year > 1970
