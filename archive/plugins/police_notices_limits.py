"""Datasette plugin: SQL a visitor writes cannot exhaust the server (both faces load it).

SQL a visitor writes is `?sql=` (free SQL, in any format) and `?_where=` on a table page. For those
requests only:

- SQLite's length limit is FREE_SQL_MAX_VALUE: `printf('%.*c', 300000000, 'x')` or
  `zeroblob(50000000)` fails at once ("string or blob too big") instead of growing the server by
  gigabytes; the SQL time limit cannot stop them, as one function call is one step of SQLite's program.
- `printf` (and `format`, on every connection) answer null at once for a width or precision over FREE_SQL_MAX_VALUE, as
  SQLite's own does past the limit, but only after spending ~5 ns for each character of a `%.Nc` it
  cannot write (300M: ~4 s; 2^31: 15 s of one of Datasette's three SQL threads, in one step of SQLite's
  program, where the time limit cannot stop it). Other formats go to SQLite's own printf.
- A free SQL answer's cells may hold FREE_SQL_MAX_ANSWER characters (or bytes) in all: rows are read
  one at a time and the query stops with a clear error when they pass it (1000 rows of big values would
  otherwise be read whole before Datasette cuts the list). A table page with `_where` selects stored
  rows, as any table page does: its pages (and a streamed CSV's) are not cut.

Every other request reads stored cells whole: table and row JSON and CSV have every cell as stored,
whatever its length (the limits are set on the connection around the visitor's query and put back).
"""

import contextvars
import itertools
import re
import sqlite3
import threading
import urllib.parse

from datasette import hookimpl
from datasette.database import Database

# Above the crawler's 10 MiB page cap (crawler/settings.py DOWNLOAD_MAXSIZE): any value a crawl can
# store can still be selected on its own.
FREE_SQL_MAX_VALUE = 16_000_000
FREE_SQL_MAX_ANSWER = 32_000_000
VISITOR_SQL_ARGS = ("sql", "_where")

# The visitor's SQL argument a request carries ("sql" or "_where"), or None.
_VISITOR_SQL = contextvars.ContextVar("police_notices_visitor_sql", default=None)


class TooBig(sqlite3.OperationalError):
    """A visitor's query passed a limit (an OperationalError: Datasette answers 400, on table pages too)."""


def visitor_sql(query_string):
    """ "sql" or "_where" when a request's query string carries SQL the visitor wrote (free SQL first), else None."""
    keys = {k for k, _ in urllib.parse.parse_qsl(query_string, keep_blank_values=True)}
    return next((k for k in VISITOR_SQL_ARGS if k in keys), None)


def cell_size(value):
    return len(value) if isinstance(value, (str, bytes)) else 8


class _BoundedCursor:
    """A cursor whose fetches stop once their rows hold more than `budget` characters and bytes."""

    def __init__(self, cursor, budget):
        self._cursor, self._left = cursor, budget

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self.fetchall())

    def fetchone(self):
        rows = self._take(itertools.islice(self._cursor, 1))
        return rows[0] if rows else None

    def fetchmany(self, size=None):
        return self._take(itertools.islice(self._cursor, size or self._cursor.arraysize))

    def fetchall(self):
        return self._take(self._cursor)

    def _take(self, rows):
        out = []
        for row in rows:
            self._left -= sum(cell_size(v) for v in row)
            if self._left < 0:
                raise TooBig(
                    f"this query's answer passes {FREE_SQL_MAX_ANSWER / 1e6:g} MB, the limit for SQL written here: "
                    "select fewer rows or columns, or download the table's CSV or JSON (every row, every cell whole)"
                )
            out.append(row)
        return out


# One conversion of a printf format: flags, width, precision (digits or * for the next argument), type.
_SPEC = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?l{0,2}([a-zA-Z%])")
_plain = threading.local()  # per SQL thread: a connection whose printf is SQLite's own


def printf_too_long(fmt, args):
    """Whether a printf format, with its arguments, asks for a width or precision over FREE_SQL_MAX_VALUE."""
    if not isinstance(fmt, str):
        return False
    args = list(args)
    for width, precision, kind in _SPEC.findall(fmt):
        if kind == "%":
            continue
        for n in (width, precision):
            n = (args.pop(0) if args else 0) if n == "*" else int(n or 0)
            if isinstance(n, (int, float)) and abs(n) > FREE_SQL_MAX_VALUE:
                return True
        if args:
            args.pop(0)
    return False


def bounded_printf(fmt, *args):
    if printf_too_long(fmt, args):
        return None
    if not hasattr(_plain, "conn"):
        _plain.conn = sqlite3.connect(":memory:", check_same_thread=False)
        _plain.conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, FREE_SQL_MAX_VALUE)
    return _plain.conn.execute(f"select printf({', '.join('?' * (len(args) + 1))})", (fmt, *args)).fetchone()[0]


class _BoundedConnection:
    """The read connection as a visitor's query sees it: its values bounded, and its answers when free SQL."""

    def __init__(self, conn, answer=None):
        self._conn, self._answer = conn, answer

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def cursor(self, *args):
        cursor = self._conn.cursor(*args)
        return _BoundedCursor(cursor, self._answer) if self._answer else cursor

    def execute(self, *args):
        cursor = self.cursor()
        cursor.execute(*args)
        return cursor

    def bounded(self, fn):
        """fn(connection) with the length limit lowered; the limit is put back whatever happens."""
        before = self._conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, FREE_SQL_MAX_VALUE)
        try:
            return fn(self)
        except sqlite3.DataError as e:
            if "too big" in str(e):
                raise TooBig(
                    f"a value in this query passes {FREE_SQL_MAX_VALUE / 1e6:g} MB, the limit for SQL written here "
                    "(a stored notice's whole text is in its row's JSON: /<db>/notices/<id>.json)"
                ) from e
            raise
        finally:
            self._conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, before)


# Datasette loads a plugins directory again for every instance: wrap the original method, once.
# (Datasette internals: catalogued in archive/datasette_internals.py, pinned by its test)
_execute_fn = Database.__dict__.get("_police_notices_execute_fn", Database.execute_fn)
Database._police_notices_execute_fn = _execute_fn


async def _execute_fn_bounded(self, fn):
    kind = _VISITOR_SQL.get()
    if kind is None:
        return await _execute_fn(self, fn)
    answer = FREE_SQL_MAX_ANSWER if kind == "sql" else None
    return await _execute_fn(self, lambda conn: _BoundedConnection(conn, answer).bounded(fn))


Database.execute_fn = _execute_fn_bounded


@hookimpl
def prepare_connection(conn):
    # every connection (Python cannot put SQLite's own printf back once replaced); none of our queries
    # asks for a width over 16 MB, and the rest is SQLite's own printf
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") == "http":
                _VISITOR_SQL.set(visitor_sql(scope.get("query_string", b"").decode("latin-1")))
            return await app(scope, receive, send)

        return wrapped

    return wrap
