"""Standing sign-offs: a force's repeated "have your say" footer is learned across its notices and not
counted as a consultation cue (pure learning, extract --manifest, the archive's reclassify, a crawl's end)."""

import json
from datetime import date, timedelta

from click.testing import CliRunner

from archive.db import open_db
from archive.reclassify import reclassify
from archive.standing import learn_standing, load_standing
from archive.store import notice_id, save_records
from crawler.cli import cli
from crawler.extraction import apply_standing, extract_notice, load_rules
from crawler.extraction.signoffs import learn, split_standing

HOST = "https://www.herts.police.uk/news/hertfordshire/news/"
AREAS = [
    "Watford",
    "Stevenage",
    "Hitchin",
    "Royston",
    "Hertford",
    "Ware",
    "Bushey",
    "Radlett",
    "Tring",
    "Harpenden",
    "Berkhamsted",
    "Letchworth",
]


def footer(area):
    # the same sign-off, worded for each area, with its own short link
    return (
        f"You can use our community voice platform echo to let us know what you think we should be "
        f"prioritising in {area}. Your feedback will help towards shaping our local policing priorities. "
        f"Visit bit.ly/police-{area.lower()} and have your say."
    )


def story(i, area, day):
    title = f"Two arrested after burglary in {area}"
    body = (
        f"Officers arrested two men after a burglary in {area} on {day:%d %B}. Anyone with information "
        f"should call 101 quoting crime reference 41/{i}/21.\n\n{footer(area)}"
    )
    return title, body


def page(title, body, day):
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html lang=en><head><title>{title} | Hertfordshire Constabulary</title>"
        f'<meta property="article:published_time" content="{day.isoformat()}T10:00:00+00:00"></head>'
        f"<body><nav><a href=/>Home</a></nav><main><article><h1>{title}</h1>"
        f"<p>{day:%d %B %Y}</p>{paras}</article></main></body></html>"
    ).encode()


def dates(n, step):
    return [date(2021, 1, 4) + timedelta(days=step * i) for i in range(n)]


