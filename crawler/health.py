"""A force's health after a run, as pure functions: what share of its article-like pages gave each field,
and whether that fell so far below the force's own baseline that its layout has likely changed.

A redesign rarely makes a crawl fail: the pages still answer and are read, but a field goes missing (the
date line moves, the body is now elsewhere). Each force is compared with itself, not with the others: its
baseline is the median coverage of its last BASELINE_RUNS runs that met at least MIN_PAGES article-like
pages, and a run that met as many and shows a field more than MAX_DROP points below it is `degraded`. A
smaller run says too little to judge coverage by: it can only fail (crawl.force_status). A field a force's
pages never show (a site that prints no dates) has a baseline of 0 and cannot drop.
"""

from statistics import median

from crawler.crawl import DEGRADED, OK, RunStatus

FIELDS = ("title", "date", "body")
BASELINE_RUNS = 5
MIN_PAGES = 10
MAX_DROP = 20  # points of coverage (percent of article-like pages)


def count_fields(stats, record):
    """Count the fields a page read as a notice has, in the force's run stats (a Counter)."""
    stats["with_title"] += bool(record.get("title"))
    stats["with_date"] += bool(record.get("published"))
    stats["with_body"] += bool((record.get("body") or "").strip())


def coverage(stats):
    """{field: percent of the run's article-like pages read with it}; None when it met none."""
    pages = stats.get("article_like", 0)
    if not pages:
        return None
    return {f: round(100 * stats.get(f"with_{f}", 0) / pages, 1) for f in FIELDS}


def baseline(history):
    """The median coverage per field of the last BASELINE_RUNS runs that met MIN_PAGES article-like pages.

    history: [(article_like, coverage)] of the force's earlier runs, newest first. None without such a run.
    """
    runs = [cov for pages, cov in history if pages >= MIN_PAGES and cov][:BASELINE_RUNS]
    if not runs:
        return None
    return {f: median(cov[f] for cov in runs) for f in FIELDS}


def layout_drops(base, pages, cov):
    """[(field, before, after)]: the fields this run shows more than MAX_DROP points below the baseline.
    Empty without a baseline, or when the run met fewer than MIN_PAGES article-like pages."""
    if base is None or cov is None or pages < MIN_PAGES:
        return []
    return [(f, base[f], cov[f]) for f in FIELDS if base[f] - cov[f] > MAX_DROP]


def judge(status, drops, pages):
    """The run's final status: an ok run whose coverage dropped is `degraded`, with the evidence as reason.
    A failed or blocked run stays so (its coverage says nothing more)."""
    if status.state != OK or not drops:
        return status
    said = ", ".join(f"{f} {before:g}% -> {after:g}%" for f, before, after in drops)
    return RunStatus(DEGRADED, f"layout changed? {said} of {pages} article-like pages (against the force's baseline)")
