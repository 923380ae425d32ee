"""A differential oracle: our extractor against trafilatura (title, body) and htmldate (publish day).

Where there is no truth (the sample site, real pages) agreement with two independent extractors is the
evidence that is left; where there is (rendered corpus pages) a disagreement also says who was right.
Used by `evaluate.py --oracle` and tests/test_extraction_oracle.py:

    theirs(data, url)              -> {"title", "published" (YYYY-MM-DD or None), "body", "error"}
    compare(family, name, ours, their, truth=None) -> one row: agreement, disagreement score, verdicts
    summarise(rows) / table(rows)  -> agreement per family (title equal, same day, body token F1)
    worst(rows, n)                 -> the n pages where they disagree most
    sample_site_pages()            -> the offline sample site's article pages, each extracted by us

Title agreement: equal after HTML unescaping, whitespace collapsed and case folded. Date agreement: our
publish day (Europe/London) is htmldate's day, or neither found one; a day apart is counted on its own (a
time near midnight, read in another zone). Body agreement: token F1 between our Markdown and trafilatura's
text (evaluate.token_f1: words, Markdown syntax and link targets stripped).
"""

import html
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))  # after the project (see evaluate.py)
import evaluate  # noqa: E402


def theirs(data, url):
    """trafilatura's title and text, htmldate's publish day, for one page (bytes)."""
    import trafilatura
    from htmldate import find_date

    out = {"title": None, "published": None, "body": "", "error": None}
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
        d = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        out["title"], out["body"] = d.get("title"), d.get("text") or ""
    except Exception as e:  # noqa: BLE001 - their failure is a row, not a crash
        out["error"] = f"trafilatura {type(e).__name__}: {e}"
    try:
        out["published"] = find_date(data, url=url, original_date=True, outputformat="%Y-%m-%d")
    except Exception as e:  # noqa: BLE001
        out["error"] = (out["error"] or "") + f" htmldate {type(e).__name__}: {e}"
    return out


def _theirs_pair(pair):
    return theirs(*pair)


def theirs_many(pairs, jobs=None):
    """theirs() of [(data, url)], in order, over `jobs` processes (default: every CPU; 1: in this one)."""
    import os

    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(pairs) < 20:
        return [theirs(d, u) for d, u in pairs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_theirs_pair, pairs, chunksize=16))


def norm_title(s):
    return " ".join(html.unescape(s or "").split()).casefold()


_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]+$")


def same_but_suffix(a, b):
    """Titles equal once a trailing ' | Site name' (or ' - …') is taken off the longer one."""
    a, b = norm_title(a), norm_title(b)
    if a == b:
        return True
    short_, long_ = sorted((a, b), key=len)
    while long_ != short_ and _SUFFIX.search(long_):
        long_ = _SUFFIX.sub("", long_)
    return bool(short_) and long_ == short_


