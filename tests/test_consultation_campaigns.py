"""Consultations as campaigns: one row per consultation across publishers, its reminders and results, and its
status on a given day (archive/campaign_rules.py, archive/campaigns.py), from a real crawl of the sample site."""

import asyncio
import csv
import importlib.util
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import pytest

from archive.campaign_rules import RESULTS, Post, consultation, group, survey_key
from archive.campaigns import read_posts, update_campaigns
from archive.db import open_db
from archive.publish import PLUGINS_DIR
from archive.records import make_record
from archive.store import save_record
from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.sample_site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
SURVEY = "smartsurvey.co.uk/s/SpeedCameras2021"
PRECEPT = "Commissioner asks residents about next year's budget", "Commissioner asks for views on the precept"


def post(pid, publisher, published, text, *, links=(), topics=("precept",), closes=None, invites=True):
    return Post(
        pid,
        publisher,
        published,
        text[:40],
        f"https://{publisher}.example/{pid}",
        text,
        frozenset(survey_key(u) for u in links),
        frozenset(topics),
        closes,
        None,
        invites,
    )


def ids(groups):
    return sorted(sorted(p.id for p in g) for g in groups)


def test_survey_links_join_whatever_way_they_are_written():
    a = post("a", "gwent", "2021-03-01", "Tell us", links=["https://www.smartsurvey.co.uk/s/X/"])
    b = post("b", "durham", "2021-03-02", "Have your say", links=["http://smartsurvey.co.uk/s/X?utm_source=tw"])
    assert ids(group([a, b])) == [["a", "b"]]


def test_a_standing_link_makes_one_consultation_per_round():
    link = ["https://bit.ly/police-town"]  # a neighbourhood's feedback page, linked for years
    posts = [
        post(k, "herts", day, f"Post {k}", links=link)
        for k, day in zip("abc", ("2020-01-06", "2020-02-03", "2020-06-01"))
    ]
    assert ids(group(posts)) == [["a", "b"], ["c"]]


def test_a_national_template_rewritten_by_several_publishers_joins():
    """No shared link, no closing date on every post: their shared sentences and the national survey join them."""
    template = (
        "Automatic number plate recognition helps detect, deter and disrupt criminality. The cameras are governed by "
        "strict codes of practice. Your views play an important part in how the technology is used in future. "
    )

    def local(k):  # each publisher's own words, as many as the template's
        return " ".join(f"{k}{i}" for i in range(30))

    anpr = dict(topics=("anpr",))
    a = post("a", "gwent", "2021-02-15", template + local("a"), **anpr)
    b = post("b", "wiltshire", None, "We support the NPCC's national survey. " + template + local("b"), **anpr)
    other_topic = post("d", "kent", "2021-02-16", template + local("d"), topics=("drones",))
    assert ids(group([a, b, other_topic])) == [["a", "b"], ["d"]]
    # one publisher's two posts need more than a template: its own survey's words twice (a near-duplicate)
    assert ids(group([a, post("c", "gwent", "2021-02-20", "NPCC. " + template + local("c"), **anpr)])) == [["a"], ["c"]]
    not_national = post("b", "wiltshire", None, "We want your views. " + template + local("b"), **anpr)
    assert ids(group([a, not_national])) == [["a"], ["b"]]


def test_topic_and_closing_date_alone_never_join():
    a = post("a", "gwent", "2021-01-08", "Our precept survey closes on 29 January.", closes="2021-01-29")
    b = post("b", "durham", "2021-01-06", "Have your say on the precept.", closes="2021-01-29")
    assert ids(group([a, b])) == [["a"], ["b"]]


def test_a_national_survey_on_one_topic_closing_the_same_day_joins():
    texts = (
        "A national survey asks what you think of ANPR cameras in Gwent.",
        "Force encourages the public to take part in national survey on number plate recognition.",
        "People across the country are asked about ANPR.",
        "Have your say on ANPR cameras in our county.",  # not said to be national
    )
    anpr = dict(topics=("anpr",), closes="2021-03-07")
    a, b, c, d = (post(k, k, "2021-02-16", t, **anpr) for k, t in zip("abcd", texts))
    late = post("e", "e", "2021-03-20", "ANPR: a survey is asking people across the country.", **anpr)  # weeks later
    assert ids(group([a, b, c, d, late])) == [["a", "b", "c"], ["d"], ["e"]]


