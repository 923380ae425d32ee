"""`police-notices sample-site`: serve the bundled offline sample site until Ctrl-C."""

import signal
import time

import click


@click.command("sample-site")
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Port on 127.0.0.1 to serve on (0 picks a free one)."
)
@click.option(
    "--state",
    type=click.Choice(["day1", "day2"]),
    default="day1",
    show_default=True,
    help="day2 adds new notices at the top of listings, edits one and removes one (410).",
)
@click.option(
    "--faults/--no-faults",
    default=False,
    show_default=True,
    help="Serve the faults: a 503 with Retry-After once, a page that 500s twice, a 404 link, a 301 "
    "from an old article URL, a slow page, a windows-1252 page, a link redirecting off-site.",
)
@click.option(
    "--break",
    "breaks",
    multiple=True,
    metavar="SLUG:MODE",
    help="Change one force's article pages as a redesign would (repeatable): SLUG:undated drops the "
    "date line and every machine-readable date; SLUG:unreadable serves a script-rendered shell "
    "with no headline or body.",
)
@click.option(
    "--forces-out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the sample forces (registry TOML, as mirrors of this site) to FILE, for `crawl --forces-file`.",
)
@click.option("--quiet", is_flag=True, help="Do not print each request.")
def sample_site_command(port, state, faults, breaks, forces_out, quiet):
    """Serve the offline sample site: seven forces' news in seven markup families on 127.0.0.1 (four of ours;
    Drupal 9, Joomla 4 and GOV.UK taken from the real CMS templates), and a police and crime commissioner's.

    Each force (and the commissioner) lives under /<slug>/ with canonical URLs on its real domain, like a mirror. Crawl it with
    `police-notices crawl --forces-file FILE` after writing FILE with --forces-out. Ctrl-C stops it.
    """
    from crawler.sample_site import SampleSite
    from crawler.sample_site.server import parse_breaks

    try:
        breaks = parse_breaks(breaks)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    # Stop on Ctrl-C and on SIGTERM, even when started with SIGINT ignored (as `cmd &` in a script is, and
    # the tests' children were after some test ignored it): a service must stop when asked.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _interrupt)
    try:
        site = SampleSite(port=port, state=state, faults=faults, breaks=breaks).start()
    except OSError as e:
        raise click.UsageError(f"cannot serve on port {port}: {e}") from None
    try:
        if forces_out:
            site.write_forces_file(forces_out)
        broken = "".join(f", {slug} {mode}" for slug, mode in breaks.items())
        click.echo(f"sample site: {site.url}/  (state {state}, faults {'on' if faults else 'off'}{broken})")
        if forces_out:
            click.echo(f"forces file: {forces_out}")
        click.echo(f"{len(site.expected_notices())} notices; Ctrl-C to stop")
        shown = 0
        while True:
            time.sleep(0.2)
            if not quiet:
                for entry in site.log[shown:]:
                    click.echo(f"{entry['status']} {entry['method']} {entry['path']}", err=True)
                shown = len(site.log)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt
