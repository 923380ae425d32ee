"""Coverage-guided fuzzing (atheris, libFuzzer) of extract_notice, seeded with real pages, for a fixed budget.

    python benchmarks/fuzz_extract.py --seconds 300 [--seed-pages 40] [--out benchmarks/out/fuzz]

Seeds: the sample pages (crawler/samples/), the hostile pages of tests/fixtures/text_stays_text/, and
corpus pages (../shared/corpus, Markdown + meta of real notices) rendered through every markup family of
render.py, benchmarks/cms_templates/ included. An input is `URL\\n` + page bytes (the URL picks the force and
platform; a mutated first line falls back to a Gwent URL). libFuzzer mutates the bytes, steered by the
coverage of our extraction code (crawler.extraction and crawler.platforms are instrumented), with a
dictionary of markup that matters to us (fuzz_extract.dict).

A finding is an exception other than ExtractionError (bad input is refused with that, by design), a record
that breaks a promise (fuzz_oracles.record_problems: field types, ISO dates, absolute http(s) links, a body
whose Markdown renders to live HTML), or a page that takes over a second. Findings are kept, not fatal: the
run goes on for its whole budget; each distinct finding's first input is saved under --out, and at the end
it prints executions and findings and writes --out/summary.json:

    {"tool": "atheris", "seconds": …, "executions": …, "seeds": …, "inputs_per_second": …,
     "findings": [{"kind": "crash" | "oracle" | "slow", "key": …, "message": …, "count": …, "input": path}]}

Outside CI (make fuzz): a run depends on time and machine. Every crash found becomes a test
(tests/test_extract_fuzz_crashes.py).
"""

import argparse
import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # after the project (benchmarks/archive.py is no archive package)

import atheris  # noqa: E402

with atheris.instrument_imports(include=["crawler.extraction", "crawler.platforms"]):
    from crawler.extraction import ExtractionError, extract_notice  # noqa: E402

from fuzz_oracles import record_problems  # noqa: E402

DEFAULT_URL = b"https://www.gwent.police.uk/news/gwent/news/news/2021/march/fuzzed-page/"
SLOW_SECONDS = 1.0


