"""Archive benchmarks on the shared corpus: store throughput with FTS on, size, full-text query latency.

    python benchmarks/store_search.py [--big 1000000] [--skip-big] [--queries 100] [--seed 42] [--out DIR]

1. Records are built from the corpus entries directly (the entries are in the public archive format:
   the header's meta, the Markdown body) with the importer's mapping, before any timing, so the
   extractor's speed is not measured here.
2. `store`: save_records() of every corpus notice into a fresh archive (WAL, FTS triggers on), timed;
   then the same records again (idempotency: must add no version), timed.
3. Size per 10k notices, and by table (dbstat).
4. Queries: a fixed, seeded set of one- to three-word queries drawn from the corpus's own words,
   run through archive.search.search() (bm25-ranked, top 20), p50/p95 by how many notices each
   query matches (≤ 100, ≤ 10,000, more).
5. The same at `--big` notices: the corpus replicated with each copy varied (sentences shuffled per
   paragraph, title words shuffled, a distinct URL), stored through the same save_records() path.
Corpus: ../shared/corpus/police-news-2021.dev.jsonl.gz relative to the repository root (never copied).
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.db import open_db  # noqa: E402
from archive.search import count_matches, search  # noqa: E402
from archive.store import save_records  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus" / "police-news-2021.dev.jsonl.gz"
BANDS = (("<= 100", 100), ("<= 10,000", 10_000), ("> 10,000", float("inf")))
STOP = set(
    """a an and are as at be by for from has have he her his i in is it its of on or our she that the
their them they this to was we were will with you your not but been had if into no so than then there
these those who what when which would can could may also after before about all any do did does out up
""".split()
)
WORD = re.compile(r"[a-z]{3,}")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_corpus(path=CORPUS):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def base_records(entries):
    from archive.importer import record_from_archive
    from crawler.extraction import load_rules
    from crawler.registry import load_registry

    registry, rules = load_registry(), load_rules()
    out = []
    for e in entries:
        try:
            rec = record_from_archive(e["meta"], e["body"], raw=e["file"].encode(), registry=registry, rules=rules)
        except ValueError:
            continue
        rec.pop("provenance", None)
        out.append(rec)
    return out


def varied_copies(records, total, seed):
    """records, then varied copies of them, up to total: each copy's own URL, shuffled sentences and title.

    The copies' content hashes are plain SHA-256 of their text (distinct is all a benchmark needs).
    """
    import hashlib

    yield from (dict(r) for r in records[:total])
    n = min(total, len(records))
    split = [[SENTENCE.split(p) for p in (r["body"] or "").split("\n\n")] for r in records]
    copy = 1
    while n < total:
        rng = random.Random(seed * 1000 + copy)
        for rec, paras in zip(records, split):
            if n >= total:
                return
            paras = [rng.sample(p, len(p)) for p in paras]
            rng.shuffle(paras)
            body = "\n\n".join(" ".join(p) for p in paras)
            words = (rec["title"] or "").split()
            rng.shuffle(words)
            url = rec["url"] + ("&" if "?" in rec["url"] else "?") + f"copy={copy}"
            new = dict(rec, url=url, fetched_url=url, canonical=url, body=body, title=" ".join(words))
            new["content_sha256"] = hashlib.sha256(f"{new['title']}\n{body}".encode()).hexdigest()
            new["raw_sha256"] = hashlib.sha256(url.encode()).hexdigest()
            yield new
            n += 1
        copy += 1


class TimedIter:
    """Wraps an iterator and adds up the time spent producing its items (not the consumer's time)."""

    def __init__(self, items):
        self.items, self.seconds, self.cpu = iter(items), 0.0, 0.0

    def __iter__(self):
        return self

    def __next__(self):
        t, cpu = time.perf_counter(), time.process_time()
        try:
            return next(self.items)
        finally:
            self.seconds += time.perf_counter() - t
            self.cpu += time.process_time() - cpu


def make_queries(entries, n, seed):
    """n queries of 1-3 words, each picked from one random corpus notice's own words (stopwords out)."""
    rng = random.Random(seed)
    queries = []
    while len(queries) < n:
        e = rng.choice(entries)
        words = [w for w in WORD.findall(((e["meta"].get("title") or "") + " " + e["body"]).lower()) if w not in STOP]
        if len(words) < 3:
            continue
        k = rng.choice((1, 2, 3))
        start = rng.randrange(len(words))
        # neighbouring words read like what people type ("speed camera", "stop search")
        picked = list(dict.fromkeys(words[start : start + k])) if rng.random() < 0.5 else rng.sample(words, k)
        queries.append(" ".join(picked))
    return queries


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


RECENT = 20_000  # the bounded variant for the common-words band: rank the newest 20k matches


def time_queries(db, queries, repeat=3, **options):
    """(query, matches, best-of-repeat ms) for each query; one warm-up pass first."""
    for q in queries:
        search(db, q, **options)
    out = []
    for q in queries:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            search(db, q, **options)
            best = min(best, time.perf_counter() - t)
        out.append((q, count_matches(db, q), best * 1000))
    return out


def band_table(results):
    rows = []
    for label, limit in BANDS:
        lower = max([lim for _, lim in BANDS if lim < limit], default=-1)
        times = [ms for _, m, ms in results if lower < m <= limit]
        rows.append(
            {
                "band": label,
                "queries": len(times),
                "p50_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
                "max_ms": max(times) if times else None,
            }
        )
    return rows


def sizes(db, path):
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    by_table = {}
    for name, size in db.conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        base = (
            "notices_fts (index)"
            if name.startswith("notices_fts")
            else (
                "notices"
                if name.startswith("sqlite_autoindex_notices") or name.startswith("idx_notices")
                else "notice_versions"
                if name.startswith("sqlite_autoindex_notice_versions")
                else name
            )
        )
        by_table[base] = by_table.get(base, 0) + size
    return os.path.getsize(path), dict(sorted(by_table.items(), key=lambda kv: -kv[1]))


def store_timed(path, records, label, batch_size=2000):
    db = open_db(path)
    items = TimedIter(records)
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), time.process_time()
    report = save_records(db, items, batch_size=batch_size)
    elapsed = time.perf_counter() - t - items.seconds  # generating varied copies is not storing
    cpu = time.process_time() - cpu - items.cpu
    n = sum(report.counts[k] for k in ("inserted", "updated", "reextracted", "unchanged"))
    # CPU seconds too: on a shared box wall time also measures the other processes
    print(
        f"  {label}: {n:,} records in {elapsed:.1f}s = {n / elapsed:,.0f} notices/s"
        f" ({n / cpu:,.0f} per CPU-second; load average {load:.1f} on {os.cpu_count()} CPUs)"
        f"  {dict(report.counts)}",
        flush=True,
    )
    return db, report, n / elapsed


