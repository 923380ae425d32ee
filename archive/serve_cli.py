"""`police-notices serve` and `police-notices publish`: Datasette over the archive (see archive/publish.py)."""

import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from archive.db import ArchiveError
from archive.publish import (
    METADATA,
    PublishError,
    check_archive,
    check_port,
    database_name,
    datasette_command,
    datasette_env,
    datasette_exe,
    make_public_copy,
    publish,
    publish_commands,
    write_inspect,
    write_metadata,
)
from cli.options import EXIT_ARCHIVE, EXIT_USAGE, db_option


def _metadata(path):
    from archive.publish import load_metadata

    try:
        return load_metadata(path)
    except (OSError, ValueError) as e:
        raise click.UsageError(f"--metadata {path}: {e}") from None


@click.command(name="serve")
@db_option
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--public", is_flag=True, help="Serve the public face: a copy without taken-down notices, read-only and immutable."
)
@click.option(
    "--metadata",
    "metadata_path",
    default=str(METADATA),
    show_default="datasette_metadata.json",
    type=click.Path(dir_okay=False),
    help="Datasette metadata (JSON) written for the database name 'archive'.",
)
@click.option("--access-log", is_flag=True, help="Log every request (off: the terminal stays readable).")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes serving pages, each a whole Datasette over the same file (one process uses one core).",
)
def serve_command(db_path, port, host, public, metadata_path, access_log, workers):
    """Run Datasette on the archive: the operator's view of the live file, or with --public the public face."""
    try:
        check_archive(db_path)  # else Datasette's traceback on a file that is no archive
    except (ArchiveError, PublishError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_ARCHIVE)
    try:
        check_port(port, host)
    except PublishError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_USAGE)
    meta = _metadata(metadata_path)
    name = database_name(db_path)
    with tempfile.TemporaryDirectory(prefix="police-notices-serve-") as tmp:
        served, inspect = Path(db_path), None
        if public:
            served = Path(tmp) / f"{name}.db"
            try:
                left_out = make_public_copy(db_path, served)
            except (ArchiveError, PublishError) as e:
                click.echo(f"error: {e}", err=True)
                sys.exit(EXIT_ARCHIVE)
            inspect = write_inspect(served, Path(tmp) / "inspect-data.json")
            click.echo(f"public face: a copy without {left_out} hidden notice(s)", err=True)
        meta_file = write_metadata(Path(tmp) / "metadata.json", name, public=public, metadata=meta)
        cmd = datasette_command(
            served, meta_file, host=host, port=port, immutable=public, inspect_file=inspect, workers=workers
        )
        code = _run(cmd, datasette_env(access_log))
    sys.exit(code)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # a hangup (terminal or SSH session closed) stops serve too:
# uvicorn's --workers supervisor reads SIGHUP as "restart the workers", and would serve on with nobody to stop it


def _run(cmd, env=None):
    """Run datasette until it exits; SIGTERM, SIGHUP and Ctrl-C are passed on, then the temporary copy goes."""
    proc = subprocess.Popen(cmd, env=env)
    previous = {sig: signal.signal(sig, lambda *_: proc.terminate()) for sig in STOP_SIGNALS}
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # Ctrl-C in a terminal reached datasette too; wait for it
                proc.send_signal(signal.SIGINT)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command(name="publish")
@db_option
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the published copy into (a Datasette configuration directory).",
)
@click.option("--name", default=None, help="Database name in URLs (default: the archive's file name, e.g. archive).")
@click.option(
    "--metadata",
    "metadata_path",
    default=str(METADATA),
    show_default="datasette_metadata.json",
    type=click.Path(dir_okay=False),
    help="Datasette metadata (JSON) written for the database name 'archive'.",
)
def publish_command(db_path, out, name, metadata_path):
    """Write an immutable public copy of the archive (no hidden notices), its inspect file and metadata to OUT."""
    meta = _metadata(metadata_path)
    try:
        summary = publish(db_path, out, name=name, metadata=meta)
    except (ArchiveError, PublishError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_ARCHIVE)
    click.echo(
        f"wrote {summary['db']}: {summary['notices']} notices, {summary['hidden_left_out']} hidden left out, "
        f"{summary['bytes'] / 1e6:.1f} MB; with inspect-data.json, metadata.json, settings.json, plugins/"
    )
    click.echo("then:")
    for line in publish_commands(summary):
        click.echo("  " + line)
    if datasette_exe() != "datasette":
        click.echo(
            f"({datasette_exe()} is the datasette installed with police-notices; "
            "plain `datasette` once its venv is activated)"
        )
