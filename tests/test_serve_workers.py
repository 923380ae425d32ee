"""`police-notices serve --workers N` serves the archive from N Datasette processes (one uses one core): the same
pages, and every process gone when serve is stopped."""

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from publish_archive import GWENT_ANPR, build_archive
from serving import free_port, get, police_notices, wait_until_up

ROOT = Path(__file__).resolve().parents[1]


def descendants(pid):
    """The pids of a process's descendants (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # the thread ended
            continue
        for child in children:
            out += [child, *descendants(child)]
    return out


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def workers(pid):
    """The uvicorn worker processes under pid (multiprocessing's spawned children, not its resource tracker)."""
    return [p for p in descendants(pid) if "spawn_main" in cmdline(p)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("workers") / "archive.db"
    build_archive(db)
    return db


def test_serve_with_two_workers_serves_the_public_face_from_two_processes(archive):
    port = free_port()
    args = police_notices("serve", "--db", str(archive), "--public", "--workers", "2", "--port", str(port))
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        assert len(workers(proc.pid)) == 2
        page, headers = get(f"{url}/archive/notices?_search=ANPR")
        assert headers["content-type"].startswith("text/html") and GWENT_ANPR in page and "Show all" in page
        rows = json.loads(get(f"{url}/archive/notices.json?_search=ANPR&_shape=array")[0])
        assert GWENT_ANPR in [r["url"] for r in rows] and "content_sha256" in rows[0]
        for _ in range(20):  # many requests, each answered (whichever process takes it)
            assert "Show all" in get(f"{url}/archive/notices?_search=police")[0]
        serving = [proc.pid, *descendants(proc.pid)]
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
    assert code == 0
    deadline = time.time() + 10
    while time.time() < deadline and any(cmdline(p) for p in serving):
        time.sleep(0.2)
    assert [p for p in serving if cmdline(p)] == []  # no worker left behind


def test_the_workers_share_one_signing_secret(archive, tmp_path, monkeypatch):
    """A cookie or CSRF token signed by one worker is accepted by another: each is built with the same secret."""
    from archive import serve_app
    from archive.publish import write_metadata

    monkeypatch.delenv(serve_app.CONFIG_ENV, raising=False)  # restored after the test
    monkeypatch.delenv("DATASETTE_SECRET", raising=False)
    started = {}
    monkeypatch.setattr(serve_app.uvicorn, "run", lambda *a, **kw: started.update(kw))
    meta = write_metadata(tmp_path / "metadata.json", "archive", public=True)
    serve_app.main(["-i", str(archive), "--metadata", str(meta), "--workers", "2"])
    assert started["workers"] == 2 and started["factory"]
    one, two = (serve_app.datasette(json.loads(os.environ[serve_app.CONFIG_ENV])) for _ in range(2))
    assert two.unsign(one.sign({"actor": "x"}, "csrftoken"), "csrftoken") == {"actor": "x"}


def test_workers_must_be_at_least_one(archive):
    result = subprocess.run(
        police_notices("serve", "--db", str(archive), "--workers", "0"), cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2 and "--workers" in result.stderr and "x>=1" in result.stderr


def test_a_hangup_stops_serve_and_every_worker(archive):
    """Closing the terminal (or the SSH session) serve runs in hangs up its process group: uvicorn's supervisor
    reads SIGHUP as "restart the workers", so serve must stop it, or its workers serve on with nobody to stop them."""
    import signal

    port = free_port()
    args = police_notices("serve", "--db", str(archive), "--public", "--workers", "2", "--port", str(port))
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        serving = [proc.pid, *descendants(proc.pid)]
        assert len(workers(proc.pid)) == 2
        os.killpg(proc.pid, signal.SIGHUP)  # what a terminal's hangup does: the whole foreground group
        proc.wait(timeout=30)
        deadline = time.time() + 15
        while time.time() < deadline and any(cmdline(p) for p in serving):
            time.sleep(0.2)
        assert [p for p in serving if cmdline(p)] == []  # no worker left serving
        with pytest.raises(OSError):
            get(f"{url}/-/versions.json")
    finally:
        with contextlib.suppress(ProcessLookupError):  # what this test started, by its group id
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
