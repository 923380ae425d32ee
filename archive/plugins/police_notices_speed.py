"""Datasette plugin: searches and CSV streams of the notices table at archive scale.

- Connections read through a memory map and a larger page cache: a search touches one notice row
  per match, and each row read through the default 2 MB cache is a system call (about halves the
  time of counts and facets on a search).
- A streamed CSV without `_size` pages by `max_returned_rows`, as the page's own CSV link does
  (`_size=max`): Datasette 0.65 otherwise streams in pages of the table's page size (50 notices),
  one full table-view query each.
- A streamed CSV is sent in blocks of about 256 KB instead of one message per row.
- The notice tables' search and facet queries are rewritten to equivalent ones that do less (see
  `rewrite_search_sql`): the count of a plain search is the FTS index's own count, and the page of
  a sorted search is chosen on the sort columns before any whole row (with its body) is read.
"""
import re

from datasette import hookimpl
from datasette.database import Database

MMAP_BYTES = 2 ** 31  # SQLite's build caps the map at 2 GB: larger archives read the rest through the cache
CACHE_KIB = 128 * 1024  # per connection (Datasette keeps three read connections)
CSV_BLOCK = 256 * 1024

# The search clause Datasette's table view writes for `?_search=` (escaped or raw mode).
_SEARCH = (r"rowid in \(select rowid from notices_fts where notices_fts match "
           r"(?:escape_fts\(:search\)|:search)\)")
_COUNT = re.compile(rf"^select count\(\*\) from notices where (?P<search>{_SEARCH}) ?$")
# A page of plain columns in a plain order (the table view's own shape; not an aggregate, not ordinals).
_NAME = r'(?:[A-Za-z_]\w*|\[[^\]]+\]|"[^"]+")'
_PAGE = re.compile(rf"^select (?P<cols>{_NAME}(?:, {_NAME})*) from notices (?:where (?P<where>.*?) ?)?"
                   rf"order by (?P<order>{_NAME}(?: desc| asc)?(?:, {_NAME}(?: desc| asc)?)*)"
                   r" limit (?P<limit>\d+)(?P<offset> offset \d+)?$", re.S)
_NOT_PLAIN = re.compile(r"\b(group\s+by|having|union|intersect|except|window|over)\b", re.I)

# Datasette's array facet dedupes (value, whole row): on notices that sorts every body. The row's
# id is unique in notices and its views, so (value, id) dedupes the same pairs.
_ARRAY_DISTINCT = re.compile(r"distinct j\.value,\s+inner\.\*")
_NOTICE_ROWS = re.compile(r"^\s*with inner as \(select id, [^()]*? from (?:notices|public_notices|anpr_notices"
                          r"|consultations|anpr_consultations)\b")


def rewrite_search_sql(sql):
    """An equivalent, cheaper query for the notices table view's search SQL, or sql unchanged.

    - `select count(*) from notices where rowid in (<fts match>)` counts the FTS index's matches
      (the index is kept in step with notices by triggers, so every match is a notice).
    - the array facet (topics) dedupes a value per notice by the notice's id, not its whole row.
    - `select <cols> from notices where <search…> order by <o> limit n` picks the n rowids first,
      sorting only the sort columns, then reads those n rows: SQLite would otherwise carry every
      matching row, body and all, through its sorter. A newest-first page breaks ties by id.
    """
    if _ARRAY_DISTINCT.search(sql) and _NOTICE_ROWS.match(sql):
        return _ARRAY_DISTINCT.sub("distinct j.value, inner.id", sql)
    m = _COUNT.match(sql)
    if m:
        match = m.group("search")[len("rowid in ("):-1]
        return "select count(*) from (" + match + ")"
    m = _PAGE.match(sql)
    where = m and (m.group("where") or "")
    if m and m.group("cols").split(",")[0] != "rowid" and not _NOT_PLAIN.search(where) and (
            "notices_fts match" in where or m.group("order").startswith("published_utc")):
        order = m.group("order")
        if order in ("published_utc desc", "published_utc"):
            # ties broken by id, as Datasette's next page (published_utc, id) assumes: otherwise
            # notices published the same second can be skipped or repeated between pages
            order += ", id"
        return (f"select {m.group('cols')} from notices where rowid in (select rowid from notices "
                f"{'where ' + where + ' ' if where else ''}order by {order} limit {m.group('limit')}{m.group('offset') or ''})"
                f" order by {order}")
    return sql


_MATCH = re.compile(_SEARCH)
# What else a newest-first search page's where may hold: Datasette's keyset for the next page.
_KEYSET_ONLY = re.compile(r"^(?:and \((?:published_utc|id|is|null|and|or|:p\d+|[<>=() ])+\))?$")


async def _newest_by_index(db, sql, params):
    """Whether the page of a plain newest-first search (sql as Datasette wrote it) is found faster by
    walking the published_utc index.

    Walking the index newest first stops at the page's last match, so it wins when matches are
    common; for rare words it would walk the whole index (50 ms at 1M notices) while looking each
    match up costs microseconds. Matches, counted on the FTS index alone, decide: more than
    2·sqrt(notices) (about 2,000 of 1M, 400 of 42k) take the index. A search with other filters
    keeps SQLite's plan: a rare filter could make the walk long.
    """
    page = _PAGE.match(sql)
    if not page or not page.group("where") or not page.group("order").startswith("published_utc desc"):
        return False
    m = _MATCH.search(page.group("where"))
    rest = page.group("where").replace(m.group(0), "", 1).strip() if m else None
    if rest is None or not _KEYSET_ONLY.match(rest):
        return False
    match = m.group(0)[len("rowid in ("):-1]
    rows = await _execute(db, f"select count(*) from ({match})", params)
    total = await _execute(db, "select max(rowid) from notices")
    return rows.rows[0][0] > 2 * (total.rows[0][0] or 0) ** 0.5


# Datasette loads a plugins directory again for every instance: wrap the original method, once.
_execute = Database.__dict__.get("_police_notices_execute", Database.execute)
Database._police_notices_execute = _execute


async def _execute_rewritten(self, sql, params=None, *args, **kwargs):
    if "notices" in sql:
        new = rewrite_search_sql(sql)
        if new != sql and await _newest_by_index(self, sql, params):
            new = new.replace("rowid in (select rowid from notices where ",
                              "rowid in (select rowid from notices indexed by idx_notices_published_utc where ", 1)
        sql = new
    return await _execute(self, sql, params, *args, **kwargs)


Database.execute = _execute_rewritten


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")


def _is_csv_stream(scope):
    if scope.get("type") != "http" or not scope.get("path", "").endswith(".csv"):
        return False
    return b"_stream=" in scope.get("query_string", b"")


def _with_max_size(scope):
    qs = scope.get("query_string", b"")
    if re.search(rb"(^|&)_size=", qs):
        return scope
    return dict(scope, query_string=qs + b"&_size=max")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if not _is_csv_stream(scope):
                return await app(scope, receive, send)
            buffer, size = [], 0

            async def buffered_send(message):
                nonlocal buffer, size
                if message.get("type") != "http.response.body":
                    return await send(message)
                buffer.append(message.get("body", b""))
                size += len(buffer[-1])
                more = message.get("more_body", False)
                if size >= CSV_BLOCK or not more:
                    body, buffer, size = b"".join(buffer), [], 0
                    await send({"type": "http.response.body", "body": body, "more_body": more})

            return await app(_with_max_size(scope), receive, buffered_send)

        return wrapped

    return wrap
