"""Datasette plugin: consultations (consultation_campaigns) read as words, in HTML only (JSON and CSV keep the
stored lists).

- Its table page shows `publishers` by name (the `forces` table's: "Cheshire Constabulary", a slug the table
  does not know as itself) and `topics` as words, not JSON arrays.
- A consultation's page (archive/templates/_consultation.html) reads its JSON columns with `from_json` and
  gets `consultation`: its publishers' names, and each survey link as a URL to follow (the link is stored
  normalised, `smartsurvey.co.uk/s/x`: the URL is the one its earliest notice gave). Its days are written by
  the notice page's `human_date` (plugins/police_notices_page.py), "Monday 1 March 2021".
"""

import contextvars
import json
from urllib.parse import urlsplit

from datasette import hookimpl
from datasette.utils import urlsafe_components
from markupsafe import Markup

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


def link_key(url):
    """A survey URL as stored on a consultation: host without `www.`, path without a trailing slash, query
    (archive/campaign_rules.py's survey_key, less its removal of tracking parameters)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/") + ("?" + parts.query if parts.query else "")


def survey_urls(links, posted):
    """(link, URL or None) for each of a consultation's stored links: the first of the URLs its notices posted
    (oldest first) that is that link, else https:// and the link; None when that is no web address."""
    out = []
    for link in links:
        url = next((u for u in posted if link_key(u) == link), f"https://{link}")
        parts = urlsplit(url)
        web = parts.scheme.lower() in ("http", "https") and "." in (parts.hostname or "")
        out.append((link, url if web else None))  # never a javascript: or other scheme as a link
    return out


async def consultation_page(datasette, database, consultation_id):
    """The template's `consultation`: {"names": {slug: name}, "surveys": [(link, URL or None)]}."""
    db = datasette.get_database(database)
    row = await db.execute(f"select survey_links from {TABLE} where id = ?", [consultation_id])
    if not row.rows:
        return None
    posted = await db.execute(
        "select s.url from consultation_notices l join notices n on n.id = l.notice_id"
        " join survey_links s on s.notice_id = n.id where l.consultation_id = ?"
        " order by n.published_utc is null, n.published_utc, s.id",
        [consultation_id],
    )
    return {
        "names": await publisher_names(datasette, database),
        "surveys": survey_urls(words(row.rows[0][0]), [u for (u,) in posted.rows]),
    }


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != TABLE or request is None:
        return {}

    async def consultation():
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        return {"consultation": await consultation_page(datasette, database, pks[0])} if len(pks) == 1 else {}

    return consultation


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table != TABLE or column not in ("publishers", "topics") or not isinstance(value, str):
        return None
    if column == "topics":  # (an empty string would hand the cell back to Datasette, which shows `[]`)
        return ", ".join(words(value)) or Markup("&nbsp;")

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