def run_archive(path, records, queries, label, *, restore=True):
    result = {"label": label}
    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db, report, rate = store_timed(path, records, "store (fresh)")
    notices = db.execute("SELECT count(*) FROM notices").fetchone()[0]
    result.update(notices=notices, store_per_s=round(rate))
    if restore and isinstance(records, list):
        versions = db.execute("SELECT count(*) FROM notice_versions").fetchone()[0]
        db, report2, rate2 = store_timed(path, records, "store again (idempotency)")
        after = db.execute("SELECT count(*) FROM notice_versions").fetchone()[0]
        result.update(
            restore_per_s=round(rate2), new_versions_on_restore=after - versions, restore_counts=dict(report2.counts)
        )
    total, by_table = sizes(db, path)
    result.update(
        db_bytes=total,
        mb_per_10k=round(total / notices * 10_000 / 1e6, 1),
        mb_per_10k_by_table={k: round(v / notices * 10_000 / 1e6, 1) for k, v in by_table.items()},
    )
    print(
        f"  size: {total / 1e6:,.0f} MB = {result['mb_per_10k']} MB per 10k notices; "
        + ", ".join(f"{k} {v}" for k, v in list(result["mb_per_10k_by_table"].items())[:6]),
        flush=True,
    )
    result["queries"], result["bands"] = query_report(db, queries)
    db.close()
    return result


def query_report(db, queries):
    """Exact relevance ranking for every query; for the > 10,000 band also ranked among the newest 20k."""
    t = time.perf_counter()
    timed = time_queries(db, queries)
    bands = band_table(timed)
    common = [q for q, m, _ in timed if m > BANDS[1][1]]
    bounded = band_table(time_queries(db, common, recent=RECENT))[2] if common else None
    if bounded:
        bands.append(dict(bounded, band=f"> 10,000, newest {RECENT:,} ranked"))
    print(f"  queries ({time.perf_counter() - t:.0f}s), top 20 by bm25, best of 3 after a warm-up:", flush=True)
    for row in bands:
        fmt = lambda v: "-" if v is None else f"{v:.1f}"  # noqa: E731
        print(
            f"    matches {row['band']:>9}: {row['queries']:3d} queries  p50 {fmt(row['p50_ms'])} ms"
            f"  p95 {fmt(row['p95_ms'])} ms  max {fmt(row['max_ms'])} ms",
            flush=True,
        )
    return [{"q": q, "matches": m, "ms": round(ms, 2)} for q, m, ms in timed], bands


def queries_only(args, queries):
    for name in ("corpus", "big"):
        path = args.out / f"{name}.db"
        if path.exists():
            db = open_db(path)
            print(f"{name} archive ({db.execute('SELECT count(*) FROM notices').fetchone()[0]:,} notices):")
            query_report(db, queries)
            db.close()
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--big", type=int, default=1_000_000, help="notices in the large archive")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries again on the archives a previous run left in --out",
    )
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: nothing to measure", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    entries = load_corpus()
    if args.queries_only:
        return queries_only(args, make_queries(entries, args.queries, args.seed))
    records = base_records(entries)
    print(
        f"built {len(records):,} records from {len(entries):,} corpus entries in {time.perf_counter() - t:.0f}s"
        " (import mapping; not part of the store timing)",
        flush=True,
    )
    queries = make_queries(entries, args.queries, args.seed)
    results = {"queries": queries}
    print(f"corpus archive ({len(records):,} notices):", flush=True)
    results["corpus"] = run_archive(args.out / "corpus.db", records, queries, "corpus")
    if not args.skip_big:
        print(f"large archive ({args.big:,} notices, varied copies of the corpus):", flush=True)
        results["big"] = run_archive(
            args.out / "big.db", varied_copies(records, args.big, args.seed), queries, f"{args.big:,}", restore=False
        )
    (args.out / "archive.json").write_text(json.dumps(results, indent=1))
    print(f"details: {args.out / 'archive.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
