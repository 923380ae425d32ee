"""`police-notices crawl`: the notices spider run in-process, then a per-force summary and an exit code.

`run_crawl()` is also what tests and the benchmark call: it runs the spider on an asyncio event loop
with Twisted's asyncio reactor (installed once per process), so several crawls can run in one process.
"""

import asyncio
import contextlib
import logging
import sys
import time
from datetime import UTC, datetime

import click

from cli.options import EXIT_ARCHIVE, EXIT_OK, EXIT_PARTIAL as EXIT_FAILED, echo_report, run_locked
from crawler import crawl


def crawl_settings(*, delay=None, user_agent=None, extra=None):
    import os

    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    if settings.get("BOT_NAME") != "police_notices":
        settings.setmodule("crawler.settings", priority="project")
    if delay is not None:
        settings.set("DOWNLOAD_DELAY", delay, priority="cmdline")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="cmdline")
    if user_agent:
        settings.set("USER_AGENT", user_agent, priority="cmdline")
    for k, v in (extra or {}).items():
        settings.set(k, v, priority="cmdline")
    return settings


def _loop():
    """The asyncio loop Twisted's asyncio reactor runs on (installing the reactor the first time)."""
    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    if not is_reactor_installed():
        asyncio.set_event_loop(asyncio.new_event_loop())
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        from twisted.internet import reactor

        # fire the reactor's startup triggers (its thread pool, used for DNS) without blocking in run():
        # the asyncio loop is driven by run_until_complete below
        reactor.startRunning(installSignalHandlers=False)
    from twisted.internet import reactor

    from crawler.scrapy_internals import asyncio_loop

    return asyncio_loop(reactor)


def run_crawl(settings, progress=None, **spider_args):
    """Run one crawl to the end; returns the spider's CrawlSession (its .summary has the per-force rows).
    progress: called with the session twice a second while the crawl runs (crawler/progress.py)."""
    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.utils.log import configure_logging

    from crawler.spiders.notices import NoticesSpider

    loop = _loop()
    configure_logging(settings)
    runner = AsyncCrawlerRunner(settings)
    crawler = runner.create_crawler(NoticesSpider)
    asyncio.set_event_loop(loop)
    ticking = loop.create_task(_tick(crawler, progress)) if progress else None
    crawling = asyncio.ensure_future(runner.crawl(crawler, **spider_args), loop=loop)  # (a task already)
    signalled = []
    replaced = _stop_on_signals(loop, signalled)
    try:
        loop.run_until_complete(crawling)
    except RuntimeError:  # "Event loop stopped before Future completed": stopped by a signal
        if signalled:
            raise KeyboardInterrupt from None  # (the command says so: crawl_command)
        raise
    finally:
        _restore_signals(loop, replaced)
        if ticking:
            ticking.cancel()
        # the reactor never stops (another crawl may follow), so stop its thread pool (DNS lookups) here,
        # or its threads keep the process alive at exit; the next crawl starts a new one
        from twisted.internet import reactor

        from crawler.scrapy_internals import stop_thread_pool

        stop_thread_pool(reactor)
    session = crawler.spider.session
    if progress:
        progress(session)  # the end drawn: ticks are half a second apart, and the crawl ends between two
    after_crawl(session)
    return session


def _stop_on_signals(loop, signalled):
    """Ctrl-C and SIGTERM stop the crawl's event loop from the loop itself (signalled gets the signal). A
    signal handler that raises KeyboardInterrupt (Python's own, cli/options.py's) can land inside a garbage
    collector's callback, where Python prints the exception and drops it: the crawl then ran on to its end
    and exited 0. Returns {signal: the handler it replaced} (empty where the loop cannot take signals: not
    the main thread)."""
    import signal

    def stop(signum):
        signalled.append(signum)
        loop.stop()

    replaced = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        if previous == signal.SIG_IGN:  # (a crawl started in the background keeps ignoring Ctrl-C)
            continue
        try:
            loop.add_signal_handler(signum, stop, signum)
        except (ValueError, RuntimeError):  # not the main thread
            break
        replaced[signum] = previous
    return replaced


def _restore_signals(loop, replaced):
    import signal

    for signum, previous in replaced.items():
        loop.remove_signal_handler(signum)
        signal.signal(signum, previous)


