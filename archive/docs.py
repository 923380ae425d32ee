"""The README's archive section, generated from the code: commands, export columns, schema DDL.

    python -m archive.docs            # rewrite the section of README.md between the archive markers
    python -m archive.docs --check    # exit 1 when README.md is out of date (tests do the same)
"""
import sys
from pathlib import Path

import click

from archive.commands import COMMANDS
from archive.export import EXPORT_COLUMNS
from archive.schema import schema_ddl

START, END = "<!-- archive:start -->", "<!-- archive:end -->"
README = Path(__file__).parents[1] / "README.md"

INTRO = """\
## The archive

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
- `hide` takes a notice out of every public view (`public_notices`, `anpr_notices`, `consultations`,
  `anpr_consultations`), search and export while keeping it and its versions as evidence; `takedowns`
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
  `status_reason`; `fetch_errors` each failed fetch and each page not read as a notice.
- A notice without a publish date is kept (`published` null, `published_reason` says why): search,
  exports, feeds and the views take it, and newest-first lists put it last.
- Archives made by older versions are upgraded in place on open (sqlite-utils migrations, additive only;
  the exceptions are learned data: standing sign-off phrases from an older way of cutting them are
  forgotten and learned again, and the crawler's `other` pages of older versions become `unread`, to be
  read once more by the next crawl). Notices keep the classification they were stored with (`extractor_version`
  says which); `police-notices reclassify` applies a newer version's rules to all of them.

The archive commands are `store`, `import`, `export`, `reclassify`, `hide`, `unhide`, `held` and `public-copy`
(below); `publish`, `serve` and `serve --public` are in "Publishing with Datasette".

Archive commands exit with 0 on success, 1 when some items failed (each is listed on stderr), 2 on a
usage error and 3 when the archive cannot be opened or written (locked by another writer, read-only,
not an SQLite file, disk full); a failed write rolls back its batch and keeps everything stored before.
`import` and `reclassify`, like `crawl`, hold the archive's run lock and exit 4 at once when another run
holds it (see "Exit codes").
"""


def _cell(text):
    return text.replace("|", "\\|")


def _option_rows(command):
    rows = []
    for p in command.params:
        if isinstance(p, click.Argument):
            continue
        names = " / ".join(f"`{o}`" for o in p.opts + p.secondary_opts) if p.secondary_opts else \
            ", ".join(f"`{o}`" for o in p.opts)
        if p.is_flag:
            default = "on" if p.default is True else "off"
        elif p.required:
            default = "required"
        elif isinstance(p.default, (str, int, float)):  # not click's UNSET sentinel
            default = f"`{p.default}`"
        else:
            default = ""
        kind = ""
        if isinstance(p.type, click.Choice):
            kind = " (" + _cell(" | ".join(p.type.choices)) + ")"
        if p.multiple:
            kind += " (repeatable)"
        rows.append(f"| {names}{kind} | {default} | {_cell(p.help or '')} |")
    return rows


def commands_markdown():
    out = ["### Archive commands", ""]
    for command in COMMANDS:
        ctx = click.Context(command, info_name=command.name)
        usage = " ".join(command.collect_usage_pieces(ctx))
        out += [f"#### `police-notices {command.name} {usage}`", ""]
        out += [line.strip() for line in (command.help or "").strip().splitlines()]
        out += ["", "| option | default | meaning |", "| --- | --- | --- |", *_option_rows(command), ""]
    return "\n".join(out)


def columns_markdown():
    out = ["### Export columns", "",
           "`export --format csv` and `--format jsonl` write these columns, in this order (stable: new columns",
           "are only ever added at the end). In CSV, `list` columns are joined with `; ` and `json` columns are",
           "JSON text; in JSON Lines both are JSON values. `export --format markdown` writes",
           "`OUT/<force>/<id>.md` in the public archive's format: a YAML header (`area`, `og`, `publish.date`,",
           "`title` = the page title, `url`) inside a yaml fence, then the body; `import` reads it back.", "",
           "| column | type | meaning |", "| --- | --- | --- |"]
    out += [f"| `{name}` | {kind} | {_cell(desc)} |" for name, (kind, desc) in EXPORT_COLUMNS.items()]
    return "\n".join(out) + "\n"


def schema_markdown():
    return "\n".join(["### Schema", "",
                      "The DDL of a fresh archive (generated from `archive/schema.py`; a test checks it):", "",
                      "```sql", schema_ddl().rstrip("\n"), "```", ""])


def render():
    """The README text between the archive markers."""
    return "\n".join([INTRO, commands_markdown(), columns_markdown(), schema_markdown()])


def readme_section(text):
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n") + "\n"


def replace_section(text, body):
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + body.strip("\n") + "\n" + text[end:]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    text = README.read_text(encoding="utf-8")
    if "--check" in argv:
        if readme_section(text) != render().strip("\n") + "\n":
            print("README.md's archive section is out of date: run python -m archive.docs", file=sys.stderr)
            return 1
        return 0
    README.write_text(replace_section(text, render()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
