"""`police-notices health`: each force's health after its latest run (archive/health.py), for people and
for monitoring (--strict)."""

import sys

import click

from archive.commands import archive_errors
from cli.options import EXIT_PARTIAL, db_option, echo_report


@click.command(name="health")
@db_option
@click.option(
    "--strict", is_flag=True, help="Exit 1 when any force is degraded, failed, blocked or stale (for monitoring)."
)
@archive_errors
def health_command(db_path, strict):
    """Each force's health after its latest crawl: ok, degraded, failed, blocked or stale.

    Per force: pages fetched, article-like pages (where notices live), notices read, the share of
    article-like pages read with a title, a date and a body (%), undated notices, pages not read as notices
    (unread), HTTP errors and blocks (401/403/429), failed runs in a row, last success, and its state: ok,
    degraded (a field's coverage over 20 points below the force's baseline: a layout change, see
    docs/crawling.md), failed, blocked, or stale (no successful run for 7 days, counted from its first run's start when
    no run of it ever finished). Exit 0; with --strict, 1
    when any force is degraded, failed, blocked or stale; 3 when the archive cannot be read."""
    from archive.db import open_db
    from archive.health import PROBLEMS, health_table, latest_health, standing

    db = open_db(db_path, write=False)
    try:
        rows = latest_health(db)
    finally:
        db.conn.close()
    echo_report(health_table(rows))
    if strict and any(standing(r)[0] in PROBLEMS for r in rows):
        sys.exit(EXIT_PARTIAL)
