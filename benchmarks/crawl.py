"""Crawl benchmark: a simulated many-force site on 127.0.0.1, crawled by the real spider.

    .venv/bin/python benchmarks/crawl.py [--forces 45] [--articles 420] [--delay 0.5] [--latency 0.05]

The server (a separate process, so its CPU and memory are not counted) gives each force its own site (a
port on 127.0.0.1, with its robots.txt) serving /f<i>/news/ as a mirror: paginated listings of
`--page-size` items and article pages rendered from the shared corpus (benchmarks/render.py, five markup
families), each answering after `--latency` seconds. Prints the crawl's wall time against the politeness
bound (the largest per-force request count × max(delay, latency); goal ≤ 1.15×), CPU seconds per page,
the gaps between two requests of a force as the server saw them (stamped by the server's threads, so a
loaded machine blurs them by some milliseconds either way) and the crawler's peak memory (goal ≤ 300 MB
at 20k pages).
"""

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOKEN = "bench.police.uk/news/__ART__/"
POOL = 300


def _pool(seed=1):
    """Rendered corpus pages with a placeholder URL (generated pages when the corpus is absent)."""
    from benchmarks import render

    try:
        records = render.load_corpus()
    except OSError:
        from benchmarks import pagegen

        return [page for page, _ in pagegen.generate(POOL, seed)]
    rng = random.Random(seed)
    out = []
    for i, rec in enumerate(rng.sample(records, POOL)):
        rec = dict(rec, meta=dict(rec["meta"], url="https://" + TOKEN))
        page, _, _ = render.render(rec, render.FAMILIES[i % len(render.FAMILIES)], seed)
        out.append(page.decode("utf-8"))
    return out