def test_a_footer_repeated_for_months_is_standing_a_campaign_for_weeks_is_not():
    rules = load_rules()
    footer_notices = [("hertfordshire", d.isoformat(), story(i, AREAS[i], d)[1]) for i, d in enumerate(dates(12, 15))]
    campaign = (
        "Have your say on the precept: complete the survey at www.smartsurvey.co.uk/s/precept before "
        "the end of January, the commissioner said today."
    )
    campaign_notices = [
        ("dorset", d.isoformat(), f"Story {i} about a road closure.\n\n{campaign}") for i, d in enumerate(dates(12, 3))
    ]  # 12 notices within five weeks
    standing = learn(footer_notices + campaign_notices)
    assert standing["hertfordshire"] and not standing["dorset"]
    kept, cut = split_standing(story(99, "Cheshunt", date(2021, 9, 1))[1], set(standing["hertfordshire"]))
    assert "Cheshunt" in cut and "have your say" not in kept.lower() and "burglary in Cheshunt" in kept
    # fewer than 10 notices teach nothing
    assert not learn(footer_notices[:9])["hertfordshire"]

    # a crime story ending with the sign-off is not a consultation once the sign-off is known, and loses
    # the short link; a page about the feedback itself still is, and keeps it
    title, body = story(50, "Cheshunt", date(2021, 9, 1))
    html = page(title, body, date(2021, 9, 1))
    before = extract_notice(html, HOST + "x/", rules=rules)
    after = extract_notice(html, HOST + "x/", rules=rules, standing=set(standing["hertfordshire"]))
    assert before["is_consultation"] and before["survey_links"][0]["url"] == "https://bit.ly/police-cheshunt"
    assert not after["is_consultation"] and after["survey_links"] == []
    assert any(
        c.startswith("not counted, the force's standing sign-off: You can use our community voice")
        for c in after["consultation_cues"]
    )
    assert after["body"] == before["body"]  # the body keeps it: it is evidence
    invite = page("Have your say on policing priorities in Cheshunt", body, date(2021, 9, 1))
    rec = extract_notice(invite, HOST + "y/", rules=rules, standing=set(standing["hertfordshire"]))
    assert rec["is_consultation"] and [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/police-cheshunt"]


def write_manifest(tmp_path, n=12, step=15):
    lines = []
    for i, d in enumerate(dates(n, step)):
        title, body = story(i, AREAS[i % len(AREAS)], d)
        (tmp_path / f"{i}.html").write_bytes(page(title, body, d))
        lines.append(json.dumps({"path": f"{i}.html", "url": f"{HOST}story-{i}/"}))
    (tmp_path / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return tmp_path / "manifest.jsonl"


def test_extract_manifest_learns_the_forces_signoffs(tmp_path):
    manifest = write_manifest(tmp_path)
    out = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines()]
    assert [r["url"] for r in records] == [f"{HOST}story-{i}/" for i in range(12)]  # same order
    assert not any(r["is_consultation"] or r["survey_links"] for r in records)
    raw = CliRunner().invoke(cli, ["extract", "--manifest", str(manifest), "--no-learn-signoffs"])
    assert all(json.loads(line)["is_consultation"] for line in raw.output.splitlines())
    # too few months of notices: nothing is standing, every page is flagged as it reads
    short = write_manifest(tmp_path, step=5)
    quick = CliRunner().invoke(cli, ["extract", "--manifest", str(short)])
    assert all(json.loads(line)["is_consultation"] for line in quick.output.splitlines())


def test_archive_learns_signoffs_and_reclassify_unflags_them(tmp_path):
    db = open_db(tmp_path / "a.db")
    rules = load_rules()
    records = []
    for i, d in enumerate(dates(12, 15)):
        title, body = story(i, AREAS[i], d)
        records.append(extract_notice(page(title, body, d), f"{HOST}story-{i}/", rules=rules))
    real = page("Have your say on policing priorities in Ware", story(0, "Ware", date(2021, 3, 1))[1], date(2021, 3, 1))
    records.append(extract_notice(real, f"{HOST}priorities-ware/", rules=rules))
    save_records(db, records, now="2021-09-01T00:00:00Z")
    assert db.execute("SELECT count(*) FROM notices WHERE is_consultation").fetchone() == (13,)
    assert db.execute("SELECT count(*) FROM survey_links").fetchone() == (13,)

    learned = learn_standing(db)
    assert learned["hertfordshire"] > 10
    phrases = load_standing(db)["hertfordshire"]
    assert {"community voice platform", "and have your"} <= phrases
    counts = reclassify(db, rules)
    assert counts["changed"] == 13  # the Ware notice too: its cues now say what was not counted
    assert db.execute("SELECT url FROM notices WHERE is_consultation").fetchall() == [(f"{HOST}priorities-ware/",)]
    assert db.execute("SELECT s.url FROM survey_links s JOIN notices n ON n.id = s.notice_id").fetchall() == [
        ("https://bit.ly/police-ware",)
    ]
    changed = db.execute(
        "SELECT changed_fields FROM extractions WHERE notice_id = ?", [notice_id(f"{HOST}story-0/")]
    ).fetchone()[0]
    assert set(json.loads(changed)) >= {"is_consultation", "consultation_cues", "survey_links"}
    assert reclassify(db, rules)["changed"] == 0  # idempotent
    # the CLI learns first by default
    out = CliRunner().invoke(cli, ["reclassify", "--db", str(tmp_path / "a.db")])
    assert out.exit_code == 0 and out.output.startswith("standing sign-off phrases: ")


def test_a_crawl_learns_the_sample_forces_signoff_and_unflags_its_stories(tmp_path):
    """The bundled sample site's Hertfordshire ends eleven stories (January to May) with its echo plug."""
    import sqlite3

    from crawler.crawl_cli import crawl_settings, run_crawl
    from crawler.sample_site import SampleSite

    db = tmp_path / "a.db"
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(
            crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}),
            db=str(db),
            forces_file=str(forces),
            force="hertfordshire",
        )
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT title, is_consultation FROM notices"))
        links = conn.execute("SELECT s.url FROM survey_links s JOIN notices n ON n.id = s.notice_id").fetchall()
        standing = conn.execute("SELECT count(*) FROM standing_phrases WHERE force = 'hertfordshire'").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM extractions WHERE extractor_version LIKE 'reclassify%'").fetchone()[
            0
        ]
    assert len(rows) == 12 and standing > 10
    # flagged as they were read, then unflagged once the crawl had seen the sign-off under eleven stories
    assert [t for t, flag in rows.items() if flag] == ["Have your say on policing priorities in Watford"]
    assert links == [("https://bit.ly/police-watford",)] and logged == 12

    # a second crawl knows the sign-off from the start: nothing to reclassify, nothing flagged by mistake
    with SampleSite(port=0, state="day1", faults=False) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        run_crawl(
            crawl_settings(delay=0.01, extra={"LOG_LEVEL": "ERROR"}),
            db=str(db),
            forces_file=str(forces),
            force="hertfordshire",
            revisit="all",
        )
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM notices WHERE is_consultation").fetchone() == (1,)


