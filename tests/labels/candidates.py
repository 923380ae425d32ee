"""Print candidate pages from the corpus for a human labeller to read.

Keywords only choose which pages to read; the label is the reader's judgement,
recorded in consultations.jsonl. Usage:

    python tests/labels/candidates.py anpr            # pages mentioning ANPR
    python tests/labels/candidates.py consult         # survey/consultation wording
    python tests/labels/candidates.py random --n 100 --seed 2021
    python tests/labels/candidates.py show <sha1>.md  # one page in full
    python tests/labels/candidates.py fresh           # the held-out sample's files (fresh.jsonl's pages)
    python tests/labels/candidates.py check [FILE]    # sanity-check a label file (default consultations.jsonl)

Corpus: ../shared/corpus/police-news-2021.dev.jsonl.gz relative to the repo root.
"""

import argparse
import gzip
import html
import json
import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "police-news-2021.dev.jsonl.gz"

ANPR = re.compile(r"\bANPR\b|number[- ]plate recogn|registration plate recogn", re.I)
CONSULT = re.compile(
    r"survey|consult|questionnaire|have your say|your views|take part|feedback|precept"
    r"|police and crime plan|arolwg|ymgynghor|dweud eich dweud|holiadur|eich barn",
    re.I,
)
URL = re.compile(r"(?:https?://|www\.)[^\s)\]>\"'<]+|\b[\w-]+\.(?:ly|gl|me)/[\w-]+", re.I)


def pages(path=CORPUS):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def title(page):
    meta = page.get("meta") or {}
    t = (meta.get("og") or {}).get("title") or meta.get("title") or ""
    return html.unescape(t).strip()


def snippets(body, pattern, width=160, limit=4):
    """Keyword-in-context windows, merged when they overlap."""
    spans = []
    for m in pattern.finditer(body):
        a, b = max(0, m.start() - width), min(len(body), m.end() + width)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [" ".join(body[a:b].split()) for a, b in spans[:limit]]


def show(page, pattern):
    print(f"### {page['file']} | {page['force']} | {title(page)}")
    for s in snippets(page["body"], pattern):
        print("   ~", s)
    urls = sorted(set(URL.findall(page["body"])))
    if urls:
        print("   urls:", " ".join(urls[:12]))


LABELS = Path(__file__).with_name("consultations.jsonl")
FRESH = Path(__file__).with_name("fresh.jsonl")
FIELDS = {"file", "force", "title", "is_consultation", "asks_for_views", "anpr", "anpr_consultation", "survey_urls"}


def check(path=LABELS):
    """Valid JSON lines, required fields, unique files, each file in the corpus
    with the same force, and every survey URL present in that page's body."""
    corpus = {p["file"]: p for p in pages()}
    seen, problems = set(), []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        rec = json.loads(line)
        missing = FIELDS - rec.keys()
        page = corpus.get(rec.get("file"))
        if missing:
            problems.append(f"line {n}: missing {sorted(missing)}")
        if rec.get("file") in seen:
            problems.append(f"line {n}: duplicate {rec['file']}")
        seen.add(rec.get("file"))
        if page is None:
            problems.append(f"line {n}: {rec.get('file')} not in corpus")
            continue
        if page["force"] != rec.get("force"):
            problems.append(f"line {n}: force {rec.get('force')} != {page['force']}")
        if rec.get("anpr_consultation") and not (rec["anpr"] and rec["is_consultation"]):
            problems.append(f"line {n}: anpr_consultation without anpr and is_consultation")
        if rec.get("is_consultation") and not rec.get("asks_for_views"):
            problems.append(f"line {n}: is_consultation without asks_for_views")
        for url in rec.get("survey_urls", []):
            if url not in page["body"]:
                problems.append(f"line {n}: {url} not in body")
    for p in problems:
        print(p)
    print(f"{len(seen)} labels, {len(problems)} problems")
    return not problems


# The held-out sample (fresh.jsonl): drawn once, labelled before any classifier change, never tuned to.
# Unlabelled pages only (labelling in 2021-style read every keyword page, so few consultations are left):
# every page whose title or lead uses consultation words, then pages with cue words anywhere, then random.
STRONG = re.compile(
    r"survey|consult|questionnaire|have your say|your views|precept|police and crime plan"
    r"|arolwg|ymgynghor|dweud eich dweud|holiadur|eich barn",
    re.I,
)
LEAD = re.compile(
    r"have (your|their) say|share (your|their) views|tell us what you think|your views|survey"
    r"|consultation|questionnaire|arolwg|ymgynghoriad|dweud eich dweud",
    re.I,
)
FRESH_SEED, FRESH_SIZE, FRESH_RANDOM = 2026, 420, 120


def fresh_sample():
    """The held-out sample's pages, in a fixed order: lead-cued pages, cue pages, then FRESH_RANDOM others."""
    labelled = {json.loads(line)["file"] for line in open(LABELS, encoding="utf-8") if line.strip()}
    rows = sorted((p for p in pages() if p["file"] not in labelled), key=lambda p: p["file"])
    picked = [p for p in rows if LEAD.search(title(p) + " " + p["body"][:700])]
    chosen = {p["file"] for p in picked}
    cued = [p for p in rows if p["file"] not in chosen and (STRONG.search(p["body"]) or STRONG.search(title(p)))]
    rng = random.Random(FRESH_SEED)
    picked += rng.sample(cued, FRESH_SIZE - FRESH_RANDOM - len(picked))
    chosen = {p["file"] for p in picked}
    picked += rng.sample([p for p in rows if p["file"] not in chosen], FRESH_RANDOM)
    return picked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["anpr", "consult", "random", "show", "check", "fresh"])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2021)
    ap.add_argument("--force")
    args = ap.parse_args()
    if args.mode == "check":
        raise SystemExit(0 if check(args.file or LABELS) else 1)
    if args.mode == "fresh":
        for p in fresh_sample():
            print(p["file"], p["force"], title(p), sep="\t")
        return
    rows = [p for p in pages() if not args.force or p["force"] == args.force]
    if args.mode == "show":
        for p in rows:
            if p["file"] == args.file:
                print(title(p), "|", p["force"], "|", (p.get("meta") or {}).get("url"))
                print(p["body"])
        return
    if args.mode == "random":
        rows = sorted(rows, key=lambda p: p["file"])
        rows = random.Random(args.seed).sample(rows, args.n)
        pattern = CONSULT
    else:
        pattern = ANPR if args.mode == "anpr" else CONSULT
        rows = [p for p in rows if pattern.search(p["body"]) or pattern.search(title(p))]
    for p in rows:
        show(p, pattern)


if __name__ == "__main__":
    main()
