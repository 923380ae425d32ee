"""Police and crime commissioners as publishers: every one in the registry, `publisher` and `publisher_kind` on
each notice (an old archive upgraded with them backfilled), at the end of the exports, and a real crawl of the
sample site's commissioner stored as the commissioner's notices of its area's force."""

import asyncio
import csv
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import feedparser
import lxml.html
import pytest

from archive.db import open_db
from archive.export import EXPORT_COLUMNS
from archive.store import save_records
from crawler.extraction import extract_notice, load_rules
from crawler.registry import RegistryError, host_in, load_registry
from crawler.sample_site import SampleSite
from crawler.sample_site.content import FORCES

ROOT = Path(__file__).resolve().parents[1]
V1_DUMP = ROOT / "tests" / "fixtures" / "archive" / "archive-v1.sql"
NON_TERRITORIAL = {"btp", "scotland", "psni", "civil-nuclear"}
PCC = next(f for f in FORCES if f.kind == "pcc")  # the sample site's commissioner


@pytest.fixture(scope="module")
def registry():
    return load_registry()


# --- the registry --------------------------------------------------------------------------------


def test_every_force_area_of_england_and_wales_but_the_city_has_one_commissioner(registry):
    territorial = {f.slug for f in registry if f.kind == "force"} - NON_TERRITORIAL
    assert len(territorial) == 43
    pccs = [f for f in registry if f.kind == "pcc"]
    assert Counter(p.area for p in pccs) == Counter(territorial - {"city-of-london"})
    for p in pccs:
        force = registry.force_of(p)
        assert force.kind == "force" and force.slug == p.area
        assert p.languages == force.languages, p.slug  # Welsh areas' commissioners publish in Welsh too
        assert not p.verified and "unverified" in p.notes, p.slug  # no listing URL of theirs was seen
    assert {f.kind for f in registry} == {"force", "pcc"}


def test_slugs_are_unique_and_no_host_belongs_to_two_publishers(registry):
    slugs = [f.slug for f in registry]
    assert len(slugs) == len(set(slugs))
    hosts = [(h, f.slug) for f in registry for h in f.hosts]
    for h, slug in hosts:
        others = [o for o, other in hosts if other != slug]
        assert not host_in(h, others), f"{h} of {slug} is within another publisher's hosts"
        assert not any(host_in(o, [h]) for o in others), f"another publisher's host is within {h} of {slug}"
    for p in (f for f in registry if f.kind == "pcc"):
        for url in p.start_urls:
            assert url.startswith("https://") and registry.force_for_url(url) is p, url


@pytest.mark.parametrize(
    "url, slug",
    [
        ("https://www.gwent.pcc.police.uk/en/news/", "gwent-pcc"),
        ("https://www.gwent.police.uk/news/gwent/news/", "gwent"),
        ("https://www.northyorkshire-pfcc.gov.uk/news/", "north-yorkshire-pfcc"),
        ("https://www.surrey-pcc.gov.uk/have-your-say/", "surrey-pcc"),
        ("https://www.london.gov.uk/programmes-strategies/mayors-office-policing-and-crime-mopac", "mopac"),
    ],
)
def test_a_commissioners_host_is_its_own(registry, url, slug):
    assert registry.force_for_url(url).slug == slug


