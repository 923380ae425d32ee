"""One run at a time per archive (archive/runlock.py): crawl, reclassify and import take the run lock; a
second run on the same archive exits 4 at once naming the holder; a lock left by a killed run is taken
over; store and hide take none (a takedown is never refused because a crawl runs); other archives run."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from archive.db import ArchiveError, open_db
from archive.runlock import RunLockHeld, holder, lock_path, run_lock
from crawler.sample_site import SampleSite

CLI = [sys.executable, "-m", "crawler.cli"]


def cli(*args, timeout=60):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def stored(db):
    """Notices in the archive so far (0 while the crawl has not shaped it yet)."""
    try:
        return open_db(db, write=False).execute("SELECT count(*) FROM notices").fetchone()[0]
    except ArchiveError:
        return 0


@pytest.fixture
def archive(tmp_path):
    db = tmp_path / "a.db"
    open_db(db).conn.close()
    return db


@pytest.mark.parametrize("command", [["reclassify"], ["import", "{folder}"], ["crawl", "--force", "gwent"]])
def test_a_second_run_on_the_same_archive_exits_4_at_once_naming_the_holder(archive, tmp_path, command):
    (tmp_path / "md").mkdir()
    args = [a.format(folder=tmp_path / "md") for a in command]
    with run_lock(archive, "crawl"):
        start = time.monotonic()
        result = cli(*args, "--db", archive)
        took = time.monotonic() - start
    assert result.returncode == 4, result.stderr
    assert f"pid {os.getpid()}" in result.stderr and "`crawl`" in result.stderr and "another run" in result.stderr
    assert took < 15  # at once: no busy wait (the interpreter's start is most of it)


def test_overlapping_crawls_the_second_stops_and_a_takedown_still_goes_through(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        args = ["--db", db, "--forces-file", forces, "--log-level", "ERROR"]
        first = subprocess.Popen(
            [*CLI, "crawl", *map(str, args), "--delay", "0.3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while not (holder(db).get("command") == "crawl" and stored(db)):
                assert time.monotonic() < deadline and first.poll() is None, first.communicate()
                time.sleep(0.2)
            second = cli("crawl", *args, "--delay", "0")
            assert second.returncode == 4 and f"pid {first.pid}" in second.stderr, second.stderr
            nid = open_db(db, write=False).execute("SELECT id FROM notices LIMIT 1").fetchone()[0]
            hide = cli("hide", nid, "--db", db, "--reason", "test")  # no run lock: waits on SQLite at most
            assert hide.returncode == 0, hide.stderr
            assert first.wait(120) == 0, first.communicate()
        finally:
            if first.poll() is None:
                first.kill()
        assert holder(db) == {}  # released: nobody holds it
        assert cli("crawl", *args, "--delay", "0").returncode == 0


def test_a_lock_left_by_a_killed_run_is_taken_over(archive):
    code = (
        "import sys, time; from archive.runlock import run_lock\n"
        f"with run_lock({str(archive)!r}, 'crawl'):\n    print('held', flush=True); time.sleep(60)"
    )
    dead = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert dead.stdout.readline().strip() == "held"
    with pytest.raises(RunLockHeld):
        with run_lock(archive, "reclassify"):
            pass
    dead.send_signal(signal.SIGKILL)
    dead.wait()
    assert holder(archive)["pid"] == dead.pid  # the file still names the dead run
    result = cli("reclassify", "--db", archive)
    assert result.returncode == 0, result.stderr
    assert f"took over the run lock left by `crawl` (pid {dead.pid}" in result.stderr


def test_runs_on_two_archives_do_not_wait_for_each_other(tmp_path, archive):
    """A crawl holds a.db's lock; crawls of the sample site into b.db and c.db run side by side meanwhile."""
    with SampleSite(port=0) as site, run_lock(archive, "crawl"):
        forces = site.write_forces_file(tmp_path / "forces.toml")
        runs = [
            subprocess.Popen(
                [
                    *CLI,
                    "crawl",
                    "--db",
                    str(tmp_path / name),
                    "--forces-file",
                    str(forces),
                    "--force",
                    "gwent",
                    "--delay",
                    "0.05",
                    "--quiet",
                ],
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("b.db", "c.db")
        ]
        assert [run.wait(120) for run in runs] == [0, 0], [run.stderr.read() for run in runs]
    assert all(stored(tmp_path / name) > 0 for name in ("b.db", "c.db"))


def test_no_lock_can_be_made_where_the_archive_cannot_be_written(tmp_path):
    result = cli("reclassify", "--db", tmp_path / "no-such-folder" / "a.db")
    assert result.returncode == 3 and "run lock" in result.stderr


def test_the_lock_file_says_who_holds_it(archive):
    with run_lock(archive, "import"):
        state = json.loads(lock_path(archive).read_text())
        assert state["pid"] == os.getpid() and state["command"] == "import" and state["started"].endswith("Z")


def test_the_lock_file_goes_when_the_run_ends(archive):
    """No `archive.db.lock` is left beside the archive once its run has ended (in-process and a real command)."""
    with run_lock(archive, "reclassify"):
        assert lock_path(archive).exists()
    assert not lock_path(archive).exists()
    result = cli("reclassify", "--db", archive)
    assert result.returncode == 0, result.stderr
    assert not lock_path(archive).exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_the_lock_file_goes_when_the_run_is_stopped(tmp_path, signum):
    """Ctrl-C or `kill` (systemd, a CI runner) on a crawl holding the lock: the run ends and its lock file goes."""
    db = tmp_path / "a.db"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        crawl = subprocess.Popen(
            [*CLI, "crawl", "--db", str(db), "--forces-file", str(forces), "--log-level", "ERROR", "--delay", "0.3"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 30
            while holder(db).get("pid") != crawl.pid:
                assert time.monotonic() < deadline and crawl.poll() is None, crawl.communicate()
                time.sleep(0.1)
            crawl.send_signal(signum)
            crawl.wait(30)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode not in (0, -signum), crawl.stderr.read()  # it ended itself, not as finished
    assert not lock_path(db).exists()


STOPPED_WHILE_IMPORTING = (  # the signal at a set moment: as the first file would be read
    "import os, signal, sys\nimport archive.importer\n"
    "def records(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGTERM)\n    yield from ()\n"
    "archive.importer.iter_archive_records = records\n"
    "from crawler.cli import cli\ncli(['import', sys.argv[1], '--db', sys.argv[2]])"
)


def test_a_stopped_import_says_what_to_do_not_just_aborted(archive, tmp_path):
    """`import`, `reclassify` and `consultations` stopped by SIGTERM or Ctrl-C said only click's "Aborted!"."""
    (tmp_path / "md").mkdir()
    stopped = subprocess.run(
        [sys.executable, "-c", STOPPED_WHILE_IMPORTING, str(tmp_path / "md"), str(archive)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert stopped.returncode == 1, stopped.stderr
    assert "Aborted!" not in stopped.stderr
    assert "import: stopped (Ctrl-C or SIGTERM) before its end" in stopped.stderr and "run it again" in stopped.stderr
    assert not lock_path(archive).exists()


HOLD_UNTIL_TOLD = (
    "import sys; from archive.runlock import run_lock\n"
    "with run_lock(sys.argv[1], 'crawl'):\n    print('held', flush=True); sys.stdin.readline()"
)


def test_removing_the_file_never_lets_two_runs_hold_the_lock(archive, monkeypatch):
    """A run opens the lock file just before its holder ends and removes it, then locks it: it must not hold
    the lock on the removed file while the next run locks the new one (two runs writing at once)."""
    import archive.runlock as runlock

    first = subprocess.Popen(
        [sys.executable, "-c", HOLD_UNTIL_TOLD, str(archive)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert first.stdout.readline().strip() == "held"
    flock = runlock.fcntl.flock

    def flock_once_the_first_run_has_ended(fd, op):
        if first.poll() is None:  # our descriptor is open on its file: now it ends, removing that file
            first.communicate("\n", timeout=30)
        return flock(fd, op)

    monkeypatch.setattr(runlock.fcntl, "flock", flock_once_the_first_run_has_ended)
    with run_lock(archive, "reclassify"):
        monkeypatch.setattr(runlock.fcntl, "flock", flock)
        assert first.returncode == 0
        with pytest.raises(RunLockHeld):  # the next run finds the lock held
            with run_lock(archive, "import"):
                pass
        assert holder(archive).get("pid") == os.getpid()  # and the file there names its holder


def test_a_run_ending_never_removes_another_runs_lock_file(archive):
    """An operator who deletes a running crawl's lock file (taking it for a stale one) lets a second run lock a new
    file; when the first run ends it must leave that file alone, or a third run starts beside the second."""
    first = run_lock(archive, "crawl")
    first.__enter__()
    lock_path(archive).unlink()  # rm archive.db.lock
    with run_lock(archive, "import"):
        first.__exit__(None, None, None)
        assert holder(archive).get("command") == "import"  # the file there still names the run holding it
        with pytest.raises(RunLockHeld):
            with run_lock(archive, "reclassify"):
                pass
