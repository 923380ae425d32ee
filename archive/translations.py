"""Welsh and English pairs: a Welsh notice names the English notice it translates (`translation_of`).

Both keep their own rows and ids; the pair is found in the archive after storing (after each crawl, `store`
and `import`), whichever of the two was stored first (the Welsh one waits, unpaired, until its English one is stored), by `pair_translations` (pure)
and written by `save_translations`. A Welsh notice pairs with the English notice
- its page names as its English alternate (hreflang, language switcher), or whose page names it as the
  Welsh one; else
- of the same force, published the same day, sharing a survey link, when exactly one English notice does.
Hidden notices are never paired (a public copy must not name them). Pairs are sought within one publisher's
site (a force's, or a commissioner's: its notices name its area's force, whose own notices are no pair).
"""

import json
from collections import defaultdict

from crawler.extraction import normalise_url

WELSH = "cy"


def _norm(url):
    return normalise_url(url) if isinstance(url, str) else None


def pair_translations(notices):
    """{Welsh notice id: English notice id} for notices given as dicts with id, url, fetched_url, force, lang,
    published (ISO date or date-time), alternates ({language: URL}) and survey_links ([URL])."""
    english = [n for n in notices if n.get("lang") != WELSH]
    by_url = {}
    for n in english:
        for u in (n.get("url"), n.get("fetched_url")):
            if _norm(u):
                by_url.setdefault(_norm(u), n["id"])
    names_welsh = defaultdict(set)  # Welsh URL -> English notices whose page names it
    by_link = defaultdict(set)  # (force, day, survey link) -> English notices
    for n in english:
        welsh_url = _norm((n.get("alternates") or {}).get(WELSH))
        if welsh_url:
            names_welsh[welsh_url].add(n["id"])
        for link in n.get("survey_links") or ():
            by_link[(n.get("force"), (n.get("published") or "")[:10], link)].add(n["id"])
    pairs = {}
    for w in notices:
        if w.get("lang") != WELSH:
            continue
        alternates = w.get("alternates") or {}
        named = by_url.get(_norm(alternates.get("en")) or "")
        if named is None:
            naming = set().union(
                *(names_welsh.get(_norm(u) or "", set()) for u in (w.get("url"), w.get("fetched_url")))
            )
            named = next(iter(naming)) if len(naming) == 1 else None
        if named is None and w.get("published"):
            day = w["published"][:10]
            sharing = set().union(
                *(by_link.get((w.get("force"), day, link), set()) for link in w.get("survey_links") or ())
            )
            named = next(iter(sharing)) if len(sharing) == 1 else None
        if named is not None:
            pairs[w["id"]] = named
    return pairs


def _notice(row):
    nid, url, fetched, force, lang, published, alternates, survey_links, translation_of = row
    return {
        "id": nid,
        "url": url,
        "fetched_url": fetched,
        "force": force,
        "lang": lang,
        "published": published,
        "alternates": json.loads(alternates) if alternates else {},
        "survey_links": [s["url"] for s in json.loads(survey_links or "[]") if isinstance(s, dict) and s.get("url")],
        "translation_of": translation_of,
    }


def save_translations(db, forces=None):
    """Pair the Welsh notices of the publishers `forces` (slugs of forces or commissioners; all when None) that
    have any with their English ones; returns how many rows changed. A pair that no longer holds (the English
    notice hidden) is undone."""
    conn = db.conn
    # by site (archive/standing.py SITE), as the crawl and the store name what they stored: a commissioner's
    # notices name its area's force; a row written without a publisher by other tools is its force's
    welsh_forces = [
        r[0] for r in conn.execute("SELECT DISTINCT coalesce(publisher, force) FROM notices WHERE lang = ?", [WELSH])
    ]
    if forces is not None:
        welsh_forces = [f for f in welsh_forces if f in set(forces)]
    changed = 0
    for force in welsh_forces:
        notices = [
            _notice(r)
            for r in conn.execute(
                "SELECT id, url, fetched_url, coalesce(publisher, force), lang, published, alternates, survey_links,"
                " translation_of FROM notices WHERE (publisher = ? OR publisher IS NULL AND force IS ?) AND hidden = 0",
                [force, force],
            )
        ]
        pairs = pair_translations(notices)
        with db.atomic():
            for n in notices:
                want = pairs.get(n["id"])
                if n["lang"] == WELSH and n["translation_of"] != want:
                    conn.execute("UPDATE notices SET translation_of = ? WHERE id = ?", [want, n["id"]])
                    changed += 1
    return changed
