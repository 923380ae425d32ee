"""Publishing the archive with Datasette: the operator's view, the public face, a publishable copy.

- `datasette_metadata.json` (repository root) describes the archive under the database name
  `archive`; `metadata_for(name, public=…)` re-keys it to the database actually served (Datasette
  names a database after its file: `demo.db` is `demo`), so canned queries, table options and the
  dashboard follow whatever file is served.
- The operator's view serves the live archive in normal mode (immutable mode cannot see rows still in
  a writer's WAL); taken-down notices are shown, marked hidden.
- The public face serves a copy made by `archive.public.write_public_copy` (VACUUM INTO, hidden
  notices and the takedown log deleted, vacuumed again): hidden notices are absent from every table,
  view, feed, CSV and free SQL query because they are not in the file at all.
- `publish(db, out)` writes that copy, its `datasette inspect` file, the metadata, settings and
  plugins as a Datasette configuration directory: `datasette OUT` serves it immutably as is.
"""

import copy
import html
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from archive import views

# The repository's datasette_metadata.json; archive/datasette_metadata.json links to it so that a wheel carries it.
METADATA = Path(__file__).resolve().parent / "datasette_metadata.json"
PLUGINS_DIR = Path(__file__).resolve().parent / "plugins"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DB_KEY = "archive"  # the database name datasette_metadata.json is written for
# The licence and source line. Datasette 0.65 inherits these from the top level only on table and database
# pages, and does so by writing them into its own metadata: a row or canned-query page opened first after a
# start has none. So every database, table and canned query carries them itself.
LICENCE_KEYS = ("license", "license_url", "source", "source_url")

# Read-only serving with limits: a slow query is stopped, not left to hog the server.
SETTINGS = {
    "sql_time_limit_ms": 2000,
    "facet_time_limit_ms": 300,
    "suggest_facets": False,  # suggestions try every column on every page view: seconds on a large archive
    "max_returned_rows": 1000,  # also the page size of a streamed CSV (plugins/police_notices_speed.py)
    "max_csv_mb": 0,  # a streamed CSV has every row (the default cuts it at 100 MB, a third of the 2021 corpus)
    "default_page_size": 50,
    "allow_download": True,  # offered for immutable files only: the public copy, never the live archive
}
# A published folder never changes while it is served (a new crawl is published to a new folder), so
# browsers and proxies may keep its pages an hour rather than Datasette's default 5 seconds.
PUBLISHED_SETTINGS = {**SETTINGS, "default_cache_ttl": 3600}
# Datasette plugins the published archive needs (also in pyproject.toml's dependencies).
PLUGINS = ("datasette-atom", "datasette-render-markdown", "datasette-dashboards")
# A notice view's table options (a view has no rowid: its search finds notices by id), searched in FTS5's
# own syntax as notices is (OR, "phrases", prefix*: archive/plugins/police_notices_search.py).
VIEW_OPTIONS = {"sort_desc": "published_utc", "fts_table": "notices_fts", "fts_pk": "id", "searchmode": "raw"}
MISSING_HINT = (
    "run `police-notices crawl` first to make one, or after `make demo` serve the demo's archive "
    "with `police-notices serve --db demo.db`"
)


class PublishError(Exception):
    """The archive cannot be published as asked."""


def database_name(path):
    """The name Datasette gives the database in this file (its file name without the extension)."""
    return Path(path).stem


def load_metadata(path=None):
    return json.loads(Path(path or METADATA).read_text(encoding="utf-8"))


def notice_column_descriptions():
    """Column descriptions of `notices` and its views, from the documented export columns."""
    from archive.export import EXPORT_COLUMNS

    cols = {name: desc for name, (_, desc) in EXPORT_COLUMNS.items()}
    cols.update(
        {
            "hidden": "1 when the notice was taken down (operator's view only: the public copy has none).",
            "removed_status": "HTTP status the site answered when the notice was removed (404 or 410).",
            "jsonld": "The page's JSON-LD objects, raw.",
            "consultation_cues": "Phrases or links that made it a consultation (JSON).",
            "topics": "Topic slugs (JSON list), e.g. anpr.",
            "links": "Outbound links in the body (JSON list).",
            "media_links": "Video links in the body (JSON list).",
            "warnings": "What the extractor found odd (JSON list).",
            "updated_raw": "The text the updated date came from.",
            "alternates": "The same notice in other languages: language -> URL (JSON object), from the page's links.",
        }
    )
    return cols


