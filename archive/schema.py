"""The archive's shape: tables, indexes, full-text search and views, built by migrations.

`ensure_db_shape(db)` is idempotent and upgrades an archive made by any earlier version in place:
migrations only ever add, never drop, so nothing stored is lost. Never edit a migration that has
shipped; add a new one (and note that `Table.transform()` does not recreate our FTS triggers).
"""

import re

from sqlite_utils import Database, Migrations

from archive import views
from archive.crawlstate import crawl_migrations  # its own migration set, kept beside the crawler's state
from archive.standing import standing_migrations  # likewise, beside what learns them

migrations = Migrations("police-notices")

# Scalar fields of the record stored as plain columns, and fields stored as JSON text.
SCALAR_FIELDS = (
    "canonical",
    "fetched_url",
    "force",
    "force_name",
    "area",
    "platform",
    "title",
    "page_title",
    "published",
    "published_utc",
    "published_raw",
    "published_source",
    "published_reason",
    "updated",
    "updated_raw",
    "closes",
    "closes_raw",
    "description",
    "lang",
    "body",
    "is_consultation",
    "content_sha256",
    "raw_sha256",
    "extractor_version",
    "asks_for_views",
    "publisher",
    "publisher_kind",
)
JSON_FIELDS = (
    "og",
    "jsonld",
    "links",
    "survey_links",
    "media_links",
    "topics",
    "topic_matches",
    "consultation_cues",
    "warnings",
    "checks",
    "alternates",
)
FTS_COLUMNS = ("title", "description", "body")
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


@migrations(name="001_core")
def m001_core(db):
    """The first schema: notices, their versions, survey links, topics, forces, runs and errors."""
    db.executescript("""
    CREATE TABLE forces (
      slug TEXT PRIMARY KEY,
      name TEXT,
      area TEXT,
      domains TEXT,        -- JSON list
      platform TEXT,
      start_urls TEXT,     -- JSON list
      languages TEXT,      -- JSON list
      verified INTEGER
    );
    CREATE TABLE notices (
      id TEXT PRIMARY KEY,               -- stable short hash of url
      url TEXT NOT NULL UNIQUE,
      canonical TEXT,
      fetched_url TEXT,
      force TEXT REFERENCES forces(slug),
      force_name TEXT,
      area TEXT,
      platform TEXT,
      title TEXT,
      page_title TEXT,
      published TEXT,
      published_utc TEXT,
      published_raw TEXT,
      published_source TEXT,
      published_reason TEXT,
      updated TEXT,
      updated_raw TEXT,
      closes TEXT,
      closes_raw TEXT,
      description TEXT,
      lang TEXT,
      body TEXT,
      og TEXT,                  -- JSON object
      jsonld TEXT,              -- JSON list
      links TEXT,               -- JSON list
      survey_links TEXT,        -- JSON list of {url, host, provider, text}
      media_links TEXT,         -- JSON list
      topics TEXT,              -- JSON list of slugs
      topic_matches TEXT,       -- JSON object
      is_consultation INTEGER NOT NULL DEFAULT 0,
      consultation_cues TEXT,   -- JSON list
      warnings TEXT,            -- JSON list
      content_sha256 TEXT,
      raw_sha256 TEXT,
      extractor_version TEXT,
      provenance TEXT NOT NULL DEFAULT 'crawl',
      version INTEGER NOT NULL DEFAULT 1,
      first_seen TEXT NOT NULL,
      last_seen TEXT NOT NULL,
      updated_at TEXT,
      removed_at TEXT,
      removed_status INTEGER
    );
    CREATE INDEX idx_notices_force ON notices(force);
    CREATE INDEX idx_notices_published_utc ON notices(published_utc);
    CREATE TABLE notice_versions (
      id INTEGER PRIMARY KEY,
      notice_id TEXT NOT NULL REFERENCES notices(id),
      version INTEGER NOT NULL,
      fetched_url TEXT,
      fetched_at TEXT NOT NULL,
      status INTEGER,
      etag TEXT,
      last_modified TEXT,
      raw_sha256 TEXT,
      content_sha256 TEXT,
      title TEXT,
      body TEXT,
      published TEXT,
      extractor_version TEXT,
      UNIQUE (notice_id, version)
    );
    CREATE TABLE survey_links (
      id INTEGER PRIMARY KEY,
      notice_id TEXT NOT NULL REFERENCES notices(id),
      url TEXT NOT NULL,
      host TEXT,
      provider TEXT,
      text TEXT
    );
    CREATE INDEX idx_survey_links_notice_id ON survey_links(notice_id);
    CREATE TABLE notice_topics (
      notice_id TEXT NOT NULL REFERENCES notices(id),
      topic TEXT NOT NULL,
      PRIMARY KEY (notice_id, topic)
    );
    CREATE INDEX idx_notice_topics_topic ON notice_topics(topic);
    CREATE TABLE crawl_runs (
      id INTEGER PRIMARY KEY,
      run TEXT NOT NULL,
      force TEXT REFERENCES forces(slug),
      started TEXT,
      finished TEXT,
      pages INTEGER NOT NULL DEFAULT 0,
      new_notices INTEGER NOT NULL DEFAULT 0,
      updated_notices INTEGER NOT NULL DEFAULT 0,
      unchanged_notices INTEGER NOT NULL DEFAULT 0,
      errors INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX idx_crawl_runs_force ON crawl_runs(force);
    CREATE TABLE fetch_errors (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL,
      status INTEGER,
      error TEXT,
      attempts INTEGER NOT NULL DEFAULT 1,
      run_id INTEGER REFERENCES crawl_runs(id),
      at TEXT
    );
    CREATE INDEX idx_fetch_errors_run_id ON fetch_errors(run_id);
    """)