async def _tick(crawler, progress, every=0.5):
    while True:
        session = getattr(crawler.spider, "session", None)
        if session is not None and session.stats:
            progress(session)
        await asyncio.sleep(every)


def after_crawl(session):
    """After the spider has closed, in one connection: learn again the sign-offs of every force crawled whose
    archive has grown since they were last learned (not only of those this run stored notices for: a killed
    run's leftovers count too) and classify its notices with them; pair Welsh notices with their English
    ones, whichever of the two this run or an earlier one stored (archive/translations.py); group the
    archive's consultations again, statuses for campaign_today() (archive/campaigns.py). A write the
    archive refuses is the session's archive_error (exit 3) and stops the steps after it; the next crawl
    does them again."""
    import sqlite3

    from archive.campaigns import update_campaigns
    from archive.db import ArchiveError, explain, open_db
    from archive.reclassify import relearn_due
    from archive.translations import save_translations

    if session.archive_error:
        return
    try:
        db = open_db(session.db_path)
    except ArchiveError as e:
        session.archive_error = str(e)
        return
    slugs = [f.slug for f in session.forces]
    steps = [
        ("the sign-offs could not be learned again", lambda: relearn_due(db, session.rules, slugs)),
        ("Welsh and English notices could not be paired", lambda: save_translations(db, slugs)),
        ("the consultations could not be grouped", lambda: update_campaigns(db)),
    ]
    try:
        for failure, step in steps:
            try:
                step()
            except sqlite3.DatabaseError as e:
                session.archive_error = explain(e, session.db_path)
                logging.getLogger(__name__).error("%s: %s", failure, session.archive_error)
                break
    finally:
        db.conn.close()


def outcome(session):
    """(summary table text, exit code) of a finished crawl."""
    rows = session.summary or []
    code = EXIT_FAILED if any(crawl.is_failing(status) for _, _, status in rows) else EXIT_OK
    return crawl.summary_table(rows), code


