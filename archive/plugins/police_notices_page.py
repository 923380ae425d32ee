"""Datasette plugin: a notice's page made for reading (laid out by templates/_notice_page.html).

A row page of `notices` gets `notice` (the notice views have no row pages: Datasette 0.65 gives a view
none): the byline (a commissioner's notice's publisher, force, area, the publish date as people write it),
a consultation's status line, its survey links named by their provider, links to its topics' lists, the
archive line (first seen, last checked, every version) and the licence line. The field table stays below it, folded, its JSON cells shown
as key/value lists (the `readable_cell` filter).

Dates are read as Europe/London wall-clock time. Today is the London date, or POLICE_NOTICES_TODAY
(YYYY-MM-DD) when set: the one place the page, and SQL's `uk_today()` (canned queries, feeds), read the
clock, so tests (and a reader of an old archive) can fix it. The providers' names and the days that count as "closing soon" come from the metadata
(archive/publish.py puts them there from the extraction's provider list and the alerts' constant): the
page, the alerts and the crawler agree without this file importing them.
"""

import json
import os
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import click
from datasette import hookimpl
from datasette.utils import urlsafe_components
from markupsafe import Markup, escape

LONDON = ZoneInfo("Europe/London")
TODAY_ENV = "POLICE_NOTICES_TODAY"
SETTINGS = "police_notices_page"  # the metadata's plugins key (archive/publish.py)
# The notice views, declared once beside the plugins (archive/views.py reads the same file).
NOTICE_VIEWS = json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
NOTICE_TABLES = frozenset({"notices", *(v["name"] for v in NOTICE_VIEWS)})
# Columns holding JSON, shown in "All fields" as lists (topics and survey_links have their own cells).
JSON_COLUMNS = frozenset(
    {"og", "jsonld", "links", "media_links", "topic_matches", "consultation_cues", "warnings", "checks"}
)
# Served without our metadata (a bare `datasette --plugins-dir`): no provider names, the alerts' 7 days.
DEFAULT_SETTINGS = {"survey_providers": {}, "closing_soon_days": 7}
READABLE_JSON_CHARS = 20_000  # longer JSON keeps the clipped cell (plugins/police_notices_clip.py)
NOTICE_COLUMNS = (
    "id, url, title, force, force_name, area, published, published_raw, closes, is_consultation, survey_links,"
    " topics, first_seen, last_seen, removed_at, hidden, publisher,"
    " (select f.name from forces f where f.slug = publisher) as publisher_name"
)


def today():
    """Today's date in London, or the date POLICE_NOTICES_TODAY fixes."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if not fixed:
        return datetime.now(LONDON).date()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"{TODAY_ENV}={fixed!r} is not a date: give it as YYYY-MM-DD, or unset it") from None


def when(value):
    """An ISO date (a date) or date-time (a London datetime) as stored, or None when it is neither."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # a time without a zone is London wall-clock time, as the extraction stores it
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment.astimezone(LONDON)


def human_date(value):
    """'Monday 15 February 2021, 13:35' (London time); a date without a time has none. None if not a date."""
    moment = when(value)
    if moment is None:
        return None
    day = f"{moment:%A} {moment.day} {moment:%B %Y}"
    return f"{day}, {moment:%H:%M}" if isinstance(moment, datetime) else day


def consultation_status(closes, on, soon_days):
    """(state, line) of a consultation closing on `closes` as seen on the date `on`: state is open, soon,
    closed or unstated; "soon" is up to soon_days days before the closing day, that day included."""
    closing = when(closes)
    if closing is None:
        return "unstated", "Closing date not stated"
    day = closing.date() if isinstance(closing, datetime) else closing
    left = (day - on).days
    if left < 0:
        return "closed", f"Closed on {human_date(closes)}"
    phrase = {0: "today", 1: "tomorrow"}.get(left, f"in {left} days")
    if left <= soon_days:
        return "soon", f"Closing soon: closes {human_date(closes)}, {phrase}"
    return "open", f"Open: closes {human_date(closes)}, {phrase}"


def survey_buttons(survey_links, providers):
    """(label, url) of each http(s) survey link: its provider's name, or the link's host when it has none."""
    out = []
    for link in json_value(survey_links) or []:
        url = str(link.get("url") or "") if isinstance(link, dict) else ""
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            continue  # never a javascript: or other scheme as a link
        out.append((providers.get(str(link.get("provider"))) or parts.hostname, url))
    return out