def test_two_different_survey_links_are_never_joined():
    text = "The NPCC runs a national survey on ANPR. The same words word for word in both posts, all of them."
    a = post("a", "gwent", "2021-02-15", text, links=["https://s.example/one"], topics=("anpr",), closes="2021-03-07")
    b = post("b", "durham", "2021-02-15", text, links=["https://s.example/two"], topics=("anpr",), closes="2021-03-07")
    bridge = post("c", "cheshire", "2021-02-16", text, topics=("anpr",), closes="2021-03-07")  # no link: joins one
    groups = group([a, b, bridge])
    assert len(groups) == 2 and sorted(len(g) for g in groups) == [1, 2]


def test_near_duplicate_texts_join_within_weeks():
    words = " ".join(f"word{i}" for i in range(80))
    a = post("a", "gwent", "2021-03-01", "Have your say. " + words, topics=())
    b = post("b", "cheshire", "2021-04-01", "Share your views. " + words, topics=())
    next_year = post("c", "gwent", "2022-03-01", "Have your say. " + words, topics=())
    assert ids(group([a, b, next_year])) == [["a", "b"], ["c"]]


def test_a_results_notice_links_to_its_consultation_and_publishes_its_outcome():
    survey = post("a", "gwent", "2021-01-08", "Precept survey, closes 29 January", closes="2021-01-29")
    results = post("r", "gwent", "2021-03-05", "Thank you to the 4,000 people who took part.", invites=False)
    other = post("o", "durham", "2021-03-05", "Thank you to the 900 people who took part.", invites=False)
    (g,) = group([survey, results, other])
    c = consultation(g, date(2021, 3, 6))
    assert [(p.id, role) for p, role in c.notices] == [("a", "announcement"), ("r", "results")]
    assert c.status == "outcome published" and "r" in c.status_evidence


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The sample site crawled once into an archive (statuses computed for a day after everything)."""
    tmp = tmp_path_factory.mktemp("campaigns")
    db = tmp / "a.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp / "forces.toml")
        run_crawl(
            crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1}),
            db=str(db),
            forces_file=str(forces),
        )
    return db


def campaigns(db):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM consultation_campaigns ORDER BY opens, id")]


def speed_survey(db):
    return [c for c in campaigns(db) if SURVEY in c["survey_links"]]


RESULT_TEXTS = [  # each matched by RESULTS, the cue where a reader would put it
    ("title", "Speed camera consultation findings published"),
    ("description", "Thank you to everyone who took part in our survey."),
    ("body", "The result of our precept survey is below."),
    ("body", "Thanks to the 900 people who will take part."),
    ("body", "You said, we did: more patrols in Newport."),
    ("body", "These are the survey outcome and the next steps."),
]


def test_every_notice_that_may_report_a_surveys_results_is_read(tmp_path):
    """Grouping reads results notices through the search index: a cue in the title or the description, or
    RESULTS' other forms (findings, outcome, result of, take part), was missed by the old LIKE scan of bodies."""
    db = open_db(tmp_path / "a.db")
    base = "https://www.gwent.police.uk/news/"
    for n, (field, text) in enumerate(RESULT_TEXTS):
        fields = {"title": f"Notice {n}", "description": "A notice.", "body": "Some words of the notice.", field: text}
        save_record(db, make_record(f"{base}{n}/", **fields))
    save_record(db, make_record(base + "other/", title="Man arrested", body="The results of the match were 2-1."))
    read = {p.url for p in read_posts(db.conn)}
    assert read >= {f"{base}{n}/" for n in range(len(RESULT_TEXTS))}  # before: 1 of 6
    assert all(RESULTS.search(text) for _, text in RESULT_TEXTS)  # each really is a results notice
    assert not [p for p in read_posts(db.conn) if p.url == base + "other/" and p.results]


def test_the_crawl_groups_a_campaign_of_three_forces_into_one_consultation(crawled):
    (c,) = speed_survey(crawled)  # grouped by the crawl itself, after storing
    assert json.loads(c["publishers"]) == ["cheshire", "dyfed-powys", "north-yorkshire"]
    assert json.loads(c["survey_links"]) == [SURVEY]
    assert c["opens"] == "2021-03-01" and c["closes"] == "2021-03-21"
    assert c["status"] == "outcome published" and c["notices"] == 5
    with sqlite3.connect(crawled) as conn:
        roles = conn.execute(
            "SELECT n.force, n.title, l.role FROM consultation_notices l JOIN notices n ON n.id = l.notice_id"
            " WHERE l.consultation_id = ? ORDER BY n.published",
            [c["id"]],
        ).fetchall()
    assert [r[2] for r in roles] == ["announcement", "announcement", "announcement", "reminder", "results"]
    assert roles[-1][:2] == ("cheshire", "Speed camera survey: what you told us")
    assert [t["role"] for t in json.loads(c["timeline"])] == [r[2] for r in roles]


