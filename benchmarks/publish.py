"""Publishing benchmark: search latency through Datasette's JSON API and CSV streaming time.

    python benchmarks/publish.py [--corpus-db PATH] [--big-db PATH | --big N | --skip-big] [--queries 100]
        [--html-clients 20] [--html-seconds 20] [--skip-csv] [--before-plugins DIR] [--before-templates DIR]
        [--workers N]

1. The corpus archive (42k notices) is built as benchmarks/store_search.py builds it (or reused with
   --corpus-db), then published with `archive.publish.publish` (VACUUM INTO copy, inspect file,
   metadata), timed.
2. A real `datasette serve -i` process serves the published copy on 127.0.0.1 with the project's
   metadata, settings and plugins. Each query (the seeded set of benchmarks/store_search.py: one to three
   words from the corpus's own vocabulary) is requested as a user's browser asks for it:
   `/<db>/notices.json?_search=…` with the facets the metadata configures, the row count and the
   newest-first sort; p50/p95 over the set (best of 3 after a warm-up), by how many notices match,
   and how many searches had their facets left uncounted (more matches than the speed plugin counts
   facets for: the JSON's `facets_not_counted`).
3. CSV of every row, timed to the last byte (best of 3), rows counted: `notices.csv?_stream=on&_sort=id`
   (a researcher's keyset stream) and the stream the table page's CSV form asks for (newest first,
   `_size=max&_labels=on`). The load average is recorded: the machine may be shared.
4. The same on a large archive (CSV by id only, once): --big-db (e.g. benchmarks/out/big.db left by benchmarks/store_search.py,
   1M notices) served immutable as it is (a benchmark archive has no hidden notices, so its public
   copy holds the same rows), or built with --big N through the archive benchmark's code.
5. HTML search throughput: --html-clients threads (20) each request the table page a browser opens,
   `/<db>/notices?_search=…` (the same seeded queries, each client starting at its own place in the
   list), one after another for --html-seconds (20 s, after one warm-up pass of the page): requests/s,
   p50/p95/max latency, failures. On the corpus archive only (--html-seconds 0: skipped).
6. --before-plugins DIR serves each archive first with an older plugins directory (e.g. one exported
   with `git archive`; with --before-templates DIR its templates too), then with ours, in the same run: a
   side-by-side before/after.
7. --workers N (N > 1) serves the corpus archive once more with ours through archive/serve_app.py, N worker
   processes (`police-notices serve --workers N`); CPU a request is then that of all of them.
Corpus: ../shared/corpus/police-news-2021.dev.jsonl.gz relative to the repository root (never copied).
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.db import open_db  # noqa: E402
from archive.publish import (  # noqa: E402
    PLUGINS_DIR,
    TEMPLATES_DIR,
    database_name,
    datasette_command,
    load_metadata,
    publish,
    write_inspect,
    write_metadata,
)


def _archive_bench():
    import store_search

    return store_search


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`datasette serve -i` on one file, as `police-notices serve --public` runs it."""

    def __init__(self, db_file, folder, inspect=None, plugins_dir=None, templates_dir=None, workers=1):
        self.name = database_name(db_file)
        meta = write_metadata(Path(folder) / "metadata.json", self.name, public=True)
        self.port = free_port()
        cmd = datasette_command(db_file, meta, port=self.port, immutable=True, inspect_file=inspect, workers=workers)
        if plugins_dir:
            cmd[cmd.index(str(PLUGINS_DIR))] = str(plugins_dir)
        if templates_dir:
            cmd[cmd.index(str(TEMPLATES_DIR))] = str(templates_dir)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(self.url + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"datasette did not start: {self.proc.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.2)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=120) as r:
            return r.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def search_path(name, q):
    return f"/{name}/notices.json?" + urllib.parse.urlencode({"_search": q})


def facet_names(server_metadata_facets):
    """The names the configured facets have in Datasette's JSON: the column (our year facet was named
    "c (year)" before; both are accepted)."""
    names = []
    for f in server_metadata_facets:
        if isinstance(f, str):
            names.append(f)
        else:
            ((kind, col),) = f.items()
            names.append(col)
    return names


def missing_facets(expected, data):
    """Configured facets absent from the JSON and not declared uncounted: they timed out."""
    present = set(data.get("facet_results") or {})
    present |= {n[: -len(" (year)")] for n in present if n.endswith(" (year)")}
    uncounted = set((data.get("facets_not_counted") or {}).get("facets") or ())
    return [f for f in expected if f not in present and f not in uncounted]


def time_searches(server, queries, repeat=3):
    """(query, matches, best-of-repeat ms, facets timed out, error, facets not counted) per query, after
    one warm-up pass.

    Datasette's JSON leaves out a facet that ran past facet_time_limit_ms (it has no timed-out list),
    so a configured facet missing from facet_results timed out. A search that fails (its SQL ran past
    sql_time_limit_ms) is kept with its time and the HTTP status.
    """
    expected = facet_names(load_metadata()["databases"]["archive"]["tables"]["notices"]["facets"])

    def fetch(q):
        try:
            return json.loads(server.get(search_path(server.name, q))), None
        except urllib.error.HTTPError as e:
            return {}, e.code

    for q in queries:
        fetch(q)
    out = []
    for q in queries:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            data, error = fetch(q)
            best = min(best, time.perf_counter() - t)
        timed_out = [] if error else missing_facets(expected, data)
        uncounted = bool(data.get("facets_not_counted"))
        out.append((q, data.get("filtered_table_rows_count") or 0, best * 1000, timed_out, error, uncounted))
    return out


def html_path(name, q):
    return f"/{name}/notices?" + urllib.parse.urlencode({"_search": q})


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (Linux /proc): what a page costs, whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid):
    """cpu_seconds of a process and of its descendants (a server's worker processes)."""
    children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    return cpu_seconds(pid) + sum(tree_cpu_seconds(c) for c in children)