def day(value):
    """The day of an ISO text (ours: local London time, the date part; htmldate: a date), or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def short(s, n=90):
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def compare(family, name, ours, their, truth=None):
    """One page: what each said, whether they agree, and (with truth) who is right on each field."""
    ours = ours or {}
    od, td = day(ours.get("published")), day(their.get("published"))
    gap = abs((od - td).days) if od and td else None
    if od is None and td is None:
        date_state = "both none"
    elif od is None:
        date_state = "theirs only"
    elif td is None:
        date_state = "ours only"
    else:
        date_state = "same day" if gap == 0 else "a day apart" if gap == 1 else "differ"
    f1 = evaluate.token_f1(their.get("body"), ours.get("body"))
    row = {
        "family": family,
        "file": name,
        "title_agree": norm_title(ours.get("title")) == norm_title(their.get("title")),
        "title_agree_suffix": same_but_suffix(ours.get("title"), their.get("title")),
        "date_agree": date_state in ("same day", "both none"),
        "date_state": date_state,
        "body_f1": round(f1, 4),
        "ours": {
            "title": ours.get("title"),
            "published": ours.get("published"),
            "source": ours.get("published_source"),
            "body": short(ours.get("body"), 300),
            "body_words": len(evaluate.tokens(ours.get("body"))),
            "error": ours.get("error"),
        },
        "theirs": {
            "title": their.get("title"),
            "published": their.get("published"),
            "body": short(their.get("body"), 300),
            "body_words": len(evaluate.tokens(their.get("body"))),
            "error": their.get("error"),
        },
    }
    row["score"] = round((not row["title_agree"]) + (not row["date_agree"]) + (1 - f1), 4)
    if truth is not None:
        row["truth"] = {k: truth.get(k) for k in ("title", "published")}
        verdict = {}
        if not row["title_agree"] and truth.get("title") is not None:
            verdict["title"] = _who(
                norm_title(ours.get("title")) == norm_title(truth["title"]),
                norm_title(their.get("title")) == norm_title(truth["title"]),
            )
        if not row["date_agree"] and "published" in truth:
            want = day(truth["published"]) if truth["published"] else None
            if truth["published"] and "T" in truth["published"]:
                want = evaluate.parse_iso(truth["published"]).astimezone(evaluate.render.LONDON).date()
            verdict["date"] = _who(od == want, td == want)
        if "body" in truth:
            fo, ft = (
                evaluate.token_f1(truth["body"], ours.get("body")),
                evaluate.token_f1(truth["body"], their.get("body")),
            )
            row["truth_f1"] = {"ours": round(fo, 3), "theirs": round(ft, 3)}
            if f1 < 0.9:
                verdict["body"] = "ours" if fo > ft + 0.05 else "theirs" if ft > fo + 0.05 else "tie"
        row["right"] = verdict
    return row


def _who(ours_ok, theirs_ok):
    return "both" if ours_ok and theirs_ok else "ours" if ours_ok else "theirs" if theirs_ok else "neither"


# --- summaries ------------------------------------------------------------------------------------


def summarise(rows):
    """{family: {pages, title, date, a_day_apart, ours_only, theirs_only, differ, body_f1, body_f1_ge_90,
    their_errors}} with an "all" entry."""
    groups = defaultdict(list)
    for r in rows:
        groups[r["family"]].append(r)
        groups["all"].append(r)
    out = {}
    for fam, rs in groups.items():
        n = len(rs)
        out[fam] = {
            "pages": n,
            "title": sum(r["title_agree"] for r in rs) / n,
            "title_suffix": sum(r["title_agree_suffix"] for r in rs) / n,
            "date": sum(r["date_agree"] for r in rs) / n,
            "a_day_apart": sum(r["date_state"] == "a day apart" for r in rs),
            "ours_only": sum(r["date_state"] == "ours only" for r in rs),
            "theirs_only": sum(r["date_state"] == "theirs only" for r in rs),
            "differ": sum(r["date_state"] == "differ" for r in rs),
            "body_f1": sum(r["body_f1"] for r in rs) / n,
            "body_f1_ge_90": sum(r["body_f1"] >= 0.9 for r in rs) / n,
            "their_errors": sum(bool(r["theirs"]["error"]) for r in rs),
            "our_errors": sum(bool(r["ours"]["error"]) for r in rs),
        }
    return out


def table(rows, order=()):
    s = summarise(rows)
    fams = [f for f in order if f in s] + sorted(f for f in s if f not in order and f != "all") + ["all"]
    lines = [
        "| family | pages | title agree | title, site suffix aside | same day | a day apart | date ours only | "
        "date theirs only | dates differ | body F1 (mean) | body F1 ≥ 0.9 | errors ours / theirs |",
        "|---" * 12 + "|",
    ]
    for f in fams:
        v = s[f]
        lines.append(
            f"| {f} | {v['pages']} | {v['title']:.1%} | {v['title_suffix']:.1%} | {v['date']:.1%} | {v['a_day_apart']} | "
            f"{v['ours_only']} | {v['theirs_only']} | {v['differ']} | {v['body_f1']:.3f} | "
            f"{v['body_f1_ge_90']:.1%} | {v['our_errors']} / {v['their_errors']} |"
        )
    return "\n".join(lines)


def verdicts(rows):
    """Who was right where they disagree and the truth is known: Markdown table, or '' without truth."""
    counts = defaultdict(lambda: defaultdict(int))
    for r in rows:
        for field, who in (r.get("right") or {}).items():
            counts[field][who] += 1
    if not counts:
        return ""
    lines = [
        "| field (disagreements with a known truth) | ours right | theirs right | both | neither / tie |",
        "|---|---|---|---|---|",
    ]
    for field in ("title", "date", "body"):
        c = counts.get(field, {})
        lines.append(
            f"| {field} | {c.get('ours', 0)} | {c.get('theirs', 0)} | {c.get('both', 0)} | "
            f"{c.get('neither', 0) + c.get('tie', 0)} |"
        )
    return "\n".join(lines)


def worst(rows, n=20):
    """The n pages where they disagree most: titles differ and dates differ count one each, plus 1 - F1."""
    return sorted(rows, key=lambda r: (-r["score"], r["body_f1"], r["family"], r["file"]))[:n]


def _differing(a, b, n=44):
    """The two texts from a little before where they first differ (a shared long opening elided)."""
    a, b = a or "", b or ""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    cut = max(0, p - 12)
    if cut < 4:
        return short(a, n), short(b, n)
    return "…" + short(a[cut:], n), "…" + short(b[cut:], n)


def against_us(rows, n=20):
    """Disagreements where the truth sides with them, or with neither: our likely bugs, worst first."""
    bad = [r for r in rows if any(v in ("theirs", "neither") for v in (r.get("right") or {}).values())]
    return worst(bad, n)


def worst_table(rows):
    lines = [
        "| family | file | title ours / theirs | date ours / theirs | body F1 | words ours / theirs | right |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        o, t = r["ours"], r["theirs"]
        title = "=" if r["title_agree"] else "{!r} / {!r}".format(*_differing(o["title"], t["title"]))
        when = "=" if r["date_agree"] else f"{o['published'] or '–'} ({o['source'] or '–'}) / {t['published'] or '–'}"
        right = ", ".join(f"{k}: {v}" for k, v in (r.get("right") or {}).items()) or "–"
        lines.append(
            f"| {r['family']} | {r['file']} | {title} | {when} | {r['body_f1']:.2f} | "
            f"{o['body_words']} / {t['body_words']} | {right} |"
        )
    return "\n".join(lines)


# --- the sample site ---------------------------------------------------------------------------------


def sample_site_pages():
    """[(data, url, ours record, truth)] for every article of the offline sample site (day1, then the
    pages only day2 has): served on 127.0.0.1 as tests/test_sample_site.py does, extracted by us with the
    site's registry. The truth holds the title and date the site says it shows (no body)."""
    import tempfile
    import urllib.request

    from crawler.extraction import extract_notice
    from crawler.registry import load_registry
    from crawler.sample_site import SampleSite

    out, seen = [], set()
    with SampleSite() as site, tempfile.TemporaryDirectory() as tmp:
        registry = load_registry(site.write_forces_file(Path(tmp) / "forces.toml"))
        for state in ("day1", "day2"):
            site.set_state(state)
            paths = site.article_paths()
            for expected in site.expected_notices():
                if expected["url"] in seen:
                    continue
                seen.add(expected["url"])
                url = site.url + paths[expected["url"]]
                with urllib.request.urlopen(url, timeout=10) as resp:
                    data, headers = resp.read(), dict(resp.headers)
                try:
                    rec = extract_notice(data, url, headers, registry=registry, force=expected["publisher"])
                except Exception as e:  # noqa: BLE001
                    rec = {"error": f"{type(e).__name__}: {e}"}
                truth = {"title": expected["title"], "published": expected["published"]}
                out.append((data, url, rec, truth))
    return out


def sample_site_rows(jobs=None):
    pages = sample_site_pages()
    their = theirs_many([(data, url) for data, url, _, _ in pages], jobs)
    return [
        compare("sample-site", re.sub(r"^https?://[^/]+/", "", url).strip("/") or url, rec, t, truth)
        for (data, url, rec, truth), t in zip(pages, their)
    ]
