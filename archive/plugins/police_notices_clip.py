"""Datasette plugin: HTML pages show a long text cell clipped, with a link to the whole of it.

Rendering a 9 MB notice body as Markdown took 2.9 s (50 MB: 17 s), on the server's one event loop,
so every other request waited. A notice's page shows the first ROW_PAGE_CHARS characters of a cell, a
table, query or feed page the first LIST_PAGE_CHARS, followed by how much was left out and a link to
the row's JSON (or, on a query page, the page's own JSON), which has every cell whole. JSON and CSV are
never clipped.

`body` cells are rendered here as Markdown on a notice's page, with datasette-render-markdown's own
renderer (cleaned by bleach: no raw HTML, no javascript: links): that plugin's render_cell would convert
the whole cell before any clip, so the metadata does not name `body` to it. On a list (table, view,
search, query page) a body is an excerpt in plain text, its Markdown marks dropped: Markdown and bleach
on fifty bodies took half of a search page's time (135 → 67 ms CPU; benchmarks/README.md).
"""

import contextvars
import json
import re
from pathlib import Path

from datasette import hookimpl
from datasette.utils import path_from_row_pks, tilde_encode
from datasette_render_markdown import render_markdown
from markupsafe import Markup

ROW_PAGE_CHARS = 100_000  # a long notice in full (most are under 10,000); ~30 ms of Markdown
LIST_PAGE_CHARS = 2_000  # Datasette's own truncate_cells_html; a table page shows a few lines of it
MARKDOWN_COLUMNS = frozenset({"body"})
# The notice views, declared once beside the plugins (archive/views.py reads the same file).
NOTICE_VIEWS = frozenset(
    v["name"] for v in json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
)

_PAGE = contextvars.ContextVar("police_notices_page", default=("", ""))


def is_row_page(path):
    """`/db/table/pk` (and its formats): one record's page."""
    return path.strip("/").count("/") == 2 and not path.startswith("/-/")


def clip(text, limit):
    """text cut to at most limit characters, at a paragraph or line break when one is in the last half."""
    if len(text) <= limit:
        return text
    for sep in ("\n\n", "\n", " "):
        cut = text.rfind(sep, limit // 2, limit)
        if cut > 0:
            return text[:cut]
    return text[:limit]


# Markdown's marks a reader would see as clutter in an excerpt: a link's target, emphasis, code, heading
# and quote marks, list bullets, escapes (an escaped mark stays, as text).
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"\*\*|__|(?<!\\)`+|^[ \t]{0,3}(?:#{1,6}|>|[*+-])[ \t]+|\\(?=[\\`*_{}\[\]()#+\-.!<>|])", re.M)


def plain_excerpt(text):
    """A Markdown text as plain text for a list page (escaped by the template, as any cell)."""
    return _MD_MARKS.sub("", _MD_LINK.sub(r"\1", text))


def shown(text, column, whole_page):
    if column not in MARKDOWN_COLUMNS:
        return text
    return render_markdown(text) if whole_page else plain_excerpt(text)


async def whole_url(datasette, database, table, row):
    """Where the whole of a row's cells is: its row's JSON, or this page's JSON."""
    if table == "notices" or (table in NOTICE_VIEWS and "id" in row.keys()):
        return datasette.urls.row(database, "notices", tilde_encode(str(row["id"])), format="json")
    if table:
        db = datasette.get_database(database)
        if await db.table_exists(table):
            pks = await db.primary_keys(table)
            if pks or "rowid" in row.keys():
                return datasette.urls.row(database, table, path_from_row_pks(row, pks, not pks), format="json")
    path, query = _PAGE.get()
    return path + ".json" + ("?" + query if query else "")


async def clipped(text, column, table, database, datasette, row, limit, whole_page):
    part, url = clip(text, limit), await whole_url(datasette, database, table, row)
    note = Markup(
        '<p class="clipped"><em>The first {:,} of {:,} characters. <a href="{}">The whole text (JSON)</a></em></p>'
    ).format(len(part), len(text), url)
    return Markup("{}{}").format(shown(part, column, whole_page), note)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    row_page = is_row_page(_PAGE.get()[0])
    limit = ROW_PAGE_CHARS if row_page else LIST_PAGE_CHARS
    if len(value) > limit:
        return clipped(value, column, table, database, datasette, row, limit, row_page)
    return shown(value, column, row_page) if column in MARKDOWN_COLUMNS else None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http":
                _PAGE.set((scope.get("path", ""), scope.get("query_string", b"").decode("latin-1")))
            return await app(scope, receive, send)

        return wrapped

    return wrap
