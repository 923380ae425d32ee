"""Re-applying the topic rules to stored notices, without fetching anything."""

import json
from collections import Counter

from archive.standing import SITE, due_for_learning, load_standing, read_standing, write_standing
from archive.store import utc_now
from crawler.extraction import classify_again

CLASSIFIED = (
    "topics",
    "topic_matches",
    "is_consultation",
    "asks_for_views",
    "consultation_cues",
    "survey_links",
    "closes",
    "closes_raw",
)
JSON_COLUMNS = ("topics", "topic_matches", "consultation_cues", "survey_links")


def reclassify(db, rules, *, forces=None, flagged_only=False, now=None, batch_size=1000):
    """Classify the notices (of the given forces; all when None) again with rules and each force's standing
    phrases as last learned (archive.standing); changed notices are updated and logged in `extractions`.

    flagged_only: only notices flagged as consultations or as asking for views, or holding survey links: the
    only ones newly learned sign-offs can change (they take cues and links away, never add them): what a
    crawl's end needs.

    Returns Counter(changed=…, unchanged=…, and one `topic:<slug>` count per topic added or removed).
    """
    now = now or utc_now()
    standing = load_standing(db)
    counts = Counter()
    last = 0
    only = ""
    if forces is not None:
        forces = sorted(set(forces))
        marks = ", ".join("?" * len(forces))  # registry slugs: sign-offs are per site (SITE, indexed)
        only = f" AND (publisher IN ({marks}) OR publisher IS NULL AND force IN ({marks}))"
    if flagged_only:
        only += (
            " AND (is_consultation = 1 OR asks_for_views = 1"
            " OR survey_links NOT IN ('[]', '') AND survey_links IS NOT NULL)"
        )
    while True:
        with db.atomic():  # the batch is read inside its write transaction: no other writer changes it meanwhile
            rows = db.conn.execute(
                f"SELECT rowid, id, {SITE}, title, description, body, extractor_version, raw_sha256, "
                + ", ".join(CLASSIFIED)
                + f" FROM notices WHERE rowid > ?{only} ORDER BY rowid LIMIT ?",
                [last, *(forces or ()), *(forces or ()), batch_size],
            ).fetchall()
            if not rows:
                return counts
            for row in rows:
                rowid, nid, force, title, description, body, version, raw = row[:8]
                old = dict(zip(CLASSIFIED, row[8:]))
                last = rowid
                result = classify_again(
                    {
                        "title": title,
                        "description": description,
                        "body": body,
                        "survey_links": json.loads(old["survey_links"] or "[]"),
                        "closes": old["closes"],
                        "closes_raw": old["closes_raw"],
                    },
                    rules,
                    standing.get(force),
                )
                new = {
                    k: json.dumps(result[k], ensure_ascii=False, sort_keys=True)
                    if k in JSON_COLUMNS
                    else (1 if result[k] else 0)
                    if k in ("is_consultation", "asks_for_views")
                    else result[k]
                    for k in CLASSIFIED
                }
                changed = [k for k in CLASSIFIED if new[k] != old[k]]
                if not changed:
                    counts["unchanged"] += 1
                    continue
                counts["changed"] += 1
                db.conn.execute(
                    f"UPDATE notices SET {', '.join(k + ' = ?' for k in changed)} WHERE id = ?",
                    [new[k] for k in changed] + [nid],
                )
                if "topics" in changed:
                    before, after = set(json.loads(old["topics"] or "[]")), set(result["topics"])
                    for t in after ^ before:
                        counts[f"topic:{t}"] += 1
                    db.conn.execute("DELETE FROM notice_topics WHERE notice_id = ?", [nid])
                    db.conn.executemany(
                        "INSERT INTO notice_topics (notice_id, topic) VALUES (?, ?)", [(nid, t) for t in sorted(after)]
                    )
                if "survey_links" in changed:
                    db.conn.execute("DELETE FROM survey_links WHERE notice_id = ?", [nid])
                    db.conn.executemany(
                        "INSERT INTO survey_links (notice_id, url, host, provider, text) VALUES (?, ?, ?, ?, ?)",
                        [
                            (nid, s["url"], s.get("host"), s.get("provider"), s.get("text"))
                            for s in result["survey_links"]
                        ],
                    )
                db.conn.execute(
                    "INSERT INTO extractions (notice_id, extractor_version, raw_sha256, extracted_at, changed_fields)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [nid, f"reclassify ({version})", raw, now, json.dumps(changed)],
                )


def relearn_due(db, rules, forces):
    """Learn again the sign-offs of those forces that are due (archive.standing.due_for_learning) and classify
    their flagged notices with them; returns the forces learned.

    The notices are read first (learning reads every body); what was learned and the notices it
    unflags are then written in one transaction: a run killed halfway leaves the forces due, so the next
    run (whatever it stores) finishes the work: the archive's derived state converges.
    """
    due = due_for_learning(db, forces)
    if due:
        learned = read_standing(db.conn, due)
        with db.atomic():
            write_standing(db.conn, due, learned)
            reclassify(db, rules, forces=due, flagged_only=True)
    return due
