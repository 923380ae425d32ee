"""Publish dates on real non-police pages: our extract_notice against htmldate, on htmldate's own test set.

    python benchmarks/dates_real.py [--pages DIR] [--lang en|all] [--out /tmp/police-notices-dates-real]
                                    [--examples 3] [--no-htmldate]

The set: the date-annotated pages of adbar/htmldate's evaluation (https://github.com/adbar/htmldate,
folder tests/): `eval_default.json` (800 pages, BBAW collection, mostly German, some English) and
`eval_mediacloud_2020.json` (200 news pages from around the world, Data Culture Group) map each page's URL
to `{"file": ..., "date": "YYYY-MM-DD"}`; the HTML is in `tests/test_set/`, `tests/cache/` and `tests/eval/`.
The gold date is a day. The pages are third-party copies: nothing of them is committed here. Get them with

    git clone --depth 1 https://github.com/adbar/htmldate /tmp/htmldate
    python benchmarks/dates_real.py --pages /tmp/htmldate

DIR may be a checkout (with tests/), its tests/ folder, or a bare git directory (read with `git archive`
HEAD into a temporary folder); the default is the snapshot this machine keeps at
/work/.mirror/adbar+htmldate/repo when it exists. Without a set the script exits saying so.

English page: `<html lang>` (or xml:lang) starting with "en", else (no language on <html>)
`<meta http-equiv=content-language>` or og:locale starting with "en". `--lang all` takes every page.

For every page: (1) `extract_notice(bytes, url)` with the set's own URL (https://example.com/<file> when
the set's URL is not http(s)); every exception is caught and counted with its type, message, file and the
innermost crawler/ function it came from; (2) htmldate `find_date(bytes, original_date=True,
outputformat="%Y-%m-%d")` (extensive_search left at its default, no url: as htmldate's own evaluation calls
it). "Right" = within one day of gold (we state UK local time; the gold day is the site's own). Printed:
a Markdown table, the crashes with their traceback (one per distinct place), the pages where htmldate is
right and we are not, and the misses sorted into categories by where the gold date stands in the page
(meta tag and its name, JSON-LD, <time>, itemprop, visible text we parse or not, URL, nowhere). Every page
goes to OUT/pages.jsonl.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = ROOT  # the folder holding the crawler package measured (--code)
MIRROR = Path("/work/.mirror/adbar+htmldate/repo")
GOLD_FILES = ("eval_mediacloud_2020.json", "eval_default.json")
PAGE_DIRS = ("test_set", "cache", "eval")  # where htmldate's evaluation.load_document looks, in order

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


# --- the set --------------------------------------------------------------------------------------


def _is_git_dir(p):
    return (p / "HEAD").is_file() and (p / "objects").is_dir()


def locate(arg, tmp):
    """(tests folder, description) of the set, or exit saying how to get it."""
    p = Path(arg) if arg else MIRROR
    if not p.exists():
        sys.exit(
            f"htmldate test set not found at {p}. Get it with\n"
            "    git clone --depth 1 https://github.com/adbar/htmldate /tmp/htmldate\n"
            "and run with --pages /tmp/htmldate"
        )
    for cand in (p, p / "tests"):
        if all((cand / f).is_file() for f in GOLD_FILES):
            return cand, str(cand)
    if _is_git_dir(p) or _is_git_dir(p / ".git"):
        git_dir = p if _is_git_dir(p) else p / ".git"
        commit = subprocess.run(
            ["git", "--git-dir", str(git_dir), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        archive = subprocess.Popen(
            ["git", "--git-dir", str(git_dir), "archive", "HEAD", "tests"], stdout=subprocess.PIPE
        )
        subprocess.run(["tar", "-x", "-C", tmp], stdin=archive.stdout, check=True)
        archive.wait()
        cand = Path(tmp) / "tests"
        if all((cand / f).is_file() for f in GOLD_FILES):
            return cand, f"{git_dir} @ {commit}"
    sys.exit(f"no {' and '.join(GOLD_FILES)} under {p} (expected adbar/htmldate's tests/ folder)")


def load_set(tests):
    """[(url, file, gold date, path)] in the gold files' order."""
    rows = []
    for name in GOLD_FILES:
        for url, v in json.loads((tests / name).read_text(encoding="utf-8")).items():
            path = next((tests / d / v["file"] for d in PAGE_DIRS if (tests / d / v["file"]).is_file()), None)
            if path is None or not isinstance(v.get("date"), str) or not v["date"]:
                continue  # a few mediacloud pages have NaN: no gold date
            rows.append((url, v["file"], date.fromisoformat(v["date"][:10]), path))
    return rows


