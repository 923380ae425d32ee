"""Consultation campaigns on the shared corpus: the February 2021 national ANPR survey, the number of
consultations, and sampled multi-notice groups for a hand check.

    python benchmarks/campaigns.py [--db /tmp/corpus-campaigns.db] [--sample 20] [--seed 1]

The archive is built once from the corpus (as `police-notices import` then `reclassify` would: each force's
standing sign-offs learned, its notices classified with them) and kept at --db for the next run.
"""

import argparse
import gzip
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "police-news-2021.dev.jsonl.gz"
TODAY = date(2021, 4, 30)  # the corpus ends in April 2021


def build(db_path, corpus=CORPUS):
    from archive.db import open_db
    from archive.importer import record_from_archive
    from archive.reclassify import reclassify
    from archive.standing import learn_standing
    from archive.store import save_forces, save_records
    from crawler.extraction import load_rules
    from crawler.registry import load_registry

    registry, rules = load_registry(), load_rules()
    db = open_db(db_path)
    save_forces(db, registry)

    def records():
        with gzip.open(corpus, "rt", encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                try:
                    yield record_from_archive(
                        e["meta"], e["body"], raw=e["file"].encode(), registry=registry, rules=rules
                    )
                except ValueError:
                    continue

    save_records(db, records(), provenance="imported")
    learn_standing(db)
    reclassify(db, rules)
    return db


# The corpus's posts of the national ANPR survey, found by hand: every page whose text names ANPR and a survey
# or views, published (or, undated, filed under) February-March 2021, read one by one. Four carry no date.
ANPR_SURVEY_POSTS = (
    "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/",
    "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/anpr-have-your-say/",
    "https://www.nottinghamshire.police.uk/news-article/force-encourages-public-take-part-national-survey",
    "https://www.wiltshire.police.uk/article/7152/ANPR-Have-Your-Say",
    "https://www.southyorks.police.uk/find-out/news-and-appeals/2021/february-2021/"
    "automatic-number-plate-recognition-what-is-your-view/",
    "https://www.cheshire.police.uk/news/cheshire/news/articles/2021/2/have-your-say-on-the-use-of-anpr-technology/",
)


def anpr_survey_posts(conn):
    marks = ", ".join("?" * len(ANPR_SURVEY_POSTS))
    return {nid for (nid,) in conn.execute(f"SELECT id FROM notices WHERE url IN ({marks})", ANPR_SURVEY_POSTS)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="/tmp/corpus-campaigns.db")
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    from archive.campaigns import update_campaigns
    from archive.db import open_db

    started = time.monotonic()
    db = open_db(args.db) if Path(args.db).exists() else build(args.db)
    print(
        f"archive: {db.conn.execute('SELECT count(*) FROM notices').fetchone()[0]} notices "
        f"({time.monotonic() - started:.0f} s)"
    )
    started = time.monotonic()
    counts = update_campaigns(db, today=TODAY)
    print(
        f"grouped in {time.monotonic() - started:.1f} s: {counts['consultations']} consultations; statuses "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "consultations")
    )
    conn = db.conn
    multi = conn.execute(
        "SELECT id, title, publishers, notices, timeline FROM consultation_campaigns WHERE notices > 1 ORDER BY id"
    ).fetchall()
    print(
        f"consultations with more than one notice: {len(multi)}; with more than one publisher: "
        f"{sum(1 for r in multi if len(json.loads(r[2])) > 1)}"
    )
    anpr = anpr_survey_posts(conn)
    homes = {}
    for nid in anpr:
        row = conn.execute("SELECT consultation_id FROM consultation_notices WHERE notice_id = ?", [nid]).fetchone()
        homes.setdefault(row[0] if row else None, []).append(nid)
    print(f"\nthe national ANPR survey: {len(anpr)} posts (found by hand), in {len(homes)} consultation(s)")
    for cid, nids in sorted(homes.items(), key=lambda kv: -len(kv[1])):
        row = conn.execute(
            "SELECT publishers, notices, timeline FROM consultation_campaigns WHERE id = ?", [cid]
        ).fetchone()
        if row is None:
            print(f"  not grouped: {nids}")
            continue
        timeline = json.loads(row[2])
        others = [t for t in timeline if t["id"] not in anpr]
        print(
            f"  {cid}: {len(nids)} of its posts; {row[1]} notice(s) from {len(json.loads(row[0]))} publisher(s)"
            f"; joined by {len(others)} other notice(s)"
        )
        for t in timeline:
            print(
                f"    {'*' if t['id'] in anpr else ' '} {t['published']} {t['publisher']:<22} {t['role']:<12} {t['title']}"
            )
    print(f"\n{min(args.sample, len(multi))} sampled multi-notice groups (seed {args.seed}):")
    for cid, title, publishers, n, timeline in random.Random(args.seed).sample(multi, min(args.sample, len(multi))):
        print(f"\n- {cid} {title!r}: {n} notices, publishers {', '.join(json.loads(publishers))}")
        for t in json.loads(timeline):
            print(f"    {t['published']} {t['publisher']:<22} {t['role']:<12} {t['title']}")


if __name__ == "__main__":
    main()
