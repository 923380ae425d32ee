"""A publishable copy of the archive: hidden notices and the takedown log are not in it at all.

Datasette serves a closed, checkpointed copy (immutable mode cannot see a writer's WAL). The copy is
made with VACUUM INTO, then everything about hidden notices is deleted with secure_delete on and the
file vacuumed again, so not even freed pages keep their text. "Everything" means the notice, its
child rows, and any row of any other table (crawl_pages, fetch_errors, …) that names the notice's id
or one of its URLs (identity, canonical, fetched, as stored or normalised).

Counts would still give hidden notices away, and run names the operator's files: `crawl_runs` is
recomputed over the public notices and its run names cut to the command (see _public_runs); row ids
are renumbered without gaps (_renumber); the planner's statistics, if any, are gathered again.
"""

import sqlite3
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

from archive.campaigns import regroup
from archive.db import ArchiveError
from archive.standing import SITE, relearn
from crawler.extraction import normalise_url

# Tables whose rows belong to one notice (notice_id), deleted with it.
CHILD_TABLES = ("notice_versions", "survey_links", "notice_topics", "extractions", "identity_collisions")
# Never published: who asked for takedowns and why, and which notices were held back for review.
PRIVATE_TABLES = ("takedowns", "held")
# The operator's alerts (archive/alerts.py): whom they tell, what was sent, which forces are muted.
OPERATOR_TABLES = ("alert_deliveries", "alert_mutes", "alert_rules_seen")
# URL-valued columns naming hidden notices: their own, and earlier or colliding URLs they had.
_HIDDEN_URLS = """
  SELECT url FROM notices WHERE hidden = 1
  UNION SELECT canonical FROM notices WHERE hidden = 1
  UNION SELECT fetched_url FROM notices WHERE hidden = 1
  UNION SELECT fetched_url FROM notice_versions WHERE notice_id IN (SELECT id FROM notices WHERE hidden = 1)
  UNION SELECT claimed_url FROM identity_collisions WHERE notice_id IN (SELECT id FROM notices WHERE hidden = 1)
  UNION SELECT fetched_url FROM identity_collisions WHERE notice_id IN (SELECT id FROM notices WHERE hidden = 1)
"""


def _hidden_keys(conn):
    """Every id and URL (as stored and normalised) by which a row may name a hidden notice."""
    keys = {r[0] for r in conn.execute("SELECT id FROM notices WHERE hidden = 1")}
    keys |= {
        r[0]
        for r in conn.execute(
            "SELECT claimed_id FROM identity_collisions WHERE notice_id IN (SELECT id FROM notices WHERE hidden = 1)"
        )
    }
    for (url,) in conn.execute(_HIDDEN_URLS):
        if url:
            keys.add(url)
            keys.add(normalise_url(url) or url)
    keys.discard(None)
    return keys


def _sweep(conn):
    """Delete, from every table but notices and the search index, rows with any cell equal to a hidden key.

    Generic on purpose: the crawler's tables (crawl_pages, fetch_errors, …) and any table added later
    are covered without a list to keep up to date.
    """
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'notices_fts%' AND name NOT IN ('notices', '_sqlite_migrations')"
        )
    ]
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
        where = " OR ".join(f'"{c}" IN (SELECT key FROM temp.gone_keys)' for c in cols)
        conn.execute(f'DELETE FROM "{table}" WHERE {where}')


def run_finder(conn):
    """A function (force, time) -> id of the force's run under way then: the latest started by then, to the
    second (notices' times have none finer). Each notice and version belongs to one run."""
    runs = defaultdict(list)
    for run_id, force, started in conn.execute(
        "SELECT id, force, substr(started, 1, 19) FROM crawl_runs WHERE started IS NOT NULL ORDER BY 3, id"
    ):
        runs[force].append((started, run_id))
    starts = {force: [s for s, _ in rs] for force, rs in runs.items()}

    def run_of(force, at):
        i = bisect_right(starts.get(force, ()), (at or "")[:19])
        return runs[force][i - 1][1] if i else None

    return run_of


def _errors_by_run(conn):
    return Counter(dict(conn.execute("SELECT run_id, count(*) FROM fetch_errors GROUP BY run_id")))


def _run_counts(conn):
    """Per run id, read before the sweep: (public notices first seen in it, later versions of hidden notices
    it stored, its fetch errors)."""
    run_of = run_finder(conn)
    new = Counter(
        run_of(site, seen)
        for site, seen in conn.execute(f"SELECT {SITE}, first_seen FROM notices WHERE hidden = 0")  # runs are per site
    )
    edits = Counter(
        run_of(force, at)
        for force, at in conn.execute(
            f"SELECT {SITE}, v.fetched_at FROM notices n JOIN notice_versions v ON v.notice_id = n.id"
            " WHERE n.hidden = 1 AND v.version > 1"
        )
    )
    return new, edits, _errors_by_run(conn)