_HTML_TAG = re.compile(rb"<html\b([^>]*)>", re.I | re.S)
_LANG_ATTR = re.compile(rb"\b(?:xml:)?lang\s*=\s*[\"']?\s*([A-Za-z]{2,3})", re.I)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I | re.S)
_META_LANG = re.compile(rb"(?:http-equiv|name|property)\s*=\s*[\"']?(?:content-language|og:locale)[\"'\s/>]", re.I)
_CONTENT = re.compile(rb"content\s*=\s*[\"']?\s*([A-Za-z]{2,3})", re.I)


def page_lang(raw):
    """The page's declared language (two or three letters, lowercase) or None."""
    m = _HTML_TAG.search(raw)
    if m:
        lang = _LANG_ATTR.search(m.group(1))
        if lang:
            return lang.group(1).decode().lower()
    for tag in _META_TAG.finditer(raw):
        if _META_LANG.search(tag.group(0)):
            c = _CONTENT.search(tag.group(0))
            if c:
                return c.group(1).decode().lower()
    return None


# --- running ----------------------------------------------------------------------------------------


def crash_site(exc):
    """'function (file:line)' of the innermost frame in this project's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(CODE / "crawler") in f.filename]
    f = (ours or frames)[-1]
    return f"{f.name} ({os.path.relpath(f.filename, CODE)}:{f.lineno})"


def run_ours(raw, url):
    from crawler.extraction import extract_notice

    try:
        return extract_notice(raw, url), None
    except Exception as e:  # noqa: BLE001 - counting them is the point
        return None, {
            "type": type(e).__name__,
            "message": str(e)[:300],
            "where": crash_site(e),
            "traceback": "".join(traceback.format_exception(e)),
        }


def run_htmldate(raw):
    from htmldate import find_date

    try:
        return find_date(raw, original_date=True, outputformat="%Y-%m-%d"), None
    except Exception as e:  # noqa: BLE001
        return None, f"{type(e).__name__}: {e}"


def day_of(value):
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def right(got, gold):
    return got is not None and abs((got - gold).days) <= 1


# --- where the gold date stands: miss categories ----------------------------------------------------


def day_patterns(gold):
    """One regex finding gold (±1 day) written in any common way: ISO, slashes, dots, day-month-year and
    month-day-year in words (with ordinals, abbreviations, commas), US numeric; not years alone."""
    alts = []
    for d in (gold - timedelta(days=1), gold, gold + timedelta(days=1)):
        y, m, dd = d.year, d.month, d.day
        mon = MONTHS[m - 1]
        month_word = rf"(?:{mon}|{mon[:3]}\.?|{mon[:4]}\.?)"
        day = rf"0?{dd}(?:st|nd|rd|th)?"
        alts += [
            rf"{y}[-/.]0?{m}[-/.]0?{dd}(?!\d)",
            rf"(?<!\d)0?{dd}[-/.]0?{m}[-/.]{y}",
            rf"(?<!\d)0?{m}[-/.]0?{dd}[-/.]{y}",
            rf"(?<!\d){y}0?{m:02d}{dd:02d}(?!\d)",
            rf"(?<!\d){day}\.?\s*(?:of\s+)?{month_word},?\s+{y}",
            rf"{month_word}\s+{day},?\s+{y}",
            rf"(?<!\d)0?{dd}[-/.]0?{m}[-/.]{y % 100:02d}(?!\d)",
        ]
    return re.compile("|".join(f"(?:{a})" for a in alts), re.I)


MODIFIED_KEY = re.compile(r"modif|updated|last-?mod|revised", re.I)
UPDATED_LINE = re.compile(r"\b(updated|modified|revised|amended)\b", re.I)
URLISH = re.compile(r"^\s*(https?:|//|/)\S*\s*$")


def _project(name, default):
    """A constant of crawler.extraction (it may move while the extractor changes): default when absent."""
    import crawler.extraction as ex
    import crawler.extraction.content as content

    return getattr(ex, name, getattr(content, name, default))


def _parse_tree(raw):
    import lxml.html

    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    return lxml.html.document_fromstring(text)


def _headline(tree, title):
    """The heading the extractor anchors its date search on, found its way: the h1/h2 whose text is the
    title, else one holding the (long) title, else the first h1. (heading, how) or (None, why)."""
    heads = [(el, " ".join(el.text_content().split())) for el in tree.iter("h1", "h2")]
    heads = [(el, t) for el, t in heads if t][:15]
    want = (title or "").lower()
    for el, t in heads:
        if want and t.lower() == want:
            return el, "exact"
    for el, t in heads:
        if want and len(want) > 20 and want in t.lower():
            return el, "contains"
    first = next(((el, t) for el, t in heads if el.tag == "h1"), None)
    if first:
        return first[0], f"title matches no h1/h2; fell back to the first h1 '{first[1][:30]}'"
    return None, "no h1/h2 matches the title"


def _texts(tree):
    """[(owner element, text, is_tail)] of the non-blank text nodes in document order (as texts_near sees
    them: comments hold no text, their tails do)."""
    out = []
    for el in tree.iter():
        if isinstance(el.tag, str) and el.text and el.text.strip():
            out.append((el, el.text, False))
        if el.tail and el.tail.strip() and el.getparent() is not None:
            out.append((el, el.tail, True))
    return out


def _reach(texts, headline, idx):
    """Where text idx stands from the headline: ('after'|'before'|'inside', lines away)."""
    inside = {id(e) for e in headline.iter()}
    first = next((i for i, (e, _, tail) in enumerate(texts) if id(e) in inside and not (tail and e is headline)), None)
    last = max(
        (i for i, (e, _, tail) in enumerate(texts) if id(e) in inside and not (tail and e is headline)), default=first
    )
    if first is None:
        return "after", 0
    if idx < first:
        return "before", first - idx
    if idx <= last:
        return "inside", 0
    return "after", idx - last


def _block_text(el, inline):
    while el is not None and el.tag in inline and el.getparent() is not None:
        el = el.getparent()
    return " ".join(el.text_content().split()) if el is not None and isinstance(el.tag, str) else ""


def categorise(raw, url, rec, gold, our_day, error=None):
    """(state, category, detail) of one miss: what we said (null, or a wrong day and from where) and where
    the gold date stands that we did not take, the most machine-readable place first."""
    from crawler.extraction.dates import find_date as our_find_date

    published_meta = _project("PUBLISHED_META", ())
    inline = _project("INLINE", {"span", "b", "strong", "em", "i", "time", "a", "small", "abbr", "font", "u"})
    after_n, before_n = _project("FOLLOWING_LINES", 25), _project("PRECEDING_LINES", 6)
    max_line = _project("MAX_DATE_LINE", 90)
    pat = day_patterns(gold)
    try:
        tree = _parse_tree(raw)
    except Exception as e:  # noqa: BLE001
        return "null", f"page unparseable ({type(e).__name__})", ""
    metas = []
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip()
        if key:
            metas.append((key, el.get("content") or ""))
    source = (rec or {}).get("published_source")
    if error:
        state = "crash"
    elif our_day is None:
        state = "null"
    elif source == "meta":
        state = "wrong: meta " + next(
            (k for name in published_meta for k, v in metas if k.lower() == name and v.strip()), "?"
        )
    else:
        state = f"wrong: {source}"

    def cat(name, detail=""):
        return state, name, detail

    if error:
        return cat(f"crash: {error['type']} in {error['where'].split(' ')[0]}")
    # 1. meta tags we read
    for key, v in metas:
        if key.lower() in published_meta and pat.search(v):
            why = "did not parse it" if not our_find_date(v) else "an earlier one in our order says another day"
            return cat(f"date in meta we read ({key}), but {why}", v[:60])
    # 2. JSON-LD datePublished
    ld_other = None
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        text = script.text
        hit = next((m for m in re.finditer(r'"(\w+)"\s*:\s*"([^"]*)"', text) if pat.search(m.group(2))), None)
        if hit is None:
            continue
        try:
            json.loads(text.strip())
        except ValueError:
            return cat("date in JSON-LD that is not valid JSON", hit.group(0)[:60])
        if hit.group(1) == "datePublished":
            types = sorted(set(re.findall(r'"@type"\s*:\s*"([^"]+)"', text)))[:3]
            return cat(
                f"JSON-LD datePublished in a type or nesting we skip ({'/'.join(types) or 'no @type'})",
                hit.group(0)[:60],
            )
        ld_other = ld_other or hit
    # 3. machine-readable attributes on elements
    urls_seen = []
    time_hit = None
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag == "meta":
            continue
        for key, v in el.attrib.items():
            if not pat.search(v):
                continue
            if URLISH.match(v):
                urls_seen.append(f"<{el.tag} {key}>")
                continue
            prop = el.get("itemprop")
            if prop and "publish" in prop.lower():
                return cat(f"itemprop={prop} on <{el.tag}> ({key}=), not a <meta>", v[:60])
            if el.tag == "time" and key == "datetime":
                time_hit = time_hit or (el, v)
            elif time_hit is None:
                time_hit = (el, v, key)
    title = (rec or {}).get("title")
    headline, how = _headline(tree, title)
    texts = _texts(tree)

    def where(i):
        if headline is None or how not in ("exact", "contains"):
            return how
        side, n = _reach(texts, headline, i)
        if side == "inside":
            return "inside the headline"
        limit = after_n if side == "after" else before_n
        return (
            f"{n} text nodes {side} the headline (we look {limit})"
            if n > limit
            else f"within reach ({n} {side} the headline)"
        )

    if time_hit is not None and time_hit[0].tag == "time" and len(time_hit) == 2:
        el, v = time_hit
        i = next((k for k, (e, _, _) in enumerate(texts) if e is el or el in e.iterancestors()), None)
        detail = where(i) if i is not None else "(empty <time>)"
        return cat(f"<time datetime>: {_bucket(detail)}", f"{v[:40]} [{detail}]")
    # 4. meta tags we don't read (not modified dates, not URLs)
    for key, v in metas:
        if pat.search(v) and not URLISH.match(v) and not MODIFIED_KEY.search(key):
            return cat(f"date in meta we don't read: {key}", v[:60])
    # 5. visible text: the occurrence nearest the headline, a publish line before an 'updated' one
    hits = []
    for i, (el, text, is_tail) in enumerate(texts):
        owner = el.getparent() if is_tail else el
        if (
            owner is None
            or owner.tag in ("script", "style", "noscript", "template")
            or not isinstance(el.tag, str)
            and not is_tail
        ):
            continue
        if pat.search(text):
            hits.append(i)
    if hits:

        def rank(i):
            line = " ".join(texts[i][1].split())
            dist = abs(
                i
                - (
                    texts.index(next(t for t in texts if t[0] is headline))
                    if headline is not None and any(t[0] is headline for t in texts)
                    else 0
                )
            )
            return (bool(UPDATED_LINE.search(line)), dist)

        i = min(hits, key=rank)
        el, text, is_tail = texts[i]
        line = " ".join(text.split())
        m = pat.search(line)
        snippet = line[max(0, m.start() - 30) : m.end() + 15]
        updated = bool(UPDATED_LINE.search(line))
        in_time = el.tag == "time" and not is_tail
        parsed = our_find_date(line)
        prefix = "date in <time> without datetime" if in_time else "visible date"
        if updated:
            return cat("gold = an 'updated' date shown on the page", snippet)
        if not (parsed and right(parsed[0].day, gold)):
            return cat(f"{prefix} in a form we don't parse: {shape(m.group(0))}", snippet)
        detail = where(i)
        if detail.startswith("within reach"):
            detail = _why_not_taken(el, is_tail, inline, max_line, state) or detail
        return cat(f"{prefix} we parse: {_bucket(detail)}", f"{snippet} [{detail}]")
    # 6. the rest
    for key, v in metas:
        if pat.search(v) and not URLISH.match(v):
            return cat("gold = a modified date, only in meta " + key, v[:60])
    if ld_other is not None:
        return cat(f"gold only in JSON-LD {ld_other.group(1)}", ld_other.group(0)[:60])
    if time_hit is not None:
        el, v = time_hit[0], time_hit[1]
        return cat(
            f"date only in a {time_hit[2] if len(time_hit) > 2 else 'datetime'}= attribute of <{el.tag}>", v[:60]
        )
    for script in tree.iter("script"):
        m = next(
            (m for m in re.finditer(r'"(\w+)"\s*:\s*"([^"]*)"', script.text or "") if pat.search(m.group(2))), None
        )
        if m:
            return cat("date only in a script's data (not JSON-LD)", m.group(0)[:60])
    if pat.search(url):
        return cat(
            "date only in the page URL"
            + ("" if re.search(r"/(19|20)\d\d/\d\d?/\d\d?(/|$)", url) else ", in a form we don't read"),
            url[:90],
        )
    for key, v in metas:
        if pat.search(v):
            urls_seen.append(f"meta {key}")
    if urls_seen:
        return cat("date only in a link or image path", ", ".join(sorted(set(urls_seen))[:3]))
    for c in tree.iter():
        if not isinstance(c.tag, str) and c.text and pat.search(c.text):
            return cat("date only in an HTML comment", " ".join(c.text.split())[:60])
    return cat("gold day not written on the page (relative date, month only, …)")


def _why_not_taken(el, is_tail, inline, max_line, state):
    """Why a parseable date line within reach of the headline gave nothing (our reading of the extractor's
    rules; None when none applies)."""
    if state.startswith("wrong"):
        return f"within reach, but {state[7:]} said another day first"
    if is_tail and el.tag not in inline:
        return f"within reach, but the text is the tail of <{el.tag}>: its line is read from that element"
    try:
        from crawler.extraction.content import is_furniture
    except ImportError:
        is_furniture = None
    owner = el.getparent() if is_tail else el
    if is_furniture is not None:
        for a in [owner, *owner.iterancestors()]:
            if a.tag in ("body", "html"):
                break
            if is_furniture(a):
                name = a.get("class") or a.get("id") or a.get("role") or ""
                return f"within reach, but inside <{a.tag} {name[:30]!r}>, named as furniture"
    block = _block_text(owner, inline)
    if len(block) > max_line:
        return f"within reach, but its line has {len(block)} chars (we take ≤ {max_line})"
    from crawler.extraction.dates import find_date as our_find_date

    found = our_find_date(block)
    max_rest = _project("MAX_DATE_LINE_REST", 32)
    if found and len(block) - (found[2] - found[1]) > max_rest:
        return (
            f"within reach, but {len(block) - (found[2] - found[1])} chars around the date on its line "
            f"(we allow ≤ {max_rest}): '{block[:60]}'"
        )
    updated_words = _project("UPDATED_WORDS", UPDATED_LINE)
    if updated_words.search(block):
        return (
            f"within reach, but its line also says '{updated_words.search(block).group(0)}': taken as the updated date"
        )
    return None


def _bucket(detail):
    """A category from a distance detail: 'after the headline, out of reach' etc."""
    if detail.startswith("within reach, but its line"):
        return "near the headline, line too long"
    if "chars around the date" in detail:
        return "near the headline, too much text around the date on its line"
    if "said another day first" in detail:
        return "near the headline, but meta/JSON-LD said another day first"
    if "the tail of" in detail:
        return "near the headline, text follows a non-inline element (<br>, <svg>…): line read from it, empty"
    if "taken as the updated date" in detail:
        return "near the headline, its line also holds an 'Updated' date"
    if "named as furniture" in detail:
        return "near the headline, inside an element named as furniture"
    if detail.startswith("within reach"):
        return "near the headline, not taken (furniture?)"
    if "text nodes after" in detail:
        return "after the headline, beyond our reach"
    if "text nodes before" in detail:
        return "before the headline, beyond our reach"
    if detail.startswith("inside"):
        return "inside the headline"
    if detail.startswith("title matches no"):
        return "headline not identified (title matches no h1/h2)"
    return detail


def shape(text):
    """A date's written form with its digits and words generalised: '12th May, 2019' -> 'D May, YYYY'."""
    s = re.sub(r"(?<!\d)(19|20)\d\d(?!\d)", "YYYY", text)
    s = re.sub(r"\d+(st|nd|rd|th)\b", "Dth", s)
    s = re.sub(r"\d+", "D", s)
    s = re.sub("|".join(MONTHS + [m[:3] for m in MONTHS]), "Month", s, flags=re.I)
    s = re.sub(r"Month\w*", "Month", s)
    return s