def test_a_welsh_and_english_pair_is_one_consultation_headed_by_the_english_notice(crawled):
    """Posted minutes apart on one day, the English notice leads whichever has the smaller id."""
    with sqlite3.connect(crawled) as conn:
        welsh, english = conn.execute(
            "SELECT id, translation_of FROM notices WHERE translation_of IS NOT NULL AND is_consultation = 1"
        ).fetchone()
        (row,) = conn.execute(
            "SELECT c.id, c.title, n.lang FROM consultation_notices l JOIN consultation_campaigns c"
            " ON c.id = l.consultation_id JOIN notices n ON n.id = c.id WHERE l.notice_id = ?",
            [welsh],
        ).fetchall()
        members = conn.execute("SELECT notice_id FROM consultation_notices WHERE consultation_id = ?", [row[0]])
        assert {m for (m,) in members} >= {welsh, english}
    assert row[0] == english and row[2] == "en"


def test_the_status_moves_with_the_days(crawled, tmp_path):
    db = open_db(crawled)
    seen = []
    for day in ("2021-03-02", "2021-03-16", "2021-04-01", "2021-04-12"):
        update_campaigns(db, today=date.fromisoformat(day))
        (c,) = speed_survey(crawled)
        seen.append((c["status"], c["notices"]))
        assert day in c["status_evidence"] or c["status"] == "outcome published"
    assert seen == [("open", 2), ("closing soon", 4), ("closed", 4), ("outcome published", 5)]


def test_two_precept_consultations_closing_the_same_day_stay_apart(crawled):
    precepts = [c for c in campaigns(crawled) if c["title"] in PRECEPT]
    assert sorted(c["title"] for c in precepts) == sorted(PRECEPT)
    assert [c["closes"] for c in precepts] == ["2021-01-29", "2021-01-29"]
    assert all(c["notices"] == 1 for c in precepts)


def test_regrouping_is_idempotent_and_keeps_when_a_consultation_was_first_seen(crawled):
    db = open_db(crawled)
    update_campaigns(db, today=date(2021, 6, 1), now="2021-06-01T00:00:00Z")
    before = campaigns(crawled)
    update_campaigns(db, today=date(2021, 6, 1), now="2021-06-02T00:00:00Z")
    after = campaigns(crawled)
    assert [dict(c, updated_at=None) for c in after] == [dict(c, updated_at=None) for c in before]
    assert all(c["updated_at"] == "2021-06-02T00:00:00Z" for c in after)  # rewritten, first_seen kept


