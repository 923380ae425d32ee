"""Extraction accuracy on corpus pages rendered as realistic HTML (see render.py).

    python benchmarks/evaluate.py [--n 3000] [--seed 1] [--out /tmp/eval] [--extractor ours|trafilatura|expected] [--families a,b]
                                  [--oracle [--oracle-top 20] [--no-sample-site] [--jobs N]]

Samples N corpus pages (seeded; --n 0 = all) plus every labelled page of tests/labels/consultations.jsonl,
renders them rotating the markup families, runs `police-notices extract --manifest` on them (a subprocess,
as a user would) and prints per-field accuracy by family as Markdown tables, next to the targets.
Failures (file, field, expected, got) go to OUT/failures.jsonl. `--extractor expected` scores the truth
against itself: every number must be perfect, which checks this tooling.

`--oracle` (with our extractor) adds a differential comparison (oracle.py): trafilatura's title and text and
htmldate's publish day on the same pages, and on the offline sample site's articles as family
"sample-site" (no body truth there); agreement per family is printed, with who was right where they
disagree and the truth is known, and the --oracle-top pages where they disagree most go to
OUT/disagreements.jsonl (every page's row to OUT/oracle.jsonl).
"""

import argparse
import html
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

sys.path.append(str(Path(__file__).resolve().parent))
import render  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "labels" / "consultations.jsonl"

TARGETS = {
    "title": 0.99,
    "published": 0.98,
    "og": 1.0,
    "body_f1": 0.95,
    "anpr_recall": 1.0,
    "anpr_fp": 0,
    "consult_p": 0.95,
    "consult_r": 0.95,
    "survey_p": 1.0,
    "survey_r": 0.95,
}


def load_labels(path=LABELS):
    if not Path(path).exists():
        return {}
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["file"]] = row
    return out


def select(records, n, seed, labels):
    """A seeded sample of n records (all when n == 0) plus every labelled one, in corpus order."""
    chosen = (
        set(range(len(records)))
        if n == 0
        else set(random.Random(seed).sample(range(len(records)), min(n, len(records))))
    )
    chosen |= {i for i, r in enumerate(records) if r["file"] in labels}
    return [records[i] for i in sorted(chosen)]


def render_pages(records, seed, families=render.FAMILIES):
    """Rendered pages, rotating the families: [(html bytes, url, truth)]."""
    return [render.render(r, families[i % len(families)], seed=seed) for i, r in enumerate(records)]


def write_pages(pages, out):
    """Pages and a manifest under OUT; returns the manifest path."""
    pages_dir = Path(out) / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    manifest = Path(out) / "manifest.jsonl"
    with open(manifest, "w", encoding="utf-8") as m:
        for i, (data, url, truth) in enumerate(pages):
            name = f"pages/{i:05d}-{truth['family']}.html"
            (Path(out) / name).write_bytes(data)
            m.write(json.dumps({"path": name, "url": url}) + "\n")
    return manifest


def run_ours(manifest):
    """Run the CLI on the manifest; one record (or {path, error}) per page, in order."""
    exe = ROOT / ".venv" / "bin" / "police-notices"
    cmd = [str(exe) if exe.exists() else "police-notices", "extract", "--manifest", str(manifest)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"extractor failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def run_trafilatura(pages):
    import trafilatura

    out = []
    for data, url, _ in pages:
        doc = trafilatura.bare_extraction(data.decode("utf-8"), url=url, with_metadata=True)
        d = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        out.append(
            {
                "title": d.get("title"),
                "published": d.get("date"),
                "og": {},
                "body": d.get("text") or "",
                "topics": [],
                "is_consultation": False,
                "survey_links": [],
            }
        )
    return out


def run_expected(pages, labels):
    """The truth as if an extractor had produced it: scores must be perfect."""
    out = []
    for _, _, t in pages:
        lab = labels.get(t["file"], {})
        out.append(
            {
                "title": t["title"],
                "published": t["published"],
                "og": t["og"],
                "body": t["body"],
                "topics": ["anpr"] if lab.get("anpr") else [],
                "is_consultation": bool(lab.get("is_consultation")),
                "survey_links": [{"url": u} for u in lab.get("survey_urls") or []],
            }
        )
    return out


# --- scoring -------------------------------------------------------------------------------------


def norm_text(s):
    return " ".join(html.unescape(s or "").split())


def tokens(md):
    """Words of a Markdown text, syntax stripped: link targets, emphasis, headings, list markers."""
    s = html.unescape(md or "")
    s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\]\([^)]*\)", "]", s)
    return re.findall(r"\w+", s.lower().replace("_", " "))