def serve(port_queue, forces, articles, page_size, latency):
    pool = _pool()
    arrivals = []  # (force, monotonic time) of every request as it arrives: the politeness evidence

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out in two writes: without TCP_NODELAY, Nagle + the client's delayed ACK
        # add ~40 ms to every response, which would be charged to the crawler
        disable_nagle_algorithm = True

        def do_GET(self):
            parts = urlsplit(self.path)
            segs = parts.path.strip("/").split("/")
            if parts.path == "/__arrivals":
                return self.reply(json.dumps(arrivals).encode(), 200)
            arrivals.append((segs[0], time.monotonic()))
            time.sleep(latency)
            body, status = b"not found", 404
            if parts.path == "/robots.txt":
                body, status = b"User-agent: *\nDisallow: /search\n", 200
            elif len(segs) >= 2 and segs[0].startswith("f") and segs[1] == "news":
                f = int(segs[0][1:])
                if len(segs) == 2:
                    page = int(parse_qs(parts.query).get("page", ["1"])[0])
                    body, status = self.listing(f, page), 200
                elif len(segs) == 3 and segs[2].startswith("a"):
                    k = int(segs[2][1:])
                    html = pool[(f * 7919 + k) % len(pool)]
                    body, status = html.replace(TOKEN, f"f{f}.bench.police.uk/news/a{k}/").encode(), 200
            self.reply(body, status)

        def reply(self, body, status):
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def listing(self, f, page):
            first = (page - 1) * page_size
            items = "".join(
                f'<li><a href="/f{f}/news/a{k}/">Notice number {k} from force {f}</a></li>'
                for k in range(first, min(first + page_size, articles))
            )
            nxt = f'<a rel="next" href="/f{f}/news/?page={page + 1}">Next</a>' if first + page_size < articles else ""
            return (
                f"<!DOCTYPE html><html><head><title>News | Force {f}</title></head><body><main><h1>News</h1>"
                f"<ul>{items}</ul>{nxt}</main></body></html>"
            ).encode()

        def log_message(self, *a):
            pass

    class Server(ThreadingHTTPServer):
        # the listen() backlog is read in the constructor (default 5): set on an instance it is too late,
        # and forces connecting at once would see dropped SYNs, retried after 1 s, charged as latency
        request_queue_size = 512
        daemon_threads = True

    # one server (port) per force, as each force is its own site: the crawler keeps one connection alive
    # per site and fetches one robots.txt per site, as it does on the real forces
    servers = [Server(("127.0.0.1", 0), Handler) for _ in range(forces)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    port_queue.put([server.server_address[1] for server in servers])
    threading.Event().wait()


def forces_toml(ports, forces):
    out = []
    for f in range(forces):
        out += [
            "[[force]]",
            f'slug = "f{f}"',
            f'name = "Force {f}"',
            f'domains = ["f{f}.bench.police.uk"]',
            f'start_urls = ["http://127.0.0.1:{ports[f]}/f{f}/news/"]',
            "",
        ]
    return "\n".join(out)


def force_gaps(arrivals):
    """Seconds between consecutive requests of each force (the shared robots.txt left out)."""
    by_force = {}
    for force, t in arrivals:
        if force.startswith("f"):
            by_force.setdefault(force, []).append(t)
    return [b - a for ts in by_force.values() for a, b in zip(sorted(ts), sorted(ts)[1:])]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forces", type=int, default=45)
    ap.add_argument("--articles", type=int, default=420, help="articles per force")
    ap.add_argument("--page-size", type=int, default=20)
    ap.add_argument("--delay", type=float, default=0.5, help="per-site delay (0.05 makes the crawl CPU-bound)")
    ap.add_argument("--latency", type=float, default=0.05)
    args = ap.parse_args(argv)

    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    server = ctx.Process(target=serve, args=(q, args.forces, args.articles, args.page_size, args.latency), daemon=True)
    server.start()
    ports = q.get(timeout=120)

    from crawler.crawl_cli import crawl_settings, outcome, run_crawl

    with tempfile.TemporaryDirectory() as tmp:
        forces = Path(tmp) / "forces.toml"
        forces.write_text(forces_toml(ports, args.forces))
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.monotonic()
        session = run_crawl(
            crawl_settings(delay=args.delay, extra={"LOG_LEVEL": "ERROR"}),
            db=str(Path(tmp) / "bench.db"),
            forces_file=str(forces),
        )
        wall = time.monotonic() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    with urlopen(f"http://127.0.0.1:{ports[0]}/__arrivals") as r:
        gaps = force_gaps(json.load(r))
    server.terminate()
    table, code = outcome(session)
    rows = session.summary
    pages = sum(s["pages"] for _, s, _ in rows)
    most = max(s["requests"] for _, s, _ in rows) + 1  # + the site's robots.txt
    bound = most * max(args.delay, args.latency)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"forces {args.forces}, pages fetched {pages}, notices new {sum(s['new'] for _, s, _ in rows)}, "
        f"errors {sum(s['errors'] for _, s, _ in rows)}, exit code {code}"
    )
    print(
        f"wall {wall:.1f}s; politeness bound {bound:.1f}s ({most} requests × {max(args.delay, args.latency)}s): "
        f"{wall / bound:.2f}× (goal ≤ 1.15×)"
    )
    print(
        f"CPU {cpu:.1f}s = {1000 * cpu / max(pages, 1):.2f} ms a page; CPU-bound floor {cpu:.1f}s "
        f"({cpu / wall:.0%} of the wall time)"
    )
    q = statistics.quantiles(gaps, n=100)
    print(
        f"gaps between two requests of one force, as the server saw them: min {min(gaps):.3f}s, "
        f"p1 {q[0]:.3f}s, median {q[49]:.3f}s, p99 {q[98]:.3f}s; {sum(g < args.delay for g in gaps)} of "
        f"{len(gaps)} below the delay ({args.delay}s)"
    )
    print(f"peak memory {peak:.0f} MB (before the crawl {rss_before:.0f} MB; goal ≤ 300 MB at 20k pages)")
    threading.Event().wait(0)


if __name__ == "__main__":
    main()
