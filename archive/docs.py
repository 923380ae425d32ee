"""docs/archive.md, generated from the code: what the archive keeps, its export columns, its schema DDL.

A cog block in docs/archive.md calls archive_markdown(); `make docs` rewrites it, `make test` checks it.
"""

from archive.export import EXPORT_COLUMNS
from archive.schema import schema_ddl
from archive.views import NOTICE_VIEWS

INTRO = """\
# The archive

`police-notices` keeps every notice it has seen in an SQLite archive (`--db`, default `archive.db`),
written with sqlite-utils in WAL mode, and never deletes or silently rewrites what it has seen:

- A notice's `id` is 16 hex digits of the SHA-256 of its identity `url`: stable, so a story can cite it.
- A new row in `notice_versions` (numbered 1, 2, … per notice) is made only when the notice's own content
  changes: its normalised title, body text and publish date (`content_sha256`). A change of page furniture
  only updates `last_seen` and the latest `raw_sha256`; the same page bytes extracted differently by a newer
  extractor update the stored fields and are logged in `extractions`, never shown as an edit.
- A notice whose page answers 404 or 410 is marked (`removed_at`, `removed_status`), never deleted.
- Two different pages claiming one identity (same canonical, different fetched URL and content) are kept
  apart: every page involved is keyed by its own fetched URL, the claimed identity and its old id are
  kept in `identity_collisions`, and `store` reports the collision. The result does not depend on order.
- `hide` takes a notice out of every public view ({views}), search and export while keeping it and its versions as evidence; `takedowns`
  logs who, when and why. The takedown follows the notice, not one URL: a page stored later that claims
  any URL the hidden notice ever claimed (identity, fetched, canonical or og:url, an earlier version's
  fetched URL, a collided identity) or has its content hash is stored hidden too and *held* for review
  (so are such notices already stored when `hide` runs): `store`, `hide` and the crawl log say so,
  `held` lists each held notice with the hidden notice it matched and by what (`held` table), and
  `hide` or `unhide` of it records the operator's decision. To publish, use `publish` (see "Publishing
  with Datasette"): it writes a ready-to-serve folder around `public-copy`, the bare copy of the archive
  that leaves hidden notices, every row naming them, the takedowns log and the held list out entirely.
- Full-text search (FTS5, `porter unicode61 remove_diacritics 2`) covers title, description and body and
  is kept in step by triggers that fire only when those columns change (a bulk `store` indexes each
  batch's new notices itself, in the same transaction: see migration `004_bulk_index`).
- The crawler's own memory sits beside the notices: `crawl_pages` holds every page a crawl has met
  (article, listing, other, or unread: where notices live but not readable as one, with the extractor
  that failed on it, so a newer one reads it again; its notice URL, status, ETag and Last-Modified for
  conditional revisits, when first met) and `crawl_walks` when each force's last complete listing walk
  started and ended (an incremental crawl stops only at pages met before that walk). `crawl_runs` logs
  each run per force: its counts (`undated`: notices read without a publish date) and how it ended,
  `status` (`ok`, `degraded`, `failed`, `blocked` or `stale`, see "How a force's run ends") with
  `status_reason`; `fetch_errors` each failed fetch and each page not read as a notice; `force_health`
  each force's health after each run (field coverage, errors, last success: see "Force health" in
  crawling.md). `resolved_links` holds where each short link asked by `crawl --resolve-links` leads (final
  URL, redirects followed, provider) or why it was not resolved; the notices' survey links show the final
  URL (see "Short links" in crawling.md). The public copy keeps only the short links public notices show.
- Welsh and English versions of a notice are two notices, each with its own id; the Welsh one names the
  English one in `translation_of` (see "Welsh and English pairs" in crawling.md).
- Consultations are also kept as campaigns: one row of `consultation_campaigns` per consultation, however
  many publishers posted it, with its reminders and its results notice linked in `consultation_notices`
  (`role`: announcement, reminder, results; a table of its own, not a notices column, so regrouping never
  touches a notice's row). Notices join one consultation when they share a survey link (normalised; a link to
  the notice's own site, such as its consultations page, does not count) and were published within six
  weeks of the first of them (a neighbourhood's standing feedback link makes one consultation per round); when their texts are near-duplicates (MinHash of word shingles, Jaccard 0.6,
  published within 60 days); when different publishers share a template (Jaccard 0.2) on one topic and the
  campaign says the survey is national; or when they invite views on one topic, state one closing date, were
  published within 14 days of each other and both say the survey is national ("a national survey",
  "across the country", NPCC). An undated notice counts as within days. Topic and closing date alone never
  join, and two different survey links never do. Its `status` is `open`, `closing soon` (closes within 7
  days), `closed`, `outcome published` (a results notice: "thank you to the 1,200 people who took part",
  of its publisher on a topic it shares, or holding its link) or `unknown` (no closing date stated), with
  `status_evidence` saying why. The crawl (after storing), `reclassify` and `consultations` rebuild both
  tables in one transaction from the public notices, statuses for today in the UK, or for
  `POLICE_NOTICES_TODAY` (YYYY-MM-DD) when set: the one place a test or a replay sets the clock. A
  consultation's `id` is its first notice's id; `hide`, `unhide` and `public-copy` group again, so
  no consultation names a hidden notice.
- A notice without a publish date is kept (`published` null, `published_reason` says why): search,
  exports, feeds and the views take it, and newest-first lists put it last.
- Archives made by older versions are upgraded in place on open (sqlite-utils migrations, additive only;
  the exceptions are learned data: standing sign-off phrases from an older way of cutting them are
  forgotten and learned again, and the crawler's `other` pages of older versions become `unread`, to be
  read once more by the next crawl). Notices keep the classification they were stored with (`extractor_version`
  says which); `police-notices reclassify` applies a newer version's rules to all of them.

The archive commands are `store`, `import`, `export`, `reclassify`, `consultations`, `hide`, `unhide`, `held` and
`public-copy`
([commands.md](commands.md)); `publish`, `serve` and `serve --public` are in [publishing.md](publishing.md).

Archive commands exit with 0 on success, 1 when some items failed (each is listed on stderr), 2 on a
usage error and 3 when the archive cannot be opened or written (locked by another writer, read-only,
not an SQLite file, disk full); a failed write rolls back its batch and keeps everything stored before.
`import` and `reclassify`, like `crawl`, hold the archive's run lock and exit 4 at once when another run
holds it (see [Exit codes](commands.md#exit-codes-every-command)).
""".format(views=", ".join(f"`{v.name}`" for v in NOTICE_VIEWS))


