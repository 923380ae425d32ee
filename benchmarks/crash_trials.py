"""Seeded crash trials: kill -9 a crawl at seeded moments, resume it, and compare with an uninterrupted crawl.

    .venv/bin/python benchmarks/crash_trials.py [--trials 20] [--seed 1] [--delay 0] [--json FILE]

The bundled sample site (day 1, no faults) is crawled once without interruption (the reference). Each
trial then crawls a fresh archive with `police-notices crawl --delay D` in a subprocess and kills it with
SIGKILL once or twice, at moments drawn from the seeded generator over the reference crawl's span (from
its first request to its end, plus a fifth for the sign-off learning after it), then runs the crawl
again to its end. Every other trial has a concurrent writer: `police-notices store` storing records of
another force into the same archive, again and again, for the whole trial. After the resume the archive
must equal the reference (archive_state: notice URLs, latest content hashes, version counts, each
notice's classification, the forces' standing phrases) and the resumed crawl must exit 0.

Prints one line a trial (mode, kills, notices stored when killed, outcome) and, last, one line
`summary: {json}` (the same JSON is written to --json FILE): benchmarks/faults.py reads either.
tests/test_crash_trials.py runs three trials with the same code.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRITER_FORCE = "bench-writer"  # the concurrent writer's notices: not the sample site's, never compared
MODES = ("delay", "writer")  # delay only; delay with a concurrent writer


def cli(*args):
    """The `police-notices` command line run from this checkout (whatever is installed)."""
    return [sys.executable, "-c", "from crawler.cli import cli; cli()", *map(str, args)]


def run_env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


def crawl_args(db, forces, delay):
    return ["crawl", "--db", db, "--forces-file", forces, "--delay", delay, "--log-level", "ERROR"]


def crawl_cmd(db, forces, delay):
    return cli(*crawl_args(db, forces, delay))


def archive_state(db):
    """What a resumed crawl must reproduce, for the sample site's forces: {notices: {url: (content hash,
    versions)}, classified: {url: (is_consultation, asks_for_views, topics, cues, survey links)},
    standing: sorted [(force, phrase)]}. Empty before the archive was even shaped."""
    if not Path(db).exists():
        return {}
    with sqlite3.connect(db) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'notices'").fetchone():
            return {}
        notices = {
            url: (sha, n)
            for url, sha, n in conn.execute(
                "SELECT n.url, n.content_sha256, count(v.id) FROM notices n JOIN notice_versions v ON v.notice_id = n.id"
                " WHERE n.force != ? GROUP BY n.id",
                [WRITER_FORCE],
            )
        }
        classified = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT url, is_consultation, asks_for_views, topics, consultation_cues, survey_links FROM notices"
                " WHERE force != ?",
                [WRITER_FORCE],
            )
        }
        standing = (
            conn.execute(
                "SELECT force, phrase FROM standing_phrases WHERE force != ? ORDER BY 1, 2", [WRITER_FORCE]
            ).fetchall()
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'standing_phrases'").fetchone()
            else []
        )
    return {"notices": notices, "classified": classified, "standing": standing}


def differences(got, want):
    """What differs between two archive states, in words (empty when equal)."""
    out = []
    for key in ("notices", "classified"):
        g, w = got.get(key, {}), want.get(key, {})
        missing, extra = set(w) - set(g), set(g) - set(w)
        wrong = [u for u in set(g) & set(w) if g[u] != w[u]]
        for name, urls in (("missing", missing), ("extra", extra), ("different", wrong)):
            if urls:
                out.append(f"{key}: {len(urls)} {name} (e.g. {sorted(urls)[0]})")
    if got.get("standing", []) != want.get("standing", []):
        out.append(f"standing phrases: {len(got.get('standing', []))} instead of {len(want['standing'])}")
    return out


def writer_records(path, n=2000):
    """n notice records of another force, for `store` to write again and again."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(
                json.dumps(
                    {
                        "url": f"https://writer.example/news/{i}/",
                        "force": WRITER_FORCE,
                        "title": f"Writer notice {i}",
                        "body": f"Notice {i} of the concurrent writer. " * 20,
                        "published": "2021-01-01",
                        "content_sha256": f"{i:064x}",
                    }
                )
                + "\n"
            )
    return Path(path)


