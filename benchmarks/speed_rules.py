"""Which of the speed plugin's rules pay: JSON searches with every rule, then with each switched off alone.

    PYTHONPATH=. python benchmarks/speed_rules.py ARCHIVE [--queries 30]

A Datasette instance in this process serves ARCHIVE (a published copy or benchmarks/out/publish/big.db) with
the project's metadata, settings and plugins; the first --queries of the seeded query set
(benchmarks/store_search.py) are asked of `notices` and `anpr_notices` as JSON (facets, count, newest first),
best of 2 after a warm-up pass, p50/p95. A rule is switched off by making its pattern match nothing, so
the query runs as Datasette wrote it (and the plugin warns once per shape: expected here).
"""

import argparse
import asyncio
import re
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datasette.app import Datasette  # noqa: E402
from datasette.plugins import pm  # noqa: E402

from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, database_name, metadata_for  # noqa: E402

# matches nothing, with every group name the rules' substitutions refer to
NEVER = re.compile(r"(?!x)x(?P<match>)(?P<search>)(?P<cols>)(?P<where>)(?P<order>)(?P<limit>)(?P<offset>)(?P<col>)")
TABLES = ("notices", "anpr_notices")


def switches(speed):
    """rule -> a function switching it off in the loaded plugin module."""
    return {
        "search count": lambda: setattr(speed, "_COUNT", NEVER),
        "search page": lambda: setattr(speed, "_PAGE", NEVER),
        "view search": lambda: setattr(speed, "_VIEW_SEARCH", NEVER),
        "column facet": lambda: speed._FACET_SHAPES.__setitem__("column", NEVER),
        "array facet": lambda: speed._FACET_SHAPES.__setitem__("array", NEVER),
        "year facet": lambda: speed._FACET_SHAPES.__setitem__("year", NEVER),
        "filtered count": lambda: setattr(speed, "rewrite_count_sql", lambda sql: None),
    }


async def timed(ds, name, table, queries):
    times = []
    for q in queries:
        best = float("inf")
        for _ in range(2):
            t = time.perf_counter()
            await ds.client.get(f"/{name}/{table}.json?" + urllib.parse.urlencode({"_search": q}))
            best = min(best, time.perf_counter() - t)
        times.append(best * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.95)]


async def measure(db, queries):
    name = database_name(db)
    ds = Datasette(
        immutables=[str(db)],
        metadata=metadata_for(name, public=True),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )
    await ds.client.get("/-/versions.json")
    (speed,) = [p for p in pm.get_plugins() if "police_notices_speed" in getattr(p, "__name__", "")]
    saved = {k: getattr(speed, k) for k in ("_COUNT", "_PAGE", "_VIEW_SEARCH", "rewrite_count_sql")}
    shapes = dict(speed._FACET_SHAPES)
    for table in TABLES:
        await timed(ds, name, table, queries)  # warm-up
    for label, off in [("none", None), *switches(speed).items(), ("none, again", None)]:
        if off:
            off()
        row = [await timed(ds, name, table, queries) for table in TABLES]
        print(
            f"switched off: {label:16}"
            + "".join(f"  {t}: p50 {p50:.1f} p95 {p95:.1f} ms" for t, (p50, p95) in zip(TABLES, row)),
            flush=True,
        )
        for k, v in saved.items():
            setattr(speed, k, v)
        speed._FACET_SHAPES.update(shapes)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--queries", type=int, default=30)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import store_search

    queries = store_search.make_queries(store_search.load_corpus(), 100, 42)[: args.queries]
    asyncio.run(measure(args.archive, queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