@migrations(name="002_search")
def m002_search(db):
    """Full-text search over title, description and body, and the topic views.

    Our own triggers, not enable_fts(create_triggers=True): theirs re-index on every UPDATE, and a
    re-crawl updates last_seen on every notice; ours re-index only when an indexed column changes.
    """
    cols = ", ".join(FTS_COLUMNS)
    old = ", ".join("old." + c for c in FTS_COLUMNS)
    new = ", ".join("new." + c for c in FTS_COLUMNS)
    db.executescript(f"""
    CREATE VIRTUAL TABLE notices_fts USING fts5 (
      {cols},
      tokenize='{FTS_TOKENIZE}',
      content=notices
    );
    INSERT INTO notices_fts (rowid, {cols}) SELECT rowid, {cols} FROM notices;
    CREATE TRIGGER notices_ai AFTER INSERT ON notices BEGIN
      INSERT INTO notices_fts (rowid, {cols}) VALUES (new.rowid, {new});
    END;
    CREATE TRIGGER notices_ad AFTER DELETE ON notices BEGIN
      INSERT INTO notices_fts (notices_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
    END;
    CREATE TRIGGER notices_au AFTER UPDATE OF {cols} ON notices BEGIN
      INSERT INTO notices_fts (notices_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
      INSERT INTO notices_fts (rowid, {cols}) VALUES (new.rowid, {new});
    END;
    """)


@migrations(name="003_evidence")
def m003_evidence(db):
    """Re-extractions, identity collisions, takedowns; public views that leave hidden notices out."""
    db.executescript("""
    ALTER TABLE notices ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE extractions (
      id INTEGER PRIMARY KEY,
      notice_id TEXT NOT NULL REFERENCES notices(id),
      extractor_version TEXT,
      raw_sha256 TEXT,
      extracted_at TEXT NOT NULL,
      changed_fields TEXT        -- JSON list of field names
    );
    CREATE INDEX idx_extractions_notice_id ON extractions(notice_id);
    CREATE TABLE identity_collisions (
      claimed_url TEXT NOT NULL,     -- the identity several different pages claimed
      claimed_id TEXT NOT NULL,      -- the id that identity had (kept as an alias)
      notice_id TEXT NOT NULL REFERENCES notices(id),
      fetched_url TEXT,
      detected_at TEXT NOT NULL,
      PRIMARY KEY (claimed_url, notice_id)
    );
    CREATE INDEX idx_identity_collisions_notice_id ON identity_collisions(notice_id);
    CREATE INDEX idx_identity_collisions_claimed_id ON identity_collisions(claimed_id);
    CREATE TABLE takedowns (
      id INTEGER PRIMARY KEY,
      notice_id TEXT NOT NULL REFERENCES notices(id),
      action TEXT NOT NULL,          -- hide or unhide
      reason TEXT,
      by TEXT,
      at TEXT NOT NULL
    );
    CREATE INDEX idx_takedowns_notice_id ON takedowns(notice_id);
    CREATE VIEW public_notices AS
      SELECT * FROM notices WHERE hidden = 0;
    CREATE VIEW anpr_notices AS
      SELECT * FROM notices WHERE hidden = 0
        AND id IN (SELECT notice_id FROM notice_topics WHERE topic = 'anpr');
    CREATE VIEW consultations AS
      SELECT * FROM notices WHERE hidden = 0 AND is_consultation = 1;
    CREATE VIEW anpr_consultations AS
      SELECT * FROM notices WHERE hidden = 0 AND is_consultation = 1
        AND id IN (SELECT notice_id FROM notice_topics WHERE topic = 'anpr');
    """)