def token_f1(expected, got):
    e, g = Counter(tokens(expected)), Counter(tokens(got))
    if not e and not g:
        return 1.0
    common = sum((e & g).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(e.values())
    return 2 * p * r / (p + r)


def parse_iso(s):
    """ISO text -> datetime (aware) or date; None when unparseable."""
    if not s or not isinstance(s, str):
        return None
    s = s.strip()
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


def judge_date(expected, got):
    """'correct', 'date_only' (right day, time missing), 'null' or 'wrong'."""
    if got is None or got == "":
        return "null"
    e, g = parse_iso(expected), parse_iso(got)
    if g is None:
        return "wrong"
    if isinstance(e, datetime):
        if isinstance(g, datetime):
            return "correct" if g.tzinfo and g == e else "wrong"
        return "date_only" if g == e.astimezone(render.LONDON).date() else "wrong"
    gd = g.date() if isinstance(g, datetime) else g
    return "correct" if gd == e else "wrong"


def norm_og(og):
    """og values compared with whitespace collapsed: a newline inside a meta attribute carries nothing."""
    return {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in (og or {}).items()}


def norm_url(u):
    u = unquote((u or "").strip()).lower().rstrip(".,;:!?)/")
    u = re.sub(r"^https?://", "", u)
    return re.sub(r"^www\.", "", u).rstrip("/")


def score(pages, records, labels):
    """Per-family counters and the failure list."""
    stats = defaultdict(Counter)
    failures = []

    def fail(t, field, expected, got, **extra):
        failures.append(
            {"file": t["file"], "family": t["family"], "field": field, "expected": expected, "got": got, **extra}
        )

    for (_, _, t), rec in zip(pages, records):
        for key in (t["family"], "all"):
            stats[key]["pages"] += 1
        if "error" in rec:
            for key in (t["family"], "all"):
                stats[key]["errors"] += 1
            fail(t, "error", None, rec["error"])
            rec = {}
        c = Counter()
        c["title_ok"] = norm_text(rec.get("title")) == norm_text(t["title"])
        if not c["title_ok"]:
            fail(t, "title", t["title"], rec.get("title"))
        if t["published"]:
            c["date_known"] = 1
            verdict = judge_date(t["published"], rec.get("published"))
            c["date_" + verdict] = 1
            if verdict != "correct":
                fail(t, "published", t["published"], rec.get("published"), verdict=verdict, visible=t["visible_date"])
        checks = rec.get("checks") or []
        c["checked"] = any(not x.startswith(("body:", "date:")) for x in checks)  # a check failed: fallback
        c["second_taken"] = any(" taken (" in x and not x.startswith("body: ours") for x in checks)
        c["og_ok"] = norm_og(rec.get("og")) == norm_og(t["og"])
        if not c["og_ok"]:
            got = rec.get("og") or {}
            diff = {k: [t["og"].get(k), got.get(k)] for k in set(t["og"]) | set(got) if t["og"].get(k) != got.get(k)}
            fail(t, "og", None, None, diff=diff)
        f1 = token_f1(t["body"], rec.get("body"))
        c["f1_sum_x1000"] = round(f1 * 1000)
        c["f1_ge_90"] = f1 >= 0.9
        if f1 < 0.9:
            fail(t, "body", t["body"][:400], (rec.get("body") or "")[:400], f1=round(f1, 3))
        got_links = {norm_url(x.get("url")) for x in rec.get("survey_links") or []}
        if t.get("banner_url") and norm_url(t["banner_url"]) in got_links:
            c["banner_leak"] = 1
            fail(t, "survey_links", None, t["banner_url"], note="site-feedback banner taken as a survey link")
        lab = labels.get(t["file"])
        if lab is not None:
            c["labelled"] = 1
            anpr = "anpr" in (rec.get("topics") or [])
            if lab.get("anpr"):
                c["anpr_pos"] = 1
                c["anpr_tp"] = anpr
                if not anpr:
                    fail(t, "topics", "anpr", rec.get("topics"))
            elif anpr:
                c["anpr_fp"] = 1
                fail(t, "topics", "no anpr", rec.get("topics"))
            is_c, want_c = bool(rec.get("is_consultation")), bool(lab.get("is_consultation"))
            c["cons_tp"], c["cons_fp"], c["cons_fn"] = is_c and want_c, is_c and not want_c, want_c and not is_c
            if is_c != want_c:
                fail(t, "is_consultation", want_c, is_c, cues=rec.get("consultation_cues"))
            want = {norm_url(u) for u in lab.get("survey_urls") or []}
            c["survey_tp"] += len(want & got_links)
            c["survey_fp"] += len(got_links - want)
            c["survey_fn"] += len(want - got_links)
            if want != got_links:
                fail(t, "survey_links", sorted(want), sorted(got_links))
        for key in (t["family"], "all"):
            stats[key].update({k: int(v) for k, v in c.items()})
    return stats, failures


def summarise(c):
    """Ratios from one family's counters (None where there is nothing to measure)."""

    def ratio(a, b):
        return c[a] / c[b] if c[b] else None

    n = c["pages"]
    cp, cr = c["cons_tp"] + c["cons_fp"], c["cons_tp"] + c["cons_fn"]
    sp, sr = c["survey_tp"] + c["survey_fp"], c["survey_tp"] + c["survey_fn"]
    return {
        "pages": n,
        "errors": c["errors"],
        "title": ratio("title_ok", "pages"),
        "published": ratio("date_correct", "date_known"),
        "date_only": ratio("date_date_only", "date_known"),
        "date_null": ratio("date_null", "date_known"),
        "date_wrong": ratio("date_wrong", "date_known"),
        "og": ratio("og_ok", "pages"),
        "body_f1": c["f1_sum_x1000"] / 1000 / n if n else None,
        "body_f1_ge_90": ratio("f1_ge_90", "pages"),
        "banner_leaks": c["banner_leak"],
        "fallback": ratio("checked", "pages"),
        "second_taken": ratio("second_taken", "pages"),
        "labelled": c["labelled"],
        "anpr_recall": ratio("anpr_tp", "anpr_pos"),
        "anpr_fp": c["anpr_fp"],
        "consult_p": c["cons_tp"] / cp if cp else None,
        "consult_r": c["cons_tp"] / cr if cr else None,
        "survey_p": c["survey_tp"] / sp if sp else None,
        "survey_r": c["survey_tp"] / sr if sr else None,
    }


ROWS = [
    ("pages", "pages", None),
    ("errors", "extractor errors", None),
    ("title", "title exact", "≥ 99%"),
    ("published", "published correct", "≥ 98%"),
    ("date_only", "  right day, time missing", None),
    ("date_null", "  null", None),
    ("date_wrong", "  wrong (worse than null)", None),
    ("og", "og exact", "100%"),
    ("body_f1", "body token F1 (mean)", "≥ 0.95"),
    ("body_f1_ge_90", "body F1 ≥ 0.9 (share)", None),
    ("banner_leaks", "site-survey banner taken as survey link", "0"),
    ("fallback", "a check failed: second opinion asked", None),
    ("second_taken", "  second opinion's answer taken", None),
    ("labelled", "labelled pages", None),
    ("anpr_recall", "ANPR recall", "100%"),
    ("anpr_fp", "ANPR false positives", "0"),
    ("consult_p", "consultation precision", "≥ 95%"),
    ("consult_r", "consultation recall", "≥ 95%"),
    ("survey_p", "survey link precision", "100%"),
    ("survey_r", "survey link recall", "≥ 95%"),
]
PERCENT = {
    "fallback",
    "second_taken",
    "title",
    "published",
    "date_only",
    "date_null",
    "date_wrong",
    "og",
    "body_f1_ge_90",
    "anpr_recall",
    "consult_p",
    "consult_r",
    "survey_p",
    "survey_r",
}


def table(stats):
    cols = [f for f in render.FAMILIES if f in stats] + ["all"]
    sums = {k: summarise(stats[k]) for k in cols}
    lines = ["| metric | " + " | ".join(cols) + " | target |", "|---" * (len(cols) + 2) + "|"]
    for key, label, target in ROWS:
        cells = []
        for col in cols:
            v = sums[col][key]
            cells.append(
                "–" if v is None else f"{v:.1%}" if key in PERCENT else f"{v:.3f}" if isinstance(v, float) else str(v)
            )
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target or ''} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="pages to sample (0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/police-notices-eval")
    ap.add_argument("--extractor", choices=["ours", "trafilatura", "expected"], default="ours")
    ap.add_argument("--corpus", default=str(render.CORPUS))
    ap.add_argument(
        "--families",
        default=",".join(render.FAMILIES),
        help="comma-separated families to render (default: all: " + ",".join(render.FAMILIES) + ")",
    )
    ap.add_argument(
        "--oracle",
        action="store_true",
        help="also compare ours with trafilatura + htmldate on every page and on the sample site",
    )
    ap.add_argument("--oracle-top", type=int, default=20, help="disagreements listed and written (default 20)")
    ap.add_argument("--no-sample-site", action="store_true", help="oracle: leave the sample site out")
    ap.add_argument("--jobs", type=int, default=0, help="oracle: processes for trafilatura/htmldate (0 = CPUs)")
    args = ap.parse_args(argv)
    if args.oracle and args.extractor != "ours":
        sys.exit("--oracle compares our extractor with trafilatura/htmldate: use it with --extractor ours")
    if not Path(args.corpus).exists():
        sys.exit(f"corpus not found: {args.corpus}")
    labels = load_labels()
    records = select(render.load_corpus(args.corpus), args.n, args.seed, labels)
    t0 = time.perf_counter()
    families = tuple(f.strip() for f in args.families.split(",") if f.strip())
    unknown = set(families) - set(render.FAMILIES)
    if unknown:
        sys.exit(f"unknown families: {', '.join(sorted(unknown))} (known: {', '.join(render.FAMILIES)})")
    pages = render_pages(records, args.seed, families)
    manifest = write_pages(pages, args.out)
    t1 = time.perf_counter()
    if args.extractor == "ours":
        results = run_ours(manifest)
    elif args.extractor == "trafilatura":
        results = run_trafilatura(pages)
    else:
        results = run_expected(pages, labels)
    t2 = time.perf_counter()
    if len(results) != len(pages):
        sys.exit(f"extractor returned {len(results)} records for {len(pages)} pages")
    stats, failures = score(pages, results, labels)
    fail_path = Path(args.out) / "failures.jsonl"
    with open(fail_path, "w", encoding="utf-8") as f:
        for row in failures:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"## Extraction accuracy: {args.extractor}, {len(pages)} pages ({len(labels)} labels loaded), seed {args.seed}\n"
    )
    print(table(stats))
    by_field = Counter(r["field"] for r in failures)
    print(
        f"\nRendered in {t1 - t0:.1f}s, extracted in {t2 - t1:.1f}s. Failures by field: {dict(by_field)} -> {fail_path}"
    )
    if args.oracle:
        run_oracle(pages, results, args, families)


