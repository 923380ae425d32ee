"""Options and exit codes shared by every `police-notices` command (crawler, archive and publishing): the cli
layer both packages' commands use (docs/layers.md)."""

import contextlib
import functools
import os
import select
import signal
import sys
import threading

import click

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ARCHIVE, EXIT_RUN_LOCK = 0, 1, 2, 3, 4


class QuietPipeGroup(click.Group):
    """The `police-notices` group: a reader that stops reading stdout (`police-notices export --out - | head -1`)
    ends any command quietly with exit 0, as Unix tools do; click alone exits 1 (our "some items failed").
    A report whose exit code says how the run went is printed with echo_report instead."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError as e:
            if not _stdout_gone():  # a connection the command used: a failure (click would exit 1, silently)
                raise RuntimeError("broken pipe, not stdout's") from e
            _silence_stdout()
            ctx.exit(EXIT_OK)
        finally:
            # the last lines are still buffered: a reader gone now is met here, not as a traceback at exit
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                _silence_stdout()


def echo_report(text):
    """Print a command's report (a summary, a table): a reader gone from stdout loses it, but the command goes on
    to what follows, its errors on stderr and its exit code, which monitoring reads."""
    try:
        click.echo(text)
    except BrokenPipeError:
        _silence_stdout()


def _stdout_gone():
    """Whether stdout's reader has gone: its write end then polls as an error."""
    try:
        poll = select.poll()
        poll.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poll.poll(0))
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout)
        return False


def _silence_stdout():
    """Point stdout at /dev/null so nothing more (nor the flush at exit) meets the closed pipe: Python's advice
    in the signal module's "Note on SIGPIPE"."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def run_locked(name):
    """Run the command holding the archive's run lock (archive/runlock.py): exit 4 at once, naming the
    holder, when another run holds it; exit 3 when the lock cannot be created beside the archive. SIGTERM
    stops it as Ctrl-C does, so the lock file goes with it."""

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            from archive.db import ArchiveError
            from archive.runlock import RunLockHeld, run_lock, took_over

            try:
                with sigterm_as_interrupt(), run_lock(kwargs["db_path"], name) as left:
                    if took_over(left):
                        click.echo(took_over(left), err=True)
                    return f(*args, **kwargs)
            except KeyboardInterrupt:  # (a crawl says it in its own log first)
                click.echo(
                    f"{name}: stopped (Ctrl-C or SIGTERM) before its end; what it wrote is kept: run it again "
                    "to finish",
                    err=True,
                )
                sys.exit(EXIT_PARTIAL)
            except RunLockHeld as e:
                click.echo(f"error: {e}", err=True)
                sys.exit(EXIT_RUN_LOCK)
            except ArchiveError as e:
                click.echo(f"error: {e}", err=True)
                sys.exit(EXIT_ARCHIVE)

        return wrapper

    return decorate


@contextlib.contextmanager
def sigterm_as_interrupt():
    """SIGTERM (kill, systemd, a CI runner) raises KeyboardInterrupt, as Ctrl-C does, so that the clean-up on
    the way out runs (Python's default for SIGTERM is to end at once)."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def db_option(f):
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The archive (SQLite file).",
    )(f)


def forces_file_option(f):
    return click.option(
        "--forces-file",
        type=click.Path(dir_okay=False),
        default=None,
        help="Forces registry TOML replacing the built-in one.",
    )(f)


def rules_option(f):
    return click.option(
        "--rules", type=click.Path(dir_okay=False), default=None, help="Topic rules TOML replacing the built-in rules."
    )(f)


def registry_or_usage_error(path):
    """The registry at path (default: built-in); a bad file is a usage error (exit 2)."""
    from crawler.registry import RegistryError, load_registry

    try:
        return load_registry(path)
    except RegistryError as e:
        raise click.UsageError(str(e)) from None


def rules_or_usage_error(path):
    """The topic rules at path (default: built-in); a bad file is a usage error (exit 2)."""
    from crawler.extraction import load_rules

    try:
        return load_rules(path)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