def json_value(text):
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def readable_json(value, depth=0):
    """A JSON value as HTML: objects as key/value lists, arrays as lists, everything else as escaped text."""
    if depth > 6:  # deeper than any page's JSON-LD: shown as the JSON it is
        return escape(json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict):
        if not value:
            return Markup("<em>none</em>")
        items = Markup("").join(
            Markup("<dt>{}</dt><dd>{}</dd>").format(k, readable_json(v, depth + 1)) for k, v in value.items()
        )
        return Markup('<dl class="json">{}</dl>').format(items)
    if isinstance(value, list):
        if not value:
            return Markup("<em>none</em>")
        items = Markup("").join(Markup("<li>{}</li>").format(_item(v, depth + 1)) for v in value)
        return Markup('<ul class="json">{}</ul>').format(items)
    if value is None:
        return Markup("<em>null</em>")
    return escape(value if isinstance(value, str) else json.dumps(value))


def _item(value, depth):
    """A list's item; an object of plain values on one line ("term ANPR, where title"): topic_matches has dozens."""
    if isinstance(value, dict) and value and not any(isinstance(v, (dict, list)) for v in value.values()):
        pairs = (Markup("<b>{}</b> {}").format(k, readable_json(v, depth)) for k, v in value.items())
        return Markup(", ").join(pairs)
    return readable_json(value, depth)


def readable_cell(cell, table):
    """A row page's cell: a notice's JSON column as lists, any other cell as Datasette renders it."""
    raw = cell.get("raw")
    if table in NOTICE_TABLES and cell.get("column") in JSON_COLUMNS and isinstance(raw, str):
        if len(raw) <= READABLE_JSON_CHARS:
            value = json_value(raw)
            if isinstance(value, (dict, list)):
                return readable_json(value)
    return cell.get("value")


async def notice_page(datasette, database, notice_id):
    """The template's `notice`: what the page says above its field table, or None if there is no such notice."""
    db = datasette.get_database(database)
    rows = await db.execute(f"SELECT {NOTICE_COLUMNS} FROM notices WHERE id = ?", [notice_id])
    if not rows.rows:
        return None
    row = dict(rows.rows[0])
    versions = await db.execute(
        "SELECT id, version, fetched_at, status, title FROM notice_versions WHERE notice_id = ? ORDER BY version",
        [notice_id],
    )
    settings = {**DEFAULT_SETTINGS, **(datasette.plugin_config(SETTINGS) or {})}
    notices = datasette.urls.table(database, "notices")
    topics = [t for t in json_value(row["topics"]) or [] if isinstance(t, str)]
    buttons = survey_buttons(row["survey_links"], settings["survey_providers"])
    consultation = bool(row["is_consultation"]) or bool(buttons)
    return {
        "title": row["title"],
        "hidden": bool(row["hidden"]),  # taken down: shown only in the operator's view
        "url": row["url"],
        "force": row["force_name"] or row["force"],
        "force_url": f"{notices}?{urlencode({'force': row['force']})}" if row["force"] else None,
        # a commissioner's notice: its publisher first (the force is its area's, who did not publish it)
        "publisher": (row["publisher_name"] or row["publisher"])
        if row["publisher"] not in (None, row["force"])
        else None,
        "publisher_url": f"{notices}?{urlencode({'publisher': row['publisher']})}" if row["publisher"] else None,
        "area": row["area"],
        "published": row["published"],
        "published_human": human_date(row["published"]),
        "published_raw": row["published_raw"],
        "status": consultation_status(row["closes"], today(), settings["closing_soon_days"]) if consultation else None,
        "surveys": buttons,
        "topics": [(t, f"{notices}?{urlencode({'topics__arraycontains': t})}") for t in topics],
        "first_seen": row["first_seen"],
        "first_seen_human": human_date(row["first_seen"]),
        "last_seen": row["last_seen"],
        "last_seen_human": human_date(row["last_seen"]),
        "removed_human": human_date(row["removed_at"]),
        "versions": [
            dict(
                v,
                fetched_human=human_date(v["fetched_at"]) or v["fetched_at"],
                page=datasette.urls.row(database, "notice_versions", str(v["id"])),
            )
            for v in versions.rows
        ],
        "license": datasette.metadata("license"),
        "license_url": datasette.metadata("license_url"),
    }


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table not in NOTICE_TABLES or request is None:
        return {}

    async def notice():
        pks = urlsafe_components(request.url_vars.get("pks") or "")
        return {"notice": await notice_page(datasette, database, pks[0])} if len(pks) == 1 else {}

    return notice


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["readable_cell"] = readable_cell
    env.filters["human_date"] = human_date  # a consultation's days too (templates/_consultation.html)


@hookimpl
def prepare_connection(conn):
    # uk_today(): the same day in SQL (canned queries, feeds); SQLite's date('now') is the UTC day
    conn.create_function("uk_today", 0, lambda: today().isoformat())


@hookimpl
def startup():
    try:
        today()
    except ValueError as e:  # `datasette serve` prints "Error: …" and exits 1, instead of a page error on every visit
        raise click.ClickException(str(e)) from None
