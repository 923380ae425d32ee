"""What a record must look like to be stored: each field's JSON type (crawler.record.FIELDS), dates in ISO 8601.

`record_problem(record)` names the first thing wrong with a record, or None. The store skips such a
record and lists it (exit 1) instead of letting one bad line abort a batch with a traceback. (Text SQLite
cannot take, a lone surrogate from a JSON `\\ud800` escape, is found by store.notice_row on the text it
makes anyway: a second encoding here cost a fifth of the store's throughput.)
"""

import re
from datetime import date, datetime

from crawler.record import FIELDS
from crawler.registry import KINDS

DATES = ("published", "published_utc", "updated", "closes")
SQLITE_INT = (-(2**63), 2**63 - 1)
# fields a record may carry beyond FIELDS (the fetch's HTTP facts, archive bookkeeping) and their types
EXTRA = {
    "headers": "object|null",
    "status": "integer|null",
    "http_status": "integer|null",
    "etag": "string|null",
    "last_modified": "string|null",
    "fetched_at": "string|null",
    "provenance": "string|null",
}
_TYPES = {"string": str, "array": list, "object": dict, "integer": int, "boolean": (bool, int)}
_EXACT = {"string": str, "array": list, "object": dict, "boolean": bool}  # integers: their range is checked
_KINDS = [
    (name, kind, {_EXACT[k] for k in kind.split("|") if k in _EXACT})
    for name, kind in [(n, k) for n, (k, _) in FIELDS.items()] + list(EXTRA.items())
]


def _type_name(value):
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _kind_words(kind):
    words = {
        "string": "a string",
        "array": "a list",
        "object": "an object",
        "integer": "an integer",
        "boolean": "a boolean",
        "null": "null",
    }
    return " or ".join(words[k] for k in kind.split("|"))


def _fits(value, kind):
    """Does the JSON value fit `kind` ("string", "string|null", …)? null is always accepted: a record
    from an older export may lack fields, and every column may be empty."""
    if value is None:
        return True
    for name in kind.split("|"):
        if name == "null":
            continue
        if name == "boolean" and value in (0, 1) and not isinstance(value, float):
            return True
        if name == "integer" and isinstance(value, int) and not isinstance(value, bool):
            return SQLITE_INT[0] <= value <= SQLITE_INT[1]
        if name in ("string", "array", "object") and isinstance(value, _TYPES[name]):
            return True
    return False


# YYYY-MM-DD first, as extraction writes: the archive compares dates as text and reads their first ten
# characters as the day; a week date (2021-W07) or the basic form (20210307) Python also reads would not sort
_CALENDAR_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]|$)")


def _iso(text):
    """Is text an ISO 8601 date or date-time (what extraction writes: the calendar day in the extended form)?"""
    if not _CALENDAR_DAY.match(text):
        return False
    try:
        (date.fromisoformat if len(text) == 10 else datetime.fromisoformat)(text)
        return True
    except ValueError:
        return False


def record_problem(record):
    """Why this record (a dict with a url) cannot be stored, or None."""
    for name, kind, types in _KINDS:
        value = record.get(name)
        if value is None:
            continue
        if not (type(value) in types or _fits(value, kind)):  # the exact type first: most fields, cheaply
            return f"field {name!r} must be {_kind_words(kind)}, not {_type_name(value)}"
    for name in DATES:
        value = record.get(name)
        if value is not None and not _iso(value):
            return f"field {name!r} must be an ISO 8601 date or date-time, not {value[:40]!r}"
    for key, value in (record.get("headers") or {}).items():
        if str(key).lower() in ("etag", "last-modified") and not isinstance(value, str):
            return f"header {key!r} must be a string, not {_type_name(value)}"
    for link in record.get("survey_links") or []:
        if not isinstance(link, dict) or not isinstance(link.get("url"), str):
            return "each of survey_links must be an object with a string url"
        for key in ("host", "provider", "text"):
            if not _fits(link.get(key), "string"):
                return f"survey_links {key} must be a string, not {_type_name(link.get(key))}"
    if record.get("publisher_kind") not in (None, *KINDS):
        return f"field 'publisher_kind' must be one of {', '.join(KINDS)}, not {str(record['publisher_kind'])[:40]!r}"
    for topic in record.get("topics") or []:
        if not isinstance(topic, str):
            return f"each of topics must be a string, not {_type_name(topic)}"
    return None
