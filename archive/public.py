"""A publishable copy of the archive: hidden notices and the takedown log are not in it at all.

Datasette serves a closed, checkpointed copy (immutable mode cannot see a writer's WAL). The copy is
made with VACUUM INTO, then everything about hidden notices is deleted with secure_delete on and the
file vacuumed again, so not even freed pages keep their text.
"""
import sqlite3
from pathlib import Path

from archive.db import ArchiveError

# Tables whose rows belong to one notice (notice_id), deleted with it.
CHILD_TABLES = ("notice_versions", "survey_links", "notice_topics", "extractions", "identity_collisions")
# Never published: who asked for takedowns and why, bookkeeping of runs and fetch failures is kept.
PRIVATE_TABLES = ("takedowns",)


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
        for table in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE notice_id IN (SELECT id FROM temp.gone)")
        for table in PRIVATE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM notices WHERE id IN (SELECT id FROM temp.gone)")  # triggers update the index
        conn.execute("INSERT INTO notices_fts (notices_fts) VALUES ('optimize')")  # rewrite index segments
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        dest.unlink(missing_ok=True)
        raise
    conn.close()
    return len(hidden)
