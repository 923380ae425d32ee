"""Datasette plugin: consultations (consultation_campaigns) read as words, in HTML only (JSON and CSV keep the
stored lists).

- Its table page shows `publishers` by name (the `forces` table's: "Cheshire Constabulary", a slug the table
  does not know as itself) and `topics` as words, not JSON arrays.
- A consultation's page (archive/templates/_consultation.html) reads its JSON columns with `from_json`.
"""

import contextvars
import json

from datasette import hookimpl

TABLE = "consultation_campaigns"
# {database: {slug: name}} of the request being answered: the forces table is read once per page, not per cell
_NAMES: contextvars.ContextVar[dict | None] = contextvars.ContextVar("police_notices_publisher_names", default=None)


def from_json(value):
    """A JSON column's value (a list or object), or an empty list when it holds none."""
    try:
        out = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return out if isinstance(out, list | dict) else []


def words(value):
    """The strings of a JSON list column."""
    items = from_json(value)
    return [x for x in items if isinstance(x, str)] if isinstance(items, list) else []


async def publisher_names(datasette, database):
    """{slug: name} of every force and commissioner in the forces table (none when it has no such table)."""
    cache = _NAMES.get()
    if cache is not None and database in cache:
        return cache[database]
    db = datasette.get_database(database)
    names = {}
    if await db.table_exists("forces"):
        names = {slug: name for slug, name in (await db.execute("select slug, name from forces")).rows if name}
    if cache is not None:
        cache[database] = names
    return names


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table != TABLE or column not in ("publishers", "topics") or not isinstance(value, str):
        return None
    if column == "topics":
        return ", ".join(words(value))

    async def named():
        names = await publisher_names(datasette, database)
        return ", ".join(names.get(slug, slug) for slug in words(value))

    return named()


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["from_json"] = from_json


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http":
                _NAMES.set({})
            return await app(scope, receive, send)

        return wrapped

    return wrap
