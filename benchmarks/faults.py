"""Faults and bad input, tried and survived: one command for the figures.

    .venv/bin/python benchmarks/faults.py [--skip-matrix] [--crash-trials 3] [--fuzz-args "…"] [--json FILE]

1. Probes: bad input through the real command line (a subprocess each): bad records for `store`, bad
   manifest lines and pages for `extract --manifest`, a bad `--url`, bad files for `import`; and false or
   missing charsets through extraction. Survived: no traceback, the exit code the README gives, the bad
   item named, every good item around it kept.
2. The fault matrix (crawler/sample_site/matrix.py): a real crawl of the sample site per fault. Survived:
   matrix.problems() finds nothing (no crash, bounded retries, the failure in fetch_errors, every
   reachable notice stored).
3. Crash trials (benchmarks/crash_trials.py, kill -9 and resume) and fuzzing (benchmarks/fuzz_extract.py),
   when those scripts exist: run, and their `summary: {json}` line read; "not run" otherwise.

Prints a line per probe and fault, then the totals; exit 1 when anything was not survived.
"""

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.records import make_record  # noqa: E402

BASE = "https://www.gwent.police.uk/news/gwent/news/"
PAGE = b"<html><head><title>Appeal | Gwent Police</title></head><body><h1>Appeal</h1><p>Text.</p></body></html>"


