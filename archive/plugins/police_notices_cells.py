"""Datasette plugin: list cells that read at a glance on a laptop screen (HTML only; JSON and CSV keep the values).

On table, view, search and query pages (a notice's own page shows its values whole):
- a notice's title links to its archived page (`/<db>/notices/<id>`) wherever the row has its id (`id`, or
  `notice_id` in a query), so a reader can leave a list for the archive, not only for the force's live site;
  in the operator's view a taken-down notice's title is marked HIDDEN (the `hidden` column is far right);
- an ISO date or date-time shows as people write it, "15 Feb 2021 13:35" (London time, as the notice's page
  gives it), in a `<time>` holding the ISO value
  (a stored value never breaks across lines as "2021-03-" / "07");
- an http(s) URL (or a space-separated list of them, as group_concat gives) shows as host and path start,
  the whole URL in its href and title: a 150-character URL took 500 px of every row.
"""

import contextvars
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup

# The notice views, declared once beside the plugins (archive/views.py reads the same file).
NOTICE_TABLES = frozenset(
    {"notices"}
    | {v["name"] for v in json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text("utf-8"))}
)
LONDON = ZoneInfo("Europe/London")
URL_CHARS = 28  # host and path start shown; the rest is in the link's title
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_URL = re.compile(r"https?://[^\s/?#]+\S*", re.I)
# A notice's own page (`/db/table/pk`) shows every value whole: these shortenings are for lists.
_ON_ROW_PAGE = contextvars.ContextVar("police_notices_row_page", default=False)


def readable_date(value):
    """'2021-02-15T13:35:00+00:00' -> '15 Feb 2021 13:35' (London time, as the notice's page shows it: a summer
    '10:00+00:00' is 11:00; the wall time as stored when it has no offset; ' UTC' for a Z value),
    '2021-03-07' -> '7 Mar 2021'; None for anything else."""
    if not _ISO.fullmatch(value):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is not None and not value.endswith("Z"):
        when = when.astimezone(LONDON)
    day = (
        f"{when.day}\u00a0{when:%b}\u00a0{when:%Y}"  # no-break spaces: a date never breaks, a line may before the hour
    )
    if len(value) == 10:
        return day
    return f"{day} {when:%H:%M}" + ("\u00a0UTC" if value.endswith("Z") else "")


def short_url(url, chars=URL_CHARS):
    """The URL as host (without www.) and the start of its path: 'gwent.police.uk/news/gwent/…'; a long
    host keeps its whole name (it says whose page it is) and only '/…' of the path."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    rest = url[url.index(parts.netloc) + len(parts.netloc) :] if parts.netloc else ""
    if len(host) + len(rest) <= chars:
        return host + rest
    return host + (rest[: max(chars - len(host), 2) - 1] + "…" if rest.strip("/") else "")


def url_links(value):
    """A URL, or whitespace-separated URLs, as short links; None when the value is anything else."""
    urls = value.split()
    if not urls or not all(_URL.fullmatch(u) for u in urls):
        return None
    return Markup("<br>").join(
        Markup('<a class="short-url" href="{}" title="{}">{}</a>').format(u, u, short_url(u)) for u in urls
    )


def notice_id(row, table):
    """The id of the notice a row is about, when it is a notice table's row or a query's result (or of the
    consultation, on its table)."""
    if table is not None and table not in NOTICE_TABLES and table != "consultation_campaigns":
        return None
    keys = row.keys()
    key = "id" if "id" in keys else "notice_id" if table is None and "notice_id" in keys else None
    return row[key] if key and row[key] not in (None, "") else None


def title_cell(value, row, table, database, datasette):
    ident = notice_id(row, table)
    hidden = "hidden" in row.keys() and row["hidden"] == 1
    if ident is None and not hidden:
        return None
    # a consultation's title leads to its own page (its id is its first notice's: the notice is one click on)
    page = "consultation_campaigns" if table == "consultation_campaigns" else "notices"
    title = (
        Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, page, tilde_encode(str(ident))), value)
        if ident is not None
        else value
    )
    mark = Markup('<strong class="taken-down">HIDDEN</strong> ') if hidden else ""
    return Markup("{}{}").format(mark, title)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str) or not value.strip() or _ON_ROW_PAGE.get():
        return None
    if column == "title":
        return title_cell(value, row, table, database, datasette)
    shown = readable_date(value)
    if shown:
        return Markup('<time datetime="{}" title="{}">{}</time>').format(value, value, shown)
    return url_links(value) if value.lstrip()[:4].lower() == "http" else None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http":
                path = scope.get("path", "")
                _ON_ROW_PAGE.set(path.strip("/").count("/") == 2 and not path.startswith("/-/"))
            return await app(scope, receive, send)

        return wrapped

    return wrap
