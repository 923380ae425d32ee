"""`police-notices alerts send | mute | unmute`: the alerts of archive/alerts.py from the command line."""

import sys

import click

from archive.commands import archive_errors
from cli.options import EXIT_PARTIAL, db_option


@click.group(name="alerts")
def alerts_group():
    """Alerts by email and webhook: new ANPR notices, new consultations, consultations closing soon, broken
    forces (configured in a TOML file; see docs/alerts.md). Each is announced once."""


def config_or_usage_error(path):
    from archive.alerts import AlertConfigError, load_config

    try:
        return load_config(path)
    except AlertConfigError as e:
        raise click.UsageError(str(e)) from None


def send_and_report(db, config, echo=click.echo):
    """Send what is due; one line of counts. True when every delivery went through."""
    from archive.alerts import send_alerts

    counts = send_alerts(db, config)
    echo(
        f"alerts: {counts['sent']} sent, {counts['failed']} failed (tried again next run), "
        f"{counts['skipped']} sent before",
        err=True,
    )
    return counts["failed"] == 0


@alerts_group.command(name="send")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="The alerts file (TOML: [[rule]], [[email]], [[webhook]]).",
)
@db_option
@archive_errors
def send(config_path, db_path):
    """Send the alerts that are due and not yet delivered; exit 1 when a delivery failed."""
    from archive.db import open_db

    config = config_or_usage_error(config_path)
    if not send_and_report(open_db(db_path), config):
        sys.exit(EXIT_PARTIAL)


def _day(ctx, param, value):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@alerts_group.command(name="mute")
@click.argument("force")
@click.option(
    "--until",
    required=True,
    callback=_day,
    metavar="DATE",
    help="Last day (YYYY-MM-DD) the force's trouble is not announced.",
)
@db_option
@archive_errors
def mute_command(force, until, db_path):
    """Acknowledge a force's trouble: no alert about it up to and including DATE."""
    from archive.alerts import mute
    from archive.db import open_db

    mute(open_db(db_path), force, until)
    click.echo(f"{force}: trouble alerts muted until {until.isoformat()} (included)")


@alerts_group.command(name="unmute")
@click.argument("force")
@db_option
@archive_errors
def unmute_command(force, db_path):
    """Announce a force's trouble again."""
    from archive.alerts import unmute
    from archive.db import open_db

    n = unmute(open_db(db_path), force)
    click.echo(f"{force}: {'unmuted' if n else 'was not muted'}")
