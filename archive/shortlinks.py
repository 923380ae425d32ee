"""Short links resolved (`police-notices crawl --resolve-links`): where each leads, and the notices' survey
links shown at their final URL.

The crawler asks the shorteners (crawler/shortlinks.py); this module keeps the answers in `resolved_links`
(migration 016) and puts the final URL in place of the short link in every notice's survey links, now and
whenever the notice is stored again (Store.save), so a re-crawl never brings the short link back.
"""

import json
from urllib.parse import urlsplit


def resolved_urls(db):
    """The short links already resolved: never asked again. (One that failed is asked again next run.)"""
    return {r[0] for r in db.conn.execute("SELECT short_url FROM resolved_links WHERE final_url IS NOT NULL")}


def resolutions(conn, urls):
    """{short url: (final url, provider)} of those of urls that are resolved."""
    urls = list(dict.fromkeys(urls))
    if not urls:
        return {}
    rows = conn.execute(
        "SELECT short_url, final_url, provider FROM resolved_links WHERE final_url IS NOT NULL"
        f" AND short_url IN ({', '.join('?' * len(urls))})",
        urls,
    )
    return {short: (final, provider) for short, final, provider in rows}


def with_resolutions(survey_links, resolved):
    """The survey links with each resolved short link replaced by its final URL (the short link kept as
    `short_url`); a link whose final URL the list already holds is dropped (one survey, one link)."""
    out, seen = [], set()
    for link in survey_links or []:
        if isinstance(link, dict) and link.get("url") in resolved:
            final, provider = resolved[link["url"]]
            host = (urlsplit(final).hostname or "").lower()
            link = {**link, "url": final, "host": host, "provider": provider, "short_url": link["url"]}
        url = link.get("url") if isinstance(link, dict) else None
        if url is not None and url in seen:
            continue
        seen.add(url)
        out.append(link)
    return out


def resolve_record(conn, record):
    """The record with its resolved short links in place (the record itself when it has none)."""
    links = record.get("survey_links")
    if not isinstance(links, list) or not links:
        return record
    found = resolutions(
        conn, [link["url"] for link in links if isinstance(link, dict) and isinstance(link.get("url"), str)]
    )
    return {**record, "survey_links": with_resolutions(links, found)} if found else record


def save_resolution(db, short_url, *, final_url, hops, provider, error, now):
    """Record where a short link leads, or why it was not resolved (never silent); once resolved, the
    notices that show it show its final URL. An error never replaces an earlier resolution."""
    conn = db.conn
    if (
        final_url is None
        and conn.execute(
            "SELECT 1 FROM resolved_links WHERE short_url = ? AND final_url IS NOT NULL", [short_url]
        ).fetchone()
    ):
        return
    conn.execute(
        "INSERT OR REPLACE INTO resolved_links (short_url, final_url, hops, provider, resolved_at, error)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [short_url, final_url, hops, provider, now, error],
    )
    if final_url is None:
        return
    resolved = {short_url: (final_url, provider)}
    rows = conn.execute(
        "SELECT id, survey_links FROM notices WHERE id IN (SELECT notice_id FROM survey_links WHERE url = ?)",
        [short_url],
    ).fetchall()
    for nid, text in rows:
        links = with_resolutions(json.loads(text or "[]"), resolved)
        conn.execute(
            "UPDATE notices SET survey_links = ? WHERE id = ?",
            [json.dumps(links, ensure_ascii=False, sort_keys=True), nid],
        )
        conn.execute("DELETE FROM survey_links WHERE notice_id = ?", [nid])
        conn.executemany(
            "INSERT INTO survey_links (notice_id, url, host, provider, text) VALUES (?, ?, ?, ?, ?)",
            [(nid, link["url"], link.get("host"), link.get("provider"), link.get("text")) for link in links],
        )
