"""Held notices: pages stored hidden because they claim what a hidden notice claimed, for the operator's review.

A takedown follows the notice, not one URL. Without this, the taken-down page stored again under another
fetched URL (an identity collision re-keys it) or copied to a new address would be a new visible notice
carrying the hidden text. So a page claiming any URL a hidden notice ever claimed (its identity, fetched,
canonical or og:url, an earlier version's fetched URL, a collided identity) or having its content hash
is stored hidden, and a `held` row says which hidden notice it matched and by what. The operator's
`hide` or `unhide` of it is the review: a notice the operator shows again is not held again for the same
hidden notice or the same URL or hash.
"""

import json

from crawler.extraction import normalise_url

# (what the hidden notice claimed, the value, its rowid): the rowid, because a collision re-keys a
# notice's id but keeps its row.
_HIDDEN_CLAIMS = """
  SELECT 'url', url, rowid FROM notices WHERE hidden = 1
  UNION ALL SELECT 'fetched_url', fetched_url, rowid FROM notices WHERE hidden = 1
  UNION ALL SELECT 'canonical', canonical, rowid FROM notices WHERE hidden = 1
  UNION ALL SELECT 'og:url', CASE WHEN json_valid(og) THEN json_extract(og, '$.url') END, rowid
    FROM notices WHERE hidden = 1
  UNION ALL SELECT 'fetched_url of version ' || v.version, v.fetched_url, n.rowid
    FROM notices n JOIN notice_versions v ON v.notice_id = n.id WHERE n.hidden = 1
  UNION ALL SELECT 'claimed identity', c.claimed_url, n.rowid
    FROM notices n JOIN identity_collisions c ON c.notice_id = n.id WHERE n.hidden = 1
  UNION ALL SELECT 'content_sha256', content_sha256, rowid FROM notices WHERE hidden = 1
  UNION ALL SELECT 'content_sha256 of version ' || v.version, v.content_sha256, n.rowid
    FROM notices n JOIN notice_versions v ON v.notice_id = n.id WHERE n.hidden = 1
"""


def _key(claim, value):
    """URLs compare normalised; hashes as they are."""
    if not isinstance(value, str) or not value:
        return None
    return value if claim.startswith("content_sha256") else (normalise_url(value) or value)


def page_claims(record, url, fetched):
    """(claim, key) of a record being stored: its identity and fetched URL (given normalised), canonical,
    og:url, content hash."""
    og = record.get("og") if isinstance(record.get("og"), dict) else {}
    same = {k: v for k, v in ((record.get("url"), url), (record.get("fetched_url"), fetched)) if k}
    # canonical and og:url are mostly those very URLs: normalised once
    canonical, og_url = (
        (same.get(v) or _key("url", v)) if isinstance(v, str) else None
        for v in (record.get("canonical"), og.get("url"))
    )
    claims = [
        ("url", url),
        ("fetched_url", fetched),
        ("canonical", canonical),
        ("og:url", og_url),
        ("content_sha256", record.get("content_sha256")),
    ]
    return [(claim, key) for claim, key in claims if key and isinstance(key, str)]


