"""Alerts (archive/alerts.py): new ANPR notices, new consultations, consultations closing soon and broken
forces reach a local SMTP sink (aiosmtpd) and a local HTTP sink with the right content, once each across
runs; a failed delivery is tried again on the next run with the same idempotency key; a muted force sends
none. The clock is set where the day matters."""

import email
import email.policy
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from archive.alerts import AlertConfigError, Channel, Config, Rule, due_alerts, load_config, mute, send_alerts, unmute
from archive.db import open_db
from crawler.cli import cli
from crawler.demo import free_port
from crawler.sample_site import SampleSite


class SmtpSink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def web():
    """An HTTP sink: records every POST; answers 500 to the first `fail_first` of them."""
    received, state = [], {"fail_first": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            failed = state["fail_first"] > 0
            state["fail_first"] -= 1
            received.append((self.path, self.headers.get("Idempotency-Key"), body, not failed))
            self.send_response(500 if failed else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received, server.state = received, state
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()


def write_config(path, smtp, web, rules):
    path.write_text(
        rules
        + f"""
[[email]]
host = "127.0.0.1"
port = {smtp.port}
from = "alerts@example.org"
to = ["newsdesk@example.org"]

[[webhook]]
url = "{web.url}/json"

[[webhook]]
url = "{web.url}/slack"
format = "slack"
"""
    )
    return path


RULES = """
[[rule]]
kind = "new_anpr"
[[rule]]
kind = "new_consultation"
[[rule]]
kind = "force_problem"
"""


def test_alerts_after_two_crawls_arrive_once_each_and_a_failed_delivery_is_retried(tmp_path, smtp, web):
    db = tmp_path / "a.db"
    config = write_config(tmp_path / "alerts.toml", smtp, web, RULES)
    web.state["fail_first"] = 1  # the very first POST fails: tried again on the next run
    with SampleSite(port=0, breaks={"durham": "unreadable"}) as site:
        forces = site.write_forces_file(tmp_path / "forces.toml")
        args = [
            "crawl",
            "--db",
            str(db),
            "--forces-file",
            str(forces),
            "--delay",
            "0.01",
            "--alerts",
            str(config),
            "--quiet",
        ]
        first = CliRunner().invoke(cli, args)
        expected = site.expected_notices()
        site.set_state("day2")
        second = CliRunner().invoke(cli, args)
        expected += site.expected_notices()  # (day 2 adds an ANPR story and a consultation)
    assert (first.exit_code, second.exit_code) == (1, 0), first.output  # durham failed on day 1
    stored = open_db(db, write=False)
    anpr = {t for (t,) in stored.execute("SELECT title FROM anpr_notices")}  # the ANPR topic, as classified
    consultations = {e["title"] for e in expected if e["consultation"] and e["force"] != "durham"}
    assert {t for t in anpr if "ANPR" in t} == {
        e["title"] for e in expected if "ANPR" in e["title"] and e["force"] != "durham"
    }  # (durham's pages were unreadable)
    assert "Stolen van recovered after ANPR alert in Cwmbran" in anpr  # day 2's
    assert "Police and crime plan: tell us your priorities" in consultations
    # a consultation once, however many publishers posted it (archive/campaigns.py groups them)
    campaigns = {t for (t,) in stored.execute("SELECT title FROM consultation_campaigns")}
    assert len(campaigns) < len(consultations)
    n = len(anpr) + len(campaigns) + 1  # and durham's failure

    subjects = [m["Subject"].strip() for m in smtp.messages]  # (a long subject is folded onto its next line)
    assert sorted(s for s in subjects if s.startswith("New ANPR notice: ")) == sorted(
        f"New ANPR notice: {t}" for t in anpr
    )
    assert sorted(s for s in subjects if s.startswith("New consultation: ")) == sorted(
        f"New consultation: {t}" for t in campaigns
    )
    assert [s for s in subjects if s.startswith("Force ")] == ["Force failed: durham"]
    assert len(subjects) == len(set(subjects)) == n  # once each, across both runs
    ids = {m["Message-ID"] for m in smtp.messages}
    assert len(ids) == len(smtp.messages) and all(i.endswith("@police-notices>") for i in ids)

    delivered = [(key, body) for path, key, body, ok in web.received if path == "/json" and ok]
    assert len(delivered) == len({k for k, _ in delivered}) == n
    retried = [key for path, key, _, ok in web.received if path == "/json" and not ok]
    assert len(retried) == 1 and retried[0] in {k for k, _ in delivered}  # the same key, delivered next run
    by_key = dict(delivered)
    gwent = next(
        b for b in by_key.values() if b["title"] == "New ANPR notice: Have your say on the use of ANPR in Gwent"
    )
    assert (
        gwent["kind"] == "new_anpr"
        and gwent["url"].startswith("https://www.gwent.police.uk/")
        and gwent["force"] == "Gwent Police"
    )
    slack = [body for path, _, body, _ in web.received if path == "/slack"]
    assert len(slack) == n and all(set(b) == {"text"} and b["text"].startswith("*") for b in slack)

    rows = open_db(db).execute("SELECT status, count(*) FROM alert_deliveries GROUP BY status").fetchall()
    assert rows == [("sent", n * 3)]


def archive_with_runs(tmp_path, runs):
    db = open_db(tmp_path / "a.db")
    db.execute("INSERT INTO forces (slug, name) VALUES ('kent', 'Kent Police')")
    for i, (force, status) in enumerate(runs, 1):
        db.execute(
            "INSERT INTO crawl_runs (id, run, force, started, finished, status, status_reason) VALUES "
            "(?, 'crawl', ?, '2021-03-0' || ? || 'T06:00:00Z', '2021-03-0' || ? || 'T06:30:00Z', ?, ?)",
            [i, force, i, i, status, None if status == "ok" else f"{force} {status} reason"],
        )
    db.conn.commit()
    return db


def recorder():
    sent = []
    return sent, {"email": lambda ch, a: sent.append(a), "webhook": lambda ch, a: sent.append(a)}


CONFIG = Config((Rule("force_problem", "force_problem"),), (Channel("hook", "webhook", {"url": "x"}),))
NOW = datetime(2021, 3, 6, 12, tzinfo=UTC)


def test_a_force_in_trouble_is_announced_once_per_spell_and_not_while_muted(tmp_path):
    db = archive_with_runs(tmp_path, [("kent", "ok"), ("kent", "failed"), ("kent", "failed")])
    sent, senders = recorder()
    send_alerts(db, CONFIG, NOW, senders)
    send_alerts(db, CONFIG, NOW, senders)
    assert [a.key for a in sent] == ["kent:failed:2:force_problem"]  # one spell, from run 2
    db.execute(
        "INSERT INTO crawl_runs (id, run, force, status) VALUES (4, 'crawl', 'kent', 'ok'),"
        " (5, 'crawl', 'kent', 'blocked')"
    )
    db.conn.commit()
    mute(db, "kent", datetime(2021, 3, 7).date())
    send_alerts(db, CONFIG, NOW, senders)
    assert len(sent) == 1  # muted up to and including 7 March
    send_alerts(db, CONFIG, datetime(2021, 3, 8, 9, tzinfo=UTC), senders)
    assert [a.key for a in sent][1:] == ["kent:blocked:5:force_problem"]  # a new spell, the mute over
    assert unmute(db, "kent") == 1


def test_consultations_closing_within_the_days_set(tmp_path):
    db = open_db(tmp_path / "a.db")
    for nid, closes, consult, hidden in [
        ("a" * 16, "2021-03-07", 1, 0),
        ("b" * 16, "2021-03-20", 1, 0),
        ("c" * 16, "2021-03-05", 1, 0),
        ("d" * 16, "2021-03-08T23:59:00+00:00", 1, 0),
        ("e" * 16, "2021-03-07", 0, 0),
        ("f" * 16, "2021-03-07", 1, 1),
    ]:
        db.execute(
            "INSERT INTO notices (id, url, title, is_consultation, hidden, closes, first_seen, last_seen,"
            " version) VALUES (?, ?, ?, ?, ?, ?, '2021-02-01T00:00:00Z', '2021-02-01T00:00:00Z', 1)",
            [nid, f"https://x.police.uk/{nid}", f"Survey {nid[0]}", consult, hidden, closes],
        )
    db.conn.commit()
    config = Config((Rule("closing", "closing_soon", days=3),), (Channel("hook", "webhook", {"url": "x"}),))
    titles = [a.title for a in due_alerts(db, config, NOW)]  # 6 March: up to 9 March
    assert titles == ["Consultation closing soon: Survey a", "Consultation closing soon: Survey d"]


def test_new_means_since_the_rule_was_first_used(tmp_path):
    db = open_db(tmp_path / "a.db")
    config = Config((Rule("new_consultation", "new_consultation"),), (Channel("hook", "webhook", {"url": "x"}),))

    def add(nid, seen):
        db.execute(
            "INSERT INTO notices (id, url, title, is_consultation, first_seen, last_seen, version) "
            "VALUES (?, ?, 'Have your say', 1, ?, ?, 1)",
            [nid, f"https://x.police.uk/{nid}", seen, seen],
        )
        db.conn.commit()

    add("a" * 16, "2021-03-01T00:00:00Z")
    assert due_alerts(db, config, NOW) == []  # the archive's past is not news
    add("b" * 16, "2021-03-06T12:00:01Z")
    assert [a.subject for a in due_alerts(db, config, NOW)] == ["b" * 16]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[rule]]\nkind = 'everything'\n[[webhook]]\nurl = 'x'", "kind must be one of"),
        ("[[rule]]\nkind = 'new_anpr'\n", "needs at least one"),
        ("[[rule]]\nkind = 'new_anpr'\n[[email]]\nhost = 'x'\n", "email 1 needs from, to"),
        ("[[rule]]\nkind = 'new_anpr'\n[[webhook]]\nurl = 'x'\nformat = 'xml'\n", "json or slack"),
        ("not toml [", "not a valid TOML file"),
    ],
)
def test_a_bad_alerts_file_is_a_usage_error(tmp_path, text, message):
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(AlertConfigError, match=message):
        load_config(path)
    result = CliRunner().invoke(cli, ["alerts", "send", "--config", str(path), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2 and message.split()[0] in result.output


def test_the_public_copy_carries_no_alert_tables(tmp_path):
    from archive.public import write_public_copy

    db = archive_with_runs(tmp_path, [("kent", "failed")])
    sent, senders = recorder()
    send_alerts(db, CONFIG, NOW, senders)
    mute(db, "kent", datetime(2021, 3, 9).date())
    assert {"alert_deliveries", "alert_mutes", "alert_rules_seen"} <= set(db.table_names())
    write_public_copy(db, tmp_path / "public.db")
    assert not [t for t in open_db(tmp_path / "public.db", write=False).table_names() if t.startswith("alert_")]


def test_a_stale_force_is_announced_once_per_spell(tmp_path):
    """No successful run for 7 days (archive/health.py) is a state seen when read, not a run's: the alert
    comes from the health rows, once, keyed by the success it dates from."""
    db = archive_with_runs(tmp_path, [("kent", "ok"), ("kent", "failed")])
    for run_id, state, finished, success in [
        (1, "ok", "2021-02-20T06:30:00Z", "2021-02-20T06:30:00Z"),
        (2, "failed", "2021-02-21T06:30:00Z", "2021-02-20T06:30:00Z"),
    ]:
        db.execute(
            "INSERT INTO force_health (run_id, force, finished, state, last_success) VALUES (?, 'kent', ?, ?, ?)",
            [run_id, finished, state, success],
        )
    db.conn.commit()
    sent, senders = recorder()
    send_alerts(db, CONFIG, datetime(2021, 2, 22, tzinfo=UTC), senders)
    assert [a.key for a in sent] == ["kent:failed:2:force_problem"]  # failed; not stale yet
    db.execute("UPDATE crawl_runs SET status = 'ok' WHERE id = 2")  # (the latest run no longer failed)
    db.conn.commit()
    send_alerts(db, CONFIG, datetime(2021, 3, 1, tzinfo=UTC), senders)
    send_alerts(db, CONFIG, datetime(2021, 3, 2, tzinfo=UTC), senders)
    assert [a.key for a in sent][1:] == ["kent:stale:2021-02-20T06:30:00Z:force_problem"]
    assert sent[1].title == "Force stale: kent"


def test_a_force_whose_every_run_was_stopped_before_its_end_is_announced_stale(tmp_path):
    """Runs killed midway (a systemd or CI timeout) leave no health row: seven days after the first started,
    the force is announced stale once, as one whose runs failed would be."""
    from archive.crawlstate import start_run

    db = archive_with_runs(tmp_path, [])
    for started in ("2021-02-20T06:30:00Z", "2021-02-21T06:30:00Z"):
        start_run(db, started, "kent", started)
    db.conn.commit()
    sent, senders = recorder()
    for day in (22, 28, 1):
        send_alerts(db, CONFIG, datetime(2021, 3 if day == 1 else 2, day, tzinfo=UTC), senders)
    assert [a.key for a in sent] == ["kent:stale:2021-02-20T06:30:00Z:force_problem"]
    assert "no run finished since the first started" in sent[0].text
