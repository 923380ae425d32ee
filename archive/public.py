"""A publishable copy of the archive: hidden notices and the takedown log are not in it at all.

Datasette serves a closed, checkpointed copy (immutable mode cannot see a writer's WAL). The copy is
made with VACUUM INTO, then everything about hidden notices is deleted with secure_delete on and the
file vacuumed again, so not even freed pages keep their text. "Everything" means the notice, its
child rows, and any row of any other table (crawl_pages, fetch_errors, …) that names the notice's id
or one of its URLs (identity, canonical, fetched, as stored or normalised).
"""
import sqlite3
from pathlib import Path

from crawler.extraction.urls import normalise_url

from archive.db import ArchiveError
from archive.standing import relearn

# Tables whose rows belong to one notice (notice_id), deleted with it.
CHILD_TABLES = ("notice_versions", "survey_links", "notice_topics", "extractions", "identity_collisions")
# Never published: who asked for takedowns and why, and which notices were held back for review.
PRIVATE_TABLES = ("takedowns", "held")
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
    keys |= {r[0] for r in conn.execute(
        "SELECT claimed_id FROM identity_collisions WHERE notice_id IN (SELECT id FROM notices WHERE hidden = 1)")}
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
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'notices_fts%' AND name NOT IN ('notices', '_sqlite_migrations')")]
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
        where = " OR ".join(f'"{c}" IN (SELECT key FROM temp.gone_keys)' for c in cols)
        conn.execute(f'DELETE FROM "{table}" WHERE {where}')


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
        _sweep(conn)  # before the child tables: identity_collisions still says which URLs were claimed
        for table in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE notice_id IN (SELECT id FROM temp.gone)")
        for table in PRIVATE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM notices WHERE id IN (SELECT id FROM temp.gone)")  # triggers update the index
        if hidden and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'standing_phrases'").fetchone():
            relearn(conn)  # the sign-off phrases and their counts, from the published notices only
        conn.execute("INSERT INTO notices_fts (notices_fts) VALUES ('optimize')")  # rewrite index segments
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        dest.unlink(missing_ok=True)
        raise
    conn.close()
    return len(hidden)
