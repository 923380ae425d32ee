"""What the crawler remembers between runs, beside the notices: every page it has met and the walk markers.

A resumed crawl (after kill -9) needs only this and the notices: which pages are known (so a listing
made only of known pages ends the walk), their validators (ETag/Last-Modified for conditional
revisits), and, per force, when the last *complete* listing walk started. Pages first met after that
moment may sit above pages never visited (the walk that met them was cut short), so they do not end a
walk; pages met before it were all covered by that walk.

Its own migration set (same `_sqlite_migrations` table, set "police-notices-crawl"), applied by
`ensure_db_shape(db)` after the archive's own (so every archive has these tables and docs/archive.md's
schema shows them) and by `ensure_crawl_state(db)`.
"""

from datetime import UTC, datetime

from sqlite_utils import Migrations

crawl_migrations = Migrations("police-notices-crawl")


@crawl_migrations(name="001_crawl_state")
def m001_crawl_state(db):
    db.executescript("""
    CREATE TABLE IF NOT EXISTS crawl_pages (
      url TEXT PRIMARY KEY,      -- normalised URL as requested or as fetched (after redirects)
      force TEXT,
      kind TEXT NOT NULL,        -- article, listing, other
      notice_url TEXT,           -- the notice's identity URL, for articles stored
      published TEXT,            -- publish date of an article (also of one left out by --since)
      status INTEGER,
      etag TEXT,
      last_modified TEXT,
      first_seen TEXT NOT NULL,  -- microsecond UTC timestamps: compared with walk markers
      last_fetched TEXT
    );
    CREATE INDEX IF NOT EXISTS idx_crawl_pages_force ON crawl_pages(force);
    CREATE TABLE IF NOT EXISTS crawl_walks (
      force TEXT PRIMARY KEY,
      walk_started TEXT NOT NULL,   -- start of the force's last complete listing walk
      walk_finished TEXT NOT NULL,
      run TEXT
    );
    """)


@crawl_migrations(name="002_unread_pages")
def m002_unread_pages(db):
    """Pages where notices live that could not be read as notices are kept apart (kind `unread`) with the
    extractor that failed on them, so a newer extractor fetches them again instead of losing the notice.
    The `other` pages of earlier versions become `unread` by an unknown extractor: the next crawl reads
    them once more (an undated article among them is now stored; the rest go back to `other`)."""
    db.executescript("""
    ALTER TABLE crawl_pages ADD COLUMN extractor_version TEXT;  -- of an unread page: the extractor that could not read it
    UPDATE crawl_pages SET kind = 'unread' WHERE kind = 'other';
    """)


def ensure_crawl_state(db):
    crawl_migrations.apply(db)
    return db


