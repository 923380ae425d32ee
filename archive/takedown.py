"""Takedowns: hiding a notice from every public view, feed and export while keeping it as evidence."""

import getpass
import os

from archive.holds import hold_stored, mark_reviewed
from archive.store import find_notice, utc_now


class NoSuchNotice(LookupError):
    pass


def default_actor():
    try:
        return os.environ.get("POLICE_NOTICES_USER") or getpass.getuser()
    except (KeyError, OSError):
        return None


def set_hidden(db, url_or_id, hidden, *, reason=None, by=None, now=None):
    """Hide (hidden=True) or unhide a notice, logging who, when and why in `takedowns`.

    Returns (id, changed, held): a notice already in that state is left alone and nothing is logged,
    unless it was held for review (archive/holds.py): then this is the operator's decision, and it is
    logged. held: the notices already stored that a hide holds with it, as holds.Holds.check returns them.
    """
    nid = find_notice(db, url_or_id, loose=True)
    if nid is None:
        raise NoSuchNotice(
            f"no notice {url_or_id!r} in the archive; its id (16 hex digits, the `id` column"
            " in Datasette and in exports) works too"
        )
    now = now or utc_now()
    with db.atomic():
        cur = db.conn.execute(
            "UPDATE notices SET hidden = ? WHERE id = ? AND hidden != ?", [1 if hidden else 0, nid, 1 if hidden else 0]
        )
        if not mark_reviewed(db.conn, nid, now) and not cur.rowcount:
            return nid, False, []
        db.conn.execute(
            "INSERT INTO takedowns (notice_id, action, reason, by, at) VALUES (?, ?, ?, ?, ?)",
            [nid, "hide" if hidden else "unhide", reason, by or default_actor(), now],
        )
        held = hold_stored(db.conn, nid, now) if hidden else []
    return nid, True, held