def notice_page_settings():
    """What the notice page (plugins/police_notices_page.py) shares with the rest of the archive: the survey
    providers' names (from extraction) and how near a closing date is "closing soon" (the alerts' days)."""
    from archive.alerts import CLOSING_SOON_DAYS
    from crawler.extraction import PROVIDER_NAMES

    return {"survey_providers": dict(PROVIDER_NAMES), "closing_soon_days": CLOSING_SOON_DAYS}


def plain(text):
    """A description without Markdown code backticks (`gwent` -> gwent)."""
    return text.replace("`", "") if isinstance(text, str) else text


def metadata_for(db_name, *, public, metadata=None):
    """The metadata with the archive's options keyed to db_name, for the public face or the operator's view."""
    meta = copy.deepcopy(metadata if metadata is not None else load_metadata())
    dbs = meta.setdefault("databases", {})
    db = dbs.pop(DB_KEY, None) or {}
    dbs[db_name] = db
    for board in (meta.get("plugins", {}).get("datasette-dashboards") or {}).values():
        for chart in (board.get("charts") or {}).values():
            if chart.get("db") == DB_KEY:
                chart["db"] = db_name
    meta.setdefault("plugins", {})["police_notices_page"] = notice_page_settings()
    tables = db.setdefault("tables", {})
    cols = notice_column_descriptions()
    for name in views.notice_tables():
        t = tables.setdefault(name, {})
        t["columns"] = {**cols, **(t.get("columns") or {})}
    for v in views.NOTICE_VIEWS:  # described, sorted and searched as declared (archive/views.py); facets are metadata's
        tables[v.name] = {**VIEW_OPTIONS, **tables[v.name], "description": v.description}
    for t in tables.values():  # Datasette shows descriptions as plain text: Markdown backticks would show raw
        if t.get("columns"):
            t["columns"] = {c: plain(d) for c, d in t["columns"].items()}
        if t.get("description"):
            t["description"] = plain(t["description"])
    licence = {k: meta[k] for k in LICENCE_KEYS if meta.get(k)}
    for entry in [db, *tables.values(), *(db.get("queries") or {}).values()]:
        entry.update({**licence, **{k: entry[k] for k in LICENCE_KEYS if entry.get(k)}})
    for q in (db.get("queries") or {}).values():  # the SQL folded (Datasette's "show" link): it was one 2,000 px line
        if isinstance(q, dict):
            q.setdefault("hide_sql", True)
    if not public:
        meta["title"] = meta.get("title", "") + " (operator's view)"
        meta["description"] = (
            "Operator's view of the live archive: taken-down notices are shown and marked "
            "hidden; the public face leaves them out. " + meta.get("description", "")
        )
        tables["notices"]["facets"] = tables["notices"].get("facets", []) + ["hidden"]
        for name in ("takedowns", "held", "identity_collisions", "extractions"):
            tables.pop(name, None)  # shown to the operator
    meta["description_html"] = front_page_html(meta, db_name, db.get("queries") or {})
    meta.pop("description", None)  # description_html replaces it on the front page
    return meta


