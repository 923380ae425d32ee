"""Storing notice records: new notices, versions, re-extractions, removals, identity collisions.

Pure functions over an open sqlite-utils Database (`save_*(db, data)`), in the style of
github-to-sqlite. What counts as an edit is the record's `content_sha256` (normalised title, body
text and publish date): anything else that changes (page furniture, a newer extractor) updates the
derived fields and is logged in `extractions`, never shown as a new version.
"""

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from archive.holds import Holds
from archive.schema import FTS_COLUMNS, JSON_FIELDS, SCALAR_FIELDS
from archive.shortlinks import resolve_record
from archive.validation import record_problem
from crawler.extraction import normalise_url

# Fields whose change is not worth an `extractions` row: they are "latest" values of every fetch.
FETCH_FIELDS = ("fetched_url", "raw_sha256")
COMPARED = tuple(f for f in SCALAR_FIELDS + JSON_FIELDS if f not in FETCH_FIELDS)
NOTICE_COLUMNS = (
    ("id", "url") + SCALAR_FIELDS + JSON_FIELDS + ("provenance", "version", "first_seen", "last_seen", "updated_at")
)

INSERTED, UPDATED, REEXTRACTED, UNCHANGED, SKIPPED, COLLISION, KEPT = (
    "inserted",
    "updated",
    "reextracted",
    "unchanged",
    "skipped",
    "collision",
    "kept (crawled)",
)


class At(NamedTuple):
    """An item of save_records with where it came from, when it is not a dict that can carry `_line`."""

    where: object
    item: object


class RecordError(ValueError):
    """A record that cannot be stored (no URL, wrong types)."""


def publisher_of(record):
    """(publisher, publisher_kind) of a record. One made before publishers were recorded (no `publisher`, a
    `force`) is its force's own, as migration 014_publisher took every notice stored before it to be."""
    if record.get("publisher") or not record.get("force"):
        return record.get("publisher"), record.get("publisher_kind")
    return record["force"], "force"


def _publisher(record):
    """Whose run a record counts in: the site that published it."""
    return publisher_of(record)[0]


def notice_id(url):
    """The stable short id of a notice: 16 hex digits of the SHA-256 of its identity URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def utc_now():
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # json.dumps(**kw) builds one per call


def _json(value):
    return _ENCODER.encode(value) if value else ("{}" if isinstance(value, dict) else "[]")


def notice_row(record):
    """The notices columns (but id/url/bookkeeping) for a record: lists and objects as JSON text."""
    row = {}
    for name in SCALAR_FIELDS:
        value = record.get(name)
        if isinstance(value, (list, dict)):
            raise RecordError(f"field {name!r} must be a scalar, got {type(value).__name__}")
        row[name] = value
    row["is_consultation"] = 1 if record.get("is_consultation") else 0
    row["asks_for_views"] = 1 if record.get("asks_for_views") else 0
    row["publisher"], row["publisher_kind"] = publisher_of(record)
    try:
        for name in JSON_FIELDS:
            value = record.get(name)
            row[name] = _json(
                value if value is not None else ({} if name in ("og", "topic_matches", "alternates") else [])
            )
    except RecursionError:
        raise RecordError(f"field {name!r} is nested too deeply") from None
    for name, value in row.items():
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")  # what SQLite does with it: a lone surrogate (JSON "\ud800") fails
            except UnicodeEncodeError:
                raise RecordError(f"field {name!r} holds text that is not Unicode (a lone surrogate)") from None
    return row


def _check(record):
    """The record's normalised identity URL; RecordError when it cannot be stored."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    url = record.get("url")
    url = normalise_url(url) if isinstance(url, str) else None
    if not url:
        raise RecordError("record has no valid url")
    fetched = record.get("fetched_url")
    if fetched is not None and not isinstance(fetched, str):
        raise RecordError("fetched_url must be a string")
    problem = record_problem(record)
    if problem:
        raise RecordError(problem)
    return url


