"""Datasette plugin: notice tables readable at a glance.

- `lead_first` (a template filter used by templates/_table.html and row.html): the columns a reader
  wants first (title, force, published, topics, consultation, survey links, url) lead, the other
  thirty-odd keep their order after them (the title's link to the notice's page: police_notices_cells.py).
- A reader's table's HTML page (a notice table's, a search's) selects only its reader columns (and the
  sort and `hidden` columns its links and marks need): rendering the other forty cost more than half a
  page's time. `?_all_columns=1` (the page's "Show all N columns" link) gives the wide page; `_col`/`_nocol`
  choose as Datasette's own do, and JSON, CSV, feeds and their links are never narrowed (the request itself
  is not changed: `TableView.columns_to_select` decides, see `reader_selection`).
- topics and survey_links cells show as words and provider links instead of raw JSON (HTML only:
  JSON and CSV keep the stored values); a Welsh notice's translation_of links to the English notice.
- Unicode bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) show as
  `[U+202E]` on every HTML page: a title holding one could otherwise reorder the page around it
  (`inert_bidi`, on the response; JSON, CSV and the stored data keep them).
- uvicorn's per-request access log is silenced when POLICE_NOTICES_ACCESS_LOG=off (serve and demo
  set it), so a terminal keeps the crawl table and the URL readable.
"""

import json
import logging
import os
import re
from pathlib import Path

from datasette import hookimpl
from datasette.utils import path_with_added_args, path_with_removed_args, tilde_decode
from datasette.views.table import TableView
from markupsafe import Markup, escape

# The notice views, declared once beside the plugins (archive/views.py reads the same file).
NOTICE_VIEWS = json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
NOTICE_TABLES = frozenset({"notices", *(v["name"] for v in NOTICE_VIEWS)})
LEAD_COLUMNS = ("title", "force", "published", "topics", "is_consultation", "survey_links", "closes", "url", "id")
# Tables laid out as a list for reading: their reader columns first and shown, the others folded until asked for.
READER_COLUMNS = {
    **dict.fromkeys(NOTICE_TABLES, LEAD_COLUMNS),
    "consultation_campaigns": ("title", "status", "publishers", "opens", "closes", "topics", "notices", "id"),
}
ALL_COLUMNS_ARG = "_all_columns"  # ?_all_columns=1: a reader's table's page with every column
# The controls' UTF-8 (E2 80 AA-AE, E2 81 A6-A9): UTF-8 never has these bytes inside another character.
_BIDI = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _name(item):
    return item.get("name") or item.get("column")


def lead_first(items, table):
    """Columns (display_columns) or cells (one display row) of a reader's table, its reader columns first."""
    items = list(items)
    if table not in READER_COLUMNS:
        return items
    rank = {c: i for i, c in enumerate(READER_COLUMNS[table])}
    return sorted(items, key=lambda x: rank.get(_name(x), len(rank)))  # stable: the rest keep their order


def _json_list(value):
    try:
        out = json.loads(value)
    except (TypeError, ValueError):
        return None
    return out if isinstance(out, list) else None


def _survey_link(s):
    if not isinstance(s, dict):
        return escape(str(s))
    url, label = str(s.get("url") or ""), str(s.get("provider") or s.get("host") or "link")
    if re.match(r"https?://", url, re.I):  # never a javascript: or other scheme as a link
        return Markup('<a href="{}">{}</a>').format(url, label)
    return escape(label)


def narrowed(table, fmt, args):
    """Whether a table view's request is a reader's HTML page of a reader's table, shown with its reader
    columns only: not JSON, CSV or a feed (fmt), not asked for every column or for columns by name."""
    return table in READER_COLUMNS and fmt is None and not any(a in args for a in ("_col", "_nocol", ALL_COLUMNS_ARG))


def reader_selection(table, table_columns, pks, also=()):
    """The columns a narrowed page selects, in the table's order after its primary keys: the reader columns,
    `hidden` (the title cell's HIDDEN mark) and `also` (the sort columns: Datasette's next-page link reads them)."""
    keep = {*READER_COLUMNS[table], "hidden", *also}
    return [*pks, *(c for c in table_columns if c in keep and c not in pks)]