@click.command("crawl")
@click.option("--db", "db_path", default="archive.db", show_default=True, help="SQLite archive to write.")
@click.option(
    "--force",
    "forces",
    multiple=True,
    metavar="SLUG",
    help="Crawl only this force or police and crime commissioner, by registry slug (repeatable; default: every"
    " entry of the registry).",
)
@click.option(
    "--forces-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Forces registry TOML replacing the built-in one (new forces or commissioners, a mirror).",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host (also AutoThrottle's start delay).",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="At most this many requests per force (0: no limit).",
)
@click.option("--since", default=None, metavar="DATE", help="Only notices published on or after DATE (YYYY-MM-DD).")
@click.option("--backfill", is_flag=True, help="Walk every listing page, not only down to the notices already stored.")
@click.option("--user-agent", default=None, help=f"User-Agent header (default names the project: {crawl.USER_AGENT}).")
@click.option(
    "--revisit",
    type=click.Choice(["policy", "all", "none"]),
    default="policy",
    show_default=True,
    help="Which known notices to check again with conditional requests: by the revisit policy "
    "(recent notices and open consultations more often), all, or none.",
)
@click.option(
    "--resolve-links",
    is_flag=True,
    help="Ask the listed link shorteners (bit.ly, tinyurl.com, ow.ly, …; their robots.txt obeyed, one "
    "request at a time) where the survey links' short links lead, one HEAD request per redirect; the final "
    "host is never requested. Off by default: the one exception to asking only the forces' own hosts.",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    default="WARNING",
    show_default=True,
    help="Scrapy's log level (on stderr, or in --log-file).",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Append the log to this file instead of stderr, ending with the run's summary line (for unattended runs).",
)
@click.option(
    "--alerts",
    "alerts_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="After the run, send the alerts this file configures (see docs/alerts.md); a failed delivery "
    "is said in the log and tried again next run.",
)
@click.option(
    "--quiet",
    is_flag=True,
    help="Print no table: the summary line (in the log) and the exit code say "
    "how the run went (for cron, which mails whatever is printed).",
)
@run_locked("crawl")
def crawl_command(
    db_path,
    forces,
    forces_file,
    delay,
    max_pages,
    since,
    backfill,
    user_agent,
    revisit,
    resolve_links,
    log_level,
    log_file,
    alerts_path,
    quiet,
):
    """Crawl the forces' news sites politely and incrementally into the archive.

    Holds the archive's run lock. Ends with a per-force table (pages, new, updated, unchanged, undated,
    removed, errors, status); a notice whose date cannot be read is stored undated. Exit code 0 when every
    force is ok; 1 when a force failed (no start URL could be fetched; a page crashed the crawler, a bug;
    pages where notices live answered and none could be read as a notice; no notice found where earlier
    runs found some), was blocked (every start URL refused by robots.txt, 401/403 or 429) or is degraded
    (a field read from over 20 points fewer of its article-like pages than its baseline: a layout change;
    see `health`); 2 for a usage error; 3 when the archive cannot be written (locked by another writer past
    the busy timeout, read-only, disk full): the crawl ends there; 4 when another run holds the run lock.
    """
    from archive.db import ArchiveError
    from crawler.registry import RegistryError, load_registry
    from crawler.spiders.notices import parse_since

    try:
        registry = load_registry(forces_file)
    except RegistryError as e:
        raise click.UsageError(str(e)) from None
    unknown = [s for s in forces if registry.get(s) is None]
    if unknown:
        raise click.UsageError(f"unknown force(s): {', '.join(unknown)} (see --forces-file)")
    try:
        parse_since(since)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    alerts = None
    if alerts_path:
        from archive.alerts_cli import config_or_usage_error

        alerts = config_or_usage_error(alerts_path)
    extra = {"LOG_LEVEL": log_level, **({"LOG_FILE": log_file, "LOG_FILE_APPEND": True} if log_file else {})}
    settings = crawl_settings(delay=delay, user_agent=user_agent, extra=extra)
    started = time.monotonic()
    try:
        if alerts:
            from archive.alerts import start_rules
            from archive.db import open_db

            db = open_db(db_path)
            start_rules(db, alerts)  # what this run finds is new to rules first used now
            db.conn.close()
        with live_progress(quiet, max_pages) as progress:
            session = run_crawl(
                settings,
                progress,
                db=db_path,
                force=",".join(forces) or None,
                forces_file=forces_file,
                max_pages=max_pages,
                since=since,
                backfill=backfill,
                revisit=revisit,
                resolve_links=resolve_links,
            )
    except ArchiveError as e:
        log_line(f"crawl: stopped, the archive cannot be written: {e}", log_file)
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_ARCHIVE)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM (systemctl stop, a CI timeout): the log still ends with a line
        line = interrupted_line(time.monotonic() - started)
        log_line(line, log_file)
        if log_file:
            click.echo(line, err=True)
        sys.exit(EXIT_FAILED)
    table, code = outcome(session)
    log_line(crawl.summary_line(session.summary or [], time.monotonic() - started), log_file)
    if resolve_links:
        n = session.shortlinks
        log_line(
            f"crawl: short links: {n['resolved']} resolved, {n['failed']} not (see resolved_links.error)", log_file
        )
    if session.archive_error:
        log_line(f"crawl: stopped, the archive cannot be written: {session.archive_error}", log_file)
        if not quiet:
            echo_report(table)
        click.echo(f"error: {session.archive_error}; what was not stored is fetched again by the next crawl", err=True)
        sys.exit(EXIT_ARCHIVE)
    if alerts:
        from archive.alerts_cli import send_and_report
        from archive.db import open_db

        try:
            db = open_db(db_path)
            send_and_report(db, alerts, echo=lambda line, err=True: log_line(line, log_file))
            db.conn.close()
        except ArchiveError as e:
            log_line(f"alerts: not sent, the archive cannot be read: {e}", log_file)
    if not quiet:
        echo_report(table)
    sys.exit(code)


@contextlib.contextmanager
def live_progress(quiet, max_pages):
    """Live per-force progress on an interactive terminal (stderr); None without one, or when quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from crawler.progress import CrawlProgress

    with CrawlProgress(sys.stderr, max_pages) as progress:
        yield progress


def interrupted_line(seconds):
    """The line a stopped run ends its log with, in place of the summary line (no force's run has ended)."""
    return (
        f"crawl: interrupted (Ctrl-C or SIGTERM) after {seconds:.1f} s; what was stored is kept, "
        "the next crawl resumes where this one stopped"
    )


def log_line(line, log_file=None):
    """A line for the run's log, whatever the log level: appended to log_file, else on stderr."""
    text = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z [police_notices] {line}"
    if log_file:
        with open(log_file, "a", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        click.echo(text, err=True)