@migrations(name="004_bulk_index")
def m004_bulk_index(db):
    """Let a bulk store index its new notices in one statement per batch.

    On SQLite 3.40 every statement that fires a trigger opens a savepoint, and FTS5 flushes its
    in-memory index at each savepoint: indexing row by row from the insert trigger halves store
    throughput. A writer may set `_notices_fts_deferred.active = 1` inside its own transaction, insert,
    then index those rows itself before committing; the flag is never 1 outside that transaction, so
    for every other writer (Datasette, sqlite3, sqlite-utils) the trigger keeps the index in step.
    """
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join("new." + c for c in FTS_COLUMNS)
    db.executescript(f"""
    CREATE TABLE _notices_fts_deferred (active INTEGER NOT NULL);
    INSERT INTO _notices_fts_deferred (active) VALUES (0);
    DROP TRIGGER notices_ai;
    CREATE TRIGGER notices_ai AFTER INSERT ON notices
    WHEN (SELECT active FROM _notices_fts_deferred) = 0 BEGIN
      INSERT INTO notices_fts (rowid, {cols}) VALUES (new.rowid, {new});
    END;
    """)


@migrations(name="005_hidden_index")
def m005_hidden_index(db):
    """Hidden notices found at once (a partial index holds only them): search asks on every query."""
    db.execute("CREATE INDEX idx_notices_hidden ON notices(hidden) WHERE hidden = 1")


@migrations(name="006_fts_automerge")
def m006_fts_automerge(db):
    """Merge index segments in larger steps (8 a level, FTS5's default is 4): +13% store throughput
    measured on the corpus with no measurable cost to queries. Stored in notices_fts_config."""
    db.execute("INSERT INTO notices_fts (notices_fts, rank) VALUES ('automerge', 8)")


@migrations(name="007_newest_first_index")
def m007_newest_first_index(db):
    """Newest first, ties broken by id: the order of every public listing, feed and CSV stream. Without
    it a 1M archive's newest-first CSV pages take ~7 s each and hit the SQL time limit."""
    db.execute("CREATE INDEX idx_notices_newest ON notices(published_utc DESC, id)")


FACET_COLUMNS_008 = ("id", "force", "published_utc", "is_consultation", "topics", "hidden")
FACET_COLUMNS = FACET_COLUMNS_008 + ("publisher", "publisher_kind")  # since 014_publisher