def test_the_consultations_command_sets_the_clock(crawled, tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "POLICE_NOTICES_TODAY": "2021-03-16"}
    cmd = [sys.executable, "-m", "crawler.cli", "consultations", "--db", str(crawled)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "closing soon" in done.stdout
    assert speed_survey(crawled)[0]["status"] == "closing soon"
    assert "as of 2021-03-16 are now in the archive" in done.stderr  # a replay is written: said, with the way back
    done = subprocess.run(cmd + ["--today", "2021-13-01"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def datasette_client(path):
    from datasette.app import Datasette

    from archive.publish import PLUGINS_DIR, SETTINGS, TEMPLATES_DIR, metadata_for

    ds = Datasette(
        files=[str(path)],
        metadata=metadata_for("archive", public=False),
        settings=SETTINGS,
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
    )

    def get(url):
        r = asyncio.run(ds.client.get(url))
        assert r.status_code == 200, (url, r.status_code, r.text[:300])
        return r.text

    return get


def test_a_consultation_has_its_own_page_with_its_notices_as_a_timeline(crawled, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    update_campaigns(open_db(db), today=date(2021, 3, 16))
    (c,) = speed_survey(db)
    page = lxml.html.fromstring(datasette_client(db)(f"/archive/consultation_campaigns/{c['id']}"))
    assert "closing soon" in page.xpath("string(//section[@class='consultation']/h2)")
    rows = page.xpath("//table[contains(@class, 'consultation-timeline')]/tbody/tr")
    assert [r.xpath("string(td[2])") for r in rows] == ["announcement", "announcement", "announcement", "reminder"]
    assert {r.xpath("string(td[3])") for r in rows} == set(SPEED_PUBLISHERS)
    assert all(r.xpath("td[4]/a[1]/@href")[0].startswith("/archive/notices/") for r in rows)


SPEED_PUBLISHERS = ["Cheshire Constabulary", "Dyfed-Powys Police", "North Yorkshire Police"]


def test_a_consultations_page_names_its_publishers_dates_its_days_and_links_its_survey(crawled, tmp_path):
    """Publishers by name, days as UK readers write them (the ISO day in <time datetime>), the survey a real link
    (the URL as its first notice gave it, visible), not slugs, ISO dates and unlinked code."""
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    update_campaigns(open_db(db), today=date(2021, 3, 16))
    (c,) = speed_survey(db)
    page = lxml.html.fromstring(datasette_client(db)(f"/archive/consultation_campaigns/{c['id']}"))
    (section,) = page.xpath("//section[@class='consultation']")
    text = " ".join(section.text_content().split())
    assert "Open from Monday 1 March 2021 until Sunday 21 March 2021." in text
    assert f"Posted by {', '.join(SPEED_PUBLISHERS)}." in text
    assert "(as of Tuesday 16 March 2021)" in text
    times = {(t.get("datetime"), t.text_content()) for t in section.xpath(".//time")}
    assert {("2021-03-01", "Monday 1 March 2021"), ("2021-03-21", "Sunday 21 March 2021")} <= times
    assert ("2021-03-16", "Tuesday 16 March 2021") in times
    (survey,) = section.xpath(".//p[@class='survey']/a")
    assert survey.get("href") == survey.text_content() == "https://www.smartsurvey.co.uk/s/SpeedCameras2021/"
    assert survey.get("rel") == "nofollow noopener"
    assert not section.xpath(".//code")
    rows = section.xpath(".//table[contains(@class, 'consultation-timeline')]/tbody/tr")
    assert [r.xpath("td[1]/time/@datetime")[0] for r in rows] == [
        "2021-03-01",
        "2021-03-02",
        "2021-03-03",
        "2021-03-15",
    ]
    assert rows[0].xpath("string(td[1])").strip() == "Monday 1 March 2021"
    assert [r.xpath("string(td[3])") for r in rows] == [*SPEED_PUBLISHERS, "Cheshire Constabulary"]


def test_the_feeds_announce_a_consultation_once(crawled, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    update_campaigns(open_db(db), today=date(2021, 3, 16))
    (c,) = speed_survey(db)
    get = datasette_client(db)
    new = feedparser.parse(get("/archive/feed_new_consultation_campaigns.atom"))
    assert [e.title for e in new.entries].count(c["title"]) == 1
    assert len(new.entries) == len(campaigns(db))
    with sqlite3.connect(db) as conn:  # the feed reads Datasette's clock: move the closing date to in 3 days
        conn.execute("UPDATE consultation_campaigns SET closes = date('now', '+3 days') WHERE id = ?", [c["id"]])
    closing = feedparser.parse(get("/archive/feed_consultations_closing_soon.atom"))
    assert [e.title.split(": ", 1)[1] for e in closing.entries] == [c["title"]]


def test_the_closing_feed_counts_uk_days_and_the_set_clock(crawled, tmp_path, monkeypatch):
    # it read SQLite's date('now'): the UTC day (yesterday's in the UK from midnight to 1am in summer)
    # and never the day POLICE_NOTICES_TODAY sets, so it disagreed with the consultation's own status
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    update_campaigns(open_db(db), today=date(2021, 3, 16))
    (c,) = speed_survey(db)
    with sqlite3.connect(db) as conn:  # no results notice yet: closes on 21 March, "closing soon" on the 16th
        conn.execute("UPDATE consultation_campaigns SET status = 'closing soon' WHERE id = ?", [c["id"]])
    get = datasette_client(db)
    for day, listed in (("2021-03-14", True), ("2021-03-13", False), ("2021-03-21", True), ("2021-03-22", False)):
        monkeypatch.setenv("POLICE_NOTICES_TODAY", day)
        closing = feedparser.parse(get("/archive/feed_consultations_closing_soon.atom"))
        assert [e.title.split(": ", 1)[1] for e in closing.entries] == ([c["title"]] if listed else []), day


def test_hiding_a_notice_takes_it_out_of_its_consultation_and_unhiding_puts_it_back(crawled, tmp_path):
    from click.testing import CliRunner

    from crawler.cli import cli

    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    (c,) = speed_survey(db)
    reminder = next(t for t in json.loads(c["timeline"]) if t["role"] == "reminder")
    hide = CliRunner().invoke(cli, ["hide", reminder["id"], "--db", str(db), "--reason", "test", "--by", "test"])
    assert hide.exit_code == 0, hide.output
    assert speed_survey(db)[0]["notices"] == 4 and reminder["id"] not in speed_survey(db)[0]["timeline"]
    CliRunner().invoke(cli, ["unhide", reminder["id"], "--db", str(db), "--reason", "test", "--by", "test"])
    assert speed_survey(db)[0]["notices"] == 5


def test_the_public_copy_groups_without_hidden_notices(crawled, tmp_path):
    from archive.public import write_public_copy
    from archive.takedown import set_hidden

    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    update_campaigns(open_db(db), today=date(2021, 3, 16))
    (c,) = speed_survey(db)
    reminder = next(t for t in json.loads(c["timeline"]) if t["role"] == "reminder")
    set_hidden(open_db(db), reminder["id"], True, reason="test", by="test")
    write_public_copy(open_db(db), tmp_path / "public.db")
    (public,) = speed_survey(tmp_path / "public.db")
    assert public["notices"] == 3 and reminder["id"] not in public["timeline"]
    assert public["status"] == "closing soon" and public["status_day"] == "2021-03-16"


def test_alerts_announce_a_consultation_once_not_each_publishers_notice(crawled, tmp_path):
    from datetime import UTC, datetime

    from archive.alerts import Channel, Config, Rule, alert_migrations, deliver, due_alerts

    db = open_db(shutil.copy(crawled, tmp_path / "archive.db"))
    update_campaigns(db, today=date(2021, 3, 16))
    (c,) = speed_survey(tmp_path / "archive.db")
    alert_migrations.apply(db)
    db.execute("INSERT INTO alert_rules_seen (rule, since) VALUES ('new', '2000-01-01T00:00:00Z')")
    db.conn.commit()
    rules = (Rule("new", "new_consultation"), Rule("closing", "closing_soon"))
    config = Config(rules, (Channel("hook", "webhook", {"url": "x"}),))
    alerts = due_alerts(db, config, datetime(2021, 3, 16, 9, tzinfo=UTC))
    speed = [a for a in alerts if a.data.get("consultation") == c["id"]]
    assert sorted(a.kind for a in speed) == ["closing_soon", "new_consultation"]  # four notices, one of each
    assert "cheshire, dyfed-powys, north-yorkshire" in speed[0].text
    sent = []
    deliver(db, config, alerts, datetime(2021, 3, 16, 9, tzinfo=UTC), {"webhook": lambda ch, a: sent.append(a)})
    update_campaigns(db, today=date(2021, 3, 17))
    again = due_alerts(db, config, datetime(2021, 3, 17, 9, tzinfo=UTC))
    counts = deliver(db, config, again, datetime(2021, 3, 17, 9, tzinfo=UTC), {"webhook": lambda ch, a: sent.append(a)})
    assert counts["sent"] == 0 and len([a for a in sent if a.data.get("consultation") == c["id"]]) == 2


def test_the_national_anpr_survey_of_the_corpus_is_one_consultation_and_nothing_else_joins_it(tmp_path):
    """The corpus's pages that speak of ANPR, stored and grouped: five of the survey's six posts (three undated,
    rewritten locally, one survey link kept) form one consultation; Cheshire's, rewritten from scratch with no
    date, closing date or link, stays apart; no other page joins (benchmarks/campaigns.py: the whole corpus)."""
    import gzip

    from shared_data import CORPUS, require

    from archive.importer import record_from_archive
    from archive.store import save_forces, save_records
    from benchmarks.campaigns import ANPR_SURVEY_POSTS
    from crawler.extraction import load_rules
    from crawler.registry import load_registry

    registry, rules = load_registry(), load_rules()
    db = open_db(tmp_path / "anpr.db")
    save_forces(db, registry)
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if "ANPR" in line or "umber plate recognition" in line]
    records = (record_from_archive(e["meta"], e["body"], registry=registry, rules=rules) for e in entries)
    save_records(db, records, provenance="imported")
    update_campaigns(db, today=date(2021, 4, 30))
    with sqlite3.connect(tmp_path / "anpr.db") as conn:
        homes = dict(
            conn.execute(
                "SELECT n.url, l.consultation_id FROM notices n JOIN consultation_notices l ON l.notice_id = n.id"
                f" WHERE n.url IN ({', '.join('?' * len(ANPR_SURVEY_POSTS))})",
                ANPR_SURVEY_POSTS,
            )
        )
        (survey,) = {homes[u] for u in ANPR_SURVEY_POSTS[:5]}
        members = conn.execute(
            "SELECT n.url FROM consultation_notices l JOIN notices n ON n.id = l.notice_id WHERE l.consultation_id = ?",
            [survey],
        ).fetchall()
    assert sorted(u for (u,) in members) == sorted(ANPR_SURVEY_POSTS[:5])
    assert homes.get(ANPR_SURVEY_POSTS[5]) != survey  # Cheshire's


def test_the_consultations_table_names_its_publishers_and_lists_its_topics(crawled, tmp_path):
    """The table page shows publishers by name (the forces table's) and topics as words, not JSON arrays; its
    JSON and CSV keep the stored lists."""
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    with sqlite3.connect(db) as conn:  # a publisher the forces table does not know keeps its slug
        conn.execute("DELETE FROM forces WHERE slug = 'north-yorkshire'")
    (c,) = speed_survey(db)
    get = datasette_client(db)
    page = lxml.html.fromstring(get(f"/archive/consultation_campaigns?id={c['id']}"))
    cell = lambda column: page.xpath(f"string(//tbody/tr[1]/td[contains(@class, 'col-{column}')])").strip()  # noqa: E731
    assert cell("publishers") == "Cheshire Constabulary, Dyfed-Powys Police, north-yorkshire"
    assert cell("topics") == "speed_cameras"
    assert "[" not in cell("publishers") + cell("topics")
    [row] = json.loads(get(f"/archive/consultation_campaigns.json?id={c['id']}&_shape=array"))
    assert (
        (row["publishers"], row["topics"])
        == (c["publishers"], c["topics"])
        == (
            '["cheshire", "dyfed-powys", "north-yorkshire"]',
            '["speed_cameras"]',
        )
    )
    [row] = csv.DictReader(io.StringIO(get(f"/archive/consultation_campaigns.csv?id={c['id']}")))
    assert (row["publishers"], row["topics"]) == (c["publishers"], c["topics"])


def test_a_consultation_without_topics_shows_an_empty_topics_cell_not_a_json_array(crawled, tmp_path):
    """Durham's dog walkers survey matches no topic: its cell was Datasette's raw `[]` (an empty string from
    render_cell means "not mine")."""
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    [c] = [c for c in campaigns(db) if c["title"] == "Dog walkers asked to share their views"]
    assert c["topics"] == "[]"
    page = lxml.html.fromstring(datasette_client(db)(f"/archive/consultation_campaigns?id={c['id']}"))
    assert page.xpath("string(//tbody/tr[1]/td[contains(@class, 'col-topics')])").strip() == ""


def test_a_survey_link_is_followed_to_the_url_posted_and_never_to_another_scheme():
    spec = importlib.util.spec_from_file_location("campaigns_plugin", PLUGINS_DIR / "police_notices_campaigns.py")
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    posted = ["http://www.example.org/s/x/", "https://example.org/s/x", "https://forms.office.com/r/abc?lang=en"]
    assert plugin.survey_urls(["example.org/s/x", "forms.office.com/r/abc?lang=en"], posted) == [
        ("example.org/s/x", "http://www.example.org/s/x/"),  # the first posted
        ("forms.office.com/r/abc?lang=en", "https://forms.office.com/r/abc?lang=en"),
    ]
    assert plugin.survey_urls(["bit.ly/abc"], posted) == [("bit.ly/abc", "https://bit.ly/abc")]  # none posted as is
    assert plugin.survey_urls(["alert(1)", "javascript:alert(1)"], ["javascript:alert(1)"]) == [
        ("alert(1)", None),
        ("javascript:alert(1)", None),
    ]
