"""reclassify: the topic rules re-applied to stored notices, without fetching, changes logged."""

import json
from pathlib import Path

from click.testing import CliRunner

from archive.db import open_db
from archive.records import make_record
from archive.store import notice_id, save_records
from crawler.cli import cli

RULES = Path(__file__).parent / "fixtures" / "archive" / "rules-dogs.toml"
BASE = "https://www.gwent.police.uk/news/gwent/news/"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_reclassify_with_builtin_and_custom_rules(tmp_path):
    path = tmp_path / "a.db"
    db = open_db(path)
    # stored by an extractor whose rules knew nothing (topics empty)
    save_records(
        db,
        [
            make_record(
                BASE + "anpr/",
                title="Have your say on the use of ANPR in Gwent",
                body="Complete the survey about number plate recognition.",
            ),
            make_record(BASE + "dog/", title="Dog attack in Newport", body="A dangerous dog bit a man."),
            make_record(BASE + "burglary/", title="Burglary", body="A house was burgled."),
        ],
        now="2021-02-16T00:00:00Z",
    )
    versions = db.execute("SELECT count(*) FROM notice_versions").fetchone()

    result = run("reclassify", "--db", path)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "standing sign-off phrases: 0 in 0 force(s)\nchanged 1, unchanged 2 (topics added or removed: anpr 1)\n"
        "consultations 1 (unknown 1)\n"  # and the consultations grouped again
    )
    row = db.execute("SELECT topics, is_consultation FROM notices WHERE id = ?", [notice_id(BASE + "anpr/")]).fetchone()
    assert row == ('["anpr"]', 1)
    assert db.execute("SELECT notice_id, topic FROM notice_topics").fetchall() == [(notice_id(BASE + "anpr/"), "anpr")]
    assert db.execute("SELECT count(*) FROM anpr_consultations").fetchone() == (1,)
    [(changed,)] = db.execute("SELECT changed_fields FROM extractions").fetchall()
    assert json.loads(changed) == ["topics", "topic_matches", "is_consultation", "asks_for_views", "consultation_cues"]
    idempotent = "changed 0, unchanged 3\nconsultations 1 (unknown 1)\n"
    assert run("reclassify", "--db", path, "--no-learn-signoffs").output == idempotent

    result = run("reclassify", "--db", path, "--rules", RULES, "--no-learn-signoffs")
    assert result.output == (
        "changed 2, unchanged 1 (topics added or removed: anpr 1, dangerous_dogs 1)\nconsultations 1 (unknown 1)\n"
    )
    assert db.execute(
        "SELECT n.title, t.topic FROM notice_topics t JOIN notices n ON n.id = t.notice_id"
    ).fetchall() == [("Dog attack in Newport", "dangerous_dogs")]
    # classification is never an edit
    assert db.execute("SELECT count(*) FROM notice_versions").fetchone() == versions
    assert db.execute("SELECT max(version), max(updated_at) FROM notices").fetchone() == (1, None)


def test_bad_rules_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[topic.x\n")
    result = run("reclassify", "--db", tmp_path / "a.db", "--rules", bad)
    assert result.exit_code == 2 and "not a valid TOML rules file" in result.output


def test_a_crawl_end_reclassify_reaches_notices_that_only_ask_for_views():
    # a plug at the end of a crime story asks for views without being a consultation; sign-offs learned later
    # can take that away, so the crawl-end pass (flagged_only) must look at such notices too
    from archive.reclassify import reclassify
    from crawler.extraction import load_rules

    db = open_db(":memory:")
    plug = make_record(
        BASE + "plug/",
        title="Man charged after burglary in Newport",
        body="A man has been charged. " * 40 + "Have your say on policing priorities in your area.",
    )
    plug.update(asks_for_views=True, is_consultation=False)
    quiet = make_record(BASE + "quiet/", title="Road closed in Cwmbran", body="The road is closed. " * 20)
    save_records(db, [plug, quiet], now="2021-02-16T00:00:00Z")
    counts = reclassify(db, load_rules(), flagged_only=True)
    assert counts["changed"] + counts["unchanged"] == 1  # the plug, not the quiet story


def test_reclassify_reads_the_closing_date_again_and_keeps_one_it_cannot_find(tmp_path):
    """A closing-date form learned after a notice was stored reaches it on reclassify; a stored date the new
    read does not find is kept (never thrown away)."""
    path = tmp_path / "a.db"
    db = open_db(path)
    survey = "Have your say: the survey is open for six weeks from 1 March 2021."
    save_records(
        db,
        [
            make_record(
                BASE + "six-weeks/", title="Have your say on speed cameras", body=survey, published="2021-03-01"
            ),
            make_record(BASE + "kept/", title="Have your say on policing", body="Take part in our survey."),
        ],
        now="2021-03-01T00:00:00Z",
    )
    # as an older extractor stored them: no date read from "open for six weeks", one read from elsewhere
    db.execute("UPDATE notices SET closes = NULL, closes_raw = NULL WHERE url = ?", [BASE + "six-weeks/"])
    db.execute(
        "UPDATE notices SET closes = '2021-04-30', closes_raw = 'closes 30 April' WHERE url = ?", [BASE + "kept/"]
    )
    db.conn.commit()
    assert run("reclassify", "--db", path, "--no-learn-signoffs").exit_code == 0
    rows = dict(db.execute("SELECT url, closes FROM notices").fetchall())
    assert rows == {BASE + "six-weeks/": "2021-04-12", BASE + "kept/": "2021-04-30"}
