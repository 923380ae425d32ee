"""The speed plugin's SQL rewrites fail loudly when Datasette's SQL moves (issue 12, "speed from the schema").

Every rewrite lives behind one hook (the plugin's `Database.execute`) and is one of its named RULES, counted
when it applies. The installed Datasette, a real instance on the test archive, is asked for every query
shape the rules expect (a search page with its count and facets, a filtered page, a view's search, a facet
notice_facets cannot filter): a rule that matched nothing fails here, by name, instead of the speed going
silently after an upgrade. At run time a notices search query no rule matches is logged once as a warning.
"""

import asyncio
import json
import logging
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette
from datasette.plugins import pm
from publish_archive import build_live_and_public

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

# The pages a reader opens, and which rules each must use.
PAGES = {
    "/archive/notices.json?" + urlencode({"_search": "cameras"}): {
        "search count",
        "search page",
        "column facet",
        "array facet",
        "year facet",
    },
    "/archive/notices?" + urlencode({"_search": "cameras"}): {"search count", "search page", "column facet"},
    "/archive/notices.json?force=gwent": {"filtered count", "column facet", "array facet", "year facet"},
    "/archive/anpr_notices.json?" + urlencode({"_search": "cameras"}): {"view search", "filtered count"},
    # a filter notice_facets does not hold (title): the topics facet reads notice rows, deduped by id
    "/archive/notices.json?" + urlencode({"_search": "cameras", "title__contains": "a"}): {"array facet by id"},
}


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed_rules")
    build_live_and_public(folder / "live.db", folder / "archive.db")
    return Datasette(
        immutables=[str(folder / "archive.db")],
        metadata=metadata_for("archive", public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )


def speed_plugin():
    # Datasette registers a plugins directory's files under their file names
    (plugin,) = {p for p in pm.get_plugins() if "police_notices_speed" in getattr(p, "__name__", "")} or {None}
    return plugin


def get(ds, path):
    r = asyncio.run(ds.client.get(path))
    assert r.status_code == 200, (path, r.text[:500])
    return r


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_uses_the_rules_it_should(ds, path):
    get(ds, "/-/versions.json")  # plugins loaded
    speed = speed_plugin()
    before = dict(speed.rule_hits())
    get(ds, path)
    used = {rule for rule, n in speed.rule_hits().items() if n > before.get(rule, 0)}
    assert PAGES[path] <= used, f"rules that no longer match Datasette's SQL: {sorted(PAGES[path] - used)}"


def test_every_rule_matches_some_query_the_installed_datasette_writes(ds):
    get(ds, "/-/versions.json")
    speed = speed_plugin()
    before = dict(speed.rule_hits())
    for path in PAGES:
        get(ds, path)
    used = {rule for rule, n in speed.rule_hits().items() if n > before.get(rule, 0)}
    assert set(speed.RULES) - used == set(), "rules no query matched: remove them, or fix them for this Datasette"


def test_a_notices_search_no_rule_matches_is_logged_once(ds, caplog):
    get(ds, "/-/versions.json")
    speed = speed_plugin()
    db = ds.get_database("archive")
    # a shape no rule knows (an aggregate of a search): answered as written, with a warning, once
    sql = (
        "select force, count(*) from notices where rowid in (select rowid from notices_fts where notices_fts "
        "match :search) group by force"
    )
    with caplog.at_level(logging.WARNING, logger="police_notices.speed"):
        for _ in range(3):
            rows = asyncio.run(db.execute(sql, {"search": "cameras"})).rows
    assert rows, "the query still answers"
    warnings = [r for r in caplog.records if r.name == "police_notices.speed"]
    assert len(warnings) == 1, warnings
    assert "no rewrite rule matched" in warnings[0].getMessage() and "group by force" in warnings[0].getMessage()
    assert speed.rule_hits()  # the hook is the plugin's


def test_the_served_archive_warns_on_its_log_once_when_no_rule_matches(tmp_path):
    """`police-notices serve --public`, a real process: the warning reaches its stderr (the operator's log)."""
    build_live_and_public(tmp_path / "archive.db", tmp_path / "public.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from crawler.cli import cli; cli()", "serve", "--public"]
            + ["--db", str(tmp_path / "archive.db"), "--port", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            # a hand-written _where (a literal): the count and facets cannot be read from notice_facets
            path = "/archive/notices.json?" + urlencode({"_search": "cameras", "_where": "title like '%a%'"})
            warned = []
            for _ in range(2):
                assert "rows" in json.loads(urllib.request.urlopen(base + path, timeout=60).read())
                time.sleep(0.5)  # stderr is line-buffered: the lines are in the file
                log = log_path.read_text(encoding="utf-8", errors="replace")
                warned.append([line for line in log.splitlines() if "no rewrite rule matched" in line])
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    first, second = warned
    assert first and any("select count(*) from notices where title like '%a%'" in line for line in first), log[-3000:]
    assert second == first and len(set(first)) == len(first)  # each shape once, not again on the next request


@pytest.mark.parametrize("view", ["anpr_notices", "public_notices", "consultations"])
def test_a_views_search_counts_its_facets_on_notice_facets_with_the_same_answer(ds, view):
    """Counted on notice_facets (the "view search" and facet rules) and as plain SQL over the view: the same."""
    data = get(ds, f"/archive/{view}.json?" + urlencode({"_search": "the", "_size": "max"})).json()
    rows = [dict(zip(data["columns"], r)) for r in data["rows"]]
    assert rows and data["filtered_table_rows_count"] == len(rows)
    facets = data["facet_results"]

    def counted(name):
        return {f["value"]: f["count"] for f in facets[name]["results"]}

    def tally(values):
        out = {}
        for v in values:
            out[v] = out.get(v, 0) + 1
        return out

    want = {
        **{c: tally(r[c] for r in rows if r[c] is not None) for c in ("force", "publisher", "publisher_kind")},
        "is_consultation": tally(r["is_consultation"] for r in rows if r["is_consultation"] is not None),
        "topics": tally(t for r in rows for t in set(json.loads(r["topics"] or "[]"))),
        "published_utc": tally(r["published_utc"][:4] for r in rows if r["published_utc"]),
    }
    names = {name.removesuffix(" (year)"): name for name in facets}  # the year facet's JSON name
    assert {"force", "published_utc"} <= set(names)  # the view's configured facets were counted
    for column, name in names.items():
        assert counted(name) == want[column], (view, column)


def test_a_views_search_count_reads_notice_facets_by_its_key(ds):
    """notice_facets is keyed by the notices' rowid (no index on id): a view's search is its rowid clause there."""
    get(ds, "/-/versions.json")
    speed = speed_plugin()
    sql = speed.rewrite_view_search(
        "select count(*) from anpr_notices where id in (select rowid from notices_fts where notices_fts match "
        "escape_fts(:search))"
    )
    narrow = speed.rewrite_count_sql(sql)
    assert narrow.startswith("select count(*) from notice_facets where hidden = 0 AND id IN (SELECT notice_id")
    assert narrow.endswith(
        "AND (rowid in (select rowid from notices_fts where notices_fts match escape_fts(:search)))"
    ), narrow
