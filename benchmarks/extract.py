"""Extraction speed on one core: our extract_notice vs trafilatura, same pages, one run.

    python benchmarks/extract.py --pages 1000 [--seed 7] [--cpu 0] [--skip-trafilatura]
    python benchmarks/extract.py --pages 1000 --baseline ../old-checkout [--rounds 3] [--families soh,drupal]

Pages come from pagegen.py (60–150 KB, full chrome, seeded). The process is pinned to one CPU and the
extractors run one after the other on the same in-memory pages: ours with the bytes and URL, trafilatura
with `bare_extraction(html, url=…, with_metadata=True)` (metadata + main text). Goal for ours: ≥ 400
pages/s and ≥ 10× trafilatura.

--baseline DIR times the same pages with the extraction code of another checkout (e.g. a `git worktree` of
the commit before a change), interleaved with this one: each round runs this tree's code, then the
baseline's, each in a fresh process pinned to the same CPU; it prints CPU ms/page per round and the ratio.
The pages come from this tree's pagegen (every family, so each family's fallback pages in proportion).
"""

import argparse
import gc
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import pagegen  # noqa: E402

WARM_IMPORTS = ("trafilatura", "htmldate", "extruct")  # the second opinions' libraries: imported once a process


def timed(fn, pages):
    """Per-page wall seconds of fn(html bytes, url), after one warm-up call and the one-time imports of the
    second opinions' libraries (a crawl pays them once, not per page), with the run's CPU seconds (on a
    shared machine the wall time also counts the moments another process held the core)."""
    for name in WARM_IMPORTS:
        __import__(name)
    fn(*pages[0])
    gc.collect()
    times, errors = [], 0
    cpu = time.thread_time()
    for data, url in pages:
        t = time.perf_counter()
        try:
            fn(data, url)
        except Exception:
            errors += 1
        times.append(time.perf_counter() - t)
    return times, errors, time.thread_time() - cpu


def ours():
    from crawler.extraction import extract_notice
    from crawler.registry import load_registry

    registry = load_registry(None)
    return lambda data, url: extract_notice(data, url, registry=registry)


def trafilatura_fn():
    import trafilatura

    return lambda data, url: trafilatura.bare_extraction(data.decode("utf-8"), url=url, with_metadata=True)


def _load():
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def line(name, times, errors, cpu):
    total = sum(times)
    ms = sorted(t * 1000 for t in times)
    return (
        f"| {name} | {len(times) / total:,.0f} | {total / len(times) * 1000:.2f} | {statistics.median(ms):.2f} | "
        f"{ms[int(len(ms) * 0.95) - 1]:.2f} | {cpu / len(times) * 1000:.2f} | {errors} |"
    )


def worker(pages_file, code):
    """Time extract_notice from the checkout `code` on the pickled pages; print JSON."""
    sys.path.insert(0, code)
    for name in [m for m in sys.modules if m == "crawler" or m.startswith("crawler.")]:
        del sys.modules[name]
    with open(pages_file, "rb") as f:
        pages = pickle.load(f)
    times, errors, cpu = timed(ours(), pages)
    print(json.dumps({"cpu_ms": cpu / len(pages) * 1000, "wall_ms": sum(times) / len(pages) * 1000, "errors": errors}))


def compare(pages, baseline, rounds, cpu):
    """This tree's extraction against the baseline checkout's, interleaved rounds, fresh processes."""
    root = str(Path(__file__).resolve().parents[1])
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        pickle.dump(pages, f)
    rows = {"this tree": [], "baseline": []}
    try:
        for _ in range(rounds):
            for name, code in (("this tree", root), ("baseline", str(Path(baseline).resolve()))):
                out = subprocess.run(
                    [sys.executable, __file__, "--worker", f.name, "--code", code, "--cpu", str(cpu)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                rows[name].append(json.loads(out.stdout.splitlines()[-1]))
    finally:
        os.unlink(f.name)
    print("| code | " + " | ".join(f"round {i + 1} CPU ms/page" for i in range(rounds)) + " | mean | errors |")
    print("|---" * (rounds + 3) + "|")
    for name, runs in rows.items():
        cpus = [r["cpu_ms"] for r in runs]
        print(
            f"| {name} | " + " | ".join(f"{c:.2f}" for c in cpus) + f" | {statistics.mean(cpus):.2f} | "
            f"{sum(r['errors'] for r in runs)} |"
        )
    ours_ms, base_ms = (statistics.mean(r["cpu_ms"] for r in rows[k]) for k in ("this tree", "baseline"))
    print(
        f"\nthis tree / baseline CPU per page: {ours_ms / base_ms:.3f}× ({1000 / ours_ms:,.0f} vs {1000 / base_ms:,.0f} "
        f"pages/s of CPU); goal ≤ 1.15×"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cpu", type=int, default=0, help="CPU to pin to")
    ap.add_argument("--skip-trafilatura", action="store_true")
    ap.add_argument("--baseline", help="another checkout whose extraction to time against this one's")
    ap.add_argument("--families", help="comma-separated families to render (default: all of render.FAMILIES)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--code", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    if args.worker:
        return worker(args.worker, args.code)
    t = time.perf_counter()
    families = tuple(args.families.split(",")) if args.families else pagegen.render.FAMILIES
    pages = pagegen.generate(args.pages, seed=args.seed, families=families)
    sizes = sorted(len(d) for d, _ in pages)
    print(
        f"{len(pages)} pages generated in {time.perf_counter() - t:.1f}s: {sizes[0] // 1024}–{sizes[-1] // 1024} KB, "
        f"median {sizes[len(sizes) // 2] // 1024} KB, total {sum(sizes) / 2**20:.1f} MB; pinned to CPU {args.cpu}\n"
    )
    load_before = _load()
    if args.baseline:
        compare(pages, args.baseline, args.rounds, args.cpu)
        print(f"load average (1 min) before / after: {load_before} / {_load()} on {os.cpu_count()} CPUs")
        return
    print(
        "| extractor | pages/s | ms/page (mean) | p50 ms | p95 ms | CPU ms/page | errors |\n|---|---|---|---|---|---|---|"
    )
    results = {}
    try:
        results["police-notices extract_notice"] = timed(ours(), pages)
    except ImportError as e:
        print(f"| police-notices extract_notice | – | – | – | – | – | not importable: {e} |")
    if not args.skip_trafilatura:
        results["trafilatura bare_extraction"] = timed(trafilatura_fn(), pages)
    for name, (times, errors, cpu) in results.items():
        print(line(name, times, errors, cpu))
    if len(results) == 2:
        (a, _, _), (b, _, _) = results.values()
        print(
            f"\nours is {sum(b) / sum(a):.1f}× trafilatura's speed (goal ≥ 10×); "
            f"ours {len(a) / sum(a):,.0f} pages/s (goal ≥ 400)."
        )
    # Absolute numbers move with whatever else the machine runs; the ratio (same pages, same run) less so.
    print(f"load average (1 min) before / after: {load_before} / {_load()} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