def seed_inputs(pages):
    """(name, input bytes) of every seed: sample pages, hostile pages, rendered corpus pages."""
    from crawler.samples import SAMPLES, load_manifest

    seeds = [
        (entry["path"], entry["url"].encode() + b"\n" + (SAMPLES / entry["path"]).read_bytes())
        for entry in load_manifest()
    ]
    for path in sorted((ROOT / "tests" / "fixtures" / "text_stays_text").glob("*.html")):
        seeds.append((path.name, DEFAULT_URL + b"\n" + path.read_bytes()))
    try:
        import render

        corpus = render.load_corpus()
    except (ImportError, OSError) as e:
        print(f"no corpus pages ({e}): seeded with {len(seeds)} sample and fixture pages only", file=sys.stderr)
        return seeds
    step = max(1, len(corpus) // max(pages, 1))
    for i, rec in enumerate(corpus[::step][:pages]):
        family = render.FAMILIES[i % len(render.FAMILIES)]
        data, url, _ = render.render(rec, family=family, seed=i)
        seeds.append((f"{family}-{rec['file'][:12]}", url.encode() + b"\n" + data))
    return seeds


def split_input(data):
    """(page bytes, URL) of one input."""
    first, newline, rest = data.partition(b"\n")
    if newline and first.startswith((b"http://", b"https://")) and len(first) < 2000:
        return rest, first.decode("utf-8", "replace")
    return data, DEFAULT_URL.decode()


class Run:
    """The findings of one run, deduplicated; each one's first input saved."""

    def __init__(self, out, seconds):
        self.out, self.seconds = out, seconds
        self.started = time.monotonic()
        self.executions = 0
        self.findings = {}  # key -> finding

    def find(self, kind, key, message, data):
        finding = self.findings.get(key)
        if finding is None:
            path = self.out / f"{kind}-{hashlib.sha1(key.encode()).hexdigest()[:12]}.bin"
            path.write_bytes(data)
            finding = self.findings[key] = {
                "kind": kind,
                "key": key,
                "message": message[:2000],
                "count": 0,
                "input": str(path),
            }
            print(f"\n#{self.executions} new {kind}: {key}\n{message[:500]}", file=sys.stderr, flush=True)
        finding["count"] += 1

    def one_input(self, data):
        self.executions += 1
        page, url = split_input(data)
        began = time.monotonic()
        try:
            rec = extract_notice(page, url)
        except ExtractionError:
            rec = None
        except Exception as e:  # noqa: BLE001 - any other exception is what we are looking for
            frames = [
                f for f in traceback.extract_tb(e.__traceback__) if "/crawler/" in f.filename
            ] or traceback.extract_tb(e.__traceback__)
            where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
            self.find("crash", f"{type(e).__name__} at {where}", traceback.format_exc(), data)
            rec = None
        took = time.monotonic() - began
        if took > SLOW_SECONDS:
            self.find("slow", f"over {SLOW_SECONDS:g} s", f"{took:.2f} s for {len(page)} bytes", data)
        if rec is not None:
            for problem in record_problems(rec):
                self.find(
                    "oracle",
                    problem.split(":")[0]
                    if not problem.startswith("body")
                    else ":".join(problem.split(":")[:3]).split("'")[0],
                    problem,
                    data,
                )
        if time.monotonic() - self.started > self.seconds:
            self.finish()

    def summary(self):
        elapsed = time.monotonic() - self.started
        return {
            "tool": "atheris",
            "target": "crawler.extraction.extract_notice",
            "seconds": round(elapsed, 1),
            "executions": self.executions,
            "inputs_per_second": round(self.executions / max(elapsed, 1e-9), 1),
            "seeds": self.seeds,
            "findings": sorted(self.findings.values(), key=lambda f: (f["kind"], f["key"])),
        }

    def finish(self):
        summary = self.summary()
        (self.out / "summary.json").write_text(json.dumps(summary, indent=2))
        print(
            f"\n{summary['executions']} executions in {summary['seconds']} s "
            f"({summary['inputs_per_second']}/s) from {summary['seeds']} seeds; "
            f"{len(summary['findings'])} distinct findings",
            flush=True,
        )
        for f in summary["findings"]:
            print(f"  {f['kind']:6} ×{f['count']:<5} {f['key']}  ({f['input']})", flush=True)
        print(f"summary: {self.out / 'summary.json'}", flush=True)
        os._exit(0)  # libFuzzer's loop has no way out but the process's end


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="time budget (default 60)")
    parser.add_argument("--seed-pages", type=int, default=40, help="corpus pages to render as seeds (default 40)")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "benchmarks" / "out" / "fuzz",
        help="where findings' inputs and summary.json go",
    )
    parser.add_argument("--max-len", type=int, default=300_000, help="largest input libFuzzer makes (bytes)")
    args, libfuzzer_args = parser.parse_known_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seeds_dir = args.out / "seeds"
    seeds_dir.mkdir(exist_ok=True)
    seeds = seed_inputs(args.seed_pages)
    for name, data in seeds:
        (seeds_dir / hashlib.sha1(name.encode()).hexdigest()[:16]).write_bytes(data)
    run = Run(args.out, args.seconds)
    run.seeds = len(seeds)
    # a scratch corpus directory: libFuzzer adds the inputs that reach new code to it
    work = args.out / "corpus"
    work.mkdir(exist_ok=True)
    argv = [
        sys.argv[0],
        str(work),
        str(seeds_dir),
        f"-max_len={args.max_len}",
        "-len_control=0",
        "-timeout=60",
        f"-dict={Path(__file__).with_name('fuzz_extract.dict')}",
        "-print_final_stats=0",
        *libfuzzer_args,
    ]
    atheris.Setup(argv, run.one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
