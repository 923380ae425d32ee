"""Re-applying the topic rules to stored notices, without fetching anything."""
import json
from collections import Counter

from crawler.extraction import classify

from archive.store import utc_now

CLASSIFIED = ("topics", "topic_matches", "is_consultation", "consultation_cues")


def reclassify(db, rules, *, now=None, batch_size=1000):
    """Classify every notice again with rules; changed notices are updated and logged in `extractions`.

    Returns Counter(changed=…, unchanged=…, and one `topic:<slug>` count per topic added or removed).
    """
    now = now or utc_now()
    counts = Counter()
    last = 0
    while True:
        rows = db.conn.execute(
            "SELECT rowid, id, title, description, body, survey_links, topics, topic_matches, is_consultation,"
            " consultation_cues, extractor_version, raw_sha256 FROM notices WHERE rowid > ? ORDER BY rowid LIMIT ?",
            [last, batch_size]).fetchall()
        if not rows:
            return counts
        with db.atomic():
            for (rowid, nid, title, description, body, links, topics, matches, is_cons, cues, version,
                 raw) in rows:
                last = rowid
                result = classify({"title": title, "description": description, "body": body,
                                   "survey_links": json.loads(links or "[]")}, rules)
                new = {"topics": json.dumps(result["topics"], ensure_ascii=False, sort_keys=True),
                       "topic_matches": json.dumps(result["topic_matches"], ensure_ascii=False, sort_keys=True),
                       "is_consultation": 1 if result["is_consultation"] else 0,
                       "consultation_cues": json.dumps(result["consultation_cues"], ensure_ascii=False,
                                                       sort_keys=True)}
                old = {"topics": topics, "topic_matches": matches, "is_consultation": is_cons,
                       "consultation_cues": cues}
                changed = [k for k in CLASSIFIED if new[k] != old[k]]
                if not changed:
                    counts["unchanged"] += 1
                    continue
                counts["changed"] += 1
                db.conn.execute(f"UPDATE notices SET {', '.join(k + ' = ?' for k in changed)} WHERE id = ?",
                                [new[k] for k in changed] + [nid])
                if "topics" in changed:
                    before, after = set(json.loads(topics or "[]")), set(result["topics"])
                    for t in after ^ before:
                        counts[f"topic:{t}"] += 1
                    db.conn.execute("DELETE FROM notice_topics WHERE notice_id = ?", [nid])
                    db.conn.executemany("INSERT INTO notice_topics (notice_id, topic) VALUES (?, ?)",
                                        [(nid, t) for t in sorted(after)])
                db.conn.execute(
                    "INSERT INTO extractions (notice_id, extractor_version, raw_sha256, extracted_at, changed_fields)"
                    " VALUES (?, ?, ?, ?, ?)", [nid, f"reclassify ({version})", raw, now, json.dumps(changed)])