# --- output -----------------------------------------------------------------------------------------


def pct(a, b):
    return f"{a / b:.1%}" if b else "–"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", help=f"htmldate checkout, its tests/ folder or a git dir (default {MIRROR})")
    ap.add_argument("--lang", default="en", help="declared page language to keep (default en; 'all': every page)")
    ap.add_argument("--out", default="/tmp/police-notices-dates-real")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per miss category")
    ap.add_argument("--no-htmldate", action="store_true", help="ours only (htmldate columns empty)")
    ap.add_argument(
        "--code",
        default=str(ROOT),
        help="folder holding the crawler package to measure (default: this checkout; e.g. "
        "`git archive HEAD crawler | tar -x -C /tmp/head` and --code /tmp/head for the committed one)",
    )
    args = ap.parse_args(argv)
    global CODE
    CODE = Path(args.code).resolve()
    sys.path.insert(0, str(CODE))

    with tempfile.TemporaryDirectory() as tmp:
        tests, where = locate(args.pages, tmp)
        rows = load_set(tests)
        pages = []
        for url, name, gold, path in rows:
            raw = path.read_bytes()
            lang = page_lang(raw)
            if args.lang == "all" or (lang or "").startswith(args.lang):
                pages.append((url, name, gold, raw, lang))

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for url, name, gold, raw, lang in pages:
        use_url = url if re.match(r"https?://", url) else f"https://example.com/{name}"
        rec, err = run_ours(raw, use_url)
        ours = day_of(rec.get("published")) if rec else None
        theirs, their_err = (None, None) if args.no_htmldate else run_htmldate(raw)
        theirs = day_of(theirs)
        row = {
            "file": name,
            "url": url,
            "lang": lang,
            "gold": gold.isoformat(),
            "ours": rec.get("published") if rec else None,
            "ours_source": rec.get("published_source") if rec else None,
            "ours_raw": rec.get("published_raw") if rec else None,
            "htmldate": theirs.isoformat() if theirs else None,
            "ours_right": right(ours, gold),
            "htmldate_right": right(theirs, gold),
            "error": err,
            "htmldate_error": their_err,
        }
        if not row["ours_right"]:
            row["miss"] = categorise(raw, use_url, rec, gold, ours, err)
        results.append(row)
    with open(out / "pages.jsonl", "w", encoding="utf-8") as f:
        for row in results:
            f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")

    n = len(results)
    errors = [r for r in results if r["error"]]
    o = sum(r["ours_right"] for r in results)
    h = sum(r["htmldate_right"] for r in results)
    both = sum(r["ours_right"] and r["htmldate_right"] for r in results)
    only_o = sum(r["ours_right"] and not r["htmldate_right"] for r in results)
    only_h = sum(r["htmldate_right"] and not r["ours_right"] for r in results)
    null = sum(not r["ours"] and not r["error"] for r in results)
    import crawler

    print(f"## Publish dates on real pages: htmldate's test set ({where}), lang={args.lang}\n")
    print(f"Extractor: {Path(crawler.__file__).parent}\n")
    print("| pages | errors | ours right | htmldate right | both right | ours only | htmldate only | ours null |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {n} | {len(errors)} | {o} ({pct(o, n)}) | {h} ({pct(h, n)}) | {both} | {only_o} | {only_h} | {null} |")
    print("\nRight = within one day of the gold day.")

    if errors:
        print(f"\n### Exceptions from extract_notice ({len(errors)})\n")
        by_site = defaultdict(list)
        for r in errors:
            by_site[(r["error"]["type"], r["error"]["message"], r["error"]["where"])].append(r["file"])
        for (typ, msg, site), files in by_site.items():
            print(f"- {len(files)} × `{typ}: {msg}` in {site}: {', '.join(files)}")
        shown = set()
        for r in errors:
            key = r["error"]["where"]
            if key not in shown:
                shown.add(key)
                print(f"\n{r['file']}:\n```\n{r['error']['traceback'].rstrip()}\n```")

    print(f"\n### Ours wrong, htmldate right ({only_h})\n")
    print("| file | gold | ours | our source | htmldate | miss category |")
    print("|---|---|---|---|---|---|")
    for r in results:
        if r["htmldate_right"] and not r["ours_right"]:
            ours = "ERROR" if r["error"] else (r["ours"] or "–")
            print(
                f"| {r['file']} | {r['gold']} | {ours} | {r['ours_source'] or '–'} | {r['htmldate']} | "
                f"{r['miss'][1] if 'miss' in r else ''} |"
            )

    misses = [r for r in results if not r["ours_right"]]
    cats = Counter(r["miss"][1] for r in misses)
    print(f"\n### Our misses by where the gold date stands ({len(misses)} pages)\n")
    print("| # | category | misses | we said null | we said a wrong day (our source) | htmldate right |")
    print("|---|---|---|---|---|---|")
    for k, (name, count) in enumerate(cats.most_common(), 1):
        group = [r for r in misses if r["miss"][1] == name]
        nulls = sum(r["miss"][0] in ("null", "crash") for r in group)
        wrong = Counter(r["miss"][0].split(": ", 1)[1] for r in group if r["miss"][0].startswith("wrong"))
        wrong_s = ", ".join(f"{k}: {v}" for k, v in wrong.most_common()) or "–"
        print(f"| {k} | {name} | {count} | {nulls} | {wrong_s} | {sum(r['htmldate_right'] for r in group)} |")
    if args.examples:
        print("\nExamples per category (detail: where the gold date stands):")
        for name, _ in cats.most_common():
            print(f"\n- {name}")
            for r in [r for r in misses if r["miss"][1] == name][: args.examples]:
                print(
                    f"  - {r['file']}: gold {r['gold']}, ours {r['ours'] or 'null'} ({r['miss'][0]}), "
                    f"htmldate {r['htmldate'] or 'null'}: `{r['miss'][2]}`"
                )
    print(f"\nPer page -> {out / 'pages.jsonl'}")


if __name__ == "__main__":
    main()
