"""The notice views and feeds are declared once (archive/views.py, archive/plugins/notice_views.json): the
schema, publish's metadata and feeds, the Datasette plugins and templates and the docs all read it, so a
new topic view is one edit (issue 12)."""

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request

import lxml.html
from publish_archive import build_archive
from serving import free_port

from archive import publish as publish_module, views
from archive.db import open_db
from archive.publish import PLUGINS_DIR, TEMPLATES_DIR, load_metadata, metadata_for
from archive.views import NOTICE_VIEWS, NoticeView, squash, view_sql

GWENT = NoticeView("gwent_notices", "hidden = 0 AND force = 'gwent'", "Notices of Gwent Police.", None)


def test_a_fresh_archive_has_the_declared_views_with_their_sql(tmp_path):
    db = open_db(tmp_path / "a.db")
    stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    assert {n: squash(s) for n, s in stored.items()} == {
        v.name: f"CREATE VIEW {v.name} AS {view_sql(v)}" for v in NOTICE_VIEWS
    }


def test_the_metadata_describes_the_views_and_their_feeds_as_declared():
    raw = load_metadata()["databases"]["archive"]
    queries = raw["queries"]
    served = metadata_for("archive", public=True)["databases"]["archive"]["tables"]
    for v in NOTICE_VIEWS:
        assert "description" not in raw["tables"].get(v.name, {}), f"{v.name}: described in notice_views.json, not here"
        assert served[v.name]["description"] == v.description
        assert served[v.name]["fts_table"] == "notices_fts" and served[v.name]["fts_pk"] == "id"
        if v.feed:  # the feed is a canned Atom query over that very view
            assert views.is_feed(queries[v.feed]), v.feed
            assert re.search(rf"\bfrom {v.name}\b", queries[v.feed]["sql"]), v.feed
    assert views.feeds(queries) == (
        "feed_anpr",
        "feed_consultations",
        "feed_new_consultation_campaigns",
        "feed_consultations_closing_soon",
        "feed_changes",
    )


def test_no_template_or_plugin_lists_the_views_itself():
    """No view's name as a string in their code (prose and examples may name one)."""
    names = [v.name for v in NOTICE_VIEWS]
    for f in [*TEMPLATES_DIR.glob("*.html"), *PLUGINS_DIR.glob("*.py")]:
        text = f.read_text(encoding="utf-8")
        assert not [n for n in names if re.search(rf"[\"']{n}[\"']", text)], f"{f.name} lists notice views"


def get(url, timeout=30):
    """The body at url, waiting for the server to come up."""
    deadline = time.time() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=10).read().decode()
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def test_a_new_view_declared_once_is_made_published_searched_and_laid_out(tmp_path, monkeypatch):
    """One edit (the declaration) and the archive has the view; published and served by a real Datasette,
    it is described, searched and laid out as notices: the plugins read the declaration from their own
    folder, as a published copy's do (a separate process: Datasette registers a plugin file once per name)."""
    declared = (*NOTICE_VIEWS, GWENT)
    plugins = tmp_path / "plugins"
    shutil.copytree(PLUGINS_DIR, plugins, ignore=shutil.ignore_patterns("__pycache__"))
    (plugins / "notice_views.json").write_text(json.dumps([v._asdict() for v in declared]), encoding="utf-8")
    monkeypatch.setattr(views, "NOTICE_VIEWS", declared)
    monkeypatch.setattr(publish_module, "PLUGINS_DIR", plugins)

    path = tmp_path / "archive.db"
    build_archive(path, xss=False)  # opened for writing: the new view is added
    conn = sqlite3.connect(path)
    gwent = {i for (i,) in conn.execute("SELECT id FROM gwent_notices")}
    assert gwent and gwent == {i for (i,) in conn.execute("SELECT id FROM notices WHERE force='gwent' AND hidden=0")}
    anpr = {i for (i,) in conn.execute("SELECT id FROM gwent_notices WHERE title LIKE '%ANPR%'")}
    conn.close()
    assert anpr

    site = publish_module.publish(path, tmp_path / "site")["out"]
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(site), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/archive"
        page = lxml.html.fromstring(get(f"{base}/gwent_notices"))
        found = json.loads(get(f"{base}/gwent_notices.json?_search=ANPR&_shape=objects&_size=max"))["rows"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert GWENT.description in page.text_content()
    table = page.cssselect("table.rows-and-columns")[0]
    assert "notice-rows" in table.get("class")  # the templates' notice layout, reader's columns first
    assert [th.get("data-column") for th in table.cssselect("thead th")][:3] == ["title", "force", "published"]
    assert anpr <= {r["id"] for r in found} <= gwent
