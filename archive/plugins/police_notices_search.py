"""Datasette plugin: `?_search=` where nothing can be searched is refused (400), never ignored.

Datasette ignores `_search` on a canned query (and on a table without a search index), answering with
every row as if it had searched. The notice views search (metadata `fts_pk: id`, see
`rewrite_view_search` in police_notices_speed.py); a canned query cannot: its own SQL decides its rows.
`anpr_consultations` is both a view and a canned query, and the canned query is what its URL serves.
A column search (`?_search_title=`) on a view is refused too: Datasette writes it on `rowid`, which a
view does not have, so it would find nothing.
"""

import json
import urllib.parse

from datasette import hookimpl


def search_args(query_string):
    return [
        k
        for k, _ in urllib.parse.parse_qsl(query_string, keep_blank_values=True)
        if k.startswith("_search") and k != "_searchmode"
    ]


def refusal(datasette, db_name, name, args, canned):
    """Why this search cannot be done, or None when it can."""
    if name in canned:
        return (
            f"{name} is a ready-made query and cannot be searched: its own SQL picks its rows. "
            f"Search every notice at /{db_name}/notices?_search=… or a view such as "
            f"/{db_name}/consultations?_search=…"
        )
    if datasette.table_metadata(db_name, name).get("fts_pk", "rowid") != "rowid" and args != ["_search"]:
        return (
            f"{name} can be searched with ?_search= only; search a column of every notice at "
            f"/{db_name}/notices?_search_title=…"
        )
    return None


async def _send(send, status, content_type, body):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            parts = scope.get("path", "").strip("/").split("/")
            args = search_args(scope.get("query_string", b"").decode("latin-1"))
            if len(parts) != 2 or not args or parts[0] not in datasette.databases:
                return await app(scope, receive, send)
            db_name, (name, _, ext) = parts[0], parts[1].partition(".")
            message = refusal(
                datasette, db_name, name, sorted(set(args)), await datasette.get_canned_queries(db_name, None)
            )
            if message is None:
                return await app(scope, receive, send)
            if ext == "json":
                body = json.dumps({"ok": False, "error": message, "status": 400, "title": "Cannot search"})
                return await _send(send, 400, b"application/json; charset=utf-8", body.encode())
            if ext:
                return await _send(send, 400, b"text/plain; charset=utf-8", message.encode())
            page = await datasette.render_template(
                "error.html", {"ok": False, "error": message, "status": 400, "title": "Cannot search"}
            )
            return await _send(send, 400, b"text/html; charset=utf-8", str(page).encode())

        return wrapped

    return wrap