def test_the_areas_own_link_line_beside_a_standing_sentence_is_part_of_the_signoff():
    standing = set(
        learn(("hertfordshire", d.isoformat(), story(i, AREAS[i], d)[1]) for i, d in enumerate(dates(12, 15)))[
            "hertfordshire"
        ]
    )
    body = (
        "A man was arrested in Hatfield.\n\nYou can use our community voice platform echo to let us know what "
        "you think we should be prioritising in Welwyn Hatfield. Visit Welwyn/Hatfield echo and have your say."
    )
    kept, cut = split_standing(body, standing)
    assert kept == "A man was arrested in Hatfield." and "Visit Welwyn/Hatfield echo" in cut
    # a real invitation that merely follows the sign-off's paragraph is kept
    kept, cut = split_standing(body + "\n\nTake part in our survey on speeding in Hatfield by 30 June.", standing)
    assert "Take part in our survey" in kept


def test_the_public_copy_counts_sign_offs_over_published_notices_only(tmp_path):
    import sqlite3

    from archive.public import write_public_copy
    from archive.takedown import set_hidden

    db = open_db(tmp_path / "a.db")
    rules = load_rules()
    records = [
        extract_notice(page(*story(i, AREAS[i], d)[:1], story(i, AREAS[i], d)[1], d), f"{HOST}story-{i}/", rules=rules)
        for i, d in enumerate(dates(12, 15))
    ]
    save_records(db, records, now="2021-09-01T00:00:00Z")
    learn_standing(db)
    assert db.execute("SELECT max(notices) FROM standing_phrases").fetchone() == (12,)
    set_hidden(db, f"{HOST}story-3/", True, reason="test", by="tester")
    write_public_copy(db, tmp_path / "public.db")
    with sqlite3.connect(tmp_path / "public.db") as conn:
        assert conn.execute("SELECT max(notices), count(*) > 10 FROM standing_phrases").fetchone() == (11, 1)