# Datasette loads a plugins directory again for every instance: wrap the original method, once.
# (Datasette internals: catalogued in archive/datasette_internals.py, pinned by its test)
_columns_to_select = TableView.__dict__.get("_police_notices_columns_to_select", TableView.columns_to_select)
TableView._police_notices_columns_to_select = _columns_to_select


async def _reader_columns_to_select(self, table_columns, pks, request):
    table = tilde_decode(request.url_vars.get("table") or "")
    if not narrowed(table, request.url_vars.get("format"), request.args):
        return await _columns_to_select(self, table_columns, pks, request)
    meta = self.ds.table_metadata(tilde_decode(request.url_vars.get("database") or ""), table)
    sorts = (request.args.get("_sort"), request.args.get("_sort_desc"), meta.get("sort"), meta.get("sort_desc"))
    return reader_selection(table, table_columns, pks, [s for s in sorts if s])


TableView.columns_to_select = _reader_columns_to_select


def columns_link(request, table):
    """The link between a reader's table's narrow page and its wide one: {"narrow": is this the narrow page,
    "url": the other}; None on other pages."""
    if request is None or table not in READER_COLUMNS:
        return None
    if narrowed(table, None, request.args):
        return {"narrow": True, "url": path_with_added_args(request, {ALL_COLUMNS_ARG: "1"})}
    if ALL_COLUMNS_ARG in request.args:
        return {"narrow": False, "url": path_with_removed_args(request, {ALL_COLUMNS_ARG})}
    return None  # columns chosen by _col or _nocol: no link


@hookimpl
def extra_template_vars(request, table, view_name):
    """The notice tables and each reader's table's columns, for the templates (archive/templates/): they lay out
    these tables as lists to read, the reader columns first; on a table page the link to its other width."""
    return {
        "notice_tables": sorted(NOTICE_TABLES),
        "reader_columns": READER_COLUMNS,
        "columns_link": columns_link(request, table) if view_name == "table" else None,
    }


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["lead_first"] = lead_first


_NOTICE_ID = re.compile(r"[0-9a-f]{16}")


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table in NOTICE_TABLES and column == "translation_of" and isinstance(value, str) and _NOTICE_ID.fullmatch(value):
        return Markup('<a href="{}">English: {}</a>').format(datasette.urls.row(database, "notices", value), value)
    if table not in NOTICE_TABLES or column not in ("topics", "survey_links") or not isinstance(value, str):
        return None
    items = _json_list(value)
    if items is None:
        return None
    if not items:
        return Markup("&nbsp;")
    if column == "topics":
        return ", ".join(str(t) for t in items)
    return Markup(", ").join(_survey_link(s) for s in items)


def _no_record(record):
    return False


def inert_bidi(html_bytes):
    """HTML with each bidi control replaced by its visible name, e.g. `[U+202E]`."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group().decode()):04X}]".encode(), html_bytes)


async def _inert_html(app, scope, receive, send):
    """The app's response, with inert_bidi applied when it is HTML (Datasette sends a page whole)."""
    start, body = None, []

    async def held(message):
        nonlocal start
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers") or [])
            if not headers.get(b"content-type", b"").startswith(b"text/html"):
                return await send(message)
            start = message
            return None
        if start is None or message["type"] != "http.response.body":
            return await send(message)
        body.append(message.get("body", b""))
        if message.get("more_body"):
            return None
        data = inert_bidi(b"".join(body))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send(dict(start, headers=headers + [(b"content-length", str(len(data)).encode())]))
        await send({"type": "http.response.body", "body": data})

    await app(scope, receive, held)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            return await _inert_html(app, scope, receive, send)

        return wrapped

    return wrap


@hookimpl
def startup():
    # A filter, not a level: `datasette serve` runs this hook before uvicorn configures its loggers
    # (which resets their levels to info); logging.config keeps a logger's filters.
    if os.environ.get("POLICE_NOTICES_ACCESS_LOG", "").lower() in ("off", "0", "no"):
        access = logging.getLogger("uvicorn.access")
        if _no_record not in access.filters:
            access.addFilter(_no_record)