@pytest.mark.parametrize(
    "entry, error",
    [
        ('kind = "council"\narea = "gwent"', "kind 'council', not one of force, pcc"),
        ('kind = "pcc"\narea = "atlantis"', "area 'atlantis', which is not the slug of a force listed"),
        ('kind = "pcc"\narea = "Gwent"', "area 'Gwent', which is not the slug of a force listed"),
    ],
)
def test_a_bad_commissioner_entry_is_refused(tmp_path, entry, error):
    path = tmp_path / "forces.toml"
    path.write_text(
        '[[force]]\nslug = "gwent"\nname = "Gwent Police"\narea = "Gwent"\n'
        'start_urls = ["https://www.gwent.police.uk/news/"]\n\n'
        f'[[force]]\nslug = "gwent-pcc"\nname = "Gwent PCC"\n{entry}\n'
        'start_urls = ["https://www.gwent.pcc.police.uk/news/"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match=error):
        load_registry(path)


# --- the record ----------------------------------------------------------------------------------

PAGE = b"""<!DOCTYPE html><html lang="en"><head>
<title>Have your say on the police precept | Gwent Police and Crime Commissioner</title>
<meta property="og:title" content="Have your say on the police precept">
<meta property="article:published_time" content="2021-01-06T10:00:00+00:00">
</head><body><main><h1>Have your say on the police precept</h1>
<p>The Commissioner wants to know how much you would pay towards policing in Gwent next year.</p>
<p>The survey closes on 31 January 2021. <a href="https://www.smartsurvey.co.uk/s/GwentPrecept/">Take the survey</a>.</p>
</main></body></html>"""


def test_a_commissioners_notice_names_its_publisher_and_its_areas_force(registry):
    rec = extract_notice(PAGE, "https://www.gwent.pcc.police.uk/news/have-your-say-on-the-precept/", registry=registry)
    assert {k: rec[k] for k in ("publisher", "publisher_kind", "force", "force_name", "area")} == {
        "publisher": "gwent-pcc",
        "publisher_kind": "pcc",
        "force": "gwent",
        "force_name": "Gwent Police",
        "area": "Gwent",
    }
    assert rec["title"] == "Have your say on the police precept"  # the commissioner's name is the site suffix
    force = extract_notice(PAGE, "https://www.gwent.police.uk/news/gwent/news/x/", registry=registry)
    assert (force["publisher"], force["publisher_kind"], force["force"]) == ("gwent", "force", "gwent")


# --- the archive ---------------------------------------------------------------------------------


def test_an_old_archive_upgrades_with_every_notice_its_forces_own(tmp_path):
    """014_publisher: notices stored before publishers existed were all a force's: publisher = force,
    publisher_kind = force; the forces table says each entry's kind; the facets table follows."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(V1_DUMP.read_text(encoding="utf-8"))
    conn.close()
    db = open_db(path)
    rows = db.conn.execute("SELECT force, publisher, publisher_kind FROM notices").fetchall()
    assert rows and all(force and publisher == force and kind == "force" for force, publisher, kind in rows)
    assert {k for (k,) in db.conn.execute("SELECT kind FROM forces")} == {"force"}
    facets = db.conn.execute("SELECT publisher, publisher_kind FROM notice_facets").fetchall()
    assert facets == [(p, k) for _, p, k in rows]
    with pytest.raises(sqlite3.IntegrityError):  # one list of kinds
        db.conn.execute("UPDATE notices SET publisher_kind = 'council'")

    rec = extract_notice(PAGE, "https://www.gwent.pcc.police.uk/news/precept/")
    report = save_records(db, [rec, dict(rec, url=rec["url"] + "x/", publisher_kind="council")])
    assert report.skipped == [(2, "field 'publisher_kind' must be one of force, pcc, not 'council'")]
    assert db.conn.execute(
        "SELECT n.force, n.publisher, n.publisher_kind, f.kind, x.publisher_kind FROM notices n"
        " JOIN forces f ON f.slug = n.publisher JOIN notice_facets x ON x.notice_rowid = n.rowid"
        " WHERE n.url = ?",
        [rec["url"]],
    ).fetchall() == [("gwent", "gwent-pcc", "pcc", "pcc", "pcc")]
    assert dict(report.by_force) == {"gwent-pcc": {"inserted": 1}}  # counted in the publisher's run
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_exports_end_with_the_publisher_columns(tmp_path):
    """Columns are appended, never inserted: a researcher's scripts keep reading the earlier ones."""
    columns = list(EXPORT_COLUMNS)
    assert columns[-3:] == ["publisher", "publisher_kind", "translation_of"]  # translation_of: migration 017
    assert columns[-5:-3] == ["asks_for_views", "checks"] and columns[:3] == ["id", "url", "canonical"]
    db_path = tmp_path / "a.db"
    db = open_db(db_path)
    save_records(db, [extract_notice(PAGE, "https://www.gwent.pcc.police.uk/news/precept/")])
    db.close()
    out = tmp_path / "x.csv"
    done = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import cli; cli()", "export", "--db", str(db_path)]
        + ["--format", "csv", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    header, row = list(csv.reader(out.open(encoding="utf-8")))
    assert header == columns and row[-3:] == ["gwent-pcc", "pcc", ""]
    assert row[columns.index("force")] == "gwent"


# --- a real crawl of the sample site's commissioner ----------------------------------------------


def test_crawling_a_commissioner_alone_stores_its_precept_consultation(tmp_path):
    """`crawl --force north-yorkshire-pfcc` (a real subprocess) on the sample site: only the commissioner's
    pages are fetched, its notices are stored as its own (publisher, kind pcc) and as North Yorkshire's
    (force), its run and health are its own, and Datasette's facets and feeds name it."""
    db = tmp_path / "a.db"
    with SampleSite(port=0) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        done = subprocess.run(
            [sys.executable, "-c", "from crawler.cli import cli; cli()", "crawl", "--db", str(db)]
            + ["--forces-file", str(forces), "--force", PCC.slug, "--delay", "0.01", "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        expected = {e["url"]: e for e in site.expected_notices() if e["publisher"] == PCC.slug}
        fetched = {entry["path"].split("/")[1] for entry in site.log if entry["path"] != "/robots.txt"}
    assert fetched == {PCC.slug}  # nothing of the force's own site
    conn = sqlite3.connect(db)
    stored = {
        url: rest
        for url, *rest in conn.execute(
            "SELECT url, force, force_name, area, publisher, publisher_kind, is_consultation, closes FROM notices"
        )
    }
    assert set(stored) == set(expected) and len(expected) >= 4
    assert {tuple(r[:5]) for r in stored.values()} == {
        ("north-yorkshire", "North Yorkshire Police", "North Yorkshire", PCC.slug, "pcc")
    }
    [precept] = [u for u in stored if "precept" in u]
    assert stored[precept][5:] == [1, "2021-01-31"]
    assert expected[precept]["title"] == "Have your say on the police precept for 2021/22"
    links = conn.execute(
        "SELECT s.provider FROM survey_links s JOIN notices n ON n.id = s.notice_id WHERE n.url = ?", [precept]
    ).fetchall()
    assert links == [("smartsurvey",)]
    assert conn.execute("SELECT force, status FROM crawl_runs").fetchall() == [(PCC.slug, "ok")]
    assert conn.execute("SELECT force, state FROM force_health").fetchall() == [(PCC.slug, "ok")]
    assert conn.execute("SELECT kind FROM forces WHERE slug = ?", [PCC.slug]).fetchall() == [("pcc",)]
    conn.close()

    from datasette.app import Datasette

    from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

    ds = Datasette(
        files=[str(db)],
        metadata=metadata_for("a", public=False),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )

    def get(path):
        r = asyncio.run(ds.client.get(path))
        assert r.status_code == 200, (path, r.text[:300])
        return r

    facets = get("/a/consultations.json?_facet=publisher").json()["facet_results"]
    assert [(v["value"], v["count"]) for v in facets["publisher"]["results"]] == [(PCC.slug, 1)]
    kinds = get("/a/notices.json").json()["facet_results"]["publisher_kind"]["results"]
    assert [(v["value"], v["count"]) for v in kinds] == [("pcc", len(expected))]
    feed = feedparser.parse(get("/a/feed_consultations.atom").text)
    assert not feed.bozo and [(e.id, e.author) for e in feed.entries] == [(precept, PCC.name)]
    # a search's feed and the notice's own page name the commissioner too, not the area's force
    searched = feedparser.parse(get("/a/consultations.atom").text)
    assert not searched.bozo and [e.author for e in searched.entries] == [PCC.name]
    assert searched.entries[0].summary.startswith(f"{PCC.name}: ")
    [nid] = [r["id"] for r in get("/a/consultations.json?_shape=array").json()]
    page = lxml.html.fromstring(get(f"/a/notices/{nid}").text)
    byline = page.xpath("//p[@class='notice-byline']")[0]
    publisher = byline.xpath("a[@class='notice-publisher']")[0]
    assert publisher.text_content() == PCC.name and publisher.get("href").endswith(f"?publisher={PCC.slug}")
    assert byline.xpath("string(a[@class='notice-force'])") == "North Yorkshire Police"  # the area's force
    coverage = {r["force"]: r for r in get("/a/force_coverage.json?_shape=array").json()}
    assert coverage[PCC.slug]["kind"] == "pcc" and coverage[PCC.slug]["notices"] == len(expected)
    assert coverage["north-yorkshire"]["notices"] == 0  # the force's own site was not crawled


def test_a_commissioners_sign_offs_are_learned_as_its_own(tmp_path):
    """Standing sign-offs are a site's: a footer the commissioner repeats under its notices for months is
    learned under the commissioner's slug (its force's site never wrote it) and stops flagging its stories."""
    from datetime import date, timedelta

    from archive.reclassify import reclassify
    from archive.standing import learn_standing, load_standing

    db = open_db(tmp_path / "a.db")
    records = []
    for i in range(12):
        day = date(2021, 1, 4) + timedelta(days=15 * i)
        body = (
            f"<p>The Commissioner met residents in Watford on {day:%d %B} to talk about speeding.</p>"
            "<p>You can use our community voice platform to let us know what you think the Commissioner should "
            "be prioritising. Visit bit.ly/herts-pcc-voice and have your say.</p>"
        )
        html = (
            f"<!doctype html><html lang=en><head><title>Commissioner meets residents {i} | Hertfordshire Police "
            f'and Crime Commissioner</title><meta property="article:published_time" content="{day}T10:00:00+00:00">'
            f"</head><body><main><article><h1>Commissioner meets residents {i}</h1>{body}</article></main></body></html>"
        )
        records.append(extract_notice(html.encode(), f"https://www.hertfordshire-pcc.gov.uk/news/meeting-{i}/"))
    save_records(db, records, now="2021-09-01T00:00:00Z")
    assert db.execute("SELECT count(*) FROM notices WHERE asks_for_views").fetchone() == (12,)
    learned = learn_standing(db)
    assert learned.get("hertfordshire-pcc", 0) > 0 and "hertfordshire" not in learned
    assert "community voice platform" in load_standing(db)["hertfordshire-pcc"]
    reclassify(db, load_rules())
    assert db.execute("SELECT count(*) FROM notices WHERE asks_for_views").fetchone() == (0,)


def test_a_record_made_before_publishers_is_stored_as_its_forces_own(tmp_path):
    """A JSON Lines record from an earlier version (no publisher fields) is stored as migration 014 took every
    notice before it: its force's own, so its run, facets and sign-offs go to that force's site."""
    db = open_db(tmp_path / "a.db")
    rec = extract_notice(PAGE, "https://www.gwent.police.uk/news/gwent/news/precept/")
    old = {k: v for k, v in rec.items() if k not in ("publisher", "publisher_kind")}
    report = save_records(db, [old])
    assert db.execute("SELECT force, publisher, publisher_kind FROM notices").fetchall() == [
        ("gwent", "gwent", "force")
    ]
    assert dict(report.by_force) == {"gwent": {"inserted": 1}}


def test_alerts_name_the_publisher_and_a_forces_slug_covers_its_commissioner(tmp_path):
    """`forces` in an alert rule: a force's slug takes its area's notices, its commissioner's included; the
    commissioner's slug only its own. A notice is told under its publisher's name."""
    from datetime import UTC, datetime

    from archive.alerts import Channel, Config, Rule, due_alerts
    from archive.store import save_forces

    db = open_db(tmp_path / "a.db")
    save_forces(db, load_registry())
    records = [
        extract_notice(PAGE, "https://www.gwent.pcc.police.uk/news/precept/"),
        extract_notice(PAGE, "https://www.gwent.police.uk/news/gwent/news/precept/"),
    ]
    save_records(db, records, now="2021-01-06T12:00:00Z")
    db.execute("UPDATE notices SET first_seen = '2021-01-07T00:00:00Z'")  # new since the rules' start
    db.conn.commit()
    hook = (Channel("hook", "webhook", {"url": "x"}),)
    now = datetime(2021, 1, 6, 23, 0, tzinfo=UTC)

    def told(*forces):
        config = Config((Rule("r" + "".join(forces), "new_consultation", forces=forces),), hook)
        due_alerts(db, config, now)  # the rule's clock starts
        return sorted((a.url, a.data["force"]) for a in due_alerts(db, config, datetime(2021, 1, 8, tzinfo=UTC)))

    both = [
        ("https://www.gwent.pcc.police.uk/news/precept/", "Gwent Police and Crime Commissioner"),
        ("https://www.gwent.police.uk/news/gwent/news/precept/", "Gwent Police"),
    ]
    assert told("gwent") == both
    assert told("gwent-pcc") == both[:1]


def test_a_commissioners_known_notices_are_revisited_and_counted_as_its_own(tmp_path):
    """A second crawl of the commissioner alone (`--revisit all`) asks again for each of its known notices,
    conditionally, and knows how many earlier runs found (a run finding none of them fails). Both read the
    notices by `force` before, which a commissioner's notices never hold: nothing was revisited, an edit or a
    removal never seen, and an empty listing passed as ok."""
    from crawler.crawl_cli import crawl_settings, run_crawl

    db = tmp_path / "a.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")

        def crawl(**args):
            settings = crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1})
            return run_crawl(settings, db=str(db), forces_file=str(forces), force=PCC.slug, **args)

        crawl()
        known = {e["url"] for e in site.expected_notices() if e["publisher"] == PCC.slug}
        site.clear_log()
        session = crawl(revisit="all")
        paths = {p for u, p in site.article_paths("day1").items() if u in known}
        revisits = [e for e in site.log if e["path"].split("?")[0] in paths]
    assert len(known) >= 4 and session.earlier[PCC.slug] == len(known)
    assert len(revisits) == len(known) and all(e["if_none_match"] and e["status"] == 304 for e in revisits)