def test_extract_a_page_with_the_signoffs_an_archive_has_learned(tmp_path):
    db = open_db(tmp_path / "a.db")
    rules = load_rules()
    save_records(
        db,
        [
            extract_notice(
                page(*story(i, AREAS[i], d)[:1], story(i, AREAS[i], d)[1], d), f"{HOST}story-{i}/", rules=rules
            )
            for i, d in enumerate(dates(12, 15))
        ],
        now="2021-09-01T00:00:00Z",
    )
    learn_standing(db)
    db.conn.close()
    title, body = story(50, "Cheshunt", date(2021, 9, 1))
    (tmp_path / "p.html").write_bytes(page(title, body, date(2021, 9, 1)))
    args = ["extract", str(tmp_path / "p.html"), "--url", HOST + "cheshunt/"]
    alone = CliRunner().invoke(cli, args)
    known = CliRunner().invoke(cli, args + ["--signoffs-from", str(tmp_path / "a.db")])
    assert json.loads(alone.output)["is_consultation"] is True
    assert json.loads(known.output)["is_consultation"] is False and known.exit_code == 0
    (tmp_path / "not.db").write_text("hello")
    bad = CliRunner().invoke(cli, args + ["--signoffs-from", str(tmp_path / "not.db")])
    assert bad.exit_code == 2 and "not an archive" in bad.output


def test_a_crawl_relearns_a_forces_signoffs_only_when_its_archive_has_grown():
    from archive.standing import due_for_learning

    db = open_db(":memory:")
    rules = load_rules()
    stories = [
        extract_notice(
            page(*story(i, AREAS[i % 12], d)[:1], story(i, AREAS[i % 12], d)[1], d), f"{HOST}story-{i}/", rules=rules
        )
        for i, d in enumerate(dates(22, 10))
    ]
    save_records(db, stories[:20], now="2021-09-01T00:00:00Z")
    assert due_for_learning(db, ["hertfordshire"]) == ["hertfordshire"]  # never learned
    learn_standing(db, ["hertfordshire"])
    assert due_for_learning(db, ["hertfordshire", "gwent"]) == ["gwent"]
    save_records(db, stories[20:21], now="2021-09-02T00:00:00Z")
    assert due_for_learning(db, ["hertfordshire"]) == []  # 21 notices: under 5% (and one) more than 20
    save_records(db, stories[21:], now="2021-09-03T00:00:00Z")
    assert due_for_learning(db, ["hertfordshire"]) == ["hertfordshire"]


def test_each_areas_copy_of_a_signoff_is_one_signoff_whatever_the_name_or_link():
    # Hertfordshire names each area inside the sentence: the names (and links) are one word to the learner
    def footer(area, i):
        where = f"{area} echo" if i % 2 else f"bit.ly/police-{area.lower()}"
        return f"Officers made an arrest in {area}.\n\nYou can tell us your view via {where} and have your say."

    notices = [("hertfordshire", d.isoformat(), footer(a, i)) for i, (a, d) in enumerate(zip(AREAS, dates(12, 15)))]
    standing = set(learn(notices)["hertfordshire"])
    kept, cut = split_standing(footer("Welwyn Garden City", 1), standing)
    assert "have your say" in cut and "have your say" not in kept and "Officers made an arrest" in kept


