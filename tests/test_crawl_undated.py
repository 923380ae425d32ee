"""End-to-end: the crawl never drops a notice silently (real crawls of the sample site, real SQLite files).

The sample site's breaks (crawler/sample_site/server.py BREAKS) change one force's article pages as a
redesign would: `undated` takes every date of the article's own off its pages, `unreadable` serves a
script shell with no headline or body. An undated notice is stored with `published` null and its
`published_reason` and counted in `undated`; a force none of whose article pages can be read is `failed`
and the crawl exits 1.
"""

import asyncio
import csv
import io
import json
import sqlite3
from urllib.parse import urlsplit

import feedparser
import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from archive.crawlstate import crawl_migrations
from archive.db import open_db
from archive.schema import migrations
from crawler.cli import cli
from crawler.crawl_cli import crawl_command, crawl_settings, outcome, run_crawl
from crawler.sample_site import SampleSite
from crawler.sample_site.content import FORCES

pytestmark = pytest.mark.filterwarnings(
    "error::DeprecationWarning", "error::scrapy.exceptions.ScrapyDeprecationWarning"
)
FAST = {"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1}
# one force of each markup family (SOH, WordPress, SharePoint, own CMS)
UNDATED = {"gwent": "undated", "north-yorkshire": "undated", "durham": "undated", "avon-and-somerset": "undated"}
# each sample force has five notices on day 1, North Yorkshire seven (a national survey's post, a two-word title)
DAY1 = {force: 7 if force == "north-yorkshire" else 5 for force in UNDATED}
N = sum(DAY1.values())


def crawl(site, db, tmp_path, **args):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    return run_crawl(crawl_settings(delay=0.01, extra=FAST), db=str(db), forces_file=str(forces), **args)


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def table_lines(table):
    return {line.split()[0]: line for line in table.splitlines()[2:]}


def article_requests(site):
    paths = set(site.article_paths().values())
    return [e for e in site.log if e["path"].split("?")[0] in paths]


def test_undated_articles_are_stored_with_their_reason_counted_and_the_force_ok(tmp_path):
    db = tmp_path / "archive.db"
    with SampleSite(port=0, breaks=UNDATED) as site:
        session = crawl(site, db, tmp_path)
        expected = {e["url"]: e for e in site.expected_notices()}
    table, code = outcome(session)
    stored = {
        url: (published, utc, reason)
        for url, published, utc, reason in rows(
            db, "SELECT url, published, published_utc, published_reason FROM notices"
        )
    }
    assert set(stored) == set(expected)  # every notice, dated or not, and nothing else
    undated = {u for u, e in expected.items() if e["publisher"] in UNDATED}
    assert len(undated) == N
    for url in undated:
        published, utc, reason = stored[url]
        assert published is None and utc is None and reason, url
    assert all(stored[u][0] == e["published"] for u, e in expected.items() if u not in undated)
    # counted: in the printed table and in crawl_runs, and every force is ok (its notices were read)
    assert code == 0 and "FAILED" not in table
    lines = table_lines(table)
    header = table.splitlines()[0].split()
    col = header.index("undated")
    for force in UNDATED:
        assert lines[force].split()[col] == lines[force].split()[header.index("new")] == str(DAY1[force])
        assert lines[force].endswith("ok")
    assert lines["gwent"].split()[col] == "5" and lines["cheshire"].split()[col] == "0"
    assert lines["total"].split()[col] == str(N)
    runs = {
        force: (undated_n, status, reason)
        for force, undated_n, status, reason in rows(db, "SELECT force, undated, status, status_reason FROM crawl_runs")
    }
    assert runs == {f: (DAY1.get(f, 0), "ok", None) for f in {e["publisher"] for e in expected.values()}}
    assert rows(db, "SELECT count(*) FROM fetch_errors") == [(0,)]
    # the crawler remembers them as articles of their notices, with no date
    pages = rows(
        db,
        "SELECT kind, notice_url, published FROM crawl_pages WHERE notice_url IN (%s)" % ",".join("?" * len(undated)),
        sorted(undated),
    )
    assert {(k, p) for k, _, p in pages} == {("article", None)} and {n for _, n, _ in pages} == undated

    # searchable, exported last (CSV and JSON Lines), in the feeds under the time they were first seen
    gwent_anpr = next(u for u in undated if "have-your-say-on-the-use-of-anpr" in u)
    hits = rows(
        db,
        "SELECT n.url FROM notices_fts JOIN notices n ON n.rowid = notices_fts.rowid"
        " WHERE notices_fts MATCH 'plate recognition'",
    )
    assert (gwent_anpr,) in hits
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--out", "-"])
    assert out.exit_code == 0, out.output
    exported = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(exported) == len(expected)
    assert [r["published"] == "" for r in exported] == [False] * (len(expected) - N) + [True] * N
    assert all(r["published_reason"] for r in exported[-N:])
    out = runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", "-"])
    lines_out = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["published"] is None for r in lines_out][-N:] == [True] * N
    out = runner.invoke(cli, ["export", "--db", str(db), "--format", "markdown", "--out", str(tmp_path / "md")])
    assert out.exit_code == 0 and len(list((tmp_path / "md").rglob("*.md"))) == len(expected)

    # Datasette: newest first puts the undated notices last; the feeds and force_coverage answer
    from datasette.app import Datasette

    from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

    ds = Datasette(
        files=[str(db)],
        metadata=metadata_for("archive", public=False),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )

    def get(path):
        r = asyncio.run(ds.client.get(path))
        assert r.status_code == 200, (path, r.text[:300])
        return r

    listed = get("/archive/notices.json?_shape=array&_size=max").json()
    assert [n["published_utc"] is None for n in listed] == [False] * (len(expected) - N) + [True] * N
    page, urls = "/archive/public_notices.json?_size=7&_shape=objects", []  # paged through, past the undated
    while page:
        data = get(page).json()
        urls += [r["url"] for r in data["rows"]]
        page = data["next_url"] and "?".join(filter(None, urlsplit(data["next_url"])[2:4]))
    assert sorted(urls) == sorted(expected) and len(urls) == len(expected)
    feed = feedparser.parse(get("/archive/feed_anpr.atom").text)
    assert not feed.bozo and gwent_anpr in [e.id for e in feed.entries]
    coverage = {r["force"]: r for r in get("/archive/force_coverage.json?_shape=array").json()}
    assert coverage["gwent"]["last_run_status"] == "ok" and coverage["gwent"]["last_run_undated"] == 5


