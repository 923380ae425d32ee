"""Consultation labels against the classifier: is_consultation and asks_for_views precision and recall.

    python benchmarks/consultations.py [--labels tests/labels/consultations.jsonl] [--families soh,…] [--show]

Each labelled page is rendered (rotating the families) and extracted in-process with its force's standing
sign-offs learned from the whole corpus (as an archive holding it would know them). `--labels
tests/labels/fresh.jsonl` scores the held-out sample, which no rule was tuned to.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
import render  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def learned_standing(corpus, registry):
    from crawler.extraction.signoffs import learn

    slugs = {}
    for r in corpus:
        if r["force"] not in slugs and r["meta"].get("url"):
            slugs[r["force"]] = registry.force_for_url(r["meta"]["url"]).slug
    return learn((slugs.get(r["force"]), render.published_of(r), r["body"]) for r in corpus)


def run(labels_path, families=render.FAMILIES, seed=1):
    from crawler.extraction import apply_standing, extract_notice, load_rules
    from crawler.registry import load_registry

    labels = [json.loads(line) for line in Path(labels_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = render.load_corpus()
    by_file = {r["file"]: r for r in corpus}
    registry, rules = load_registry(), load_rules()
    standing = learned_standing(corpus, registry)
    rows = []
    for i, lab in enumerate(labels):
        data, url, _ = render.render(by_file[lab["file"]], families[i % len(families)], seed=seed)
        rec = extract_notice(data, url, registry=registry, rules=rules)
        rec = apply_standing(rec, rules, set(standing.get(rec["force"], ())))
        rows.append((lab, rec))
    return rows


def scores(rows, field):
    tp = sum(1 for lab, rec in rows if lab[field] and rec[field])
    fp = sum(1 for lab, rec in rows if not lab[field] and rec[field])
    fn = sum(1 for lab, rec in rows if lab[field] and not rec[field])
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=str(ROOT / "tests" / "labels" / "consultations.jsonl"))
    ap.add_argument("--families", default=",".join(render.FAMILIES))
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    rows = run(args.labels, tuple(args.families.split(",")))
    print(f"## {args.labels}: {len(rows)} labelled pages\n")
    print("| field | TP | FP | FN | precision | recall |\n|---|---|---|---|---|---|")
    for field in ("is_consultation", "asks_for_views"):
        s = scores(rows, field)
        fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
        print(f"| {field} | {s['tp']} | {s['fp']} | {s['fn']} | {fmt(s['precision'])} | {fmt(s['recall'])} |")
    if args.show:
        for lab, rec in rows:
            for field in ("is_consultation", "asks_for_views"):
                if bool(lab[field]) != bool(rec[field]):
                    print(
                        f"- {field} want {lab[field]} got {rec[field]}: {lab['file'][:8]} {lab['force']} | "
                        f"{lab['title'][:70]} | {lab.get('note', '')[:60]} | cues {rec['consultation_cues'][:4]}"
                    )


if __name__ == "__main__":
    main()
