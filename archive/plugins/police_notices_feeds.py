"""Datasette plugin: an Atom feed and a CSV of any search or filter of the notice tables.

`/<db>/<notice table>.atom?<the page's arguments>` is the page's notices as Atom entries
(`notice_entry`): a journalist subscribes to `ANPR OR "number plate"` in Gwent without writing SQL.
Each entry links to the archived notice's page and to the force's page it was archived from; the
feed's id is the search itself (`feed_id`: the table and its arguments, sorted), the same however the
URL was written, on any host. Datasette keeps one renderer per extension: this one is registered last
(`trylast`). A canned feed of notices (a canned query returning atom_id, atom_title, atom_updated and
atom_notice_id: feed_anpr, feed_consultations, feed_changes) is written here too, each entry linking first
to the archived notice and then to the force's page (atom_link): a journalist's link still works when the
force deletes its page. Every other `.atom` goes to datasette-atom, as before, unless it has no rows: an
empty feed is valid Atom with no entries (`render_empty_atom`), never a placeholder entry.

A notice table's page links its feed and its CSV ("Atom feed of this search", "CSV of this search",
`search_links`) with the page's own arguments, less those that only page or shape it.
"""

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response
from datasette_atom import can_render_atom, render_atom

NOTICE_TABLES = frozenset(
    {
        "notices",
        *(
            v["name"]
            for v in json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
        ),
    }
)
ATOM = "http://www.w3.org/2005/Atom"
ENTRY_COLUMNS = ("id", "url", "title")
# Arguments that page or shape a table page, not choose its notices: left out of its feed and CSV links
# and of the feed's id.
NOT_THE_SEARCH = frozenset(
    {
        *("_next", "_size", "_col", "_nocol", "_all_columns", "_labels", "_nolabels", "_shape", "_dl", "_stream"),
        "_count_facets",
    }
)


def the_search(pairs):
    """The arguments of a page that choose its notices, in their order."""
    return [(k, v) for k, v in pairs if k not in NOT_THE_SEARCH and not k.startswith("_facet")]


# A feed is always newest first: a page's order (the search box adds its sort) is not part of its search.
ORDER = frozenset({"_sort", "_sort_desc"})


def feed_search(pairs):
    """The arguments of a page that choose its feed's notices: its search, less its order."""
    return [(k, v) for k, v in the_search(pairs) if k not in ORDER]


def feed_id(table, pairs):
    """The feed's Atom id: the table and the search's arguments, sorted (stable for the same search)."""
    query = urllib.parse.urlencode(sorted(feed_search(pairs)))
    return f"urn:police-notices:search:{table}" + (f"?{query}" if query else "")


def now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_time(value):
    """An Atom date-time from a stored date (2021-02-15) or date-time (2021-02-15T13:35:00Z)."""
    value = str(value)
    return value + "T00:00:00Z" if len(value) == 10 else value


def notice_entry(row, notice_page, names=None):
    """An Atom entry (a dict) for a notice row, its archived page at notice_page; named by its publisher
    (names: slug -> name, the forces table), a commissioner's notice by the commissioner, as the canned feeds."""
    force = (names or {}).get(row.get("publisher")) or row.get("force_name") or row.get("force") or ""
    return {
        "id": row["url"],  # a notice's identity, as in the canned feeds (feed_anpr, …)
        "title": row["title"] or row["url"],
        "updated": atom_time(row.get("published_utc") or row.get("first_seen") or row.get("fetched_at")),
        "links": [
            {"href": notice_page, "rel": "alternate", "type": "text/html", "title": "The archived notice"},
            *(  # never a javascript: or other scheme as a link
                [{"href": row["url"], "rel": "related", "title": "The notice on the force's site"}]
                if re.match(r"https?://", row["url"], re.I)
                else []
            ),
        ],
        "summary": ": ".join(s for s in (force, row.get("description") or "") if s),
        "author": force or None,
    }