@contextmanager
def concurrent_writer(db, records):
    """`police-notices store RECORDS --db DB` run again and again until the block ends; yields the list of
    its exit codes (a store that cannot wait for the lock exits 3: that is a reported failure, not a loss)."""
    codes, stop = [], threading.Event()

    def loop():
        while not stop.is_set():
            done = subprocess.run(
                cli("store", records, "--db", db),
                cwd=ROOT,
                env=run_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            codes.append(done.returncode)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield codes
    finally:
        stop.set()
        thread.join()


def reference(site, forces, tmp, delay):
    """(archive state, seconds from the crawl's first request to its end) of an uninterrupted crawl."""
    db = tmp / "reference.db"
    site.clear_log()
    subprocess.run(crawl_cmd(db, forces, delay), cwd=ROOT, env=run_env(), check=True, capture_output=True, timeout=120)
    ended = time.time()
    first = site.log[0]["time"]
    return archive_state(db), max(0.1, ended - first)


def wait_for_first_request(site, timeout=30):
    deadline = time.monotonic() + timeout
    while not site.log and time.monotonic() < deadline:
        time.sleep(0.005)


def trial(site, forces, tmp, n, rng, want, span, *, delay, mode, records):
    """One trial: a fresh archive, one or two kills at seeded moments, then a resume. Returns its outcome."""
    db = tmp / f"trial{n}.db"
    kills = rng.randint(1, 2)
    moments = [rng.uniform(0, span * 1.2) for _ in range(kills)]
    stored_at_kill, codes = [], []
    started = time.monotonic()
    writer = concurrent_writer(db, records) if mode == "writer" else None
    with writer or _nothing() as store_codes:
        for moment in moments:
            site.clear_log()
            proc = subprocess.Popen(
                crawl_cmd(db, forces, delay),
                cwd=ROOT,
                env=run_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for_first_request(site)
            time.sleep(moment)
            proc.send_signal(signal.SIGKILL)
            codes.append(proc.wait())
            stored_at_kill.append(len(archive_state(db).get("notices", {})))
        resumed = subprocess.run(
            crawl_cmd(db, forces, delay), cwd=ROOT, env=run_env(), capture_output=True, text=True, timeout=300
        )
    got = archive_state(db)
    diff = differences(got, want)
    if resumed.returncode != 0:
        diff.insert(0, f"resumed crawl exited {resumed.returncode}: {resumed.stderr.strip()[-300:]}")
    return {
        "trial": n,
        "mode": mode,
        "kills": kills,
        "moments": [round(m, 3) for m in moments],
        # -9: killed; anything else: the crawl ended before its kill
        "killed": sum(1 for c in codes if c == -signal.SIGKILL),
        "stored_at_kill": stored_at_kill,
        "store_exits": sorted(set(store_codes)) if writer else None,
        "equal": not diff,
        "differences": diff,
        "seconds": round(time.monotonic() - started, 2),
    }


@contextmanager
def _nothing():
    yield []


def run_trials(trials=20, seed=1, delay=0.0, tmp=None, log=print):
    """Run the trials (alternating the modes); returns the summary dict."""
    import tempfile

    from crawler.sample_site import SampleSite

    with tempfile.TemporaryDirectory() as scratch, SampleSite(port=0, state="day1", faults=False) as site:
        tmp = Path(tmp or scratch)
        forces = site.write_forces_file(tmp / "forces.toml")
        records = writer_records(tmp / "writer.jsonl")
        started = time.monotonic()
        want, span = reference(site, forces, tmp, delay)
        log(
            f"reference: {len(want['notices'])} notices, {len(want['standing'])} standing phrases, "
            f"{sum(c[0] for c in want['classified'].values())} consultations, crawl span {span:.2f}s"
        )
        rng = random.Random(seed)
        results = []
        for n in range(trials):
            r = trial(site, forces, tmp, n, rng, want, span, delay=delay, mode=MODES[n % len(MODES)], records=records)
            results.append(r)
            log(
                f"trial {n:>2} {r['mode']:<6} kills {r['kills']} (killed {r['killed']}) at "
                f"{', '.join(f'{m:.2f}s' for m in r['moments'])}, stored then {r['stored_at_kill']}"
                + (f", store exits {r['store_exits']}" if r["store_exits"] is not None else "")
                + f": {'equal' if r['equal'] else 'DIFFERENT: ' + '; '.join(r['differences'])} ({r['seconds']}s)"
            )
    return {
        "benchmark": "crash_trials",
        "seed": seed,
        "delay": delay,
        "trials": trials,
        "kills": sum(r["kills"] for r in results),
        "killed": sum(r["killed"] for r in results),
        "mid_crawl": sum(1 for r in results for k in r["stored_at_kill"] if 0 < k < len(want["notices"])),
        "equal": sum(r["equal"] for r in results),
        "different": sum(not r["equal"] for r in results),
        "by_mode": {m: sum(1 for r in results if r["mode"] == m) for m in MODES},
        "failures": [{k: r[k] for k in ("trial", "mode", "moments", "differences")} for r in results if not r["equal"]],
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--delay", type=float, default=0.0, help="crawl --delay (seconds between requests to a host)")
    ap.add_argument("--json", type=Path, help="also write the summary JSON here")
    args = ap.parse_args(argv)
    summary = run_trials(args.trials, args.seed, args.delay)
    line = json.dumps(summary, sort_keys=True)
    print(f"summary: {line}")
    if args.json:
        args.json.write_text(line + "\n", encoding="utf-8")
    return 0 if summary["different"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
