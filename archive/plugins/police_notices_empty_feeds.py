"""Datasette plugin: a feed with nothing to report is valid Atom with no entries.

datasette-atom 0.9 dates the feed by its newest entry (`max()` of the rows) and so fails on an empty
result. This renderer takes its place for `.atom` (registered last, so it wins): rows go to
datasette-atom as before; no rows give a feed with its title, id and self link, dated now, and no entry.
"""

from datasette import __version__, hookimpl
from datasette.utils.asgi import Response
from datasette_atom import can_render_atom, render_atom
from feedgen.feed import FeedGenerator


@hookimpl(trylast=True)
def register_output_renderer():
    return {"extension": "atom", "render": render_feed, "can_render": can_render_atom}


def render_feed(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    if rows:
        return render_atom(datasette, request, sql, columns, rows, database, table, query_name, view_name, data)
    fg = FeedGenerator()  # dated now: the feed was checked now and had nothing
    fg.generator(generator="Datasette", version=__version__, uri="https://github.com/simonw/datasette")
    fg.id(request.url)
    fg.link(href=request.url, rel="self")
    fg.title(_title(datasette, request, sql, database, table, query_name))
    return Response(fg.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


def _title(datasette, request, sql, database, table, query_name):
    """The title datasette-atom would give: the canned query's, else `_feed_title` or the SQL (and table)."""
    queries = datasette.metadata("queries", database=database) or {}
    if query_name and (queries.get(query_name) or {}).get("title"):
        return queries[query_name]["title"]
    title = request.args.get("_feed_title", sql)
    return f"{title}/{table}" if table else title