def html_throughput(server, queries, clients, seconds):
    """{requests_per_s, p50_ms, p95_ms, max_ms, requests, failed, server_cpu_ms_per_request} of `clients`
    threads each requesting the search page for the queries in turn (client i starts at query i) until
    `seconds` have passed. The server's CPU per request does not depend on what else the machine runs."""
    for q in queries[: max(clients, 10)]:  # warm-up: templates compiled, connections open
        server.get(html_path(server.name, q))
    times, failed, lock = [], [0], threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(i):
        k = i
        while time.perf_counter() < stop_at:
            t = time.perf_counter()
            try:
                server.get(html_path(server.name, queries[k % len(queries)]))
            except OSError:  # an HTTP error or a timeout: counted, not timed
                with lock:
                    failed[0] += 1
            else:
                with lock:
                    times.append((time.perf_counter() - t) * 1000)
            k += 1

    start, cpu = time.perf_counter(), tree_cpu_seconds(server.proc.pid)
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start  # to the last response, which may end after stop_at
    cpu = tree_cpu_seconds(server.proc.pid) - cpu
    bench = _archive_bench()
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(times),
        "failed": failed[0],
        "requests_per_s": round(len(times) / elapsed, 1),
        "p50_ms": round(bench.percentile(times, 50), 1) if times else None,
        "p95_ms": round(bench.percentile(times, 95), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "server_cpu_ms_per_request": round(cpu * 1000 / len(times), 1) if times else None,
    }


# A researcher's stream (keyset pages on the citation id) and the stream the table page's CSV form asks
# for (newest first, force labels, _size=max); benchmarks/out/publish/*.csv hold the last download.
CSV_PATHS = {
    "by id": "notices.csv?_stream=on&_dl=on&_sort=id",
    "newest first (the page's CSV form)": "notices.csv?_stream=on&_dl=on&_size=max&_labels=on",
}


def time_csv(server, path, dest, repeat=1):
    """Best-of-repeat seconds to the last byte of a streamed CSV (written to dest as it arrives), rows, bytes."""
    csv.field_size_limit(sys.maxsize)  # a notice body can be longer than the csv module's default limit
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        with urllib.request.urlopen(f"{server.url}/{server.name}/{path}", timeout=3600) as r, open(dest, "wb") as f:
            while chunk := r.read(1 << 20):
                f.write(chunk)
        best = min(best, time.perf_counter() - t)
    with open(dest, encoding="utf-8", newline="") as f:
        rows = sum(1 for _ in csv.reader(f)) - 1  # less the header
    return best, rows, Path(dest).stat().st_size