def atom_xml(fid, title, self_url, page_url, entries):
    """The Atom document (bytes) of entries, in their order; an empty feed is valid Atom (updated
    now). Written with ElementTree: feedgen 1.0 drops
    an entry link's rel, and an entry links to two pages."""
    feed = ET.Element("feed", xmlns=ATOM)

    def add(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
        el.text = text
        return el

    add(feed, "id", fid)
    add(feed, "title", title)
    add(feed, "updated", max((e["updated"] for e in entries), default=None) or now())
    add(feed, "link", href=self_url, rel="self")
    add(feed, "link", href=page_url, rel="alternate", type="text/html")
    for e in entries:
        entry = add(feed, "entry")
        add(entry, "id", e["id"])
        add(entry, "title", e["title"])
        add(entry, "updated", e["updated"])
        for link in e["links"]:
            add(entry, "link", **link)
        if e["summary"]:
            add(entry, "summary", e["summary"])
        if e["author"]:
            add(add(entry, "author"), "name", e["author"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


async def render_notices_atom(datasette, request, rows, columns, database, table, data):
    missing = [c for c in ENTRY_COLUMNS if c not in columns]
    if missing:
        return Response.text(f"an Atom feed of {table} needs the columns {', '.join(missing)}", status=400)
    pairs = urllib.parse.parse_qsl(request.query_string, keep_blank_values=True)
    page = datasette.urls.table(database, table)
    query = urllib.parse.urlencode(the_search(pairs))
    page_url = datasette.absolute_url(request, page + (f"?{query}" if query else ""))
    title = f"UK police notices: {table}"
    if data.get("human_description_en"):
        title += " " + data["human_description_en"]
    names = dict((await datasette.get_database(database).execute("select slug, name from forces")).rows)
    entries = [
        notice_entry(
            dict(row), datasette.absolute_url(request, datasette.urls.row(database, "notices", row["id"])), names
        )
        for row in rows
    ]
    body = atom_xml(feed_id(table, pairs), title, request.url, page_url, entries)
    return Response(body, content_type="application/xml; charset=utf-8", status=200)


def render_empty_atom(datasette, request, sql, database, table, query_name):
    """A canned feed with nothing to report: valid Atom with no entries. datasette-atom 0.9 dates a feed
    by its newest row (`max()`) and so fails on an empty result."""
    queries = datasette.metadata("queries", database=database) or {}
    title = (queries.get(query_name) or {}).get("title") if query_name else None
    if not title:  # the title datasette-atom would give
        title = request.args.get("_feed_title", sql)
        title = f"{title}/{table}" if table else title
    body = atom_xml(request.url, title, request.url, request.url.replace(".atom", "", 1), [])
    return Response(body, content_type="application/xml; charset=utf-8", status=200)


def canned_notice_entry(row, notice_page):
    """An Atom entry (a dict) for a canned feed's row about one notice (its atom_notice_id): like a search's
    entry, it links first to the archived notice (the evidence, still there when the force deletes its page),
    then to the force's page (atom_link)."""
    link = row.get("atom_link")
    return {
        "id": str(row["atom_id"]),
        "title": str(row["atom_title"]),
        "updated": atom_time(row["atom_updated"]),
        "links": [
            {"href": notice_page, "rel": "alternate", "type": "text/html", "title": "The archived notice"},
            *(
                [{"href": link, "rel": "related", "title": "The notice on the force's site"}]
                if link and re.match(r"https?://", link, re.I)
                else []
            ),
        ],
        "summary": row.get("atom_content"),
        "author": row.get("atom_author_name"),
    }


def render_canned_notices_atom(datasette, request, sql, rows, database, table, query_name):
    """A canned feed of notices (rows with atom_notice_id), each entry linking to the archived notice first;
    its id and title as datasette-atom gave them (the request's URL, the query's title), so no reader sees
    a new feed."""
    queries = datasette.metadata("queries", database=database) or {}
    title = (queries.get(query_name) or {}).get("title") or request.args.get("_feed_title", sql)
    entries = [
        canned_notice_entry(
            dict(row), datasette.absolute_url(request, datasette.urls.row(database, "notices", row["atom_notice_id"]))
        )
        for row in rows
    ]
    body = atom_xml(request.url, title, request.url, request.url.replace(".atom", "", 1), entries)
    return Response(body, content_type="application/xml; charset=utf-8", status=200)


def render_atom_feed(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    if view_name == "table" and table in NOTICE_TABLES and not can_render_atom(columns):
        return render_notices_atom(datasette, request, rows, columns, database, table, data)
    if not can_render_atom(columns):  # a page that is not a feed: say so (datasette-atom raises, a long traceback)
        return Response.text(
            "This page has no Atom feed: a feed is a notice table's search or a canned query that returns "
            "atom_id, atom_title and atom_updated.",
            status=404,
        )
    if not rows:
        return render_empty_atom(datasette, request, sql, database, table, query_name)
    if "atom_notice_id" in columns:
        return render_canned_notices_atom(datasette, request, sql, rows, database, table, query_name)
    return render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)


def can_render_feed(columns, table, view_name):
    return (view_name == "table" and table in NOTICE_TABLES) or can_render_atom(columns)


@hookimpl(trylast=True)  # the last renderer for an extension is the one Datasette keeps
def register_output_renderer():
    return {"extension": "atom", "render": render_atom_feed, "can_render": can_render_feed}


def search_links(datasette, request, database, table):
    """{"atom": …, "csv": …}: the feed and the CSV (every matching notice) of this page's search."""
    pairs = the_search(urllib.parse.parse_qsl(request.query_string, keep_blank_values=True))
    base = datasette.urls.table(database, table)
    feed = feed_search(pairs)
    atom = base + ".atom" + (f"?{urllib.parse.urlencode(feed)}" if feed else "")
    csv = base + ".csv?" + urllib.parse.urlencode(pairs + [("_stream", "on"), ("_dl", "on")])
    return {"atom": atom, "csv": csv}


@hookimpl
def extra_template_vars(datasette, request, database, table, view_name):
    if view_name != "table" or table not in NOTICE_TABLES or request is None:
        return {}
    return {"search_links": search_links(datasette, request, database, table)}
