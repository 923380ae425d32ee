"""The public notice views, declared once in plugins/notice_views.json and read from there by the schema,
publish (metadata, feeds), the Datasette plugins and templates, and the docs: a new topic view is one edit.

Each view is `SELECT * FROM notices WHERE <where>` (name, where, description, and the canned query that is
its Atom feed, or null). The declaration is JSON beside the plugins because Datasette loads the plugins from
their files (the published folder carries only them): they read the same file, importing none of ours.
Canned queries are declared once in datasette_metadata.json; a feed is one whose rows are Atom entries.
"""

import json
import re
from pathlib import Path
from typing import NamedTuple

VIEWS_FILE = Path(__file__).resolve().parent / "plugins" / "notice_views.json"


class NoticeView(NamedTuple):
    name: str
    where: str  # the notices the view holds, as a clause on notices
    description: str
    feed: str | None  # the canned query that is this view's Atom feed


NOTICE_VIEWS = tuple(NoticeView(**v) for v in json.loads(VIEWS_FILE.read_text(encoding="utf-8")))


def notice_tables():
    """The notices table and every view of it: the tables shown, searched and faceted as notices."""
    return ("notices", *(v.name for v in NOTICE_VIEWS))


def view_sql(view):
    return f"SELECT * FROM notices WHERE {view.where}"


def squash(sql):
    """sql with its whitespace collapsed, to compare DDL however it was laid out."""
    return re.sub(r"\s+", " ", sql).strip()


def is_feed(query):
    """Whether a canned query (its metadata) is an Atom feed: datasette-atom needs an atom_id column."""
    return bool(re.search(r"\bas atom_id\b", query.get("sql", ""), re.I))


def feeds(queries):
    """The names of the canned queries (metadata's `queries`) that are Atom feeds, in their order."""
    return tuple(name for name, q in queries.items() if is_feed(q))
