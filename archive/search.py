"""Full-text search over the archive: relevance-ranked, hidden notices left out."""
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


def search(db, text, *, limit=20, offset=0, include_hidden=False):
    """Notices matching text, best first: [{id, url, title, published, force, rank}]."""
    q = fts_query(text)
    if not q:
        return []
    w = ", ".join(str(x) for x in WEIGHTS)
    sql = (f"SELECT n.id, n.url, n.title, n.published, n.force, bm25(notices_fts, {w}) AS rank"
           " FROM notices_fts JOIN notices n ON n.rowid = notices_fts.rowid"
           " WHERE notices_fts MATCH ?" + ("" if include_hidden else " AND n.hidden = 0") +
           " ORDER BY rank LIMIT ? OFFSET ?")
    cur = db.conn.execute(sql, [q, limit, offset])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur]


def count_matches(db, text):
    q = fts_query(text)
    if not q:
        return 0
    return db.conn.execute("SELECT count(*) FROM notices_fts WHERE notices_fts MATCH ?", [q]).fetchone()[0]
