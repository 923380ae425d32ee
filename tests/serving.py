"""A real server process on a free 127.0.0.1 port, for tests that must see what a fresh start serves."""

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, proc, timeout=60):
    """Poll /-/versions.json (a page that touches no table) until the server answers."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


@contextlib.contextmanager
def running(args, *, cwd=None):
    """Run args (a command line taking `--port PORT` at its end); yields the base URL once it answers."""
    port = free_port()
    proc = subprocess.Popen([*args, "--port", str(port)], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()  # serve passes it on to datasette (and removes a public copy)
        proc.wait(timeout=20)


def police_notices(*args):
    """The `police-notices` command line of this checkout's code."""
    return [sys.executable, "-c", "from crawler.cli import cli; cli()", *args]


def get(url):
    """(body, headers) of a GET that must answer 200."""
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200, url
        return r.read().decode(), r.headers
