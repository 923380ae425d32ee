"""Full-text search over the archive: relevance-ranked (bm25), hidden notices left out.

Ranking is done on the FTS index alone and only the page of results is joined to `notices`: a notice
row carries its body, so touching every match's row would cost more than ranking it. Hidden notices
are few (a partial index counts them), so asking the index for `limit + hidden` candidates is exact.
"""

import re

# bm25 weights for (title, description, body): a word in the headline says more than one in the body.
WEIGHTS = (10.0, 5.0, 1.0)
_TOKEN = re.compile(r'"[^"]*"|\S+')


def fts_query(text):
    """A safe FTS5 query from what a person types: each word (or "quoted phrase") must match.

    Operators and punctuation are not interpreted, so `stop-and-search` or `A&E` cannot raise an
    FTS syntax error; a trailing `*` keeps prefix search.
    """
    parts = []
    for token in _TOKEN.findall(text or ""):
        prefix = token.endswith("*") and not token.startswith('"')
        word = token.strip('"*').replace('"', "")
        if word.strip():
            parts.append('"' + word + '"' + ("*" if prefix else ""))
    return " ".join(parts)


def search(db, text, *, limit=20, offset=0, include_hidden=False, recent=None):
    """Notices matching text, best first: [{id, url, title, published, force, rank}].

    recent: rank only the `recent` most recently stored matches (None: all of them). Exact ranking
    of a word found in most notices costs time in proportion to its matches; bounding the candidates
    keeps such searches fast at the price of ignoring older matches.
    """
    q = fts_query(text)
    if not q:
        return []
    w = ", ".join(str(x) for x in WEIGHTS)
    hidden = 0 if include_hidden else db.conn.execute("SELECT count(*) FROM notices WHERE hidden = 1").fetchone()[0]
    k = offset + limit + hidden
    if recent:
        ranked = (
            f"SELECT rowid, rank FROM (SELECT rowid, bm25(notices_fts, {w}) AS rank FROM notices_fts"
            " WHERE notices_fts MATCH :q ORDER BY rowid DESC LIMIT :recent) ORDER BY rank LIMIT :k"
        )
    else:
        ranked = (
            f"SELECT rowid, bm25(notices_fts, {w}) AS rank FROM notices_fts WHERE notices_fts MATCH :q"
            " ORDER BY rank LIMIT :k"
        )
    sql = (
        f"SELECT n.id, n.url, n.title, n.published, n.force, r.rank FROM ({ranked}) r"
        " JOIN notices n ON n.rowid = r.rowid"
        + ("" if include_hidden else " WHERE n.hidden = 0")
        + " ORDER BY r.rank LIMIT :limit OFFSET :offset"
    )
    cur = db.conn.execute(sql, {"q": q, "k": k, "recent": recent, "limit": limit, "offset": offset})
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur]


def count_matches(db, text):
    q = fts_query(text)
    if not q:
        return 0
    return db.conn.execute("SELECT count(*) FROM notices_fts WHERE notices_fts MATCH ?", [q]).fetchone()[0]