def front_page_html(meta, db_name, queries):
    """The index page's introduction: what this is, then every canned query with its CSV and feeds."""
    e = html.escape
    items = []
    feed_names = views.feeds(queries)
    for name, q in queries.items():
        base = f"/{db_name}/{name}"
        links = [f'<a href="{base}.csv?_dl=1">CSV</a>']
        if name in feed_names:
            links.insert(0, f'<a href="{base}.atom">Atom feed</a>')
        items.append(
            f'<li><a href="{base}">{e(q.get("title") or name)}</a> ({", ".join(links)})'
            f"{': ' + e(q['description']) if q.get('description') else ''}</li>"
        )
    return (
        f"<p>{e(meta.get('description', ''))}</p>"
        f'<p>Search <a href="/{db_name}/notices">all notices</a>, or see the '
        f'<a href="/-/dashboards/police-notices">dashboard</a>.</p>'
        "<p>The notices are the forces' own words, Crown copyright, reused under the Open Government "
        "Licence v3.0; each row links to the force's page. Dates are as the page states them.</p>"
        f"<h3>Ready-made queries</h3><ul>{''.join(items)}</ul>"
    )


def catalogue_markdown(metadata=None):
    """docs/publishing.md's tables: the notice views (archive/views.py) and the canned queries (the metadata)."""
    queries = (metadata or load_metadata())["databases"][DB_KEY].get("queries") or {}
    feed_names = views.feeds(queries)

    def cell(text):
        return (text or "").replace("|", "\\|")

    out = ["| view | notices | feed |", "| --- | --- | --- |"]
    out += [f"| `{v.name}` | {cell(v.description)} | {f'`{v.feed}`' if v.feed else ''} |" for v in views.NOTICE_VIEWS]
    out += ["", "| query | what | feed |", "| --- | --- | --- |"]
    for name, q in queries.items():
        feed = f"`/<db>/{name}.atom`" if name in feed_names else ""
        out.append(f"| `{name}` | {cell(q.get('description') or q.get('title'))} | {feed} |")
    return "\n".join(out)


def write_metadata(path, db_name, *, public, metadata=None):
    Path(path).write_text(
        json.dumps(metadata_for(db_name, public=public, metadata=metadata), indent=2), encoding="utf-8"
    )
    return Path(path)


def settings_args(settings=None):
    out = []
    for k, v in (settings or SETTINGS).items():
        out += ["--setting", k, json.dumps(v) if isinstance(v, bool) else str(v)]
    return out


def datasette_env(access_log=False):
    """The environment for a datasette process: uvicorn's per-request log off unless asked for.

    Datasette 0.65 runs uvicorn at log level info with no option for it; our display plugin reads this
    variable at startup and quietens the `uvicorn.access` logger.
    """
    return {**os.environ, "POLICE_NOTICES_ACCESS_LOG": "on" if access_log else "off"}


def check_port(port, host="127.0.0.1"):
    """Raise PublishError, naming --port, when host:port cannot be listened on (checked before any work)."""
    if not port:
        return
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a TIME_WAIT port is free
        try:
            s.bind((host, port))
        except OSError as e:
            raise PublishError(
                f"port {port} on {host} is not free ({e.strerror.lower()}): another server "
                f"(an earlier demo?) is using it; pick another with --port, e.g. --port {port + 1}"
            ) from None


def datasette_exe():
    """How to call the datasette installed with this project: `datasette` when that is the one on PATH,
    else its path (`.venv/bin/datasette` when the Makefile's venv is not activated)."""
    ours = Path(sys.executable).parent / "datasette"
    on_path = shutil.which("datasette")
    if not ours.exists() or (on_path and Path(on_path).resolve() == ours.resolve()):
        return "datasette"
    try:
        return str(ours.relative_to(Path.cwd()))
    except ValueError:
        return str(ours)


def datasette_command(
    db_path, metadata_path, *, host="127.0.0.1", port=8001, immutable=False, inspect_file=None, workers=1
):
    """The `datasette serve` command line for one archive file; with workers > 1 archive/serve_app.py's, which
    takes the same options and serves them from that many processes (one Datasette process uses one core)."""
    server = ["datasette", "serve"] if workers <= 1 else ["archive.serve_app", "--workers", str(workers)]
    cmd = [
        sys.executable,
        "-m",
        *server,
        "-i" if immutable else "",
        str(db_path),
        "--metadata",
        str(metadata_path),
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
        "--host",
        host,
        "--port",
        str(port),
        *settings_args(),
    ]
    if inspect_file:
        cmd += ["--inspect-file", str(inspect_file)]
    return [c for c in cmd if c]


