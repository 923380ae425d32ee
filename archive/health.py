"""Each force's health, kept run by run in `force_health` (migration 012): written when a crawl's run of the
force ends (the judgement is crawler/health.py's), read by `police-notices health` and the coverage page.

A force's standing is its latest row: its state, its last success (an ok or degraded run: the site answered
and its notices were read) and how many runs in a row failed or were blocked. A force with no success for
STALE_DAYS days (or none ever, its first run that long ago) is shown `stale`, whatever its last run said.
"""

import json
from datetime import UTC, datetime, timedelta

STALE_DAYS = 7
SUCCESS = ("ok", "degraded")
PROBLEMS = ("degraded", "failed", "blocked", "stale")  # what `health --strict` exits 1 for
COLUMNS = (
    "force",
    "state",
    "reason",
    "finished",
    "pages",
    "article_like",
    "notices",
    "title_coverage",
    "date_coverage",
    "body_coverage",
    "undated",
    "parse_failures",
    "http_errors",
    "blocked",
    "evidence",
    "last_success",
    "consecutive_failures",
    "first_run",
)


def coverage_history(db, force, min_pages, limit):
    """[(article_like, {field: percent})] of the force's last `limit` runs that met min_pages article-like
    pages, newest first (what its baseline is made of)."""
    rows = db.execute(
        "SELECT article_like, title_coverage, date_coverage, body_coverage FROM force_health"
        " WHERE force = ? AND article_like >= ? ORDER BY id DESC LIMIT ?",
        [force, min_pages, limit],
    ).fetchall()
    return [(pages, {"title": t, "date": d, "body": b}) for pages, t, d, b in rows]


def save_force_health(db, run_id, force, *, finished, state, reason, stats, coverage, drops):
    """The run's row; the force's last success and failures in a row carried on from its previous row."""
    prev = db.execute(
        "SELECT last_success, consecutive_failures FROM force_health WHERE force = ? ORDER BY id DESC LIMIT 1", [force]
    ).fetchone() or (None, 0)
    success = state in SUCCESS
    cov = coverage or {}
    db.execute(
        "INSERT INTO force_health (run_id, force, finished, state, reason, pages, article_like, notices,"
        " title_coverage, date_coverage, body_coverage, undated, parse_failures, http_errors, blocked, evidence,"
        " last_success, consecutive_failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            force,
            finished,
            state,
            reason,
            stats.get("pages", 0),
            stats.get("article_like", 0),
            stats.get("read", 0),
            cov.get("title"),
            cov.get("date"),
            cov.get("body"),
            stats.get("undated", 0),
            stats.get("unread", 0) + stats.get("crashed", 0),
            stats.get("http_errors", 0),
            stats.get("http_blocked", 0),
            json.dumps([{"field": f, "before": b, "after": a} for f, b, a in drops]) if drops else None,
            finished if success else prev[0],
            0 if success else prev[1] + 1,
        ],
    )


def latest_health(db):
    """Every force's latest row (dicts of COLUMNS, first_run: when its first run finished, else when its first
    run stopped before its end started), forces with no finished run included with state None, by slug."""
    rows = db.execute(
        "SELECT f.slug, h.state, h.reason, h.finished, h.pages, h.article_like, h.notices, h.title_coverage,"
        " h.date_coverage, h.body_coverage, h.undated, h.parse_failures, h.http_errors, h.blocked, h.evidence,"
        " h.last_success, h.consecutive_failures,"
        " coalesce((SELECT min(finished) FROM force_health WHERE force = f.slug),"
        " (SELECT min(started) FROM crawl_runs WHERE force = f.slug)) FROM forces f"
        " LEFT JOIN force_health h ON h.id = (SELECT max(id) FROM force_health WHERE force = f.slug)"
        " ORDER BY f.slug"
    ).fetchall()
    return [dict(zip(COLUMNS, r)) for r in rows]


def standing(row, now=None):
    """(state, reason) of a force's latest row as shown: `stale` when it has had no success for STALE_DAYS,
    counted from its first run when it never had one (a run stopped before its end, by SIGTERM or a kill,
    leaves no row: runs that never finish must not look like a force not crawled yet)."""
    now = now or datetime.now(UTC)
    if row["state"] is None:
        if not row.get("first_run"):
            return None, "never crawled"
        first = row["first_run"][:16].replace("T", " ")
        if _when(row["first_run"]) < now - timedelta(days=STALE_DAYS):
            return "stale", f"no run finished since the first started, {first} (each was stopped before its end)"
        return None, f"no run finished yet (the first started {first} and was stopped before its end)"
    since = row["last_success"] or row["first_run"]
    if since and _when(since) < now - timedelta(days=STALE_DAYS):
        last = f"{row['state']}: {row['reason']}" if row["reason"] else row["state"]
        what = f"since {since[:10]}" if row["last_success"] else f"in any run since {since[:10]}"
        return "stale", f"no successful run {what} (latest: {last})"
    return row["state"], row["reason"]


def _when(text):
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


TABLE = (
    ("pages", "pages"),
    ("article_like", "articles"),
    ("notices", "notices"),
    ("title_coverage", "title%"),
    ("date_coverage", "date%"),
    ("body_coverage", "body%"),
    ("undated", "undated"),
    ("parse_failures", "unread"),
    ("http_errors", "http_err"),
    ("blocked", "blocked"),
    ("consecutive_failures", "fails"),
)


def health_table(rows, now=None):
    """rows: latest_health(db) -> text table, one line a force: its latest run's counts and coverage, its
    last success, and its state as shown (standing) with the reason."""
    width = max([len("force")] + [len(r["force"]) for r in rows])
    head = f"{'force':<{width}} " + " ".join(f"{label:>8}" for _, label in TABLE) + f"  {'last success':<16}  state"
    lines = [head, "-" * len(head)]
    for r in rows:
        state, reason = standing(r, now)
        cells = " ".join(f"{'' if r[c] is None else f'{r[c]:g}':>8}" for c, _ in TABLE)
        success = (r["last_success"] or "never")[:16].replace("T", " ")
        shown = (
            ("-" if reason == "never crawled" else f"-: {reason}")
            if state is None
            else state
            if state == "ok"
            else f"{state.upper()}: {reason}"
        )
        lines.append(f"{r['force']:<{width}} {cells}  {success:<16}  {shown}")
    return "\n".join(lines)
