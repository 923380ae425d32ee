"""The `police-notices` command line: a thin layer over pure functions.

Exit codes: 0 success; 1 partial failure (some pages or forces failed); 2 usage or configuration error.
"""

import json
import sys
import tempfile
from pathlib import Path

import click  # our modules are imported inside the commands, for start-up speed (cli/__init__.py)

from cli.options import (
    EXIT_PARTIAL,
    QuietPipeGroup,
    forces_file_option,
    registry_or_usage_error,
    rules_option,
    rules_or_usage_error,
)


@click.group(cls=QuietPipeGroup)
@click.version_option(package_name="police-notices")
def cli():
    "Watch UK police force websites and archive their news notices and consultations."


@cli.command()
@click.argument("page", required=False, type=click.Path(dir_okay=False))
@click.option("--url", help="The URL the page was fetched from (after redirects). Required with PAGE.")
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False),
    help='JSON Lines file of {"path": …, "url": …}; paths relative to the manifest\'s folder.',
)
@click.option(
    "--allow-outside",
    is_flag=True,
    help="With --manifest: also read pages outside the manifest's folder (absolute paths, `..`, "
    "symlinks out); refused by default.",
)
@click.option(
    "--learn-signoffs/--no-learn-signoffs",
    default=True,
    show_default=True,
    help="With --manifest: learn each force's standing sign-offs (sentences it repeats under its "
    "notices, e.g. a feedback-platform plug) from all the pages, and do not count them as "
    "consultation cues.",
)
@click.option(
    "--signoffs-from",
    "signoffs_db",
    type=click.Path(exists=True, dir_okay=False),
    help="An archive whose learned standing sign-offs are used too (a single PAGE knows none otherwise).",
)
@forces_file_option
@rules_option
def extract(page, url, manifest, allow_outside, learn_signoffs, signoffs_db, forces_file, rules):
    """Extract the notice record from a saved page (JSON), or from every page of a manifest (JSON Lines).

    A manifest's pages must be regular files inside its folder (symlinks resolved) unless --allow-outside;
    a page larger than the crawler's size cap (10 MiB) is refused. A bad line or page is an error line
    in the output (exit 1); the other pages are extracted.
    """
    from crawler.extraction import ExtractionError, Learner, apply_standing, extract_notice
    from crawler.manifest import PageError, check_url, manifest_lines, read_page

    if bool(page) == bool(manifest):
        raise click.UsageError("give either PAGE (with --url) or --manifest FILE")
    registry = registry_or_usage_error(forces_file)
    topic_rules = rules_or_usage_error(rules)
    known = _archive_signoffs(signoffs_db) if signoffs_db else {}
    if page:
        if not url:
            raise click.UsageError("--url is required with PAGE")
        try:
            check_url(url)
        except PageError as e:
            raise click.UsageError(f"--url: {e}") from None
        try:
            force = registry.force_for_url(url)
            record = extract_notice(
                read_page(page),
                url,
                registry=registry,
                rules=topic_rules,
                standing=known.get(force.slug) if force else None,
            )
        except (OSError, ExtractionError, PageError) as e:
            click.echo(f"error: {page}: {e}", err=True)
            sys.exit(EXIT_PARTIAL)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    failed = 0
    base = Path(manifest).parent

    def records():
        nonlocal failed
        for where, entry in manifest_lines(manifest):
            try:
                if isinstance(entry, PageError):
                    raise entry
                yield extract_notice(
                    read_page(base / entry.path, base=None if allow_outside else base),
                    entry.url,
                    headers=entry.headers,
                    registry=registry,
                    rules=topic_rules,
                )
            except Exception as e:  # whatever goes wrong with one page, the others are still extracted
                failed += 1
                yield {"path": where, "error": f"{type(e).__name__}: {e}"}

    if not learn_signoffs:
        for out in records():
            click.echo(
                json.dumps(apply_standing(out, topic_rules, known.get(out.get("publisher"))), ensure_ascii=False)
            )
    else:
        # Two passes: the pages are extracted (kept in a spool file), then classified again knowing each
        # force's standing sign-offs, learned from all of the manifest's pages.
        learner = Learner()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            for out in records():
                if "error" not in out:
                    learner.add(out["publisher"], out["published"], out["body"])
                spool.write(json.dumps(out, ensure_ascii=False) + "\n")
            standing = {force: set(phrases) for force, phrases in learner.standing().items()}
            for force, phrases in known.items():
                standing[force] = standing.get(force, set()) | phrases
            spool.seek(0)
            for line in spool:
                out = json.loads(line)
                click.echo(
                    json.dumps(apply_standing(out, topic_rules, standing.get(out.get("publisher"))), ensure_ascii=False)
                )
    if failed:
        click.echo(f"{failed} page(s) failed", err=True)
        sys.exit(EXIT_PARTIAL)


def _archive_signoffs(path):
    """{force: standing phrases} learned in an archive (read-only); a usage error if it is not one."""
    import sqlite3

    from sqlite_utils import Database

    from archive.standing import load_standing

    try:
        return load_standing(Database(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)))
    except sqlite3.DatabaseError as e:
        raise click.UsageError(f"--signoffs-from {path}: not an archive ({e})") from None


@cli.command()
@click.option("--db", "db_path", default="demo.db", show_default=True, help="SQLite archive to crawl into.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port for Datasette on 127.0.0.1.")
@click.option(
    "--smoke",
    is_flag=True,
    help="Check that the served archive answers a search, then stop (on a free port, beside a running demo; for CI).",
)
def demo(db_path, port, smoke):
    """Offline demo: start the bundled sample site, crawl it into an archive, serve it with Datasette.

    Prints the URL; Ctrl-C or SIGTERM stops everything it started. Nothing leaves 127.0.0.1. Its crawl holds
    the archive's run lock, as `crawl` does: it stops (exit 1), naming the holder, when another run holds it.
    """
    from crawler.demo import DemoError, run_demo

    try:
        run_demo(db_path, port=port, smoke=smoke, echo=click.echo)
    except DemoError as e:
        click.echo(f"demo failed: {e}", err=True)
        sys.exit(EXIT_PARTIAL)


def main():
    cli()


def _register_commands():
    from archive.alerts_cli import alerts_group
    from archive.commands import COMMANDS
    from archive.health_cli import health_command
    from archive.serve_cli import publish_command, serve_command
    from crawler.crawl_cli import crawl_command
    from crawler.sample_site.cli import sample_site_command

    for command in [
        crawl_command,
        *COMMANDS,
        sample_site_command,
        serve_command,
        publish_command,
        alerts_group,
        health_command,
    ]:
        cli.add_command(command)


_register_commands()


if __name__ == "__main__":
    main()
