"""Opening the archive: clear errors for the ways a database file can be unusable."""

import contextlib
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from archive.schema import ensure_db_shape, migrations

BUSY_TIMEOUT = 5.0  # seconds to wait for another writer before giving up


class ArchiveDatabase(Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin (BEGIN IMMEDIATE).

    A deferred BEGIN that reads and then writes cannot wait for another writer: once that writer has
    committed, SQLite refuses the upgrade at once (SQLITE_BUSY_SNAPSHOT) and the busy timeout never
    applies. Taking the lock first makes every write transaction wait up to BUSY_TIMEOUT for it.
    """

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():  # nested: a savepoint
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


class ArchiveError(Exception):
    """The archive cannot be opened or written; nothing already stored was changed."""


def explain(e, path):
    """A clear message for an SQLite error on the archive at path."""
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return f"{path}: the archive is locked by another writer (waited {BUSY_TIMEOUT:g}s); try again later"
    if "readonly" in msg or "read-only" in msg:
        return f"{path}: the archive is read-only"
    if "not a database" in msg or "malformed" in msg:
        return f"{path}: not an SQLite archive ({msg})"
    if "full" in msg:
        return f"{path}: the disk (or the database's size limit) is full; the failed write was rolled back"
    if "unable to open" in msg:
        return f"{path}: cannot open the archive ({msg})"
    return f"{path}: {msg}"


@contextlib.contextmanager
def errors_explained(path):
    """Turn SQLite errors into ArchiveError with a clear message."""
    try:
        yield
    except sqlite3.DatabaseError as e:
        raise ArchiveError(explain(e, path)) from e


def open_db(path, *, write=True, timeout=None):
    """Open (creating if needed) and shape the archive at path, for writing unless write=False.

    A file whose write permission bits are all off is treated as read-only even for root,
    so that `chmod a-w archive.db` protects a copy kept as evidence.
    """
    timeout = BUSY_TIMEOUT if timeout is None else timeout
    p = Path(path)
    if p.exists() and p.is_dir():
        raise ArchiveError(f"{path}: is a folder, not an archive file")
    if write and is_read_only(p):
        raise ArchiveError(f"{path}: the archive is read-only (no write permission)")
    if not write and not p.exists():
        raise ArchiveError(f"{path}: no such archive")
    with errors_explained(path):
        if write:
            # implicit transactions (a write outside atomic()) take the write lock first too
            conn = sqlite3.connect(str(p), timeout=timeout, isolation_level="IMMEDIATE")
        else:
            conn = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True, timeout=timeout)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a non-SQLite file
            db = ArchiveDatabase(conn)
            if write:
                db.enable_wal()
                db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt
                db.execute("PRAGMA cache_size=-65536")  # 64 MB: ids and URLs are inserted in random order
                db.execute("PRAGMA foreign_keys=ON")
                ensure_db_shape(db)
            elif "notices" not in db.table_names():
                raise ArchiveError(f"{path}: not a police-notices archive (no notices table)")
            elif migrations.pending(db):
                raise ArchiveError(f"{path}: made by an older version; open it once for writing to upgrade it")
        except BaseException:
            conn.close()
            raise
    return db


def is_read_only(path):
    """True for an existing file whose write permission bits are all off."""
    p = Path(path)
    return p.is_file() and not (p.stat().st_mode & 0o222)