class Holds:
    """What the archive's hidden notices claim, read once per Store; holds the pages that claim it too."""

    def __init__(self, conn):
        self.conn = conn
        self.claims = {}  # key -> [(what the hidden notice claimed, its rowid)]
        if conn.execute("SELECT 1 FROM notices WHERE hidden = 1 LIMIT 1").fetchone():
            for claim, value, rowid in conn.execute(_HIDDEN_CLAIMS):
                if key := _key(claim, value):
                    self.claims.setdefault(key, []).append((claim, rowid))

    def check(self, nid, record, identity, fetched, now):
        """Hold the just stored notice nid when the record (its identity and fetched URL normalised) claims
        what a hidden notice claimed. Returns (notice id, its url, hidden id, why) when held, else None."""
        if not self.claims:
            return None
        claims = page_claims(record, identity, fetched)
        hits = [(claim, key, hit) for claim, key in claims for hit in self.claims.get(key, ())]
        if not hits:
            return None
        rowid, url, hidden = self.conn.execute("SELECT rowid, url, hidden FROM notices WHERE id = ?", [nid]).fetchone()
        if hidden:
            return None  # the hidden notice itself, stored again, or one already held
        for claim, key, (hidden_claim, hidden_rowid) in hits:
            row = self.conn.execute(
                "SELECT id FROM notices WHERE rowid = ? AND hidden = 1 AND rowid != ?", [hidden_rowid, rowid]
            ).fetchone()
            if (
                row is None
                or self.conn.execute(
                    "SELECT 1 FROM held WHERE notice_id = ? AND (hidden_id = ? OR value = ?)", [nid, row[0], key]
                ).fetchone()
            ):
                continue  # unhidden since, or the operator has already decided on this notice for this match
            self.conn.execute("UPDATE notices SET hidden = 1 WHERE id = ?", [nid])
            self.conn.execute(
                "INSERT INTO held (notice_id, hidden_id, claim, hidden_claim, value, held_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [nid, row[0], claim, hidden_claim, key, now],
            )
            for c, k in claims:  # a page claiming what this one claims is held too
                self.claims.setdefault(k, []).append((c, rowid))
            return nid, url, row[0], describe(claim, hidden_claim, key, row[0])
        return None


def hold_stored(conn, nid, now):
    """At a takedown of nid: hold the notices already stored that claim what it claims (the same page kept
    under another URL before the takedown). Returns the holds made, as Holds.check does."""
    holds = Holds(conn)
    rowid = conn.execute("SELECT rowid FROM notices WHERE id = ?", [nid]).fetchone()[0]
    keys = {key for key, hits in holds.claims.items() if any(r == rowid for _, r in hits)}
    # stored URLs may be written otherwise than their normalised keys: the hidden notice's raw ones too
    keys |= {value for _, value, r in conn.execute(_HIDDEN_CLAIMS) if r == rowid and isinstance(value, str)}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS hold_keys (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.hold_keys")
    conn.executemany("INSERT OR IGNORE INTO temp.hold_keys VALUES (?)", [(k,) for k in keys])
    found = conn.execute(
        "SELECT id, url, fetched_url, canonical, og, content_sha256 FROM notices WHERE hidden = 0 AND ("
        " url IN temp.hold_keys OR fetched_url IN temp.hold_keys OR canonical IN temp.hold_keys"
        " OR content_sha256 IN temp.hold_keys"
        " OR (json_valid(og) AND json_extract(og, '$.url') IN temp.hold_keys))"
    ).fetchall()
    conn.execute("DROP TABLE temp.hold_keys")
    held = []
    for other, url, fetched, canonical, og, sha in found:
        record = {
            "url": url,
            "fetched_url": fetched,
            "canonical": canonical,
            "content_sha256": sha,
            "og": json.loads(og) if og else {},
        }
        if h := holds.check(other, record, url, normalise_url(fetched or "") or url, now):
            held.append(h)
    return held


def describe(claim, hidden_claim, value, hidden_id):
    """Why a notice is held, in words: 'its canonical https://… is the fetched_url of hidden notice …'."""
    return f"its {claim} {value} is the {hidden_claim} of hidden notice {hidden_id}"


def held_notices(conn, *, reviewed=False):
    """Held notices (awaiting review; with reviewed=True, all), oldest first, as dicts."""
    rows = conn.execute(
        "SELECT h.notice_id, n.url, n.title, h.hidden_id, h.claim, h.hidden_claim, h.value, h.held_at,"
        " h.reviewed_at, n.hidden FROM held h JOIN notices n ON n.id = h.notice_id"
        + ("" if reviewed else " WHERE h.reviewed_at IS NULL")
        + " ORDER BY h.held_at, h.notice_id"
    ).fetchall()
    names = ("id", "url", "title", "hidden_id", "claim", "hidden_claim", "value", "held_at", "reviewed_at", "hidden")
    return [dict(zip(names, r)) for r in rows]


def mark_reviewed(conn, nid, now):
    """The operator hid or unhid a held notice: its holds are reviewed. Returns how many were waiting."""
    return conn.execute(
        "UPDATE held SET reviewed_at = ? WHERE notice_id = ? AND reviewed_at IS NULL", [now, nid]
    ).rowcount