def _cell(text):
    return text.replace("|", "\\|")


def columns_markdown():
    out = [
        "## Export columns",
        "",
        "`export --format csv` and `--format jsonl` write these columns, in this order (stable: new columns",
        "are only ever added at the end). In CSV, `list` columns are joined with `; ` and `json` columns are",
        "JSON text; in JSON Lines both are JSON values. `export --format markdown` writes",
        "`OUT/<force>/<id>.md` in the public archive's format: a YAML header (`area`, `og`, `publish.date`,",
        "`title` = the page title, `url`) inside a yaml fence, then the body; `import` reads it back.",
        "",
        "| column | type | meaning |",
        "| --- | --- | --- |",
    ]
    out += [f"| `{name}` | {kind} | {_cell(desc)} |" for name, (kind, desc) in EXPORT_COLUMNS.items()]
    return "\n".join(out) + "\n"


def schema_markdown():
    return "\n".join(
        [
            "## Schema",
            "",
            "The DDL of a fresh archive (generated from `archive/schema.py`; a test checks it):",
            "",
            "```sql",
            schema_ddl().rstrip("\n"),
            "```",
            "",
        ]
    )


def archive_markdown():
    """docs/archive.md's body: what the archive keeps, the export columns, the schema."""
    return "\n".join([INTRO, columns_markdown(), schema_markdown()])