def _fetch_info(record):
    """HTTP facts of the fetch, when the record carries them (crawler items do; manifests may not)."""
    headers = {str(k).lower(): v for k, v in (record.get("headers") or {}).items()}
    return {
        "fetched_at": record.get("fetched_at"),
        "status": record.get("status") or record.get("http_status"),
        "etag": record.get("etag") or headers.get("etag"),
        "last_modified": record.get("last_modified") or headers.get("last-modified"),
    }


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    by_force: dict = field(default_factory=lambda: defaultdict(Counter))
    skipped: list = field(default_factory=list)  # (line or index, reason)
    collisions: list = field(default_factory=list)  # (claimed url, [fetched urls])
    errors: list = field(default_factory=list)  # (line or index, path or url, error) of failed extractions
    held: list = field(default_factory=list)  # (id, url, hidden id, why) of notices held for review

    def add(self, outcome, force=None):
        self.counts[outcome] += 1
        self.by_force[force][outcome] += 1

    def merge(self, other):
        self.counts.update(other.counts)
        for force, counts in other.by_force.items():
            self.by_force[force].update(counts)
        self.skipped += other.skipped
        self.collisions += other.collisions
        self.errors += other.errors
        self.held += other.held


class Store:
    """One writer's view of the archive for a batch of records (caches what the batch needs)."""

    def __init__(self, db, *, now=None, provenance="crawl"):
        self.db = db
        self.conn = db.conn
        self.now = now or utc_now()
        self.provenance = provenance
        self.deferred = False
        self.unindexed = {}  # rowids inserted while deferred, not yet in notices_fts (an ordered set)
        self.forces = {r[0] for r in self.conn.execute("SELECT slug FROM forces")}
        self.claimed = {r[0] for r in self.conn.execute("SELECT DISTINCT claimed_url FROM identity_collisions")}
        self.holds = Holds(self.conn)  # what hidden notices claim: a page claiming it too is stored hidden
        self.held = []  # (id, url, hidden id, why) of the notices held so far

    # -- public -------------------------------------------------------------------------------

    def defer_indexing(self):
        """Inside the caller's transaction: index new notices in bulk (see migration 004_bulk_index)."""
        self.conn.execute("UPDATE _notices_fts_deferred SET active = 1")
        self.deferred = True

    def index_deferred(self):
        """Index the notices inserted since defer_indexing(); call before the transaction commits."""
        if self.unindexed:
            cols = ", ".join(FTS_COLUMNS)
            rowids = list(self.unindexed)
            for i in range(0, len(rowids), 500):
                chunk = rowids[i : i + 500]
                self.conn.execute(
                    f"INSERT INTO notices_fts (rowid, {cols}) SELECT rowid, {cols} FROM notices"
                    f" WHERE rowid IN ({', '.join('?' * len(chunk))})",
                    chunk,
                )
            self.unindexed = {}
        if self.deferred:
            self.conn.execute("UPDATE _notices_fts_deferred SET active = 0")
            self.deferred = False

    def save(self, record, report=None):
        """Store one record; returns the outcome (inserted, updated, reextracted, unchanged, collision,
        kept (crawled): an imported record for a notice a crawl stored, left as the crawl stored it)."""
        url = identity = _check(record)
        record = resolve_record(self.conn, record)  # short links resolved earlier show their final URL
        raw_fetched = record.get("fetched_url")
        fetched = url if raw_fetched in (None, "", record["url"]) else (normalise_url(raw_fetched) or url)
        claimed = None
        if url in self.claimed:
            claimed, url = url, fetched  # a collided identity: every page claiming it is keyed by its own URL
        row = notice_row(record)
        row["fetched_url"] = record.get("fetched_url") or record["url"]
        self._ensure_force(record)
        existing = self.conn.execute(
            f"SELECT {', '.join(NOTICE_COLUMNS)}, rowid FROM notices WHERE id = ?", [notice_id(url)]
        ).fetchone()
        if existing is None:
            outcome = self._insert(url, row, record)
        else:
            old = dict(zip(NOTICE_COLUMNS + ("rowid",), existing))
            if old["provenance"] == "crawl" and (record.get("provenance") or self.provenance) == "imported":
                # the crawled page is the better evidence: an import never replaces or versions it
                if report is not None:
                    report.add(KEPT, _publisher(record))
                return KEPT
            old_fetched = normalise_url(old["fetched_url"] or "") or old["url"]
            if old["content_sha256"] != row["content_sha256"] and old_fetched != fetched:
                # two different pages claim one identity: keep them apart, never merge their versions
                self._rekey(url, old, old_fetched)
                outcome = self.save(record)
                if report is not None:
                    report.collisions.append((url, sorted({old_fetched, fetched})))
                    report.counts[COLLISION] += 1
                    report.add(outcome, _publisher(record))
                return COLLISION
            outcome = self._update(old, row, record)
        if claimed:
            self._claim(claimed, notice_id(url), row["fetched_url"])
        if held := self.holds.check(notice_id(url), record, identity, fetched, self.now):
            self.held.append(held)
        if report is not None:
            report.add(outcome, _publisher(record))
        return outcome

    # -- internals ----------------------------------------------------------------------------

    def _ensure_force(self, record):
        # a force or publisher outside the registry in use (e.g. a custom --forces-file): keep the FKs valid
        slug, (publisher, kind) = record.get("force"), publisher_of(record)
        if slug and slug not in self.forces:
            self.conn.execute(
                "INSERT OR IGNORE INTO forces (slug, name, area) VALUES (?, ?, ?)",
                [slug, record.get("force_name"), record.get("area")],
            )
            self.forces.add(slug)
        if publisher and publisher not in self.forces:
            self.conn.execute("INSERT OR IGNORE INTO forces (slug, kind) VALUES (?, ?)", [publisher, kind or "force"])
            self.forces.add(publisher)

    def _insert(self, url, row, record):
        nid = notice_id(url)
        full = dict(
            row,
            id=nid,
            url=url,
            provenance=record.get("provenance") or self.provenance,
            version=1,
            first_seen=self.now,
            last_seen=self.now,
            updated_at=None,
        )
        cols = NOTICE_COLUMNS
        cur = self.conn.execute(
            f"INSERT INTO notices ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [full[c] for c in cols]
        )
        if self.deferred:
            self.unindexed[cur.lastrowid] = None
        self._add_version(nid, 1, row, record)
        self._replace_children(nid, record)
        return INSERTED

    def _add_version(self, nid, number, row, record):
        info = _fetch_info(record)
        self.conn.execute(
            "INSERT INTO notice_versions (notice_id, version, fetched_url, fetched_at, status, etag,"
            " last_modified, raw_sha256, content_sha256, title, body, published, extractor_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                nid,
                number,
                row["fetched_url"],
                info["fetched_at"] or self.now,
                info["status"],
                info["etag"],
                info["last_modified"],
                row["raw_sha256"],
                row["content_sha256"],
                row["title"],
                row["body"],
                row["published"],
                row["extractor_version"],
            ],
        )

    def _replace_children(self, nid, record, replace=False):
        if replace:
            self.conn.execute("DELETE FROM survey_links WHERE notice_id = ?", [nid])
            self.conn.execute("DELETE FROM notice_topics WHERE notice_id = ?", [nid])
        links = [link for link in record.get("survey_links") or [] if isinstance(link, dict) and link.get("url")]
        if links:
            self.conn.executemany(
                "INSERT INTO survey_links (notice_id, url, host, provider, text) VALUES (?, ?, ?, ?, ?)",
                [(nid, link["url"], link.get("host"), link.get("provider"), link.get("text")) for link in links],
            )
        topics = sorted({t for t in record.get("topics") or [] if isinstance(t, str)})
        if topics:
            self.conn.executemany(
                "INSERT INTO notice_topics (notice_id, topic) VALUES (?, ?)", [(nid, t) for t in topics]
            )

    def _update(self, old, row, record):
        nid = old["id"]
        if old["rowid"] in self.unindexed:
            # inserted earlier in this batch: the update trigger re-indexes from the old values,
            # which must be in the index first
            self.index_deferred()
            self.defer_indexing()
        changed = [f for f in COMPARED if old[f] != row[f]]
        fetch_changed = any(old[f] != row[f] for f in FETCH_FIELDS)
        if not changed:
            self.conn.execute(
                "UPDATE notices SET last_seen = ?, removed_at = NULL, removed_status = NULL"
                + (", fetched_url = ?, raw_sha256 = ?" if fetch_changed else "")
                + " WHERE id = ?",
                [self.now] + ([row["fetched_url"], row["raw_sha256"]] if fetch_changed else []) + [nid],
            )
            return UNCHANGED
        is_edit = old["content_sha256"] != row["content_sha256"] and not (
            row["raw_sha256"] and old["raw_sha256"] == row["raw_sha256"]
        )
        sets = {f: row[f] for f in changed + list(FETCH_FIELDS)}
        sets.update(last_seen=self.now, removed_at=None, removed_status=None)
        if is_edit:
            sets.update(version=old["version"] + 1, updated_at=self.now)
        self.conn.execute(
            f"UPDATE notices SET {', '.join(k + ' = ?' for k in sets)} WHERE id = ?", list(sets.values()) + [nid]
        )
        if is_edit:
            self._add_version(nid, old["version"] + 1, row, record)
        else:
            self.conn.execute(
                "INSERT INTO extractions (notice_id, extractor_version, raw_sha256, extracted_at, changed_fields)"
                " VALUES (?, ?, ?, ?, ?)",
                [nid, row["extractor_version"], row["raw_sha256"], self.now, json.dumps(changed)],
            )
        if "topics" in changed or "survey_links" in changed:
            self._replace_children(nid, record, replace=True)
        return UPDATED if is_edit else REEXTRACTED

    def _rekey(self, claimed_url, old, old_fetched):
        """Re-key the notice that held claimed_url by its own fetched URL; its old id stays an alias."""
        claimed_id, new_id = old["id"], notice_id(old_fetched)
        if new_id != claimed_id:
            if self.conn.execute("SELECT 1 FROM notices WHERE id = ?", [new_id]).fetchone():
                raise RecordError(f"identity collision on {claimed_url}: {old_fetched} is already a notice")
            self.conn.execute("PRAGMA defer_foreign_keys = ON")  # children follow the parent; checked at commit
            self.conn.execute("UPDATE notices SET id = ?, url = ? WHERE id = ?", [new_id, old_fetched, claimed_id])
            for table in ("notice_versions", "survey_links", "notice_topics", "extractions", "takedowns", "held"):
                self.conn.execute(f"UPDATE {table} SET notice_id = ? WHERE notice_id = ?", [new_id, claimed_id])
            self.conn.execute("UPDATE held SET hidden_id = ? WHERE hidden_id = ?", [new_id, claimed_id])
        self.claimed.add(claimed_url)
        self._claim(claimed_url, new_id, old["fetched_url"])

    def _claim(self, claimed_url, nid, fetched_url):
        self.conn.execute(
            "INSERT OR IGNORE INTO identity_collisions (claimed_url, claimed_id, notice_id, fetched_url, detected_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [claimed_url, notice_id(claimed_url), nid, fetched_url, self.now],
        )


