"""Datasette plugin: searches of the notice tables, refused when nothing can be searched, forgiving in syntax.

Datasette ignores `_search` on a canned query (and on a table without a search index), answering with
every row as if it had searched. The notice views search (metadata `fts_pk: id`, see
`rewrite_view_search` in police_notices_speed.py); a canned query cannot: its own SQL decides its rows.
`anpr_consultations` is both a view and a canned query, and the canned query is what its URL serves.
A column search (`?_search_title=`) on a view is refused too: Datasette writes it on `rowid`, which a
view does not have, so it would find nothing.

The notice tables search in SQLite FTS5's own syntax (metadata `"searchmode": "raw"`): `ANPR OR drones`,
`"number plate"`, `camera*`. A search is first made forgiving (`forgiving_search`: a 'single-quoted phrase'
and a word with punctuation, `e-scooter` or `don't`, are quoted as FTS5 wants), then checked on an empty
in-memory index with the same columns (`search_syntax_error`). What is still not valid (an unbalanced quote,
a lone OR) is answered with a readable message: an HTML page searches its words as written, each
quoted (`as_written`: the search box, the feed and the CSV links then carry that search), and says so
above the rows; JSON, CSV and Atom answer 400 with the message.
"""

import json
import re
import sqlite3
import urllib.parse

from datasette import hookimpl
from datasette.utils import escape_fts

