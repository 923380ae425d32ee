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
- A search's matches are asked of the FTS index once per request (`_matches`): listed when there are
  at most EXACT_FACETS_MAX of them, then the page, its count and its facets read that list.
- Facets and counts read the narrow `notice_facets` table (migrations 008 and 014: the notice's rowid, id,
  force, published_utc, is_consultation, topics, hidden, kept in step by triggers) instead of notice
  rows: the same SQL with the same column names, so the same answer (see `rewrite_facet_sql`).
- Facets are counted exactly for up to EXACT_FACETS_MAX matching notices (a whole table of an
  immutable file, the landing page, is counted once and kept: it cannot change). Above that they are not
  counted (never estimated): the facets are left out of the page and a note says why, with a link that
  counts them over every match (`_count_facets=all`, allowed the SQL time limit); the JSON says the
  same under `facets_not_counted`. See `_facet_or_skip`.

The one hook: every rewrite of Datasette's SQL happens in `_execute_rewritten`, which replaces
`Database.execute`, and is one of the named RULES. Each time a rule applies it is counted in
`rule_hits()`: tests/test_publish_speed_rules.py asks the installed Datasette for every query shape the
rules expect and fails, naming the rule, when one no longer matches (an upgrade that changed Datasette's
SQL). At run time a notices search query no rule matched runs as Datasette wrote it (slower, same answer)
and is logged once per shape as a warning on the `police_notices.speed` logger: the speed is never lost
silently.
"""

import asyncio
import collections
import contextvars
import json
import logging
import re
import urllib.parse
from pathlib import Path

from datasette import hookimpl
from datasette.database import Database, QueryInterrupted, Results
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.utils import path_with_added_args

MMAP_BYTES = 2**31  # SQLite's build caps the map at 2 GB: larger archives read the rest through the cache
CACHE_KIB = 128 * 1024  # per connection (Datasette keeps three read connections)
CSV_BLOCK = 256 * 1024
# Facets are counted for searches (and filters) matching up to this many notices: at 1M notices the
# four configured facets over 10k matches take ~30 ms on a shared 2-core machine, over 16k ~80 ms, over
# 800k ~2.5 s (each match costs a look-up per facet, whatever the archive's size).
EXACT_FACETS_MAX = 10_000
PLUGIN_CONFIG = "police-notices-facets"
COUNT_ALL_ARG = "_count_facets"  # ?_count_facets=all counts facets over every match (not "_facet…": Datasette
# reads any argument starting with _facet as a facet to add)
# A newest-first page of a search matching more than this many notices walks the date index and asks
# the search index about each notice in turn, instead of first listing every match (~90 ms at 800k).
PROBE_MIN_MATCHES = 300_000

# Every rewrite, by name (each counted when it applies: see rule_hits and tests/test_publish_speed_rules.py).
RULES = {
    "search count": "a plain search's count is the search index's own count (`_count`)",
    "search page": "a search page, or a newest-first page, picks its rowids on the sort columns first",
    "view search": "a notice view's search reads the search index through notices' rowids",
    "column facet": "a column facet counted on notice_facets",
    "array facet": "the topics facet counted on notice_facets",
    "year facet": "the year facet counted on notice_facets",
    "filtered count": "a filtered page's count on notice_facets",
    "array facet by id": "the topics facet of rows notice_facets cannot filter dedupes by id, not whole rows",
}
# Shared by every copy of this module (Datasette loads a plugins directory again for every instance).
if "_police_notices_rule_hits" not in Database.__dict__:
    Database._police_notices_rule_hits = collections.Counter()
    Database._police_notices_rule_missed = set()
_HITS = Database._police_notices_rule_hits
_MISSED = Database._police_notices_rule_missed
MISSED_SHAPES_MAX = 100  # shapes remembered for warning once each (Datasette's SQL has few)
log = logging.getLogger("police_notices.speed")


def rule_hits():
    """How many times each rule has applied in this process (a Counter keyed by the RULES' names)."""
    return _HITS


def _hit(rule):
    _HITS[rule] += 1


def _missed(sql):
    """Warn, once per shape, that no rule matched a notices search query (it runs as Datasette wrote it)."""
    shape = _squash(sql)
    if shape in _MISSED or len(_MISSED) >= MISSED_SHAPES_MAX:
        return
    _MISSED.add(shape)
    log.warning(
        "police_notices_speed: no rewrite rule matched this notices search query; it runs as Datasette "
        "wrote it (same answer, slower). Has Datasette's SQL changed? %s",
        shape,
    )


# The search clause Datasette's table view writes for `?_search=` (escaped or raw mode).
_SEARCH = (
    r"rowid in \(select rowid from notices_fts where notices_fts match "
    r"(?:escape_fts\(:search\)|:search)\)"
)
_COUNT = re.compile(rf"^select count\(\*\) from notices where (?P<search>{_SEARCH}) ?$")
# A page of plain columns in a plain order (the table view's own shape; not an aggregate, not ordinals).
_NAME = r'(?:[A-Za-z_]\w*|\[[^\]]+\]|"[^"]+")'
_PAGE = re.compile(
    rf"^select (?P<cols>{_NAME}(?:, {_NAME})*) from notices (?:where (?P<where>.*?) ?)?"
    rf"order by (?P<order>{_NAME}(?: desc| asc)?(?:, {_NAME}(?: desc| asc)?)*)"
    r" limit (?P<limit>\d+)(?P<offset> offset \d+)?$",
    re.S,
)
_NOT_PLAIN = re.compile(r"\b(group\s+by|having|union|intersect|except|window|over)\b", re.I)

# Datasette's array facet dedupes (value, whole row): on notices that sorts every body. The row's
# id is unique in notices and its views, so (value, id) dedupes the same pairs.
_ARRAY_DISTINCT = re.compile(r"distinct j\.value,\s+inner\.\*")


# The views' search (metadata: fts_table notices_fts, fts_pk id; a view has no rowid). The search index's
# rowids are notices' rowids: the clause Datasette writes, `id in (select rowid from notices_fts …)`, asks
# notices for the ids of those rowids. `\bid` is not the `rowid in (…)` of the notices table's own search.
_VIEW_SEARCH = re.compile(
    r"\bid in \(select rowid from notices_fts where (?P<match>notices_fts match "
    r"(?:escape_fts\(:search\)|:search))\)"
)


def rewrite_view_search(sql):
    """sql with a notice view's search clause reading the search index through notices' rowids."""
    return _VIEW_SEARCH.sub(
        r"id in (select id from notices where rowid in "
        r"(select rowid from notices_fts where \g<match>))",
        sql,
    )


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
        match = m.group("search")[len("rowid in (") : -1]
        return "select count(*) from (" + match + ")"
    m = _PAGE.match(sql)
    where = m and (m.group("where") or "")
    if (
        m
        and m.group("cols").split(",")[0] != "rowid"
        and not _NOT_PLAIN.search(where)
        and ("notices_fts match" in where or m.group("order").startswith("published_utc"))
    ):
        order = m.group("order")
        if order in ("published_utc desc", "published_utc"):
            # ties broken by id, as Datasette's next page (published_utc, id) assumes: otherwise
            # notices published the same second can be skipped or repeated between pages
            order += ", id"
        return (
            f"select {m.group('cols')} from notices where rowid in (select rowid from notices "
            f"{'where ' + where + ' ' if where else ''}order by {order} limit {m.group('limit')}{m.group('offset') or ''})"
            f" order by {order}"
        )
    return sql


# --- facets and counts on the narrow notice_facets table ---------------------------------------

FACETS_TABLE = "notice_facets"
FACETS_COLUMNS = frozenset(
    {
        "notice_rowid",
        "rowid",
        "id",
        "force",
        "published_utc",
        "is_consultation",
        "topics",
        "hidden",
        "publisher",
        "publisher_kind",
    }
)
# The notice tables and views, each as the notices it holds (its where clause on notices), declared once
# beside the plugins (archive/views.py reads the same file).
NOTICE_SOURCES = {
    "notices": None,
    **{
        v["name"]: v["where"]
        for v in json.loads((Path(__file__).resolve().parent / "notice_views.json").read_text(encoding="utf-8"))
    },
}
_NOTICE_ROWS = re.compile(r"^\s*with inner as \(select id, [^()]*? from (?:%s)\b" % "|".join(NOTICE_SOURCES))
# Words a filter Datasette writes may use besides the columns (searches, json_each, comparisons).
_SQL_WORDS = frozenset(
    """select from where and or not in is null like glob between match escape_fts notices_fts
value json_each date notice_facets""".split()
)
_IDENT = re.compile(r'\[([^\]]*)\]|"([^"]*)"|`([^`]*)`|(:\w+)|([A-Za-z_]\w*)')
_INNER = re.compile(r"\(\s*select [^()]*? from (?P<table>\[?(?:%s)\]?)(?=[\s)])" % "|".join(NOTICE_SOURCES))
# Datasette 0.65's facet SQL, whitespace collapsed, with `{inner}` for the parenthesised rows query.
_FACET_SHAPES = {
    "column": re.compile(
        rf"^select (?P<col>{_NAME}) as value, count\(\*\) as count from \{{inner\}} where (?P=col) "
        r"is not null group by (?P=col) order by count desc, value limit (?P<limit>\d+)$"
    ),
    "array": re.compile(
        rf"^with inner as \{{inner\}}, deduped_array_items as \(select distinct j\.value, "
        rf"inner\.(?:\*|id) from json_each\(\[inner\]\.(?P<col>{_NAME})\) j join inner\) select value "
        r"as value, count\(\*\) as count from deduped_array_items group by value order by count\(\*\) "
        r"desc, value limit (?P<limit>\d+)$"
    ),
    "year": re.compile(
        rf"^select substr\((?P<col>{_NAME}), 1, 4\) as value, count\(\*\) as count from \{{inner\}} "
        r"where (?P=col) glob '\[0-9\]\[0-9\]\[0-9\]\[0-9\]\*' group by value order by value desc "
        r"limit (?P<limit>\d+)$"
    ),
}
_COUNT_ANY = re.compile(
    r"^select count\(\*\) from (?P<table>\[?(?:%s)\]?) (?:where (?P<where>.*?) ?)?$" % "|".join(NOTICE_SOURCES), re.S
)


def _unquote(name):
    return name[1:-1] if name[:1] in '["`' else name


def _squash(sql):
    sql = re.sub(r"\s+", " ", sql).strip()
    return sql.replace("( ", "(").replace(" )", ")")


# A view's search as rewrite_view_search writes it: on notice_facets, keyed by the notices' rowids, it is the
# notices table's own search clause (read through the primary key, where `id in (…)` would scan).
_VIEWED_SEARCH = re.compile(
    r"\bid in \(select id from notices where rowid in \(select rowid from notices_fts where (?P<match>notices_fts "
    r"match (?:escape_fts\(:search\)|:search))\)\)"
)


def narrow_where(table, where):
    """The where clause (without `where`, or "") of a query on a notice table, as a clause on
    notice_facets meaning the same; None when it uses anything notice_facets does not have.

    Datasette's filters bind their values as parameters: a string literal (a quote) means a hand-written
    `_where`, left to Datasette. Columns may be qualified by the table's name (`topics__arraycontains`).
    """
    if "'" in where or ";" in where or "--" in where:
        return None
    table = _unquote(table)
    where = _VIEWED_SEARCH.sub(r"rowid in (select rowid from notices_fts where \g<match>)", where)

    def check(m):
        quoted = next((g for g in m.groups()[:3] if g is not None), None)
        if m.group(4):  # a parameter
            return m.group(0)
        word = quoted if quoted is not None else m.group(5)
        if word.lower() in _SQL_WORDS and quoted is None or word in FACETS_COLUMNS:
            return m.group(0)
        raise LookupError(word)

    # a column qualified by the source's name (`topics__arraycontains`) is that column of notice_facets
    where = re.sub(rf"(?:\[{table}\]|\b{table})\.(?={_NAME})", FACETS_TABLE + ".", where)
    try:
        where = _IDENT.sub(check, where)
    except LookupError:
        return None
    pred = NOTICE_SOURCES[table]
    if pred and where:
        return f"{pred} AND ({where})"
    return pred or where


def _split_inner(sql):
    """(outer sql with `{inner}`, source table, where text) for a facet query over a notice table, or None."""
    m = _INNER.search(sql)
    if not m:
        return None
    depth, i = 0, m.start()
    for i in range(m.start(), len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            break
    else:
        return None
    rest = sql[m.end() : i].strip()
    if rest and not rest.startswith("where "):
        return None
    return sql[: m.start()] + "{inner}" + sql[i + 1 :], m.group("table"), rest[len("where ") :].strip()


def rewrite_facet_sql(sql):
    """(facet type, column, source table, where, where on notice_facets, the same facet's SQL there) or None.

    Datasette counts a facet with `select <col> … from (select <every column> from notices where …)`;
    notice_facets holds that column for every notice under the notice's rowid (so the search clause
    `rowid in (select rowid from notices_fts …)` selects the same notices), so reading it there
    counts the same rows.
    """
    split = _split_inner(sql)
    if not split:
        return None
    outer, table, where = split
    outer = _squash(outer)
    for kind, shape in _FACET_SHAPES.items():
        m = shape.match(outer)
        if m and _unquote(m.group("col")) in FACETS_COLUMNS:
            narrow = narrow_where(table, where)
            if narrow is None:
                return None
            inner = f"(select * from {FACETS_TABLE}{' where ' + narrow if narrow else ''})"
            return kind, _unquote(m.group("col")), _unquote(table), where, narrow, outer.replace("{inner}", inner)
    return None


def rewrite_count_sql(sql):
    """`select count(*) from <notice table> where …` on notice_facets (the same count), or None."""
    m = _COUNT_ANY.match(sql)
    if not m:
        return None
    narrow = narrow_where(m.group("table"), (m.group("where") or "").strip())
    if narrow is None:
        return None
    return f"select count(*) from {FACETS_TABLE}{' where ' + narrow if narrow else ''}"


# Per request: its arguments, the counts seen so far and the facets not counted (set by asgi_wrapper;
# Datasette computes a page's count and facets inside the request's task).
# Shared by every copy of this module (Datasette loads a plugins directory again for every instance).
_REQUEST = Database.__dict__.get("_police_notices_request") or contextvars.ContextVar(
    "police_notices_request", default=None
)
Database._police_notices_request = _REQUEST


def exact_facets_limit(datasette):
    """EXACT_FACETS_MAX, or the metadata's `plugins: {"police-notices-facets": {"exact_up_to": N}}`."""
    return int((datasette.plugin_config(PLUGIN_CONFIG) or {}).get("exact_up_to", EXACT_FACETS_MAX))


def _params_key(params):
    if isinstance(params, dict):
        return tuple(sorted((k, str(v)) for k, v in params.items()))
    return tuple(str(v) for v in params or ())


class NotCounted(QueryInterrupted):
    """A facet left uncounted on purpose (too many matches): not a timeout (see _untimed)."""


async def _has_table(db, name):
    known = db.__dict__.setdefault("_police_notices_tables", set())
    if name not in known:
        rows = await _execute(db, "select 1 from sqlite_master where name = :n", {"n": name})
        if not rows.rows:
            return False
        known.add(name)  # cached once there (a mutable archive may gain it when upgraded)
    return True


async def _facet_or_skip(db, facet, params, args, kwargs):
    """Run a facet on notice_facets when its notices are few enough (or all were asked for), else raise
    NotCounted and record why for the page's note."""
    kind, col, table, where, narrow, narrow_sql = facet
    state = _REQUEST.get()
    if not where and not db.is_mutable:
        # a whole table of a file that cannot change (the public copy): counted once, kept
        cache = db.__dict__.setdefault("_police_notices_facets", {})
        if narrow_sql not in cache:
            cache[narrow_sql] = await _execute(db, narrow_sql, params, *args, **dict(kwargs, custom_time_limit=None))
        return cache[narrow_sql]
    asked_all = bool(state) and state["args"].get(COUNT_ALL_ARG) == "all"
    if not asked_all:
        limit = exact_facets_limit(db.ds)
        n = state["counts"].get((table, where, _params_key(params))) if state else None
        if n is None:
            # not counted yet (a later page, or _nocount): only whether it is over the limit
            bounded = await _execute(
                db,
                f"select count(*) from (select 1 from {FACETS_TABLE}"
                f"{' where ' + narrow if narrow else ''} limit {limit + 1})",
                params,
            )
            n = bounded.rows[0][0]
            n = None if n > limit else n
        if n is None or n > limit:
            if state is not None:
                skipped = state["not_counted"]
                skipped.setdefault("facets", []).append(col)
                skipped.update(matches=n, limit=limit)
            raise NotCounted(None, narrow_sql, params)
        search = _MATCH.search(narrow or "")
        if search:
            # the page's facets share one list of the search's matches instead of each asking the
            # search index again (a search of several words costs ~10 ms at 1M notices)
            narrow_sql, params = await _with_matches(db, narrow_sql, search.group(0), params)
    else:
        kwargs = dict(kwargs, custom_time_limit=None)  # asked for: up to the SQL time limit
    return await _execute(db, narrow_sql, params, *args, **kwargs)


_MATCH = re.compile(_SEARCH)
# What else a newest-first search page's where may hold: Datasette's keyset for the next page.
_KEYSET_ONLY = re.compile(r"^(?:and \((?:published_utc|id|is|null|and|or|:p\d+|[<>=() ])+\))?$")


async def _search_matches(db, sql, params):
    """(matches, JSON list of their rowids or None) for the search of a plain newest-first search page
    (sql as Datasette wrote it), or None for any other query.

    A search with other filters keeps SQLite's plan: a rare filter could make a walk of the date
    index long.
    """
    page = _PAGE.match(sql)
    if not page or not page.group("where") or not page.group("order").startswith("published_utc desc"):
        return None
    m = _MATCH.search(page.group("where"))
    rest = page.group("where").replace(m.group(0), "", 1).strip() if m else None
    if rest is None or not _KEYSET_ONLY.match(rest):
        return None
    return await _matches(db, m.group(0), params)


async def _matches(db, clause, params):
    """(how many notices a search clause selects, the JSON list of their rowids when at most the facet
    limit, else None), asked of the search index once per request: the page, its count and its
    facets share it (concurrent callers wait for the same answer)."""
    state = _REQUEST.get()
    key = ("matches", clause, str((params or {}).get("search")))
    if state is not None and key in state["counts"]:
        return await state["counts"][key]
    cap = exact_facets_limit(db.ds)
    match_sql = clause[len("rowid in (") : -1]

    def listed(conn):  # in a read thread, on plain tuples: 10k Rows through Datasette cost more than the search
        rows = [r[0] for r in conn.execute(f"{match_sql} limit {cap + 1}", params or {})]
        return (len(rows), json.dumps(rows)) if len(rows) <= cap else None

    async def ask():
        return await db.execute_fn(listed) or (
            (await _execute(db, f"select count(*) from ({match_sql})", params)).rows[0][0],
            None,
        )

    answer = asyncio.ensure_future(ask())
    if state is not None:
        state["counts"][key] = answer
    return await answer


async def _with_matches(db, sql, clause, params):
    """sql with the search clause reading the request's list of matches (when it has one), and params."""
    n, rowids = await _matches(db, clause, params)
    if rowids is None:
        return sql, params
    return (
        sql.replace(clause, "rowid in (select value from json_each(:_matches))"),
        dict(params or {}, _matches=rowids),
    )


async def _max_rowid(db):
    if "_police_notices_max_rowid" not in db.__dict__ or db.is_mutable:
        db._police_notices_max_rowid = (await _execute(db, "select max(rowid) from notices")).rows[0][0] or 0
    return db._police_notices_max_rowid


def _probing(sql):
    """The rewritten page sql walking the newest-first index and asking the search index about each
    notice in turn (`exists`), instead of listing every match first."""
    sql = sql.replace(
        "rowid in (select rowid from notices where ",
        "rowid in (select rowid from notices indexed by idx_notices_newest where ",
        1,
    )

    def probe(m):
        match = m.group(0)[len("rowid in (select rowid from notices_fts where ") : -1]
        return f"exists (select 1 from notices_fts where {match} and notices_fts.rowid = notices.rowid)"

    return _MATCH.sub(probe, sql, count=1)


def walk_threshold(limit, notices):
    """How many matches a search needs before its newest-first page walks the date index (see _page)."""
    return (limit * notices) ** 0.5


async def _page(db, sql, new, params):
    """The plan for a plain newest-first search page: a walk of the date index when matches are
    common (it stops at the page's last match), else SQLite's own (each match looked up).

    Looking each match up costs ~2 µs a match; the walk ~2 µs for each notice it passes, about
    page × notices / matches of them: the walk wins above sqrt(page × notices) matches (7,100 of 1M
    for a page of 50; 1,500 of 42k). Above PROBE_MIN_MATCHES even listing the matches first costs more than asking the search
    index about each notice the walk meets (a page of 50 meets ~60 when 80% of notices match).
    """
    found = await _search_matches(db, sql, params)
    if found is None:
        return new, params
    n, rowids = found
    limit = int(_PAGE.match(sql).group("limit"))
    if n > PROBE_MIN_MATCHES and limit <= 101 and await _has_table(db, "idx_notices_newest"):
        return _probing(new), params
    if n > walk_threshold(limit, await _max_rowid(db)):
        new = new.replace(
            "rowid in (select rowid from notices where ",
            "rowid in (select rowid from notices indexed by idx_notices_published_utc where ",
            1,
        )
    if rowids is not None:  # the matches are listed already: not asked of the search index again
        new, params = await _with_matches(db, new, _MATCH.search(new).group(0), params)
    return new, params


async def _count(db, sql, params, args, kwargs):
    m = _COUNT.match(sql)
    if m:  # a plain search: the index's own count (once per request: the page may have asked already)
        _hit("search count")
        n, _ = await _matches(db, m.group("search"), params)
        return Results([(n,)], False, (("count(*)",) + (None,) * 6,))
    narrow = rewrite_count_sql(sql) if await _has_table(db, FACETS_TABLE) else None
    if narrow:
        _hit("filtered count")
        search = _MATCH.search(narrow)
        if search:  # a filtered search (a view's too) counts the request's list of matches, as its facets do
            narrow, params = await _with_matches(db, narrow, search.group(0), params)
    elif "notices_fts match" in sql:
        _missed(sql)
    return await _execute(db, narrow or sql, params, *args, **kwargs)


# Datasette loads a plugins directory again for every instance: wrap the original method, once.
# (Datasette internals: catalogued in archive/datasette_internals.py, pinned by its test)
_execute = Database.__dict__.get("_police_notices_execute", Database.execute)
Database._police_notices_execute = _execute


async def _execute_rewritten(self, sql, params=None, *args, **kwargs):
    if "notices" not in sql:
        return await _execute(self, sql, params, *args, **kwargs)
    written, sql = sql, rewrite_view_search(sql)
    if sql != written:
        _hit("view search")
    facet = rewrite_facet_sql(sql) if "count(*)" in sql else None
    if facet and await _has_table(self, FACETS_TABLE):
        _hit(f"{facet[0]} facet")
        return await _facet_or_skip(self, facet, params, args, kwargs)
    m = _COUNT_ANY.match(sql)
    if m:
        results = await _count(self, sql, params, args, kwargs)
        state = _REQUEST.get()
        if state is not None:  # the facets of this page count the same rows
            where = (m.group("where") or "").strip()
            state["counts"][(_unquote(m.group("table")), where, _params_key(params))] = results.rows[0][0]
        return results
    new = rewrite_search_sql(sql)
    if new != sql and _ARRAY_DISTINCT.search(sql):
        _hit("array facet by id")
    elif new != sql:
        _hit("search page")
        new, params = await _page(self, sql, new, params)
    elif "notices_fts match" in sql and sql == written:  # a view's page: its few rows, as written
        _missed(sql)
    return await _execute(self, new, params, *args, **kwargs)


Database.execute = _execute_rewritten


def _untimed(facet_results):
    """Datasette lists a facet that raised QueryInterrupted as timed out: one left uncounted on purpose
    is not (the page's note says why instead)."""
    if getattr(facet_results, "_police_notices", False):
        return facet_results

    async def wrapped(self):
        results, timed_out = await facet_results(self)
        state = _REQUEST.get()
        skipped = (state or {}).get("not_counted", {}).get("facets") or ()
        return results, [c for c in timed_out if c not in skipped]

    wrapped._police_notices = True
    return wrapped


ColumnFacet.facet_results = _untimed(ColumnFacet.facet_results)
ArrayFacet.facet_results = _untimed(ArrayFacet.facet_results)


@hookimpl
def prepare_connection(conn):
    conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")


def facets_not_counted(request):
    """What the page says about facets left uncounted (None when every facet was counted): the
    facets, the matches (None when only known to be more than the limit), the limit, and the URL that
    counts them all."""
    state = _REQUEST.get()
    skipped = (state or {}).get("not_counted")
    if not skipped or not skipped.get("facets"):
        return None
    return {
        "facets": list(dict.fromkeys(skipped["facets"])),
        "matches": skipped.get("matches"),
        "limit": skipped["limit"],
        "count_all_url": path_with_added_args(request, {COUNT_ALL_ARG: "all"}),
        "note": "Facet counts are computed for searches matching up to {:,} notices; this one matches {}. "
        "They are not estimated: follow count_all_url to count them over every match (slower), "
        "or narrow the search.".format(
            skipped["limit"], f"{skipped['matches']:,}" if skipped.get("matches") else "more"
        ),
    }


@hookimpl
def extra_template_vars(request):
    return {"facets_not_counted": facets_not_counted(request) if request else None}


def _is_csv_stream(scope):
    if scope.get("type") != "http" or not scope.get("path", "").endswith(".csv"):
        return False
    return b"_stream=" in scope.get("query_string", b"")


def _with_max_size(scope):
    qs = scope.get("query_string", b"")
    if re.search(rb"(^|&)_size=", qs):
        return scope
    return dict(scope, query_string=qs + b"&_size=max")


class _Request:
    """Enough of a request for path_with_added_args (the JSON is patched outside Datasette's view)."""

    def __init__(self, scope):
        self.path = scope.get("path", "")
        self.query_string = scope.get("query_string", b"").decode("latin-1")
        self.args = urllib.parse.parse_qs(self.query_string)


async def _json_with_note(app, scope, receive, send):
    """Datasette's JSON for a page, with `facets_not_counted` added when facets were left uncounted."""
    start, body = None, []

    async def held(message):
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return None
        if message["type"] != "http.response.body" or start is None:
            return await send(message)
        body.append(message.get("body", b""))
        if message.get("more_body"):
            return None
        data = b"".join(body)
        note = facets_not_counted(_Request(scope))
        if note:
            try:
                doc = json.loads(data)
            except ValueError:
                doc = None
            if isinstance(doc, dict) and "facet_results" in doc:
                note["count_all_url"] = datasette_url(scope, note["count_all_url"])
                doc["facets_not_counted"] = note
                data = json.dumps(doc, default=repr).encode("utf-8")
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send(dict(start, headers=headers + [(b"content-length", str(len(data)).encode())]))
        start = None
        await send({"type": "http.response.body", "body": data})

    await app(scope, receive, held)
    if start is not None:  # a response without a body
        await send(start)


def datasette_url(scope, path):
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}{path}" if host else path


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            qs = scope.get("query_string", b"").decode("latin-1")
            _REQUEST.set(
                {"args": dict(urllib.parse.parse_qsl(qs, keep_blank_values=True)), "counts": {}, "not_counted": {}}
            )
            if scope.get("path", "").endswith(".json"):
                return await _json_with_note(app, scope, receive, send)
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