def _url_variants(url):
    """The URL normalised, then with and without its trailing slash (how people copy URLs varies)."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url  # www.force.police.uk/news/… pasted without its scheme
    norm = normalise_url(url)
    if not norm:
        return []
    path_end = norm.split("?", 1)[0]
    other = None
    if path_end.endswith("/") and path_end.count("/") > 3:
        other = norm.replace(path_end, path_end[:-1], 1)
    elif not path_end.endswith("/"):
        other = norm.replace(path_end, path_end + "/", 1)
    return [norm] + ([other] if other else [])


def find_notice(db, url_or_id, *, loose=False):
    """The notices row for an id, an identity URL, a fetched URL or a collided claim; None if unknown.

    loose: also try the URL without scheme, with or without its trailing slash (for people typing
    it; never for the crawler, whose URLs are exact).
    """
    conn = db.conn if hasattr(db, "conn") else db
    url_or_id = url_or_id.strip()
    keys = [url_or_id]
    norm = normalise_url(url_or_id) if "/" in url_or_id else None
    if norm:
        keys.append(notice_id(norm))
    for key in keys:
        row = conn.execute("SELECT id FROM notices WHERE id = ?", [key]).fetchone()
        if row:
            return row[0]
    if norm:
        row = conn.execute(
            "SELECT id FROM notices WHERE url = ? OR fetched_url = ? OR fetched_url = ?"
            " ORDER BY last_seen DESC LIMIT 1",
            [norm, norm, url_or_id],
        ).fetchone()
        if row:
            return row[0]
    if loose and "/" in url_or_id:
        for variant in _url_variants(url_or_id):
            row = conn.execute(
                "SELECT id FROM notices WHERE id = ? OR url = ? OR fetched_url = ? ORDER BY last_seen DESC LIMIT 1",
                [notice_id(variant), variant, variant],
            ).fetchone()
            if row:
                return row[0]
    return None


def mark_removed(db, url, status, *, now=None):
    """Mark the notice at url removed (it answered 404/410). Never deletes. True when a notice was marked."""
    nid = find_notice(db, url)
    if nid is None:
        return False
    with db.atomic():
        db.conn.execute(
            "UPDATE notices SET removed_at = ?, removed_status = ? WHERE id = ? AND removed_at IS NULL",
            [now or utc_now(), status, nid],
        )
    return True


REMOVED_STATUSES = (404, 410)


def save_record(db, record, *, now=None, provenance="crawl"):
    """Store one record in its own transaction; returns the outcome. Raises RecordError for a bad record."""
    with db.atomic():
        return Store(db, now=now, provenance=provenance).save(record)


def save_records(db, records, *, now=None, provenance="crawl", batch_size=1000):
    """Store an iterable of records in batches, each batch one transaction. Returns a Report.

    Items may also be extraction failures ({"path"/"url": …, "error": …}: counted and listed, not
    stored) or removals ({"url": …, "status": 404|410} with no content: the notice is marked removed).
    A record that cannot be stored is skipped and listed. An SQLite failure (disk full, lock) rolls back
    the current batch only and raises; `e.report` then holds what earlier batches stored.
    """
    import sqlite3

    total = Report()
    store = Store(db, now=now, provenance=provenance)
    batch = []

    def flush():
        report = Report()
        try:
            with db.atomic():
                store.defer_indexing()
                for where, item in batch:
                    _save_item(db, store, where, item, report)
                store.index_deferred()
        except sqlite3.DatabaseError as e:
            # the batch was rolled back; tell the caller what is stored
            e.report = total
            raise
        total.merge(report)
        batch.clear()

    for n, item in enumerate(records, 1):
        if isinstance(item, At):
            where, item = item
        else:
            where = item.pop("_line", n) if isinstance(item, dict) else n
        batch.append((where, item))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return total


def _save_item(db, store, where, item, report):
    if isinstance(item, dict) and item.get("error") is not None:
        report.counts["errors"] += 1
        report.errors.append((where, item.get("path") or item.get("url"), str(item["error"])))
        return
    if (
        isinstance(item, dict)
        and item.get("status") in REMOVED_STATUSES
        and not item.get("content_sha256")
        and isinstance(item.get("url"), str)
    ):
        marked = mark_removed(db, item["url"], item["status"], now=store.now)
        report.counts["removed" if marked else "skipped"] += 1
        if not marked:
            report.skipped.append((where, f"removal of an unknown notice {item['url']}"))
        return
    try:
        store.save(item, report)
    except RecordError as e:
        report.counts[SKIPPED] += 1
        report.skipped.append((where, str(e)))
    report.held += store.held
    store.held.clear()


def save_forces(db, registry):
    """Upsert every entry of the registry (forces and commissioners) into `forces` (one no longer listed is kept)."""
    rows = [
        (
            f.slug,
            f.name,
            f.area,
            _json(list(f.domains)),
            f.platform,
            _json(list(f.start_urls)),
            _json(list(f.languages)),
            1 if f.verified else 0,
            f.kind,
        )
        for f in registry
    ]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO forces (slug, name, area, domains, platform, start_urls, languages, verified, kind)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET name = excluded.name,"
            " area = excluded.area, domains = excluded.domains, platform = excluded.platform,"
            " start_urls = excluded.start_urls, languages = excluded.languages, verified = excluded.verified,"
            " kind = excluded.kind",
            rows,
        )
    return len(rows)


def save_crawl_run(db, run, force, *, started, finished=None, pages=0, new=0, updated=0, unchanged=0, errors=0):
    """One `crawl_runs` row for a run and force; returns its id."""
    with db.atomic():
        if force is not None:
            db.conn.execute("INSERT OR IGNORE INTO forces (slug) VALUES (?)", [force])
        cur = db.conn.execute(
            "INSERT INTO crawl_runs (run, force, started, finished, pages, new_notices, updated_notices,"
            " unchanged_notices, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run, force, started, finished, pages, new, updated, unchanged, errors],
        )
    return cur.lastrowid


def save_fetch_error(db, url, *, status=None, error=None, attempts=1, run_id=None, at=None):
    with db.atomic():
        db.conn.execute(
            "INSERT INTO fetch_errors (url, status, error, attempts, run_id, at) VALUES (?, ?, ?, ?, ?, ?)",
            [url, status, error, attempts, run_id, at or utc_now()],
        )


def save_report_runs(db, run, report, *, started, finished=None):
    """crawl_runs rows (one a force) summarising a Report from save_records."""
    for force, c in sorted(report.by_force.items(), key=lambda kv: kv[0] or ""):
        save_crawl_run(
            db,
            run,
            force,
            started=started,
            finished=finished or utc_now(),
            pages=sum(c.values()),
            new=c[INSERTED],
            updated=c[UPDATED],
            unchanged=c[UNCHANGED] + c[REEXTRACTED],
            errors=c[SKIPPED],
        )
