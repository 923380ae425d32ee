"""The offline demo: start the bundled sample site, crawl it into an archive, serve it with Datasette.

Everything runs on 127.0.0.1; nothing leaves the machine. `smoke=True` checks, through the running
Datasette, that the archive answers a search for ANPR with the Gwent consultation, then stops.
"""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

DEMO_DELAY = 0.05  # the sample site is ours and local: a short politeness delay keeps the demo quick
SMOKE_QUERY = "ANPR"
SMOKE_TITLE = "Have your say on the use of ANPR in Gwent"
# The sample notices are from early 2021: on the demo's clock some consultations are open or closing soon,
# as they were then (every status would read "closed" today). POLICE_NOTICES_TODAY set by the user wins.
DEMO_TODAY = "2021-03-04"


class DemoError(RuntimeError):
    """A step of the demo failed; the message says which."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def crawl_sample_site(db_path, echo=print):
    """Crawl the whole sample site into db_path, holding its run lock as `crawl` does (archive/runlock.py);
    returns the crawl's summary table."""
    from archive.db import ArchiveError
    from archive.runlock import RunLockHeld, run_lock
    from crawler.crawl_cli import crawl_settings, outcome, run_crawl
    from crawler.sample_site import SampleSite

    try:
        with (
            run_lock(db_path, "demo"),
            SampleSite(port=0) as site,
            tempfile.TemporaryDirectory(prefix="police-notices-demo-") as tmp,
        ):
            forces = Path(tmp) / "sample-forces.toml"
            site.write_forces_file(forces)
            echo(f"sample site running at {site.url} ({len(site.expected_notices())} notices); crawling it...")
            settings = crawl_settings(delay=DEMO_DELAY, extra={"LOG_LEVEL": "ERROR"})
            session = run_crawl(settings, db=str(db_path), forces_file=str(forces))
            table, code = outcome(session)
    except (RunLockHeld, ArchiveError) as e:
        raise DemoError(str(e)) from None
    if code != 0:
        raise DemoError(f"the crawl of the sample site failed:\n{table}")
    return table


def start_datasette(db_path, port, tmp):
    """Datasette on the archive, as `police-notices serve` runs it (no per-request log); returns the
    process once it answers."""
    from archive.publish import database_name, datasette_command, datasette_env, load_metadata, write_metadata

    meta = write_metadata(Path(tmp) / "metadata.json", database_name(db_path), public=False, metadata=load_metadata())
    proc = subprocess.Popen(datasette_command(Path(db_path), meta, port=port), env=datasette_env())
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                raise DemoError(f"datasette exited with {proc.returncode}")
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1).read()
                return proc, url
            except OSError:
                time.sleep(0.1)
        raise DemoError("datasette did not answer within 20 s")
    except BaseException:  # (a Ctrl-C or SIGTERM while it starts too)
        stop(proc)
        raise


def stop(proc):
    """Stop a child process: politely, then for good."""
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # SIGTERM (kill, systemd, a CI runner) stops the demo as Ctrl-C does


def search(url, db_name, query):
    """Titles of the notices a full-text search finds, through Datasette's JSON API."""
    q = urllib.parse.urlencode({"_search": query, "_shape": "array", "_col": "title"})
    with urllib.request.urlopen(f"{url}/{db_name}/notices.json?{q}", timeout=10) as r:
        return [row["title"] for row in json.load(r)]


def run_demo(db_path="demo.db", port=8001, smoke=False, echo=print):
    """Crawl the sample site into db_path and serve it on port; smoke=True serves on a free port instead
    (so it runs beside a demo already up), checks a search and stops."""
    from archive.publish import PublishError, check_port, database_name

    if not smoke:
        try:
            check_port(port)  # before the crawl, not after it
        except PublishError as e:
            raise DemoError(f"{e} (make demo PORT={port + 1})") from None
    today = os.environ.setdefault("POLICE_NOTICES_TODAY", DEMO_TODAY)  # read by the crawl and the server
    echo(f"the sample notices are from 2021: consultations' status as of {today} (POLICE_NOTICES_TODAY)")
    previous = signal.signal(signal.SIGTERM, _interrupt)  # from the crawl on: its lock file goes too
    proc = tmp = None
    try:
        echo(crawl_sample_site(db_path, echo))
        tmp = tempfile.TemporaryDirectory(prefix="police-notices-demo-")
        port = free_port() if smoke else port
        proc, url = start_datasette(db_path, port, tmp.name)
        if smoke:
            titles = search(url, database_name(db_path), SMOKE_QUERY)
            if SMOKE_TITLE not in titles:
                raise DemoError(f"searching {SMOKE_QUERY!r} did not find {SMOKE_TITLE!r}: {titles}")
            echo(
                f"smoke test passed (Datasette on free port {port}): searching {SMOKE_QUERY!r} finds "
                f"{len(titles)} notices, including {SMOKE_TITLE!r}"
            )
            return
        echo(f"\nThe archive is served at {url}/{database_name(db_path)}  (Ctrl-C or SIGTERM stops it)")
        proc.wait()
    except KeyboardInterrupt:
        echo("stopping: Datasette and the demo's temporary folder go")
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
        stop(proc)
        if tmp is not None:
            tmp.cleanup()
        signal.signal(signal.SIGTERM, previous)
