"""Can one visitor exhaust the public face? Time and server memory of the issue-11 requests.

Builds the test archive (tests/publish_archive.py) with one notice's body made BIG_MB long and another
SMALL_MB, serves it with `police-notices serve --public` on 127.0.0.1, and for each request prints its
status, bytes, seconds, the datasette process's peak resident memory so far, and how long a small
request made meanwhile took (does the big one block the server?).

    PYTHONPATH=. .venv/bin/python benchmarks/exhaust.py [--big-mb 50] [--small-mb 9]
"""

import argparse
import concurrent.futures
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]  # not benchmarks/: its archive.py would shadow the package
from publish_archive import build_archive  # noqa: E402


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def datasette_pid(serve_pid):
    out = subprocess.run(["pgrep", "-P", str(serve_pid)], capture_output=True, text=True).stdout.split()
    return int(out[0])


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(url, timeout=120):
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            n, status = len(r.read()), r.status
    except urllib.error.HTTPError as e:
        n, status = len(e.read()), e.code
    except OSError as e:
        return f"error {e}", 0, time.perf_counter() - t
    return status, n, time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--big-mb", type=float, default=50)
    ap.add_argument("--small-mb", type=float, default=9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        build_archive(db)
        conn = sqlite3.connect(db)
        ids = [r[0] for r in conn.execute("select id from notices where hidden = 0 order by id limit 2")]
        for nid, mb in zip(ids, (args.big_mb, args.small_mb)):
            conn.execute("update notices set body = ? where id = ?", ("A line of a notice. " * int(mb * 1e6 / 20), nid))
        conn.commit()
        conn.close()
        port = free_port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from crawler.cli import cli; cli()",
                "serve",
                "--public",
                "--db",
                str(db),
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                if get(base + "/-/versions.json", timeout=1)[0] == 200:
                    break
                time.sleep(0.2)
            pid = datasette_pid(proc.pid)
            sql = lambda q, ext=".json": f"{base}/archive{ext}?sql=" + urllib.parse.quote(q)  # noqa: E731
            cases = [
                ("printf 300M chars (free SQL JSON)", sql("select printf('%.*c', 300000000, 'x') as x")),
                ("zeroblob 50 MB (free SQL JSON)", sql("select zeroblob(50000000) as x")),
                ("length(printf 300M) (computed, not sent)", sql("select length(printf('%.*c', 300000000, 'x')) as n")),
                (f"row page, {args.big_mb:g} MB body (HTML)", f"{base}/archive/notices/{ids[0]}"),
                (f"row page, {args.small_mb:g} MB body (HTML)", f"{base}/archive/notices/{ids[1]}"),
                (f"row JSON, {args.big_mb:g} MB body", f"{base}/archive/notices/{ids[0]}.json"),
                ("table page (HTML)", f"{base}/archive/notices"),
            ]
            print(f"{'request':45} {'status':>6} {'bytes':>12} {'s':>6} {'peak MB':>8} {'small req s':>11}")
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                for label, url in cases:
                    big = pool.submit(get, url)
                    time.sleep(0.3)  # the big one is under way
                    small = get(base + "/archive/forces.json?_size=1")[2]
                    status, n, secs = big.result()
                    print(f"{label:45} {status!s:>6} {n:>12,} {secs:6.2f} {peak_rss_mb(pid):8.0f} {small:11.2f}")
                four = [pool.submit(get, sql("select printf('%.*c', 300000000, 'x') as x")) for _ in range(4)]
                print(
                    "four printf at once:",
                    [f[0] for f in (x.result() for x in four)],
                    f"peak {peak_rss_mb(pid):.0f} MB",
                )
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