def _public_runs(conn, counts):
    """Make crawl_runs tell nothing of hidden notices nor of the operator's files (after the sweep).

    `run` keeps only its command: `store`/`import` runs were named with the operator's local file (a
    crawl's run is its start time). new_notices is recomputed: the public notices first seen in the run
    (their sum is the notices published). The hidden notices' later versions leave updated_notices, the
    fetch errors the sweep deleted leave errors.
    """
    new, edits, errors = counts
    errors = errors - _errors_by_run(conn)
    conn.execute("UPDATE crawl_runs SET run = substr(run, 1, instr(run, ' ') - 1) WHERE instr(run, ' ') > 0")
    conn.executemany(
        "UPDATE crawl_runs SET new_notices = ?, updated_notices = max(0, updated_notices - ?),"
        " errors = max(0, errors - ?) WHERE id = ?",
        [(new[i], edits[i], errors[i], i) for (i,) in conn.execute("SELECT id FROM crawl_runs").fetchall()],
    )


def _rowid_tables(conn):
    """Tables whose row ids may be renumbered: not virtual tables nor their shadow tables, and not those whose
    integer key another table refers to (crawl_runs.id, which fetch_errors names)."""
    tables = {
        name: sql
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    virtual = [n for n, sql in tables.items() if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    referenced = {
        fk[2]
        for t in tables
        for fk in conn.execute(f"PRAGMA foreign_key_list('{t}')")
        if [c[1] for c in conn.execute(f"PRAGMA table_info('{fk[2]}')") if c[5] and c[2].upper() == "INTEGER"]
        == [fk[4]]
    }
    return [
        t
        for t in tables
        if t not in virtual
        and t not in referenced
        and not any(t.startswith(v + "_") for v in virtual)
        and "WITHOUT ROWID" not in tables[t].upper()
    ]


def _renumber(conn):
    """Row ids 1..n in every table: a gap where a hidden notice's row was (it, its versions, its fetch errors,
    …) would say that something was taken out, and where. Rows keep their order; those below the first gap
    keep their ids. Notices first: their facets follow by trigger, and their search index is rebuilt."""
    for table in sorted(_rowid_tables(conn), key=lambda t: t != "notices"):
        rowids = [r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid')]
        moves = [(new, old) for new, old in enumerate(rowids, 1) if new != old]
        # in order: each row moves down into an id freed by a deleted row or by the row moved before it
        conn.executemany(f'UPDATE "{table}" SET rowid = ? WHERE rowid = ?', moves)
        if moves and table == "notices":
            conn.execute("INSERT INTO notices_fts (notices_fts) VALUES ('rebuild')")


def write_public_copy(db, dest):
    """Write a copy of the open archive db to dest without hidden notices; returns how many were left out."""
    dest = Path(dest)
    if dest.exists():
        raise ArchiveError(f"{dest}: already exists; give a new file for the public copy")
    db.conn.execute("VACUUM INTO ?", [str(dest)])
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN")
        hidden = [r[0] for r in conn.execute("SELECT id FROM notices WHERE hidden = 1")]
        conn.execute("CREATE TEMP TABLE gone AS SELECT id FROM notices WHERE hidden = 1")
        conn.execute("CREATE TEMP TABLE gone_keys (key TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO temp.gone_keys VALUES (?)", [(k,) for k in _hidden_keys(conn)])
        counts = _run_counts(conn)  # before the sweep deletes the hidden notices' versions and fetch errors
        _sweep(conn)  # before the child tables: identity_collisions still says which URLs were claimed
        _public_runs(conn, counts)
        for table in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE notice_id IN (SELECT id FROM temp.gone)")
        for table in PRIVATE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        for table in OPERATOR_TABLES:  # made only where the operator uses them: gone, not just emptied
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        if conn.execute("SELECT 1 FROM pragma_table_info('notices') WHERE name = 'translation_of'").fetchone():
            # a Welsh notice must not name a hidden English one
            conn.execute("UPDATE notices SET translation_of = NULL WHERE translation_of IN (SELECT id FROM temp.gone)")
        conn.execute("DELETE FROM notices WHERE id IN (SELECT id FROM temp.gone)")  # triggers update the index
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'resolved_links'").fetchone():
            # a short link only a hidden notice showed would say what it linked
            conn.execute(
                "DELETE FROM resolved_links WHERE short_url NOT IN (SELECT coalesce(json_extract(j.value,"
                " '$.short_url'), json_extract(j.value, '$.url')) FROM notices, json_each(notices.survey_links) j)"
            )
        if hidden and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'consultation_campaigns'").fetchone():
            regroup(conn)  # the consultations of the published notices only: no timeline names a hidden one
        if hidden and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'standing_phrases'").fetchone():
            relearn(conn)  # the sign-off phrases and their counts, from the published notices only
        _renumber(conn)
        conn.execute("INSERT INTO notices_fts (notices_fts) VALUES ('optimize')")  # rewrite index segments
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            conn.execute("ANALYZE")  # the planner's statistics count rows (and stat4 samples their keys)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        dest.unlink(missing_ok=True)
        raise
    conn.close()
    return len(hidden)
