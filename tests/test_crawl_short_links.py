"""`police-notices crawl --resolve-links`: real crawls of the sample site, whose Dyfed-Powys survey notices
link a short link of the shortener stand-in (its own loopback host, a two-hop chain to the off-site host).

What was requested is read from the stand-in's and the off-site host's own access logs.
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.crawl_cli import crawl_settings, run_crawl
from crawler.sample_site import SampleSite
from crawler.shortlinks import next_step

pytestmark = pytest.mark.filterwarnings(
    "error::DeprecationWarning", "error::scrapy.exceptions.ScrapyDeprecationWarning"
)
ROOT = Path(__file__).resolve().parents[1]
# the declared list of shorteners, overridden in its one place: the stand-in's host
SETTINGS = {"LOG_LEVEL": "ERROR", "RETRY_BACKOFF_BASE": 0.1, "POLICE_SHORTENERS": ["127.0.0.2"]}
ENGLISH = "https://www.dyfed-powys.police.uk/news/dyfed-powys/news/2021/february/force-encourages-public-to-take-part-in-national-survey/"


def crawl(site, db, tmp_path, **args):
    forces = site.write_forces_file(tmp_path / "forces.toml")
    return run_crawl(
        crawl_settings(delay=0.01, extra=SETTINGS), db=str(db), forces_file=str(forces), force="dyfed-powys", **args
    )


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def survey_urls(db, url=ENGLISH):
    (row,) = rows(db, f"SELECT survey_links FROM notices WHERE url = '{url}'")
    return json.loads(row["survey_links"])


def test_a_two_hop_chain_resolves_without_asking_the_final_host(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True) as site:
        session = crawl(site, db, tmp_path, resolve_links=True)
        short = f"{site.shortener_url}/survey/DPPanpr21"
        final = f"{site.offsite_url}/s/DPPanpr21"
        asked = [(e["method"], e["path"]) for e in site.shortener_log]
        assert site.offsite_hits == 0  # the survey host itself is never requested
    # one HEAD per hop, the short link asked once though two notices show it, robots.txt first
    assert asked == [("GET", "/robots.txt"), ("HEAD", "/survey/DPPanpr21"), ("HEAD", "/r/DPPanpr21")]
    assert session.shortlinks == {"resolved": 1}  # said in the run's log
    (resolved,) = rows(db, "SELECT * FROM resolved_links")
    assert resolved["short_url"] == short
    assert (resolved["final_url"], resolved["hops"], resolved["provider"], resolved["error"]) == (
        final,
        2,
        "other",
        None,
    )
    # the notice (and its survey_links rows, what exports read) show the final URL, the short link kept beside it
    (link,) = survey_urls(db)
    assert (link["url"], link["short_url"], link["host"]) == (final, short, "localhost")
    urls = {r["url"] for r in rows(db, "SELECT url FROM survey_links")}  # the force's other surveys besides
    assert final in urls and not [u for u in urls if "DPPanpr21" in u and u != final]


def test_a_resolved_link_is_not_asked_again_and_stays_resolved(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True) as site:
        crawl(site, db, tmp_path, resolve_links=True)
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM crawl_pages")  # every page read and stored again
        site.clear_log()
        crawl(site, db, tmp_path, resolve_links=True)
        assert site.shortener_log == []
        final = f"{site.offsite_url}/s/DPPanpr21"
    # stored again from the page, the notice still shows the final URL, not the short link
    assert [link["url"] for link in survey_urls(db)] == [final]


def test_robots_txt_of_the_shortener_is_obeyed_and_the_refusal_recorded(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True, shortener_disallow="/survey/") as site:
        session = crawl(site, db, tmp_path, resolve_links=True)
        asked = [e["path"] for e in site.shortener_log]
        short = f"{site.shortener_url}/survey/DPPanpr21"
        assert site.offsite_hits == 0
    assert asked == ["/robots.txt"]
    assert session.shortlinks == {"failed": 1} and session.summary[0][2].state == "ok"
    (resolved,) = rows(db, "SELECT * FROM resolved_links")
    assert resolved["short_url"] == short and resolved["final_url"] is None
    assert "robots.txt" in resolved["error"] and "disallows" in resolved["error"]
    assert [link["url"] for link in survey_urls(db)] == [short]  # left as it was


def test_without_the_flag_no_shortener_is_asked(tmp_path):
    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True) as site:
        session = crawl(site, db, tmp_path)
        assert site.shortener_log == [] and site.offsite_hits == 0
    assert session.summary[0][2].state == "ok"
    assert rows(db, "SELECT * FROM resolved_links") == []


def test_the_command_takes_the_flag(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "from crawler.cli import cli; cli()", "crawl", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0 and "--resolve-links" in out.stdout


@pytest.mark.parametrize(
    "status, location, chain, expected",
    [
        (301, "/r/x", ["http://s.test/x"], ("http://s.test/r/x", None, None)),
        (
            302,
            "https://www.smartsurvey.co.uk/s/abc/",
            ["http://s.test/r/x"],
            (None, "https://www.smartsurvey.co.uk/s/abc/", None),
        ),
        (
            302,
            "http://s.test/x",
            ["http://s.test/x", "http://s.test/r/x"],
            (None, None, "redirect loop back to http://s.test/x"),
        ),
        (404, None, ["http://s.test/x"], (None, None, "HTTP 404")),
        (200, None, ["http://s.test/x"], (None, None, "HTTP 200 without a redirect")),
        (301, None, ["http://s.test/x"], (None, None, "HTTP 301 without a Location header")),
    ],
)
def test_each_answer_of_a_shortener(status, location, chain, expected):
    assert tuple(next_step(chain[-1], status, location, chain, ("s.test",))) == expected


def test_the_public_copy_keeps_only_the_short_links_of_public_notices(tmp_path):
    from archive.db import open_db
    from archive.public import write_public_copy
    from archive.takedown import set_hidden

    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True) as site:
        crawl(site, db, tmp_path, resolve_links=True)
    archive = open_db(str(db))
    write_public_copy(archive, tmp_path / "kept.db")
    welsh = rows(db, "SELECT url FROM notices WHERE lang = 'cy'")[0]["url"]
    set_hidden(archive, ENGLISH, True, reason="test")
    write_public_copy(archive, tmp_path / "one.db")  # the Welsh notice still shows the link
    set_hidden(archive, welsh, True, reason="test")
    write_public_copy(archive, tmp_path / "none.db")
    archive.conn.close()
    counts = [len(rows(tmp_path / f"{name}.db", "SELECT * FROM resolved_links")) for name in ("kept", "one", "none")]
    assert counts == [1, 1, 0]


def test_a_resolved_link_is_still_the_force_s_standing_sign_off_link():
    """Reclassifying (after each crawl, `reclassify`) reads the stored survey links: a resolved short link the
    force repeats in its sign-off stays its standing channel, known by the short link the page wrote."""
    from crawler.extraction import Learner, classify_again, load_rules

    signoff = (
        "Tell us what you think about policing in Welwyn by completing our survey at "
        "[bit.ly/herts-echo](https://bit.ly/herts-echo)."
    )
    learner = Learner()
    for i in range(30):
        learner.add("herts", f"2021-{1 + i % 12:02d}-{10 + i % 15}", f"A man was arrested in street {i}.\n\n{signoff}")
    standing = set(learner.standing()["herts"])
    assert "link:bit.ly/herts-echo" in standing
    short = {"url": "https://bit.ly/herts-echo", "host": "bit.ly", "provider": "shortlink", "text": "bit.ly/herts-echo"}
    resolved = dict(
        short,
        url="https://www.smartsurvey.co.uk/s/echo/",
        host="www.smartsurvey.co.uk",
        provider="smartsurvey",
        short_url=short["url"],
    )
    body = f"Officers arrested a man after a burglary in Hatfield on Tuesday.\n\nHe remains in custody.\n\n{signoff}"
    results = [
        classify_again(
            {"title": "Man arrested", "description": None, "body": body, "survey_links": [link], "closes": None},
            load_rules(),
            standing,
        )
        for link in (short, resolved)
    ]
    assert [r["consultation_cues"] for r in results] == [results[0]["consultation_cues"]] * 2
    assert not any(r["asks_for_views"] or r["is_consultation"] for r in results)


def test_a_crash_while_resolving_is_a_failure_of_the_force_not_silence(tmp_path, monkeypatch):
    import crawler.shortlinks

    def broken(*args):
        raise RuntimeError("a bug in reading the answer")

    monkeypatch.setattr(crawler.shortlinks, "next_step", broken)  # a bug, injected
    db = tmp_path / "a.db"
    with SampleSite(port=0, shortener=True) as site:
        session = crawl(site, db, tmp_path, resolve_links=True)
        assert site.offsite_hits == 0
    errors = rows(db, "SELECT url, error FROM fetch_errors")
    assert any("/survey/DPPanpr21" in e["url"] and "RuntimeError" in e["error"] for e in errors)
    assert session.summary[0][2].state == "failed"