def test_the_forces_standing_link_is_a_survey_link_where_the_notice_itself_asks_with_it():
    # Hertfordshire's county-wide echo link closes its sign-offs for months: its standing feedback channel
    rules = load_rules()
    echo = "Visit bit.ly/herts-echo and have your say."
    notices = [
        ("hertfordshire", d.isoformat(), f"Officers made an arrest in {a}.\n\nTell us what matters to you. {echo}")
        for a, d in zip(AREAS, dates(12, 15))
    ]
    standing = set(learn(notices)["hertfordshire"])
    assert "link:bit.ly/herts-echo" in standing

    def extract(title, *paragraphs):
        html = page(title, "\n\n".join(paragraphs), date(2021, 9, 1))
        return extract_notice(html, f"{HOST}x/", rules=rules, standing=standing)

    def links_of(title, *paragraphs):
        return [s["url"] for s in extract(title, *paragraphs)["survey_links"]]

    story_text = "Two people were arrested and drugs seized during a warrant in Hertford on Wednesday. " * 8
    quote = (
        '"You can also tell us what you think we should be focussing on by using our feedback platform echo. '
        'Simply visit bit.ly/herts-echo to give us your views."'
    )
    # offered in a crime story's own quote (not the sign-off's words): the story asks for views there, and the
    # link is where to give them; the story is no consultation
    rec = extract("Two arrested and Class A drugs seized in Hertford", story_text, quote)
    assert [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/herts-echo"]
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False)
    # the force's sign-off alone asks nothing, and its link is no survey link
    rec = extract(
        "Two arrested and Class A drugs seized in Hertford", story_text, f"Tell us what matters to you. {echo}"
    )
    assert (rec["survey_links"], rec["asks_for_views"], rec["is_consultation"]) == ([], False, False)
    # the headline invites: the link is where to answer, the sign-off's included
    assert links_of("Have your say on policing priorities in Hertford", story_text, quote) == [
        "https://bit.ly/herts-echo"
    ]
    assert links_of(
        "Have your say on policing priorities in Hertford", story_text, f"Tell us what matters to you. {echo}"
    ) == ["https://bit.ly/herts-echo"]
    # the lead invites (even in the force's own sign-off words): the channel is the message
    assert links_of("Keeping in touch with our communities", echo, story_text, quote) == ["https://bit.ly/herts-echo"]
    # a manifest's second pass (apply_standing) takes the link away from a page whose only invitation is the
    # sign-off, once it is known
    html = page(
        "Two arrested and Class A drugs seized in Hertford",
        f"{story_text}\n\nTell us what matters to you. {echo}",
        date(2021, 9, 1),
    )
    first = extract_notice(html, f"{HOST}x/", rules=rules)
    assert [s["url"] for s in first["survey_links"]] == ["https://bit.ly/herts-echo"]
    assert apply_standing(first, rules, standing)["survey_links"] == []


def test_the_signoff_repeated_in_the_standfirst_asks_for_views():
    # Hertfordshire's standfirst bullets sometimes repeat the sign-off's words: there they are the notice's own
    # invitation (asks_for_views, its link a survey link), not its consultation cue
    rules = load_rules()
    echo = "Go to bit.ly/herts-echo and have your say."
    notices = [
        ("hertfordshire", d.isoformat(), f"Officers made an arrest in {a}.\n\n{echo}")
        for a, d in zip(AREAS, dates(12, 15))
    ]
    standing = set(learn(notices)["hertfordshire"])
    results = "The survey found that most respondents knew how to report crime online. " * 8
    html = page(
        "Great response to violent crime survey",
        f"More than 8,000 responses.\n\n{echo}\n\n{results}\n\n{echo}",
        date(2021, 9, 1),
    )
    rec = extract_notice(html, f"{HOST}x/", rules=rules, standing=standing)
    assert (rec["asks_for_views"], rec["is_consultation"]) == (True, False), rec["consultation_cues"]
    assert [s["url"] for s in rec["survey_links"]] == ["https://bit.ly/herts-echo"]
    # at the end only, it is the sign-off
    html = page("Great response to violent crime survey", f"{results}\n\n{echo}", date(2021, 9, 1))
    rec = extract_notice(html, f"{HOST}x/", rules=rules, standing=standing)
    assert (rec["asks_for_views"], rec["is_consultation"], rec["survey_links"]) == (False, False, [])


def test_a_signoff_link_behind_a_redirect_is_still_the_signoffs():
    # "Simply go to [click here](https://www.google.com/url?q=https%3A%2F%2Fbit.ly%2Fpolice-hm…)": the sign-off's
    # link, wrapped, is written only in the sign-off
    from crawler.extraction.topics import _only_in

    wrapped = "https://www.google.com/url?q=https%3A%2F%2Fbit.ly%2Fpolice-hm&sa=D"
    signoff = f"Simply go to [click here]({wrapped}) and have your say."
    assert _only_in("https://bit.ly/police-hm", signoff, "Priorities have been set for Hertsmere.")
    assert not _only_in("https://bit.ly/police-hm", signoff, "Have your say at bit.ly/police-hm.")
