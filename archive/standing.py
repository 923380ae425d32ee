"""Each force's standing sign-offs, learned from the archive's own notices (see crawler/extraction/signoffs.py).

A page alone cannot tell a force's standard "have your say on local policing: bit.ly/…" footer from an
invitation to a consultation; the archive, which holds the force's other notices, can. `learn_standing`
counts the phrases of every notice's cue sentences per force and keeps the standing ones in
`standing_phrases` (readable: an operator can see why a notice was not flagged); the crawler loads them
when it opens, and after a crawl (and in `reclassify`) the force's notices are classified again with them.
"Force" here is the site's registry entry, the notices' `publisher`: a commissioner's sign-offs are its own.

Its own migration set (set "police-notices-standing"), applied by `ensure_db_shape(db)`.
"""

from sqlite_utils import Migrations

from crawler.extraction import Learner

standing_migrations = Migrations("police-notices-standing")


@standing_migrations(name="001_standing_phrases")
def m001_standing_phrases(db):
    db.executescript("""
    CREATE TABLE IF NOT EXISTS standing_phrases (
      force TEXT NOT NULL,
      phrase TEXT NOT NULL,      -- three words of a sentence the force repeats under its notices (or link:<key>)
      notices INTEGER NOT NULL,  -- how many of its notices carry it
      first_published TEXT,      -- the span of those notices (a campaign repeats itself only while open)
      last_published TEXT,
      PRIMARY KEY (force, phrase)
    );
    """)


@standing_migrations(name="002_standing_learned")
def m002_standing_learned(db):
    db.executescript("""
    CREATE TABLE IF NOT EXISTS standing_learned (
      force TEXT PRIMARY KEY,
      notices INTEGER NOT NULL,  -- how many notices the force had when its sign-offs were last learned
      learned_at TEXT NOT NULL
    );
    """)


@standing_migrations(name="003_phrases_with_names_as_one_word")
def m003_phrases_with_names_as_one_word(db):
    # Phrases are now cut with names and links as one word (signoffs.phrases), and the links themselves are
    # learned too ("link:bit.ly/herts-echo"): what was learned before is forgotten, and each force is learned
    # again at its next crawl (or reclassify).
    db.executescript("DELETE FROM standing_phrases; DELETE FROM standing_learned;")


# A crawl relearns a force's sign-offs when its archive has grown by this share since they were last learned
# (learning reads every body of the force: ~0.25 ms a notice, minutes at a million).
RELEARN_GROWTH = 0.05


def due_for_learning(db, forces):
    """The forces among those given whose sign-offs were never learned or whose notices grew by
    RELEARN_GROWTH since."""
    standing_migrations.apply(db)
    due = []
    for force in sorted(set(forces)):
        where, params = _site_where([force])
        now = db.conn.execute(f"SELECT count(*) FROM notices{where}", params).fetchone()[0]
        row = db.conn.execute("SELECT notices FROM standing_learned WHERE force = ?", [force]).fetchone()
        if row is None or now >= row[0] * (1 + RELEARN_GROWTH) + 1:
            due.append(force)
    return due


def learn_standing(db, forces=None):
    """Learn the standing phrases of the given forces (all when None) from their notices; returns
    {force: number of standing phrases}. Replaces what was known of those forces.

    The notices are read before the write transaction (one statement: one snapshot), so other writers
    wait only for the few rows written, not for every body read."""
    standing_migrations.apply(db)
    learned = read_standing(db.conn, forces)
    with db.atomic():
        return write_standing(db.conn, forces, learned)


def relearn(conn, forces=None):
    """learn_standing on an sqlite3 connection, inside the caller's transaction (the public copy uses it
    once hidden notices are gone, so not even a count of theirs is left)."""
    return write_standing(conn, forces, read_standing(conn, forces))


# whose sign-offs a notice's are: its site's, a commissioner's its own (a row written without a publisher by
# other tools: its force's, as the store and migration 014 take it)
SITE = "coalesce(publisher, force)"


def _where(forces):
    if forces is None:
        return "", []
    forces = sorted(set(forces))
    return f" WHERE force IN ({', '.join('?' * len(forces))})", forces


def _site_where(forces):
    """_where on notices by their site: SITE spelled out so that both indexes (publisher, force) serve it."""
    if forces is None:
        return "", []
    forces = sorted(set(forces))
    marks = ", ".join("?" * len(forces))
    return f" WHERE (publisher IN ({marks}) OR publisher IS NULL AND force IN ({marks}))", forces * 2


def read_standing(conn, forces=None):
    """(the standing phrases found per force, the number of notices read per force) of the given forces."""
    if forces is not None and not forces:
        return {}, {}
    where, params = _site_where(forces)
    learner, counts = Learner(), {}
    for force, published, body in conn.execute(f"SELECT {SITE}, published, body FROM notices{where}", params):
        learner.add(force, published, body)
        counts[force] = counts.get(force, 0) + 1
    return learner.standing(), counts


def write_standing(conn, forces, learned):
    """Replace what is known of the forces' standing phrases by what read_standing learned; returns
    {force: number of standing phrases}."""
    if forces is not None and not forces:
        return {}
    found, counts = learned
    where, params = _where(forces)
    conn.execute(f"DELETE FROM standing_phrases{where}", params)
    conn.executemany(
        "INSERT INTO standing_phrases (force, phrase, notices, first_published, last_published) VALUES (?, ?, ?, ?, ?)",
        [
            (force, p, n, first.isoformat(), last.isoformat())
            for force, phrases in sorted(found.items())
            for p, (n, first, last) in sorted(phrases.items())
        ],
    )
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'standing_learned'").fetchone():
        conn.execute(f"DELETE FROM standing_learned{where}", params)
        conn.executemany(
            "INSERT INTO standing_learned (force, notices, learned_at) VALUES (?, ?, datetime('now'))",
            sorted(counts.items()),
        )
    return {force: len(phrases) for force, phrases in found.items()}


def load_standing(db):
    """{force: set of standing phrases} as last learned."""
    out = {}
    if "standing_phrases" not in db.table_names():
        return out
    for force, phrase in db.conn.execute("SELECT force, phrase FROM standing_phrases"):
        out.setdefault(force, set()).add(phrase)
    return out