def test_undated_notices_are_crawled_incrementally(tmp_path):
    """A second crawl fetches none of them again; revisits are conditional (304); --since leaves the dated
    notices before it out but stores the undated ones (their date is unknown)."""
    db = tmp_path / "a.db"
    with SampleSite(port=0, breaks=UNDATED) as site:
        crawl(site, db, tmp_path)
        before = rows(db, "SELECT url, content_sha256, version FROM notices ORDER BY url")
        site.clear_log()
        session = crawl(site, db, tmp_path)
        assert article_requests(site) == []
        table, code = outcome(session)
        assert code == 0 and "FAILED" not in table
        site.clear_log()
        session = crawl(site, db, tmp_path, revisit="all")
        revisits = article_requests(site)
        assert len(revisits) == len(before) and all(e["status"] == 304 for e in revisits)
        assert outcome(session)[1] == 0
        assert rows(db, "SELECT url, content_sha256, version FROM notices ORDER BY url") == before
        assert {s for (s,) in rows(db, "SELECT DISTINCT status FROM crawl_runs")} == {"ok"}

        since_db = tmp_path / "since.db"
        session = crawl(site, since_db, tmp_path, since="2021-03-01")
        expected = site.expected_notices()
    table, code = outcome(session)
    assert code == 0 and "FAILED" not in table
    stored = {u for (u,) in rows(since_db, "SELECT url FROM notices")}
    assert stored == {e["url"] for e in expected if e["published"] is None or e["published"][:10] >= "2021-03-01"}
    assert len([e for e in expected if e["published"] is None]) == N
    assert any(e["published"] and e["published"][:10] < "2021-03-01" for e in expected)  # some were left out