def measure(
    label,
    db_file,
    queries,
    folder,
    inspect=None,
    csv_paths=CSV_PATHS,
    csv_repeat=3,
    plugins_dir=None,
    html=(0, 0),
    templates_dir=None,
    workers=1,
):
    bench = _archive_bench()
    load = os.getloadavg()
    print(
        f"{label}: serving {db_file} with {plugins_dir or PLUGINS_DIR}, {templates_dir or TEMPLATES_DIR} (load average {load[0]:.1f} on "
        f"{os.cpu_count()} CPUs)",
        flush=True,
    )
    server = Server(db_file, folder, inspect, plugins_dir, templates_dir, workers)
    streams = {}
    try:
        results = time_searches(server, queries)
        clients, seconds = html
        throughput = html_throughput(server, queries, clients, seconds) if clients and seconds else None
        for name, path in csv_paths.items():
            streams[name] = time_csv(server, path, Path(folder) / f"{label}.csv", csv_repeat)
    finally:
        server.stop()
    bands = bench.band_table([(q, m, ms) for q, m, ms, *_ in results])
    for row, (_, limit) in zip(bands, bench.BANDS):
        low = next((b for _, b in reversed(bench.BANDS) if b < limit), -1)
        row["facets_not_counted"] = sum(1 for _, m, _, _, _, u in results if u and low < m <= limit)
    all_ms = [ms for _, _, ms, *_ in results]
    timed_out = sum(1 for *_, t, _, _ in results if t)
    failed = sum(1 for *_, e, _ in results if e)
    uncounted = sum(1 for *_, u in results if u)
    out = {
        "label": label,
        "db": str(db_file),
        "load_average": [round(x, 1) for x in load],
        "search_p50_ms": round(bench.percentile(all_ms, 50), 1),
        "search_p95_ms": round(bench.percentile(all_ms, 95), 1),
        "search_max_ms": round(max(all_ms), 1),
        "plugins": str(plugins_dir or PLUGINS_DIR),
        "templates": str(templates_dir or TEMPLATES_DIR),
        "workers": workers,
        "queries_with_facets_timed_out": timed_out,
        "queries_with_facets_not_counted": uncounted,
        "queries_failed": failed,
        "bands": bands,
        "html_search": throughput,
        "csv": {
            name: {"path": csv_paths[name], "seconds": round(sec, 2), "rows": rows, "mb": round(size / 1e6, 1)}
            for name, (sec, rows, size) in streams.items()
        },
        "queries": [
            {"q": q, "matches": m, "ms": round(ms, 1), "facets_timed_out": t, "error": e, "facets_not_counted": u}
            for q, m, ms, t, e, u in results
        ],
    }
    print(
        f"  search through the JSON API (facets, count, newest first), {len(results)} queries, best of 3:"
        f" p50 {out['search_p50_ms']} ms, p95 {out['search_p95_ms']} ms, max {out['search_max_ms']} ms;"
        f" facets timed out on {timed_out}, not counted (over the limit) on {uncounted}, failed {failed}",
        flush=True,
    )
    for row in bands:
        fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        print(
            f"    matches {row['band']:>9}: {row['queries']:3d} queries  p50 {fmt(row['p50_ms'])} ms"
            f"  p95 {fmt(row['p95_ms'])} ms  max {fmt(row['max_ms'])} ms;"
            f" facets not counted on {row['facets_not_counted']}",
            flush=True,
        )
    if throughput:
        print(
            f"  HTML search page, {throughput['clients']} concurrent clients for {throughput['seconds']} s:"
            f" {throughput['requests_per_s']} requests/s ({throughput['requests']} requests),"
            f" p50 {throughput['p50_ms']} ms, p95 {throughput['p95_ms']} ms, max {throughput['max_ms']} ms;"
            f" failed {throughput['failed']}; server CPU {throughput['server_cpu_ms_per_request']} ms a request",
            flush=True,
        )
    for name, (sec, rows, size) in streams.items():
        print(
            f"  CSV stream of every row, {name}: {rows:,} rows, {size / 1e6:,.1f} MB in {sec:.2f} s"
            f" (best of {csv_repeat})",
            flush=True,
        )
    print(f"  load average after: {os.getloadavg()[0]:.1f}", flush=True)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus-db", type=Path, help="an archive of the corpus to reuse (default: build one)")
    ap.add_argument("--big-db", type=Path, help="a large archive to reuse, e.g. benchmarks/out/big.db")
    ap.add_argument("--big", type=int, default=0, help="build a large archive of this many notices instead")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--skip-corpus", action="store_true", help="measure the large archive only")
    ap.add_argument(
        "--before-plugins",
        type=Path,
        help="an older plugins directory: each archive is served with it first, then with ours",
    )
    ap.add_argument("--before-templates", type=Path, help="the older templates directory served with --before-plugins")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--html-clients", type=int, default=20, help="concurrent clients of the HTML search page")
    ap.add_argument("--html-seconds", type=float, default=20, help="how long they ask (0: not measured)")
    ap.add_argument("--skip-csv", action="store_true", help="leave the CSV streams out")
    ap.add_argument("--workers", type=int, default=1, help="also serve the corpus with ours in N worker processes")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "publish")
    args = ap.parse_args(argv)
    bench = _archive_bench()
    if not bench.CORPUS.exists():
        print(f"corpus not found at {bench.CORPUS}: nothing to measure", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    entries = bench.load_corpus()
    queries = bench.make_queries(entries, args.queries, args.seed)
    results = {"queries": queries}
    before = args.before_plugins

    def side_by_side(label, db, inspect, csv_paths, csv_repeat, before_csv=True, html=(0, 0)):
        csv_paths = {} if args.skip_csv else csv_paths
        if before:
            results[label + "_before"] = measure(
                label + " (before)",
                db,
                queries,
                args.out,
                inspect,
                csv_paths if before_csv else {},
                csv_repeat,
                before,
                html,
                args.before_templates,
            )
        results[label] = measure(label, db, queries, args.out, inspect, csv_paths, csv_repeat, html=html)

    if not args.skip_corpus:
        corpus_db = args.corpus_db
        if corpus_db is None:
            corpus_db = args.out / "corpus.db"
            print(f"building the corpus archive at {corpus_db}", flush=True)
            bench.run_archive(corpus_db, bench.base_records(entries), queries[:5], "corpus", restore=False)
        open_db(corpus_db).close()  # an archive made by an older version is upgraded before publishing
        site = args.out / "site"
        if site.exists():
            import shutil

            shutil.rmtree(site)
        t = time.perf_counter()
        summary = publish(corpus_db, site, name="archive")
        results["publish_seconds"] = round(time.perf_counter() - t, 1)
        print(
            f"published {summary['notices']:,} notices ({summary['bytes'] / 1e6:,.0f} MB) in "
            f"{results['publish_seconds']} s",
            flush=True,
        )
        side_by_side(
            "corpus",
            summary["db"],
            site / "inspect-data.json",
            CSV_PATHS,
            3,
            html=(args.html_clients, args.html_seconds),
        )
        if args.workers > 1:
            label = f"corpus_workers_{args.workers}"
            results[label] = measure(
                f"corpus ({args.workers} workers)",
                summary["db"],
                queries,
                args.out,
                site / "inspect-data.json",
                {},
                html=(args.html_clients, args.html_seconds),
                workers=args.workers,
            )
    if not args.skip_big and (args.big_db or args.big):
        big = args.big_db
        if big is None:
            big = args.out / "big.db"
            records = bench.base_records(entries)
            bench.run_archive(big, bench.varied_copies(records, args.big, args.seed), queries[:5], "big", restore=False)
        db = open_db(big)  # upgraded in place when made by an older version (served as it is: no hidden notices)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        inspect = args.out / "big-inspect.json"
        t = time.perf_counter()
        write_inspect(big, inspect)
        print(f"datasette inspect of {big}: {time.perf_counter() - t:.0f} s", flush=True)
        # by id only, once (and not again before: the CSV path is the same): newest-first keyset pages
        # re-sort what is left on every page (quadratic at 1M)
        side_by_side("big", big, inspect, {"by id": CSV_PATHS["by id"]}, 1, before_csv=False)
    (args.out / "publish.json").write_text(json.dumps(results, indent=1))
    print(f"details: {args.out / 'publish.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