def open_archive(db_path):
    """The archive at db_path opened read-only (publishing never writes to it); PublishError when there is
    none, ArchiveError when the file is no archive (not SQLite, no notices table, an older version's)."""
    from archive.db import open_db

    if not Path(db_path).is_file():
        raise PublishError(f"{db_path}: no such archive ({MISSING_HINT})")
    return open_db(db_path, write=False)


def check_archive(db_path):
    """Raise as open_archive does unless db_path is an archive Datasette can serve."""
    open_archive(db_path).conn.close()


def make_public_copy(db_path, dest):
    """Write the public copy of the archive at db_path to dest; returns how many notices were left out."""
    from archive.public import write_public_copy

    db = open_archive(db_path)
    try:
        return write_public_copy(db, dest)
    finally:
        db.conn.close()


def write_inspect(db_file, inspect_file=None):
    """`datasette inspect`: the file's hash and table counts, so a server starts immutable without counting.

    Run beside db_file on its bare name: `datasette DIR` serves as immutable the files whose name equals an
    entry's "file", and `inspect` records the path as given (`site/archive.db` would match nothing).
    inspect_file defaults to `inspect-data.json` beside db_file, where `datasette DIR` reads it.
    """
    db_file = Path(db_file)
    inspect_file = Path(inspect_file or db_file.parent / "inspect-data.json").resolve()
    subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", db_file.name, "--inspect-file", str(inspect_file)],
        cwd=db_file.parent,
        check=True,
        capture_output=True,
    )
    return inspect_file


def publish(db_path, out, *, name=None, metadata=None):
    """Write the public copy, inspect file, metadata, settings and plugins into the folder out.

    out becomes a Datasette configuration directory (`datasette OUT`). The copy is immutable: an
    existing copy of the same name is never overwritten. Returns a summary dict.
    """
    out = Path(out)
    name = name or database_name(db_path)
    dest = out / f"{name}.db"
    if dest.exists():
        raise PublishError(f"{dest}: already exists (a published copy is never overwritten; pick a new --out)")
    out.mkdir(parents=True, exist_ok=True)
    left_out = make_public_copy(db_path, dest)
    write_inspect(dest)
    write_metadata(out / "metadata.json", name, public=True, metadata=metadata)
    (out / "settings.json").write_text(json.dumps(PUBLISHED_SETTINGS, indent=2), encoding="utf-8")
    plugins = out / "plugins"
    plugins.mkdir(exist_ok=True)
    for f in [*PLUGINS_DIR.glob("*.py"), *PLUGINS_DIR.glob("*.json")]:  # the plugins read notice_views.json
        shutil.copy2(f, plugins / f.name)
    shutil.copytree(TEMPLATES_DIR, out / "templates", dirs_exist_ok=True)
    return {
        "db": dest,
        "name": name,
        "hidden_left_out": left_out,
        "out": out,
        "notices": _count(dest),
        "bytes": dest.stat().st_size,
    }


def _count(db_file):
    import sqlite3

    conn = sqlite3.connect(f"file:{Path(db_file).resolve()}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from notices").fetchone()[0]
    finally:
        conn.close()


def publish_commands(summary):
    """How to put a published folder online (printed by `police-notices publish`)."""
    out, name = summary["out"], summary["name"]
    installs = " ".join(f"--install {p}" for p in PLUGINS)
    settings = " ".join(
        f"--setting {k} {json.dumps(v) if isinstance(v, bool) else v}" for k, v in PUBLISHED_SETTINGS.items()
    )
    common = (
        f"{out}/{name}.db --metadata {out}/metadata.json --plugins-dir {out}/plugins "
        f"--template-dir {out}/templates {installs} "
        f"--extra-options '{settings}'"
    )
    exe = datasette_exe()
    return [
        f"{exe} {out}                      # serve it here (immutable, with the inspect file)",
        f"{exe} publish cloudrun {common} --service police-notices",
        f"{exe} publish fly {common} --app police-notices   # needs datasette-publish-fly",
    ]