SCOPE_NOTE = "police_notices_search_note"  # the scope key the page's note travels under to the template
SYNTAX_HELP = 'Use OR between words for either, "double quotes" around a phrase, and word* for a prefix.'
_OPERATORS = {"OR", "AND", "NOT", "NEAR"}
# A token of a search: a double-quoted phrase (closed or not), a parenthesis, or a run of anything else.
_TOKEN = re.compile(r'"(?:[^"]|"")*"?|[()]|[^\s()"]+')
_MINUS = re.compile(r"(^|[\s(])-(?=[^\s-])")  # a minus before a word or "phrase", not inside one (e-scooter)
_SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^']+)'(?![\w'])")
# a word FTS5 reads as it stands: letters, digits, _, any non-ASCII; a column before a colon; a prefix's *
_BAREWORD = re.compile(r"^(?:[\w\x80-\U0010ffff]+:)?(?:[\w\x80-\U0010ffff]+\*?)?$|^\*$")


def forgiving_search(text):
    """The search text with what FTS5 would refuse but a reader means quoted: 'a phrase' in single
    quotes is "a phrase"; a word with punctuation (e-scooter, don't, 101.5) is one quoted token; a word
    after a minus, as search engines read it, is left out (`ANPR -drones` is `ANPR NOT drones`: quoted,
    `"-drones"` found the very notices about drones)."""
    text = _SINGLE_QUOTED.sub(lambda m: '"' + m.group(1).replace('"', '""') + '"', text)
    # (a minus first has nothing to leave out from: FTS5 refuses the NOT, and the reason says so)
    text = _MINUS.sub(r"\1NOT ", text)
    out = []
    for token in _TOKEN.findall(text):
        if token.startswith('"') or token in "()" or token in _OPERATORS or _BAREWORD.match(token):
            out.append(token)
        else:
            out.append('"' + token.replace('"', '""') + '"')
    return " ".join(out)


def search_syntax_error(text, columns):
    """Why FTS5 refuses the search text (a short phrase), or None when it is valid: checked on an empty
    in-memory index with the search index's columns, so no notice is read."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("create virtual table fts using fts5({})".format(", ".join(f'"{c}"' for c in columns)))
        conn.execute("select * from fts where fts match ?", [text]).fetchall()
    except sqlite3.OperationalError as e:
        reason = str(e).removeprefix("fts5: ")
        if reason in ('syntax error near ""', "unterminated string"):
            return "it ends too soon (an unclosed quote or bracket, or an OR, AND or NOT with nothing after it)"
        if reason == 'syntax error near "NOT"':
            return "NOT (or a minus before a word) leaves out from what comes before it: police NOT ANPR, police -ANPR"
        if reason.startswith("no such column"):
            return f"{reason} (a word before a colon names a column: {', '.join(columns)})"
        return reason
    finally:
        conn.close()
    return None


def syntax_message(text, reason):
    return f"The search “{text}” cannot be run: {reason}. {SYNTAX_HELP}"


def search_args(query_string):
    return [
        k
        for k, _ in urllib.parse.parse_qsl(query_string, keep_blank_values=True)
        if k.startswith("_search") and k != "_searchmode"
    ]


def refusal(datasette, db_name, name, args, canned, searchable=True):
    """Why this search cannot be done, or None when it can."""
    if name in canned:
        return (
            f"{name} is a ready-made query and cannot be searched: its own SQL picks its rows. "
            f"Search every notice at /{db_name}/notices?_search=… or a view such as "
            f"/{db_name}/consultations?_search=…"
        )
    if not searchable:  # Datasette would answer every row, as if it had searched
        return (
            f"{name} has no search index and cannot be searched; filter it by a column instead "
            f"(/{db_name}/{name}?title__contains=…), or search every notice at /{db_name}/notices?_search=…"
        )
    if datasette.table_metadata(db_name, name).get("fts_pk", "rowid") != "rowid" and args != ["_search"]:
        return (
            f"{name} can be searched with ?_search= only; search a column of every notice at "
            f"/{db_name}/notices?_search_title=…"
        )
    return None


async def _fts_columns(db, fts_table):
    cache = db.__dict__.setdefault("_police_notices_fts_columns", {})
    if fts_table not in cache:
        rows = await db.execute("select name from pragma_table_info(:t)", {"t": fts_table})
        cache[fts_table] = [r[0] for r in rows.rows]
    return cache[fts_table]


async def checked_search(datasette, db_name, name, pairs):
    """(query pairs to serve, message or None) for a raw-mode search of a table: the search made
    forgiving, an empty one dropped; the message when FTS5 still cannot read it."""
    options = datasette.table_metadata(db_name, name)
    args = dict(pairs)
    raw = args.get("_searchmode", options.get("searchmode")) == "raw"
    if not raw or "_search" not in args or not options.get("fts_table"):
        return pairs, None
    text = args["_search"].strip()
    if not text:  # the search box sent empty: no search (FTS5 refuses an empty one)
        return [(k, v) for k, v in pairs if k != "_search"], None
    search = forgiving_search(text)
    reason = search_syntax_error(search, await _fts_columns(datasette.databases[db_name], options["fts_table"]))
    if reason:
        return pairs, syntax_message(text, reason)
    return [(k, search if k == "_search" else v) for k, v in pairs], None


def as_written(pairs, message):
    """(pairs searching the words of the search as written, each quoted, and the page's note).

    The search itself is rewritten, not the mode: Datasette keeps `_searchmode` in the search form's
    hidden fields, and the next search typed there would be read as words too."""
    text = dict(pairs)["_search"]
    words = escape_fts(text)
    pairs = [(k, words if k == "_search" else v) for k, v in pairs if words or k != "_search"]
    shown = f"Below: the notices with its words as written, {words}." if words else "Below: every notice."
    return pairs, f"{message} {shown}"


async def _send(send, status, content_type, body):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _answer_400(datasette, send, ext, title, message):
    if ext == "json":
        body = json.dumps({"ok": False, "error": message, "status": 400, "title": title})
        return await _send(send, 400, b"application/json; charset=utf-8", body.encode())
    if ext:
        return await _send(send, 400, b"text/plain; charset=utf-8", message.encode())
    page = await datasette.render_template("error.html", {"ok": False, "error": message, "status": 400, "title": title})
    return await _send(send, 400, b"text/html; charset=utf-8", str(page).encode())


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            parts = scope.get("path", "").strip("/").split("/")
            query_string = scope.get("query_string", b"").decode("latin-1")
            args = search_args(query_string)
            if len(parts) != 2 or not args or parts[0] not in datasette.databases:
                return await app(scope, receive, send)
            db_name, (name, _, ext) = parts[0], parts[1].partition(".")
            db = datasette.get_database(db_name)
            searchable = bool(datasette.table_metadata(db_name, name).get("fts_table")) or await db.table_exists(
                f"{name}_fts"
            )
            canned = await datasette.get_canned_queries(db_name, None)
            message = refusal(datasette, db_name, name, sorted(set(args)), canned, searchable or name in canned)
            if message is not None:
                return await _answer_400(datasette, send, ext, "Cannot search", message)
            pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
            pairs, message = await checked_search(datasette, db_name, name, pairs)
            if message and ext:
                return await _answer_400(datasette, send, ext, "Search syntax", message)
            if message:  # the page searches the words as written, and says why above its rows
                pairs, message = as_written(pairs, message)
                scope = dict(scope, **{SCOPE_NOTE: message})
            scope = dict(scope, query_string=urllib.parse.urlencode(pairs).encode("latin-1"))
            return await app(scope, receive, send)

        return wrapped

    return wrap


@hookimpl
def extra_template_vars(request):
    return {"search_note": request.scope.get(SCOPE_NOTE) if request else None}