def run_oracle(pages, results, args, families):
    """The differential comparison (oracle.py) on the rendered pages and the sample site, printed and
    written under OUT."""
    import oracle

    t0 = time.perf_counter()
    their = oracle.theirs_many([(data, url) for data, url, _ in pages], args.jobs)
    rows = [
        oracle.compare(t["family"], f"{i:05d}-{t['family']}.html {t['file']}", rec, th, t)
        for i, ((_, _, t), rec, th) in enumerate(zip(pages, results, their))
    ]
    if not args.no_sample_site:
        rows += oracle.sample_site_rows(args.jobs)
    top = oracle.worst(rows, args.oracle_top)
    out = Path(args.out)
    with open(out / "oracle.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(out / "disagreements.jsonl", "w", encoding="utf-8") as f:
        for row in top:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"\n## Oracle: ours vs trafilatura (title, body) and htmldate (date), {len(rows)} pages "
        f"({time.perf_counter() - t0:.0f}s)\n"
    )
    print(oracle.table(rows, order=families + ("sample-site",)))
    who = oracle.verdicts(rows)
    if who:
        print("\nWhere they disagree and the truth is known (body: F1 against the truth, 0.05 apart):\n")
        print(who)
    print(
        f"\n### The {len(top)} pages where they disagree most -> {out / 'disagreements.jsonl'} "
        f"(every page: {out / 'oracle.jsonl'})\n"
    )
    print(oracle.worst_table(top))
    bad = oracle.against_us(rows, args.oracle_top)
    if bad:
        print(f"\n### Disagreements where the truth sides with them or with neither ({len(bad)} shown)\n")
        print(oracle.worst_table(bad))


if __name__ == "__main__":
    main()
