"""Datasette plugin: a force is named by its slug or its name, in any case, wherever a force is asked for.

The notices store a force's registry slug (`gwent`); readers write `Gwent`, `GWENT`, `Gwent Police` or
`Avon and Somerset`, and Datasette compared those with the slug and answered, silently, nothing. A
`force` argument (a table filter `force=`, `force__exact=`, `force__not=`, each force of `force__in=` and
`force__notin=`, or the `:force` of a canned query) of a notice table or of a canned query taking :force is read as the force it names (`force_slug`:
its slug, name or area, any case, spaces or hyphens) and served as that force's slug. A value that names
no force (a commissioner is no force: it is a `publisher`), and is no force of any notice either, is answered
400 with a message that says so.
"""

import json
import re
import urllib.parse
from pathlib import Path

from datasette import hookimpl

NOTICE_TABLES = frozenset(
    {
        "notices",
        *(
            v["name"]
            for v in json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
        ),
    }
)
FORCE_ARGS = ("force", "force__exact", "force__not")
LIST_ARGS = ("force__in", "force__notin")  # comma-separated, or a JSON list (as Datasette reads them)


def slug_of(text):
    """text as a registry slug is written: lower case, words joined by hyphens, & as and."""
    text = re.sub(r"\s*&\s*", " and ", str(text or "")).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def force_slug(value, forces):
    """The slug of the force that value names, or None; forces are (slug, name, area) rows."""
    key = slug_of(value)
    for slug, *names in forces:
        if key and key in (slug, *(slug_of(n) for n in names if n)):
            return slug
    return None


def unknown_force_message(value, db_name, forces):
    example = next(((slug, name) for slug, name, _ in forces), ("gwent", "Gwent Police"))
    return (
        f'No police force is called "{value}". Give a force\'s slug or name, in any case '
        f"(e.g. {example[0]} or {example[1]}); every force is listed at /{db_name}/forces."
    )


async def takes_force(datasette, db_name, name):
    """Whether a force argument of this page chooses a force: a notice table, or a canned query with :force."""
    if name in NOTICE_TABLES:
        return True
    query = (await datasette.get_canned_queries(db_name, None)).get(name) or {}
    return bool(re.search(r":force\b", query.get("sql", "")))


async def resolved(db, db_name, pairs):
    """(pairs with each force argument as its force's slug, message or None when one names no force)."""
    asked = [v for k, v in pairs if k in FORCE_ARGS + LIST_ARGS and v.strip()]
    if not asked or not await db.table_exists("forces"):
        return pairs, None
    # the forces only: a commissioner (kind pcc, since 014_publisher) shares the table, never the force column
    kind = await db.execute("select 1 from pragma_table_info('forces') where name = 'kind'")
    only = " where kind = 'force'" if kind.rows else ""
    forces = [tuple(r) for r in (await db.execute(f"select slug, name, area from forces{only} order by slug")).rows]

    async def one(value):  # (slug, None) or (None, message)
        slug = force_slug(value, forces)
        if slug is None:
            used = await db.execute("select 1 from notices where force = :f limit 1", {"f": value})
            if not used.rows:
                return None, unknown_force_message(value, db_name, forces)
        return slug or value, None

    out = []
    for k, v in pairs:
        if k in FORCE_ARGS and v.strip():
            v, message = await one(v)
            if message:
                return pairs, message
        elif k in LIST_ARGS and v.strip():
            values = _listed(v)
            slugs = []
            for value in values:
                slug, message = await one(value)
                if message:
                    return pairs, message
                slugs.append(slug)
            v = json.dumps(slugs) if v.lstrip().startswith("[") else ",".join(slugs)
        out.append((k, v))
    return out, None


def _listed(value):
    """The forces a force__in= value names: a JSON list, or comma-separated (Datasette's two forms)."""
    if value.lstrip().startswith("["):
        try:
            return [str(v) for v in json.loads(value)]
        except ValueError:
            pass
    return [v for v in value.split(",") if v.strip()]


async def _send(send, status, content_type, body):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _answer_400(datasette, send, ext, message):
    title = "No such force"
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
            query_string = scope.get("query_string", b"").decode("latin-1")
            parts = scope.get("path", "").strip("/").split("/")
            if (
                scope.get("type") != "http"
                or "force" not in query_string
                or len(parts) != 2
                or parts[0] not in datasette.databases
            ):
                return await app(scope, receive, send)
            db_name, (name, _, ext) = parts[0], parts[1].partition(".")
            if not await takes_force(datasette, db_name, name):
                return await app(scope, receive, send)
            pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
            pairs, message = await resolved(datasette.databases[db_name], db_name, pairs)
            if message:
                return await _answer_400(datasette, send, ext, message)
            scope = dict(scope, query_string=urllib.parse.urlencode(pairs).encode("latin-1"))
            return await app(scope, receive, send)

        return wrapped

    return wrap
