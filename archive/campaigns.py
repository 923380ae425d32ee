"""The consultation_campaigns table rebuilt from the stored notices (the rules: archive/campaign_rules.py).

`update_campaigns(db)` reads the notices, groups them and replaces the table and its notice links in one
transaction: idempotent, and a reader never sees half a grouping. The crawl calls it after storing,
`police-notices consultations` on demand. Statuses are computed for one day, `campaign_today()`: the UK day,
or POLICE_NOTICES_TODAY (YYYY-MM-DD) when set, the one place a test or a replay sets the clock.
"""

import json
import os
from collections import Counter
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from archive.campaign_rules import RESULTS_SEARCH, Post, consultation, group, survey_key
from archive.store import utc_now
from crawler.extraction import markdown_text

# The notice's publisher, as one SQL expression over `notices n`: the site that posted it (a force or a
# police and crime commissioner, migration 014), not the area's force.
PUBLISHER = "coalesce(n.publisher, n.force)"
TODAY_VARIABLE = "POLICE_NOTICES_TODAY"


def campaign_today(value=None):
    """The day statuses are computed for: value or $POLICE_NOTICES_TODAY (YYYY-MM-DD), else today in the UK."""
    value = value or os.environ.get(TODAY_VARIABLE)
    if value:
        return date.fromisoformat(value)
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date()


def read_posts(conn):
    """The public notices grouping reads: consultations, and the notices that may report a survey's results
    (found through the search index, RESULTS_SEARCH; RESULTS in campaign_rules decides). A LIKE scan of
    every body took 18 s at a million notices, and missed a cue in the title or description."""
    rows = conn.execute(
        f"SELECT n.id, {PUBLISHER}, n.published, n.title, n.url, n.fetched_url, n.description, n.body, n.topics,"
        " n.closes, n.closes_raw, n.is_consultation, n.survey_links, n.translation_of IS NOT NULL FROM notices n"
        " WHERE n.hidden = 0 AND (n.is_consultation = 1"
        " OR n.rowid IN (SELECT rowid FROM notices_fts WHERE notices_fts MATCH ?))",
        [RESULTS_SEARCH],
    ).fetchall()
    return [
        Post(
            id=nid,
            publisher=publisher,
            published=(published or "")[:10] or None,
            title=title or "",
            url=url,
            text=" ".join(filter(None, (title, description, markdown_text(body or "")))),
            survey_urls=_survey_keys(json.loads(links or "[]"), (url, fetched_url)),
            topics=frozenset(json.loads(topics or "[]")),
            closes=(closes or "")[:10] or None,
            closes_raw=closes_raw,
            invites=bool(is_consultation),
            translation=bool(translation),
        )
        for nid, publisher, published, title, url, fetched_url, description, body, topics, closes, closes_raw, is_consultation, links, translation in rows
    ]


def _survey_keys(links, own):
    """The survey links grouping compares: a link to the notice's own site (its consultations page, a category)
    is the site's furniture, shared by every consultation it lists, not a survey."""
    hosts = {urlsplit(u).hostname for u in own if u}
    return frozenset(survey_key(s["url"]) for s in links if s.get("url") and urlsplit(s["url"]).hostname not in hosts)


def find_campaigns(conn, today):
    """The consultations the archive's notices make, as they stand on `today`."""
    found = (consultation(g, today) for g in group(read_posts(conn)))
    return [c for c in found if c is not None]


def update_campaigns(db, today=None, now=None):
    """Rebuild consultation_campaigns and consultation_notices in one transaction; returns Counter of statuses
    (and `consultations`). A consultation keeps the first_seen of its earlier runs."""
    today = today or campaign_today()
    campaigns = find_campaigns(db.conn, today)
    with db.atomic():
        write_campaigns(db.conn, campaigns, today, now or utc_now())
    counts = Counter(c.status for c in campaigns)
    counts["consultations"] = len(campaigns)
    return counts


def regroup(conn, now=None):
    """Group again inside the caller's transaction, for the day the statuses were last computed for (the
    public copy, once hidden notices are gone: no consultation may name one)."""
    day = conn.execute("SELECT max(status_day) FROM consultation_campaigns").fetchone()[0]
    today = date.fromisoformat(day) if day else campaign_today()
    write_campaigns(conn, find_campaigns(conn, today), today, now or utc_now())


def write_campaigns(conn, campaigns, today, now):
    """Replace both tables' rows with campaigns (no transaction of its own)."""
    seen = dict(conn.execute("SELECT id, first_seen FROM consultation_campaigns"))
    conn.execute("DELETE FROM consultation_notices")
    conn.execute("DELETE FROM consultation_campaigns")
    conn.executemany(
        "INSERT INTO consultation_campaigns (id, title, publishers, topics, survey_links, opens, closes,"
        " closes_evidence, status, status_evidence, status_day, notices, timeline, first_seen, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.id,
                c.title,
                json.dumps(c.publishers),
                json.dumps(c.topics),
                json.dumps(c.survey_links),
                c.opens,
                c.closes,
                c.closes_evidence,
                c.status,
                c.status_evidence,
                today.isoformat(),
                len(c.notices),
                json.dumps([_entry(p, role) for p, role in c.notices], ensure_ascii=False),
                seen.get(c.id, now),
                now,
            )
            for c in campaigns
        ],
    )
    conn.executemany(
        "INSERT INTO consultation_notices (notice_id, consultation_id, role) VALUES (?, ?, ?)",
        [(p.id, c.id, role) for c in campaigns for p, role in c.notices],
    )


def _entry(p, role):
    return {
        "id": p.id,
        "role": role,
        "publisher": p.publisher,
        "published": p.published,
        "title": p.title,
        "url": p.url,
    }