def test_a_force_whose_articles_cannot_be_read_fails_the_crawl(tmp_path):
    """Durham's article pages become a script shell: every one answers 200 and none is read as a notice, so
    Durham is failed with the reason, each page is in fetch_errors, the crawl exits 1 (through the CLI)
    and every other force is ok. The pages are kept apart as `unread` and read once they can be."""
    db = tmp_path / "a.db"
    with SampleSite(port=0, breaks={"durham": "unreadable"}) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        args = ["--db", str(db), "--forces-file", str(forces), "--delay", "0.01", "--log-level", "ERROR"]
        result = CliRunner().invoke(crawl_command, args)
        assert result.exit_code == 1, result.output
        lines = table_lines(result.output)
        assert lines["durham"].endswith("FAILED: 5 pages fetched, none read as notices")
        assert lines["durham"].split()[2] == "0"  # no notice new
        others = {e["publisher"] for e in site.expected_notices()}
        assert "durham" not in others and len(others) == len(FORCES) - 1
        assert all(lines[f].endswith("ok") for f in others)
        runs = dict((f, (s, r)) for f, s, r in rows(db, "SELECT force, status, status_reason FROM crawl_runs"))
        assert runs["durham"] == ("failed", "5 pages fetched, none read as notices")
        assert all(runs[f] == ("ok", None) for f in others)
        errors = rows(
            db,
            "SELECT e.url, e.status, e.error FROM fetch_errors e JOIN crawl_runs r ON r.id = e.run_id"
            " WHERE r.force = 'durham'",
        )
        assert len(errors) == 5 and all(
            s == 200 and e == "not read as a notice: no headline found" for _, s, e in errors
        )
        assert rows(db, "SELECT count(*) FROM notices WHERE force = 'durham'") == [(0,)]
        assert rows(
            db, "SELECT kind, count(*) FROM crawl_pages WHERE force = 'durham' AND kind = 'unread' GROUP BY kind"
        ) == [("unread", 5)]
        meta = json.loads(open("archive/datasette_metadata.json", encoding="utf-8").read())
        coverage_sql = meta["databases"]["archive"]["queries"]["force_coverage"]["sql"]
        with sqlite3.connect(db) as conn:
            conn.row_factory = sqlite3.Row
            coverage = {r["force"]: dict(r) for r in conn.execute(coverage_sql)}
        assert coverage["durham"]["last_run_status"] == "failed"
        assert coverage["durham"]["last_run_status_reason"] == "5 pages fetched, none read as notices"
        assert coverage["gwent"]["last_run_status"] == "ok"

        # the same extractor does not fetch them again; --backfill (or a newer extractor) does
        site.clear_log()
        assert CliRunner().invoke(crawl_command, args).exit_code == 0
        assert article_requests(site) == []
        site.clear_log()
        result = CliRunner().invoke(crawl_command, args + ["--backfill", "--force", "durham"])
        assert result.exit_code == 1 and "FAILED: 5 pages fetched" in result.output
        assert len(article_requests(site)) == 5
        # mended: the next crawl that fetches them reads them
        site.breaks = {}
        result = CliRunner().invoke(crawl_command, args + ["--backfill", "--force", "durham"])
        assert result.exit_code == 0, result.output
        assert table_lines(result.output)["durham"].split()[2] == "5"
        assert rows(db, "SELECT count(*) FROM notices WHERE force = 'durham' AND published IS NOT NULL") == [(5,)]


def test_a_force_whose_start_urls_robots_txt_forbids_is_blocked(tmp_path):
    with SampleSite(port=0) as site:
        forces = tmp_path / "forces.toml"
        forces.write_text(
            site.forces_toml() + f'\n[[force]]\nslug = "walled"\nname = "Walled"\n'
            f'start_urls = ["{site.url}/gwent/search/news/"]\n',
            encoding="utf-8",
        )
        session = run_crawl(
            crawl_settings(delay=0.01, extra=FAST),
            db=str(tmp_path / "a.db"),
            forces_file=str(forces),
            force="walled,gwent",
        )
        assert not [e for e in site.log if "/search" in e["path"]]
    table, code = outcome(session)
    assert code == 1
    lines = table_lines(table)
    assert lines["walled"].endswith("BLOCKED: every start URL was refused (robots.txt)")
    assert lines["gwent"].endswith("ok")
    assert rows(tmp_path / "a.db", "SELECT force, status FROM crawl_runs ORDER BY force") == [
        ("gwent", "ok"),
        ("walled", "blocked"),
    ]


def test_pages_an_older_version_set_aside_are_read_on_the_next_crawl(tmp_path):
    """The archive of the bug this fixes: an earlier version met Gwent's undated articles and kept them as
    `other` pages, storing none. Upgraded (crawl migration 002_unread_pages), they are `unread` by an
    unknown extractor, so the next crawl fetches them again and stores them undated."""
    db_path = tmp_path / "old.db"
    with SampleSite(port=0, breaks={"gwent": "undated"}) as site:
        old = Database(db_path)
        migrations.apply(old)
        crawl_migrations.apply(old, stop_before="002_unread_pages")
        gwent = {real: site.url + path for real, path in site.article_paths().items() if "/gwent/" in path}
        for url in gwent.values():
            old.execute(
                "INSERT INTO crawl_pages (url, force, kind, status, first_seen, last_fetched)"
                " VALUES (?, 'gwent', 'other', 200, '2021-05-01T00:00:00.000000Z', '2021-05-01T00:00:00Z')",
                [url],
            )
        old.conn.commit()
        old.close()
        db = open_db(db_path)
        assert {k for (k,) in db.execute("SELECT DISTINCT kind FROM crawl_pages").fetchall()} == {"unread"}
        assert "extractor_version" in {c.name for c in db["crawl_pages"].columns}
        db.close()
        session = crawl(site, db_path, tmp_path, force="gwent")
    table, code = outcome(session)
    assert code == 0 and table_lines(table)["gwent"].split()[2] == "5"
    assert {u for (u,) in rows(db_path, "SELECT url FROM notices WHERE published IS NULL")} == set(gwent)
