"""Exports for researchers and journalists: CSV, JSON Lines, and Markdown in the seed's archive format.

Hidden notices are never exported. Column names and their order are part of the documented,
stable schema (EXPORT_COLUMNS, rendered into docs/archive.md).
"""

import contextlib
import csv
import json
import re
from pathlib import Path

import yaml

from crawler.record import FIELDS

# name -> (kind, description). kind: text, integer, boolean, list (joined with "; " in CSV), json.
# A description of None is the record field's own (crawler/record.py): one wording for both schemas.
_COLUMNS = {
    "id": ("text", "Stable short id of the notice (16 hex digits of the SHA-256 of `url`): cite this."),
    "url": ("text", None),
    "canonical": ("text", None),
    "fetched_url": ("text", "The URL the latest copy was fetched from."),
    "force": ("text", None),
    "force_name": ("text", None),
    "area": ("text", None),
    "platform": ("text", "Site platform parser (`soh`, `generic`, …; `archive` for imports)."),
    "title": ("text", None),
    "page_title": ("text", None),
    "published": ("text", None),
    "published_utc": ("text", None),
    "published_raw": ("text", None),
    "published_source": ("text", None),
    "published_reason": ("text", None),
    "updated": ("text", None),
    "closes": ("text", None),
    "closes_raw": ("text", None),
    "description": ("text", None),
    "lang": ("text", None),
    "is_consultation": (
        "boolean",
        "Whether the notice exists to ask the public for views (`true`/`false`; CSV `1`/`0`).",
    ),
    "consultation_cues": ("list", None),
    "topics": ("list", None),
    "topic_matches": ("json", None),
    "survey_links": ("json", None),
    "links": ("list", None),
    "media_links": ("list", None),
    "og": ("json", None),
    "body": ("text", None),
    "warnings": ("list", None),
    "version": ("integer", "Number of the latest version (1 = never edited since first seen)."),
    "content_sha256": ("text", "Hash of the normalised title, body text and publish date of the latest version."),
    "raw_sha256": ("text", "Hash of the latest page bytes."),
    "extractor_version": ("text", "Extractor that made the stored fields (`import-…` for imports)."),
    "provenance": ("text", "`crawl` or `imported`."),
    "first_seen": ("text", "When the archive first stored it (UTC)."),
    "last_seen": ("text", "When it was last seen on the site (UTC)."),
    "updated_at": ("text", "When its content last changed (UTC); empty if never."),
    "removed_at": ("text", "When the site started answering 404/410 for it (UTC); empty if still there."),
    # Appended (extractor version 4): earlier columns keep their place.
    "asks_for_views": (
        "boolean",
        "Whether the notice's own text invites views anywhere (`true`/`false`; CSV `1`/`0`).",
    ),
    "checks": ("list", None),
    # Appended (migration 014): who published it, a force or a police and crime commissioner.
    "publisher": ("text", None),
    "publisher_kind": ("text", None),
    # Appended (migration 017): Welsh and English pairs.
    "translation_of": (
        "text",
        "On a Welsh notice, the id of the English notice it translates (each keeps its own row and id); empty otherwise.",
    ),
}
EXPORT_COLUMNS = {name: (kind, text or FIELDS[name][1]) for name, (kind, text) in _COLUMNS.items()}
FORMATS = ("csv", "jsonl", "markdown")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def select_notices(db, *, topics=(), consultations=False, since=None, include_hidden=False):
    """Exported notices as dicts of EXPORT_COLUMNS (lists and objects decoded), oldest first."""
    where, params = [], []
    if not include_hidden:
        where.append("hidden = 0")
    if topics:
        where.append(f"id IN (SELECT notice_id FROM notice_topics WHERE topic IN ({', '.join('?' * len(topics))}))")
        params += list(topics)
    if consultations:
        where.append("is_consultation = 1")
    if since:
        # the local publish date: what a reader of the notice would call its date
        where.append("substr(published, 1, 10) >= ?")
        params.append(since)
    sql = (
        f"SELECT {', '.join(EXPORT_COLUMNS)} FROM notices"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY published_utc IS NULL, published_utc, id"
    )
    cur = db.conn.execute(sql, params)
    for values in cur:
        row = dict(zip(EXPORT_COLUMNS, values))
        for name, (kind, _) in EXPORT_COLUMNS.items():
            if kind in ("list", "json") and row[name] is not None:
                row[name] = json.loads(row[name])
            elif kind == "boolean":
                row[name] = bool(row[name])
        yield row


def csv_value(name, value):
    kind = EXPORT_COLUMNS[name][0]
    if value is None:
        return ""
    if kind == "list":
        return "; ".join(str(v) for v in value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if kind == "boolean":
        return "1" if value else "0"
    return value


def _opened(path, **kw):
    """An open file for path, or path itself when it is already a stream (stdout)."""
    if hasattr(path, "write"):
        return contextlib.nullcontext(path)
    return open(path, "w", encoding="utf-8", **kw)


def write_csv(rows, path):
    n = 0
    with _opened(path, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([csv_value(k, row[k]) for k in EXPORT_COLUMNS])
            n += 1
    return n


def write_jsonl(rows, path):
    n = 0
    with _opened(path) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def archive_markdown(row):
    """One notice in the seed's format: the header in a ```yaml fence, then the body."""
    header = {"area": row["area"], "og": row["og"] or {}, "title": row["page_title"], "url": row["url"]}
    if row["published_raw"]:
        header["publish"] = {"date": row["published_raw"]}
    header = {k: v for k, v in header.items() if v not in (None, {})}
    text = yaml.safe_dump(header, sort_keys=True, allow_unicode=True, default_flow_style=False, width=10_000)
    return f"```yaml\n{text}```\n\n{(row['body'] or '').strip()}\n"


def write_markdown(rows, folder):
    """PATH/<force>/<id>.md for each notice."""
    n = 0
    folder = Path(folder)
    for row in rows:
        sub = folder / _SAFE_NAME.sub("_", row["force"] or "unknown")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{row['id']}.md").write_text(archive_markdown(row), encoding="utf-8")
        n += 1
    return n


def known_topics(db, rules=None):
    """Topic slugs the rules define or any stored notice has."""
    from crawler.extraction import load_rules

    rules = rules or load_rules()
    return {t.slug for t in rules.topics} | {r[0] for r in db.conn.execute("SELECT DISTINCT topic FROM notice_topics")}


def export(db, fmt, out, **filters):
    """Write the selected notices in fmt to out (a path, or a stream for csv and jsonl); returns how many."""
    rows = select_notices(db, **filters)
    if fmt == "csv":
        return write_csv(rows, out)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    if fmt == "markdown":
        return write_markdown(rows, out)
    raise ValueError(f"unknown format {fmt!r}")