def facet_triggers(columns):
    """The triggers keeping notice_facets in step with notices over these columns."""
    cols = ", ".join(columns)
    new = ", ".join("new." + c for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return f"""
    CREATE TRIGGER notice_facets_ai AFTER INSERT ON notices BEGIN
      INSERT OR REPLACE INTO notice_facets (notice_rowid, {cols}) VALUES (new.rowid, {new});
    END;
    CREATE TRIGGER notice_facets_ad AFTER DELETE ON notices BEGIN
      DELETE FROM notice_facets WHERE notice_rowid = old.rowid;
    END;
    CREATE TRIGGER notice_facets_au AFTER UPDATE ON notices
    WHEN old.rowid IS NOT new.rowid OR {changed} BEGIN
      DELETE FROM notice_facets WHERE notice_rowid = old.rowid;
      INSERT OR REPLACE INTO notice_facets (notice_rowid, {cols}) VALUES (new.rowid, {new});
    END;
    """


@migrations(name="008_notice_facets")
def m008_notice_facets(db):
    """A narrow copy of the columns the published facets count (force, year, topics, consultation) and
    filter on, one row per notice under the notice's own rowid, kept in step by triggers.

    Datasette counts each facet over the matching rows; read from notices, every match costs a wide
    row (body, JSON) and its overflow pages: a search matching 100k of 1M notices took seconds. The
    Datasette plugin (archive/plugins/police_notices_speed.py) runs the same facet SQL on this table.
    Columns keep the names, types and values of notices, so any filter on them means the same here.
    """
    cols = ", ".join(FACET_COLUMNS_008)
    db.executescript(f"""
    CREATE TABLE notice_facets (
      notice_rowid INTEGER PRIMARY KEY,  -- notices.rowid (the search index's rowid too)
      id TEXT NOT NULL,
      force TEXT,
      published_utc TEXT,
      is_consultation INTEGER NOT NULL DEFAULT 0,
      topics TEXT,
      hidden INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO notice_facets (notice_rowid, {cols}) SELECT rowid, {cols} FROM notices;
    {facet_triggers(FACET_COLUMNS_008)}
    """)


RUN_STATES = ("ok", "degraded", "failed", "blocked", "stale")


@migrations(name="009_run_status")
def m009_run_status(db):
    """How each force's run ended: one state of RUN_STATES with its reason, and how many notices it read
    without a publish date (stored with `published` null). Runs recorded before keep status null."""
    states = ", ".join(f"'{s}'" for s in RUN_STATES)
    db.executescript(f"""
    ALTER TABLE crawl_runs ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE crawl_runs ADD COLUMN status TEXT CHECK (status IN ({states}));
    ALTER TABLE crawl_runs ADD COLUMN status_reason TEXT;
    """)


@migrations(name="010_self_checks")
def m010_self_checks(db):
    """Extractor version 4: whether a notice asks for views at all (`is_consultation` now means its purpose
    is to), and the plausibility checks its extraction failed with the second opinion taken. Notices stored
    before keep 0 and null until `reclassify` (asks_for_views) or their next fetch (checks)."""
    db.executescript("""
    ALTER TABLE notices ADD COLUMN asks_for_views INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE notices ADD COLUMN checks TEXT;  -- JSON list
    """)


@migrations(name="011_held")
def m011_held(db):
    """Notices stored hidden because they claim what a hidden notice claimed (one of its URLs, or its
    content): a takedown follows the notice, not one URL. Each waits for the operator's review (`held`);
    `hide` or `unhide` of the held notice records the decision."""
    db.executescript("""
    CREATE TABLE held (
      notice_id TEXT NOT NULL REFERENCES notices(id),  -- the notice held back (stored hidden)
      hidden_id TEXT NOT NULL REFERENCES notices(id),  -- the hidden notice it matched
      claim TEXT NOT NULL,          -- what of the held page matched: url, fetched_url, canonical, og:url,
                                    -- content_sha256
      hidden_claim TEXT NOT NULL,   -- what of the hidden notice it matched (e.g. fetched_url of version 2)
      value TEXT NOT NULL,          -- the URL (normalised) or content hash both claim
      held_at TEXT NOT NULL,
      reviewed_at TEXT,             -- when the operator hid or unhid it (null: awaiting review)
      PRIMARY KEY (notice_id, hidden_id)
    );
    CREATE INDEX idx_held_hidden_id ON held(hidden_id);
    """)


@migrations(name="012_force_health")
def m012_force_health(db):
    """Each force's health after each run (crawler/health.py, docs/crawling.md): what the run met and read,
    the share of its article-like pages read with a title, a date and a body, its errors, and how the force
    stands (last success, failures in a row). A run's layout-change evidence is kept beside its state."""
    states = ", ".join(f"'{s}'" for s in RUN_STATES)
    db.executescript(f"""
    CREATE TABLE force_health (
      id INTEGER PRIMARY KEY,  -- its own (a public copy renumbers it), not the run's id
      run_id INTEGER NOT NULL UNIQUE REFERENCES crawl_runs(id),
      force TEXT NOT NULL REFERENCES forces(slug),
      finished TEXT,
      state TEXT CHECK (state IN ({states})),  -- as crawl_runs.status
      reason TEXT,
      pages INTEGER NOT NULL DEFAULT 0,          -- responses fetched
      article_like INTEGER NOT NULL DEFAULT 0,   -- pages met where notices live (read as notices or not)
      notices INTEGER NOT NULL DEFAULT 0,        -- pages read as notices (stored, or left out by --since)
      title_coverage REAL,   -- percent of article-like pages read with a title (null: none met)
      date_coverage REAL,    -- ... with a publish date
      body_coverage REAL,    -- ... with a body
      undated INTEGER NOT NULL DEFAULT 0,        -- notices stored without a publish date
      parse_failures INTEGER NOT NULL DEFAULT 0, -- article-like pages not read as notices, pages that crashed
      http_errors INTEGER NOT NULL DEFAULT 0,    -- fetches that answered 4xx/5xx (but 401, 403, 429)
      blocked INTEGER NOT NULL DEFAULT 0,        -- fetches refused with 401, 403 or 429
      evidence TEXT,         -- JSON list of {{field, before, after}}: the coverage drops that made it degraded
      last_success TEXT,     -- when the force's last ok or degraded run finished (this one or earlier)
      consecutive_failures INTEGER NOT NULL DEFAULT 0  -- failed or blocked runs in a row, this one included
    );
    CREATE INDEX idx_force_health_force ON force_health(force, id);
    """)


PUBLISHER_KINDS = ("force", "pcc")  # crawler/registry.py KINDS


@migrations(name="014_publisher")
def m014_publisher(db):
    """Who published each notice: `publisher`, the registry slug of the site it is on (a force, or a police
    and crime commissioner), and `publisher_kind`; `force` keeps naming the area's police force. Every notice
    stored before was a force's own (the registry held only forces): publisher = force. The registry's
    entries say their kind; the facets table gains both columns, its triggers remade to keep them in step.
    The backfill rewrites each notice once: 8.5 s for 100k notices of 2.4 kB on a loaded 2-core machine."""
    kinds = ", ".join(f"'{k}'" for k in PUBLISHER_KINDS)
    db.executescript(f"""
    ALTER TABLE forces ADD COLUMN kind TEXT NOT NULL DEFAULT 'force' CHECK (kind IN ({kinds}));
    ALTER TABLE notices ADD COLUMN publisher TEXT REFERENCES forces(slug);
    ALTER TABLE notices ADD COLUMN publisher_kind TEXT CHECK (publisher_kind IN ({kinds}));
    DROP TRIGGER notice_facets_ai;
    DROP TRIGGER notice_facets_ad;
    DROP TRIGGER notice_facets_au;
    UPDATE notices SET publisher = force, publisher_kind = 'force' WHERE force IS NOT NULL;
    CREATE INDEX idx_notices_publisher ON notices(publisher);
    ALTER TABLE notice_facets ADD COLUMN publisher TEXT;
    ALTER TABLE notice_facets ADD COLUMN publisher_kind TEXT;
    UPDATE notice_facets SET (publisher, publisher_kind) =
      (SELECT publisher, publisher_kind FROM notices WHERE notices.rowid = notice_facets.notice_rowid);
    {facet_triggers(FACET_COLUMNS)}
    """)


CAMPAIGN_STATUSES = (
    "open",
    "closing soon",
    "closed",
    "outcome published",
    "unknown",
)  # given by archive/campaign_rules.py


@migrations(name="015_consultation_campaigns")
def m015_consultation_campaigns(db):
    """One row per consultation, however many notices (publishers, reminders, results) speak of it, rebuilt
    after each crawl by archive/campaigns.py (the rules: archive/campaign_rules.py). Its notices are linked in
    a table of their own, not a notices column: a notice's row stays what its page said (its versions, search
    index and facets untouched when a grouping changes), and the whole grouping is replaced in one transaction."""
    states = ", ".join(f"'{s}'" for s in CAMPAIGN_STATUSES)
    db.executescript(f"""
    CREATE TABLE consultation_campaigns (
      id TEXT PRIMARY KEY,       -- the id of its first notice (its announcement): stable across runs
      title TEXT,                -- its first notice's title
      publishers TEXT,           -- JSON list of the publishers that posted it
      topics TEXT,               -- JSON list
      survey_links TEXT,         -- JSON list of survey links (normalised: host and path)
      opens TEXT,                -- YYYY-MM-DD: its first notice's day
      closes TEXT,               -- YYYY-MM-DD: the closing date its latest notice stating one states
      closes_evidence TEXT,      -- that notice's words and id
      status TEXT CHECK (status IN ({states})),
      status_evidence TEXT,      -- why: the closing date and the day it was computed for, or the results notice
      status_day TEXT,           -- the day (UK) the status was computed for
      notices INTEGER NOT NULL DEFAULT 0,
      timeline TEXT,             -- JSON list of {{id, role, publisher, published, title, url}}, oldest first
      first_seen TEXT NOT NULL,  -- when a run first found it (what "new consultations" lists)
      updated_at TEXT NOT NULL
    );
    CREATE INDEX idx_consultation_campaigns_closes ON consultation_campaigns(closes);
    CREATE TABLE consultation_notices (
      notice_id TEXT PRIMARY KEY REFERENCES notices(id),
      consultation_id TEXT NOT NULL REFERENCES consultation_campaigns(id),
      role TEXT NOT NULL CHECK (role IN ('announcement', 'reminder', 'results'))
    );
    CREATE INDEX idx_consultation_notices_consultation_id ON consultation_notices(consultation_id);
    """)


@migrations(name="016_resolved_links")
def m016_resolved_links(db):
    """Where short links lead (`police-notices crawl --resolve-links`): one row per short link asked, its
    final URL, the redirects followed and the survey provider of the final URL; or why it was not resolved
    (robots.txt, an HTTP error, too many hops). A link with a final URL is never asked again."""
    db.executescript("""
    CREATE TABLE resolved_links (
      short_url TEXT PRIMARY KEY,  -- the short link as the notice has it (normalised)
      final_url TEXT,              -- where its redirects end (null: not resolved, see error)
      hops INTEGER NOT NULL DEFAULT 0,  -- redirects followed to get there
      provider TEXT,               -- the survey platform of final_url (as survey_links.provider), or other
      resolved_at TEXT NOT NULL,
      error TEXT                   -- why it was not resolved (null when it was)
    );
    """)


@migrations(name="017_translations")
def m017_translations(db):
    """Welsh and English pairs: each notice keeps its own row and id; a Welsh notice names the English one it
    translates (`translation_of`, set by archive/translations.py after each crawl), and every notice keeps
    the other-language URLs its page names (`alternates`: notices stored before have none until their page is
    read again, and pair by survey link and date meanwhile)."""
    db.executescript("""
    ALTER TABLE notices ADD COLUMN alternates TEXT;  -- JSON object: language -> URL of the same page in it
    ALTER TABLE notices ADD COLUMN translation_of TEXT REFERENCES notices(id);  -- the English notice (Welsh rows)
    CREATE INDEX idx_notices_translation_of ON notices(translation_of) WHERE translation_of IS NOT NULL;
    """)


def ensure_db_shape(db):
    """Create or upgrade the archive in place, the crawler's tables included. Safe to call on every open."""
    migrations.apply(db)
    crawl_migrations.apply(db)
    standing_migrations.apply(db)
    create_notice_views(db)
    return db


def create_notice_views(db):
    """Create the declared notice views an archive lacks (archive/views.py): a view stores nothing, so a
    view declared after an archive was made is added on its next open, with no migration. Migration 003
    made the first four with the same SQL; a view whose SQL must change needs a migration."""
    for v in views.NOTICE_VIEWS:
        db.execute(f"CREATE VIEW IF NOT EXISTS {v.name} AS {views.view_sql(v)}")


def schema_ddl():
    """The DDL of a fresh archive, in creation order (what docs/archive.md shows)."""
    db = Database(memory=True)
    ensure_db_shape(db)
    rows = db.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name != '_sqlite_migrations'"
        " AND name NOT LIKE 'notices_fts_%' ORDER BY rowid"
    ).fetchall()
    return "".join(re.sub(r"\n    ", "\n", r[0]) + ";\n" for r in rows)