def cli(*args, timeout=300):
    """The command line run from this checkout; a run past the timeout counts as exit None (not survived)."""
    try:
        return subprocess.run(
            [sys.executable, "-c", "from crawler.cli import main; main()", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(e.cmd, None, e.stdout or "", f"timed out after {timeout}s")


def record(i, **fields):
    return make_record(f"{BASE}n{i}/", force="gwent", title=f"Notice {i}", body=f"Body {i}.", **fields)


def store_lines():
    ok = json.dumps(record(0))
    return {
        "survey link text an object": json.dumps(record(0, survey_links=[{"url": "https://x.test/s", "text": {}}])),
        "headers a string": json.dumps(dict(record(0), headers="x")),
        "title a number": ok.replace('"title": "Notice 0"', '"title": 1e30'),
        "an integer too large for SQLite": ok.replace('"published_raw": null', '"published_raw": ' + "9" * 30),
        "published 'yesterday'": json.dumps(record(0, published="yesterday")),
        "a lone surrogate": ok.replace('"Body 0."', '"\\ud800"'),
        "topics of objects": json.dumps(record(0, topics=[{}])),
        "JSON nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
        "not JSON": "{not json",
        "an array, not an object": "[1, 2]",
        "no url": json.dumps({"title": "x"}),
    }


def probe_store(tmp):
    """Each bad line between good ones, in one file: each must be named, the good ones all stored."""
    bad = store_lines()
    lines, good = [], 0
    for _name, line in bad.items():
        lines += [json.dumps(record(len(lines) + 1)), line]
        good += 1
    path = tmp / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("store", path, "--db", tmp / "store.db")
    stored = int(run.stdout.split("inserted ")[1].split(",")[0]) if run.stdout.startswith("inserted") else 0
    results = []
    for i, name in enumerate(bad):
        named = f"line {2 * i + 2}:" in run.stderr
        results.append(
            (f"store: {name}", named and run.returncode == 1 and "Traceback" not in run.stderr and stored == good)
        )
    return results


def probe_manifest(tmp):
    folder = tmp / "pages"
    folder.mkdir()
    (folder / "good.html").write_bytes(PAGE)
    (tmp / "secret.html").write_bytes(PAGE)
    (folder / "huge.html").write_bytes(PAGE + b" " * (10 * 1024 * 1024))
    (folder / "link.html").symlink_to(tmp / "secret.html")
    url = BASE + "appeal/"
    bad = {
        "url 42": {"path": "good.html", "url": 42},
        "url https://[::1": {"path": "good.html", "url": "https://[::1"},
        "path /etc/passwd": {"path": "/etc/passwd", "url": url},
        "path ../secret.html": {"path": "../secret.html", "url": url},
        "a symlink out of the folder": {"path": "link.html", "url": url},
        "path /dev/zero": {"path": "/dev/zero", "url": url},
        "a page over 10 MiB": {"path": "huge.html", "url": url},
        "headers a string": {"path": "good.html", "url": url, "headers": "x"},
        "not an object": [1],
    }
    lines = []
    for item in bad.values():
        lines += [json.dumps({"path": "good.html", "url": url}), json.dumps(item)]
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("extract", "--manifest", manifest, timeout=120)
    out = [json.loads(line) for line in run.stdout.splitlines()] if run.returncode in (0, 1) else []
    results = []
    for i, name in enumerate(bad):
        ok = (
            run.returncode == 1
            and "Traceback" not in run.stderr
            and len(out) == len(lines)
            and "error" in out[2 * i + 1]
            and out[2 * i].get("title") == "Appeal"
        )
        results.append((f"extract --manifest: {name}", ok))
    page = folder / "good.html"
    run = cli("extract", page, "--url", "https://[::1")
    results.append(("extract --url https://[::1", run.returncode == 2 and "Traceback" not in run.stderr))
    run = cli("extract", "/dev/zero", "--url", url, timeout=60)
    results.append(("extract /dev/zero", run.returncode == 1 and "not a regular file" in run.stderr))
    return results


def probe_import(tmp):
    results = []
    for name, header in (
        ("YAML header nested 2,000 deep (flow)", "og: " + "[" * 2000 + "]" * 2000),
        ("YAML header nested 2,000 deep (block)", "og:\n" + "".join("  " * i + "a:\n" for i in range(1, 2000))),
    ):
        folder = tmp / f"md-{len(results)}"
        folder.mkdir()
        (folder / "a.md").write_text(f"---\nurl: {BASE}deep/\n{header}\n---\nBody\n")
        (folder / "b.md").write_text(f"---\ntitle: Fine\nurl: {BASE}fine/\n---\nBody text.\n")
        run = cli("import", folder, "--db", folder / "a.db")
        results.append(
            (
                f"import: {name}",
                run.returncode == 1 and "Traceback" not in run.stderr and run.stdout.startswith("inserted 1,"),
            )
        )
    return results


def probe_charsets():
    from crawler.extraction import extract_notice

    url = BASE + "cafe/"
    html = "<html><head>{meta}<title>Café appeal</title></head><body><h1>Café appeal</h1><p>Text.</p></body></html>"
    cases = {
        "meta utf-16 on ASCII bytes": (
            html.replace("é", "e").format(meta='<meta charset="utf-16">').encode(),
            None,
            "Cafe appeal",
            "declared but",
        ),
        "no charset, windows-1252 bytes": (html.format(meta="").encode("cp1252"), None, "Café appeal", "guessed"),
        "header utf-8, windows-1252 bytes": (
            html.format(meta="").encode("cp1252"),
            {"Content-Type": "text/html; charset=utf-8"},
            None,
            "not valid utf-8",
        ),
    }
    results = []
    for name, (data, headers, title, warning) in cases.items():
        r = extract_notice(data, url, headers=headers)
        results.append(
            (f"charset: {name}", (title is None or r["title"] == title) and any(warning in w for w in r["warnings"]))
        )
    return results


def fault_matrix():
    from crawler.sample_site.matrix import NAMES, crawl_with_fault, problems

    results = []
    for name in NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            try:
                found = problems(crawl_with_fault(name, tmp))
            except Exception as e:  # the benchmark reports a crash as not survived, and goes on
                found = [f"{type(e).__name__}: {e}"]
            results.append((f"fault: {name}", not found, "; ".join(found), time.monotonic() - started))
    return results


def external(script, args, timeout):
    """The summary dict of benchmarks/<script> (its last `summary: {json}` or `summary: FILE.json` line), or a
    reason it has none."""
    path = ROOT / "benchmarks" / script
    if not path.exists():
        return None, f"not run ({path.relative_to(ROOT)} absent)"
    try:
        run = subprocess.run(
            [sys.executable, str(path), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return None, f"not finished within {timeout}s"
    for line in reversed(run.stdout.splitlines()):
        if line.startswith("summary: "):
            value = line[len("summary: ") :].strip()
            # the JSON itself (crash_trials.py), or the file holding it (fuzz_extract.py: its findings are long)
            return json.loads(value if value.startswith("{") else Path(value).read_text(encoding="utf-8")), None
    return None, f"no summary line (exit {run.returncode}): {(run.stderr or run.stdout).strip()[-300:]}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-matrix", action="store_true", help="probes only (the matrix crawls take ~40 s)")
    ap.add_argument("--crash-trials", type=int, default=3, help="trials for crash_trials.py (0: not run)")
    ap.add_argument("--fuzz-args", default="", help="arguments for fuzz_extract.py")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds each external script may take")
    ap.add_argument("--json", type=Path, help="also write the summary JSON here")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        probes = probe_store(tmp) + probe_manifest(tmp) + probe_import(tmp) + probe_charsets()
    for name, ok in probes:
        print(f"{'survived' if ok else 'NOT SURVIVED':<12}  probe  {name}")
    faults = [] if args.skip_matrix else fault_matrix()
    for name, ok, why, seconds in faults:
        print(f"{'survived' if ok else 'NOT SURVIVED':<12}  crawl  {name} ({seconds:.1f}s){'' if ok else ': ' + why}")

    summary = {
        "benchmark": "faults",
        "probes": {"tried": len(probes), "survived": sum(ok for _, ok in probes)},
        "faults": {"tried": len(faults), "survived": sum(ok for _, ok, *_ in faults)},
    }
    print(f"probes: {summary['probes']['survived']}/{summary['probes']['tried']} survived")
    print(
        f"faults: {summary['faults']['survived']}/{summary['faults']['tried']} survived"
        + (" (matrix skipped)" if args.skip_matrix else "")
    )
    failed = (
        summary["probes"]["tried"]
        - summary["probes"]["survived"]
        + summary["faults"]["tried"]
        - summary["faults"]["survived"]
    )

    if args.crash_trials:
        crash, why = external("crash_trials.py", ["--trials", str(args.crash_trials)], args.timeout)
    else:
        crash, why = None, "not run (--crash-trials 0)"
    summary["crash_trials"] = crash or why
    if crash:
        print(
            f"crash trials: {crash.get('equal')}/{crash.get('trials')} resumed to the uninterrupted archive "
            f"({crash.get('kills')} kill -9, {crash.get('mid_crawl')} mid-crawl)"
        )
        failed += crash.get("different", 0)
    else:
        print(f"crash trials: {why}")
    fuzz, why = external("fuzz_extract.py", shlex.split(args.fuzz_args), args.timeout)
    summary["fuzz"] = fuzz or why
    if fuzz:
        print(
            "fuzz: "
            + ", ".join(f"{k} {v}" for k, v in fuzz.items() if not isinstance(v, (dict, list)))
            + f", findings {len(fuzz.get('findings', []))}"
        )
        failed += len(fuzz.get("findings", []))
    else:
        print(f"fuzz: {why}")
    print(f"summary: {json.dumps(summary, sort_keys=True)}")
    if args.json:
        args.json.write_text(json.dumps(summary, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