def now_us():
    """UTC now with microseconds (ISO 8601, Z): orders pages met within one second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def known_pages(db):
    """url -> {kind, first_seen, notice_url, published, extractor_version} for every page met, and every
    notice stored.

    Notices stored by other means (imports) count as articles first seen when they were stored.
    """
    out = {}
    for url, fetched, first_seen, published in db.execute(
        "SELECT url, fetched_url, first_seen, published_utc FROM notices"
    ):
        entry = {"kind": "article", "first_seen": first_seen, "notice_url": url, "published": published}
        out[url] = entry
        if fetched:
            out.setdefault(fetched, entry)
    for url, kind, notice_url, published, first_seen, version in db.execute(
        "SELECT url, kind, notice_url, published, first_seen, extractor_version FROM crawl_pages"
    ):
        out[url] = {
            "kind": kind,
            "first_seen": first_seen,
            "notice_url": notice_url,
            "published": published,
            "extractor_version": version,
        }
    return out


def record_page(
    db,
    url,
    *,
    force,
    kind,
    first_seen,
    notice_url=None,
    published=None,
    status=None,
    etag=None,
    last_modified=None,
    fetched_at=None,
    extractor_version=None,
):
    """Insert or update one page; first_seen is kept from the first time. extractor_version: of an
    `unread` page, the extractor that could not read it."""
    db.execute(
        "INSERT INTO crawl_pages (url, force, kind, notice_url, published, status, etag, last_modified,"
        " first_seen, last_fetched, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET force = excluded.force, kind = excluded.kind,"
        " notice_url = coalesce(excluded.notice_url, crawl_pages.notice_url),"
        " published = coalesce(excluded.published, crawl_pages.published), status = excluded.status,"
        " etag = excluded.etag, last_modified = excluded.last_modified, last_fetched = excluded.last_fetched,"
        " extractor_version = excluded.extractor_version",
        [
            url,
            force,
            kind,
            notice_url,
            published,
            status,
            etag,
            last_modified,
            first_seen,
            fetched_at,
            extractor_version,
        ],
    )


def touch_page(db, url, *, status, fetched_at):
    """A revisit that answered 304 (or a removal): the page was checked at fetched_at."""
    db.execute("UPDATE crawl_pages SET status = ?, last_fetched = ? WHERE url = ?", [status, fetched_at, url])


def touch_notice(db, notice_url, seen):
    """A 304 says the notice is still there, unchanged: move its last_seen on."""
    db.execute("UPDATE notices SET last_seen = ? WHERE url = ? AND removed_at IS NULL", [seen, notice_url])


def walk_marker(db, force):
    """When the force's last complete listing walk started (None: never completed)."""
    row = db.execute("SELECT walk_started FROM crawl_walks WHERE force = ?", [force]).fetchone()
    return row[0] if row else None


def set_walk_marker(db, force, *, started, finished, run):
    db.execute(
        "INSERT INTO crawl_walks (force, walk_started, walk_finished, run) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (force) DO UPDATE SET walk_started = excluded.walk_started,"
        " walk_finished = excluded.walk_finished, run = excluded.run",
        [force, started, finished, run],
    )


def revisit_rows(db, force):
    """Known notices of a force (a publisher: a force's or a commissioner's site) with what a conditional
    revisit needs.

    (fetch URL, etag, last_modified, notice URL, published_utc, is_consultation, closes, last_fetched,
    removed_at). The fetch URL is the page that last answered (after redirects), so its validators match.
    """
    return db.execute(
        "SELECT n.fetched_url, p.etag, p.last_modified, n.url, n.published_utc, n.is_consultation, n.closes,"
        " coalesce(p.last_fetched, n.last_seen), n.removed_at"
        " FROM notices n LEFT JOIN crawl_pages p ON p.url = n.fetched_url"
        " WHERE n.publisher = ? AND n.provenance = 'crawl' ORDER BY n.published_utc DESC",  # its own site's
        [force],
    ).fetchall()


def start_run(db, run, force, started):
    """A crawl_runs row for the force, finished NULL until the run ends (a killed run stays visible)."""
    db.execute("INSERT OR IGNORE INTO forces (slug) VALUES (?)", [force])
    cur = db.execute("INSERT INTO crawl_runs (run, force, started) VALUES (?, ?, ?)", [run, force, started])
    return cur.lastrowid


def finish_run(
    db, run_id, *, finished, pages, new, updated, unchanged, errors, undated=0, status=None, status_reason=None
):
    """The run's counts and how it ended (status: one of archive.schema.RUN_STATES, with its reason)."""
    db.execute(
        "UPDATE crawl_runs SET finished = ?, pages = ?, new_notices = ?, updated_notices = ?,"
        " unchanged_notices = ?, errors = ?, undated = ?, status = ?, status_reason = ? WHERE id = ?",
        [finished, pages, new, updated, unchanged, errors, undated, status, status_reason, run_id],
    )


def earlier_notices(db, force):
    """How many notices of the force (a publisher) earlier runs stored (a run that finds none of them has failed);
    a commissioner's notices name its area's force, and are its publisher's."""
    return db.execute("SELECT count(*) FROM notices WHERE publisher = ?", [force]).fetchone()[0]
