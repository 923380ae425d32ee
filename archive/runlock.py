"""One run at a time per archive: `crawl`, `reclassify`, `import`, `consultations` and the demo's crawl take the
archive's run lock.

The lock is an advisory lock (flock) on a file beside the archive (`archive.db.lock`), which also says who
holds it: a second run on the same archive stops at once, naming the holder, instead of interleaving its
writes with the first one's for an hour. The kernel drops the lock when its process dies, however it dies
(kill -9 too), so a lock left by a killed run is taken over by the next one; the file it leaves says who
held it. A run that ends (finished, failed, Ctrl-C, SIGTERM: cli/options.py) removes the file while still
holding the lock, and a run that locked a file just removed tries again on the new one: so the file is
there only while a run holds it (or was killed holding it), and never two runs hold the lock at once. A run
removes only its own file: one deleted by hand under a running crawl leaves the next run's new lock standing.
`store`, `hide` and `unhide` take no run lock: a takedown is never refused because a crawl runs (they wait on
SQLite's busy timeout instead).
"""

import contextlib
import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from archive.db import ArchiveError


class RunLockHeld(RuntimeError):
    """Another run holds the archive's run lock; the message names it (pid, command, start time)."""


def lock_path(db_path):
    return Path(f"{db_path}.lock")


def holder(db_path):
    """What the lock file says about the run holding (or that last held) the lock, or {}."""
    try:
        return json.loads(lock_path(db_path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


@contextlib.contextmanager
def run_lock(db_path, command):
    """Hold the archive's run lock for the block; RunLockHeld at once when another run holds it.

    Yields what the lock file said before (a dead run's details when it was left behind, else {})."""
    path = lock_path(db_path)
    fd = _lock(path, db_path)
    try:
        left = holder(db_path)
        state = {"pid": os.getpid(), "command": command, "started": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(state).encode(), 0)
        yield left
    finally:
        try:
            # nobody holds it now: removed while the flock is still held, unless the file there is another
            # run's (ours was deleted by hand, and a run since locked a new one: that run's lock stands)
            if _same_file(fd, path):
                path.unlink()
        except OSError:  # its folder turned read-only: then at least it names nobody
            os.ftruncate(fd, 0)
        os.close(fd)  # (closing drops the flock)


def _lock(path, db_path):
    """A descriptor of the lock file, flocked; RunLockHeld at once when another run holds it."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:  # a missing or read-only folder: the archive cannot be written there either
            raise ArchiveError(f"{path}: cannot create the archive's run lock ({e.strerror})") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunLockHeld(
                f"{db_path}: another run is writing this archive: {_describe(holder(db_path))}; "
                "try again when it has finished"
            ) from None
        if _same_file(fd, path):
            return fd
        os.close(fd)  # its holder removed the file between our open and flock: lock the one there now


def _same_file(fd, path):
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    here = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _describe(who):
    if not who:
        return "a run that has not said who it is yet"
    return f"`{who.get('command', '?')}` (pid {who.get('pid', '?')}, started {who.get('started', '?')})"


def took_over(left):
    """A line for the log when the lock was left by a run that died holding it, else None."""
    if left.get("pid"):
        return f"took over the run lock left by {_describe(left)}, which ended without releasing it"
    return None
