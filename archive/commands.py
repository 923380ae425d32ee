"""Click commands over the archive (store, import, export, …), registered on the `police-notices` group.

Thin: each parses options, opens the archive and calls a pure function. Exit codes: 0 success,
1 some items failed (each listed), 2 usage error, 3 the archive cannot be opened or written
(locked, read-only, not SQLite, disk full): nothing already stored is lost.
"""

import functools
import itertools
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path

import click

from archive.db import ArchiveError, explain, is_read_only, open_db
from archive.store import At, utc_now
from cli.options import (
    EXIT_ARCHIVE,
    EXIT_PARTIAL,
    db_option,
    echo_report,
    forces_file_option as forces_option,
    registry_or_usage_error as _registry,
    rules_option,
    rules_or_usage_error as _rules,
    run_locked,
)


def _fail(message):
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_ARCHIVE)


def archive_errors(f):
    """Exit 3 with a clear message when the archive cannot be opened or written."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except ArchiveError as e:
            _fail(str(e))
        except sqlite3.DatabaseError as e:
            _fail(explain(e, kwargs.get("db_path")))

    return wrapper


def _summary(report):
    c = report.counts
    parts = [f"{k} {c[k]}" for k in ("inserted", "updated", "reextracted", "unchanged", "removed", "skipped", "errors")]
    if c["collision"]:
        parts.append(f"collisions {c['collision']}")
    if c["kept (crawled)"]:
        parts.append(f"kept (crawled) {c['kept (crawled)']}")
    if report.held:
        parts.append(f"held {len(report.held)}")
    return ", ".join(parts)


def _save(db, db_path, items, *, provenance, run):
    from archive.store import save_records, save_report_runs
    from archive.translations import save_translations

    started = utc_now()
    try:
        report = save_records(db, items, now=started, provenance=provenance)
        save_report_runs(db, run, report, started=started)
        save_translations(db, [f for f in report.by_force if f])  # Welsh and English pairs, as after a crawl
    except sqlite3.DatabaseError as e:
        done = getattr(e, "report", None)
        if done is not None:
            click.echo(f"stored before the failure: {_summary(done)}", err=True)
        _fail(explain(e, db_path))
    echo_report(_summary(report))
    for where, path, error in report.errors:
        click.echo(
            f"error: {where}: {error}"
            if path is None or str(where) == str(path)
            else f"error: {where}: {path}: {error}",
            err=True,
        )
    for where, reason in report.skipped:
        click.echo(f"skipped: {where}: {reason}", err=True)
    for claimed, urls in report.collisions:
        click.echo(f"collision: {claimed} is claimed by {', '.join(urls)}; kept apart", err=True)
    for nid, url, _, why in report.held:
        click.echo(f"held: {nid} {url}: {why}; stored hidden, see `police-notices held`", err=True)
    if report.errors or report.skipped:
        sys.exit(EXIT_PARTIAL)


def _json_lines(lines, start=1):
    for n, line in enumerate(lines, start):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as e:
            yield {"_line": f"line {n}", "error": f"not JSON: {e}"}
            continue
        except RecursionError:
            yield {"_line": f"line {n}", "error": "not JSON we can read: nested too deeply"}
            continue
        if isinstance(item, dict):
            item["_line"] = f"line {n}"
            yield item
        else:
            yield At(f"line {n}", item)


def _manifest_items(stream):
    """Items of a JSON Lines stream, or of a file holding one JSON object (`extract` pretty-prints one).

    Only a first line that is not JSON by itself but opens an object makes the whole file be read as
    one document; if that fails too, the lines are reported one by one unless none of them is JSON
    (then the document's own error, with its line and column, is the one reported).
    """
    it = iter(stream)
    head = []
    for line in it:
        head.append(line)
        if line.strip():
            break
    first = head[-1].strip() if head else ""
    try:
        json.loads(first or "null")
        whole = False
    except ValueError:
        whole = first.startswith("{")
    if not whole:
        yield from _json_lines(itertools.chain(head, it))
        return
    text = "".join(head) + "".join(it)
    try:
        doc = json.loads(text)
    except ValueError as e:
        items = list(_json_lines(text.splitlines()))
        if any("error" not in i or not str(i["error"]).startswith("not JSON") for i in items if isinstance(i, dict)):
            yield from items
        else:
            yield {"_line": f"line {e.lineno}", "error": f"not JSON (neither one JSON object nor JSON Lines): {e}"}
        return
    except RecursionError:
        yield {"_line": f"line {len(head)}", "error": "not JSON we can read: nested too deeply"}
        return
    yield At(f"line {len(head)}", doc)


@click.command()
@click.argument("records", type=click.File("r", encoding="utf-8"))
@db_option
@forces_option
@archive_errors
def store(records, db_path, forces_file):
    """Store the records of RECORDS.jsonl (from `extract --manifest`; `-` for stdin) in the archive.

    RECORDS may also hold one JSON object, e.g. the pretty-printed output of `extract PAGE --url URL`.

    Prints inserted/updated/reextracted/unchanged/removed/skipped/error counts; error lines are
    counted and listed, never stored. A line {"url": …, "status": 404|410} marks that notice removed.

    Each record is checked on its own before anything of it is written: every field must have the JSON
    type the record format gives it (a string title, a list of topics, survey links as objects of
    strings, `headers` an object, numbers within SQLite's range, valid Unicode), and `published`,
    `published_utc`, `updated` and `closes` must be ISO 8601 dates or date-times, YYYY-MM-DD first
    (`"yesterday"`, a week date or `20210307` is refused, not stored as is). A record that fails is skipped and listed (`skipped: line N: why` on
    stderr), every other record is stored, and the command exits 1.
    """
    from archive.store import save_forces

    registry = _registry(forces_file)
    db = open_db(db_path)
    save_forces(db, registry)
    _save(db, db_path, _manifest_items(records), provenance="crawl", run=f"store {records.name}")


@click.command(name="import")
@click.argument("path", type=click.Path(exists=True))
@db_option
@forces_option
@rules_option
@archive_errors
@run_locked("import")
def import_(path, db_path, forces_file, rules):
    """Backfill from the public archive format: a Markdown file with a YAML header, or a folder of them.

    A notice the archive holds from a crawl is never overwritten by an import: such files are
    counted as `kept (crawled)`. Importing onto an imported notice updates it like a re-crawl.
    """
    from archive.importer import iter_archive_records
    from archive.store import save_forces

    registry = _registry(forces_file)
    topic_rules = _rules(rules)
    db = open_db(db_path)
    save_forces(db, registry)
    _save(
        db,
        db_path,
        iter_archive_records(path, registry=registry, rules=topic_rules),
        provenance="imported",
        run=f"import {path}",
    )


def _iso_date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "markdown"]),
    required=True,
    help="csv or jsonl: one file; markdown: one file per notice, `OUT/<force>/<id>.md`.",
)
@click.option("--topic", "topics", multiple=True, help="Only notices with this topic (repeat for any of several).")
@click.option("--consultations", is_flag=True, help="Only consultations.")
@click.option("--since", callback=_iso_date, help="Only notices published on or after this date (YYYY-MM-DD).")
@click.option(
    "--out",
    required=True,
    type=click.Path(),
    help="File to write (csv, jsonl; `-` for stdout; an existing file is overwritten) or folder (markdown).",
)
@archive_errors
def export(db_path, fmt, topics, consultations, since, out):
    """Export notices (never hidden ones) as CSV, JSON Lines or Markdown files in the archive format."""
    from archive.export import export as run_export, known_topics

    to_stdout = out == "-"
    if to_stdout and fmt == "markdown":
        raise click.UsageError("--out - (stdout) works for csv and jsonl; markdown writes a folder")
    if fmt != "markdown" and Path(out).is_dir():
        raise click.UsageError(f"--out {out} is a folder; csv and jsonl write one file")
    # a read-only evidence copy can be exported from; a writable archive is upgraded first
    db = open_db(db_path, write=Path(db_path).exists() and not is_read_only(db_path))
    if topics:
        known = known_topics(db)
        for topic in topics:
            if topic not in known:
                click.echo(
                    f"warning: unknown topic {topic!r} (not in the topic rules nor on any stored notice)", err=True
                )
    existed = not to_stdout and fmt != "markdown" and Path(out).exists()
    try:
        n = run_export(
            db, fmt, sys.stdout if to_stdout else out, topics=topics, consultations=consultations, since=since
        )
    except BrokenPipeError:
        raise  # the reader of stdout stopped reading (`| head`): the group ends quietly (cli/options.py)
    except OSError as e:
        _fail(f"{out}: {e.strerror or e}")
    if to_stdout:
        click.echo(f"exported {n} notice(s) to stdout", err=True)  # stdout holds the export itself
    else:
        click.echo(f"exported {n} notice(s) to {out}" + (" (overwrote it)" if existed else ""))


@click.command()
@db_option
@rules_option
@click.option(
    "--learn-signoffs/--no-learn-signoffs",
    default=True,
    show_default=True,
    help="First learn each force's standing sign-offs again from its stored notices.",
)
@archive_errors
@run_locked("reclassify")
def reclassify(db_path, rules, learn_signoffs):
    """Re-apply the topic rules (and each force's standing sign-offs) to every stored notice (nothing is fetched),
    read each consultation's closing date again from its body, then group the consultations again (as
    `consultations` does)."""
    from archive.campaigns import campaign_today
    from archive.reclassify import reclassify as run
    from archive.standing import learn_standing

    topic_rules = _rules(rules)
    db = open_db(db_path)
    if learn_signoffs:
        learned = learn_standing(db)
        click.echo(
            f"standing sign-off phrases: {sum(learned.values())} in {sum(1 for n in learned.values() if n)} force(s)"
        )
    counts = run(db, topic_rules)
    detail = ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in sorted(counts.items()) if k.startswith("topic:"))
    click.echo(
        f"changed {counts['changed']}, unchanged {counts['unchanged']}"
        + (f" (topics added or removed: {detail})" if detail else "")
    )
    _group_consultations(db, campaign_today())


@click.command()
@db_option
@click.option(
    "--today",
    callback=_iso_date,
    envvar="POLICE_NOTICES_TODAY",
    help="Group and compute statuses as of this day (YYYY-MM-DD; also $POLICE_NOTICES_TODAY) instead of today in the"
    " UK: a replay written to the archive (consultations first posted later are left out until a run without it).",
)
@archive_errors
@run_locked("consultations")
def consultations(db_path, today):
    """Group the stored notices into consultations again (the crawl does it after storing; nothing is fetched).

    One row of `consultation_campaigns` per consultation, however many publishers posted it, with its
    reminders and results notice, and its status (open, closing soon, closed, outcome published, unknown)
    for today, with the reason. Prints how many consultations there are in each status.
    """
    from archive.campaigns import campaign_today

    day = campaign_today(today)
    _group_consultations(open_db(db_path), day)
    if today:  # a served archive shows it at once: say so, and how to come back
        click.echo(
            f"note: consultations and statuses as of {day.isoformat()} are now in the archive; run "
            "`police-notices consultations` without --today (or the next crawl) to return to today's",
            err=True,
        )


def _group_consultations(db, today):
    from archive.campaigns import update_campaigns

    counts = update_campaigns(db, today=today)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "consultations")
    click.echo(f"consultations {counts['consultations']}" + (f" ({statuses})" if statuses else ""))


def _takedown(url, db_path, reason, by, hidden):
    from archive.campaigns import update_campaigns
    from archive.takedown import NoSuchNotice, set_hidden

    db = open_db(db_path)
    try:
        nid, changed, held = set_hidden(db, url, hidden, reason=reason, by=by)
    except NoSuchNotice as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_PARTIAL)
    if changed or held:
        update_campaigns(db)  # no consultation names a hidden notice, and an unhidden one rejoins its own
    if changed:
        click.echo(f"{'hidden' if hidden else 'unhidden'}: {nid}")
    else:
        click.echo(f"{'already hidden' if hidden else 'not hidden'}: {nid}")
    for other, other_url, _, why in held:
        click.echo(f"held: {other} {other_url}: {why}; hidden too, see `police-notices held`", err=True)


@click.command()
@click.argument("url")
@db_option
@click.option("--reason", required=True, help="Why (kept in the takedowns log, never published).")
@click.option("--by", help="Who asked or decided (default: $POLICE_NOTICES_USER or the login name).")
@archive_errors
def hide(url, db_path, reason, by):
    """Hide a notice (URL or id) from every public view, feed and export; it stays in the archive as evidence.

    Notices already stored that claim one of its URLs or have its content are held with it (listed on
    stderr and by `held`). Hiding a held notice confirms its hold.
    """
    _takedown(url, db_path, reason, by, True)


@click.command()
@click.argument("url")
@db_option
@click.option("--reason", help="Why it may be shown again.")
@click.option("--by", help="Who decided (default: $POLICE_NOTICES_USER or the login name).")
@archive_errors
def unhide(url, db_path, reason, by):
    """Show a hidden notice again."""
    _takedown(url, db_path, reason, by, False)


@click.command()
@db_option
@click.option("--all", "everything", is_flag=True, help="Also list held notices already reviewed.")
@archive_errors
def held(db_path, everything):
    """List the notices held for review: stored hidden because they claim a URL or the content of a hidden notice.

    Each line: the held notice's id and URL, when it was held, and which hidden notice it matched and by
    what. `hide ID --reason …` keeps it hidden, `unhide ID --reason …` shows it; either is the review,
    logged in `takedowns`, and that match never holds it again.
    """
    from archive.holds import describe, held_notices

    db = open_db(db_path, write=Path(db_path).exists() and not is_read_only(db_path))
    rows = held_notices(db.conn, reviewed=everything)
    for r in rows:
        state = f"; reviewed {r['reviewed_at']}, {'hidden' if r['hidden'] else 'shown'}" if r["reviewed_at"] else ""
        click.echo(
            f"{r['id']}  {r['url']}  held {r['held_at']}: "
            f"{describe(r['claim'], r['hidden_claim'], r['value'], r['hidden_id'])}{state}"
        )
    if not rows:
        click.echo("no notices held for review" if not everything else "no notices held")


@click.command(name="public-copy")
@click.argument("dest", type=click.Path(dir_okay=False))
@db_option
@archive_errors
def public_copy(dest, db_path):
    """Write a copy of the archive for publishing (e.g. with Datasette) to DEST, without hidden notices.

    Everything about a hidden notice (its versions, links, topics, search entries, and every row of any
    table naming its id or URLs: crawl pages, fetch errors, …), the takedowns log and the held notices are
    left out; the copy is vacuumed so not even freed pages keep their text. Counts cannot give hidden notices
    away: `crawl_runs.new_notices` is recomputed over the public notices (their sum is the notices published),
    hidden notices' edits and fetch errors leave `updated_notices` and `errors`, standing sign-offs are learned
    again, a run's name keeps only its command (`store`, `import`: not the operator's file names), and row
    ids are renumbered so no gap shows where a row was taken out. `publish` builds on it.
    """
    from archive.public import write_public_copy

    if not Path(db_path).exists():
        raise ArchiveError(f"{db_path}: no such archive")
    n = write_public_copy(open_db(db_path, write=not is_read_only(db_path)), dest)
    click.echo(f"wrote {dest} ({n} hidden notice(s) left out)")


COMMANDS = [store, import_, export, reclassify, consultations, hide, unhide, held, public_copy]
