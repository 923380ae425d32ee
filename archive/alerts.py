"""Alerts: new ANPR notices, new consultations, consultations closing soon and broken forces, by email
(SMTP) and webhook (JSON POST, or a Slack-compatible payload), configured in a TOML file.

Each alert is announced once, whatever the number of runs, and a consultation once, however many
publishers posted it (its notices grouped by archive/campaigns.py share one key): every delivery is logged in `alert_deliveries`
under its idempotency key (the notice id and the alert's kind; for a force, the force, its state and the
run its trouble started with), a failed one is tried again on the next run, and each message carries its
key (`Idempotency-Key` header and `key` field of a webhook; `Message-ID` and `X-Police-Notices-Key` of an
email) so a receiver can drop a repeat after a lost acknowledgement. "New" means first seen since the rule
was first used on this archive: turning alerts on does not announce the whole archive. Hidden notices are
never announced. A force's trouble can be muted until a date (`police-notices alerts mute`).

Its own migration set (like crawlstate.py), applied when alerts are first used.
"""

import json
import os
import smtplib
import tomllib
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Migrations

from archive.health import latest_health, standing

alert_migrations = Migrations("police-notices-alerts")

KINDS = ("new_anpr", "new_consultation", "closing_soon", "force_problem")
PROBLEM_STATES = ("degraded", "failed", "blocked", "stale")
CLOSING_SOON_DAYS = 7
MAX_ATTEMPTS = 10  # a delivery failing this many runs in a row is given up (and stays listed as failed)


@alert_migrations(name="001_alerts")
def m001_alerts(db):
    db.executescript("""
    CREATE TABLE IF NOT EXISTS alert_rules_seen (
      rule TEXT PRIMARY KEY,     -- the rule's name: what it announces starts from its first use
      since TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS alert_deliveries (
      key TEXT NOT NULL,         -- idempotency key: notice id (or force:state:run) and the alert's kind
      channel TEXT NOT NULL,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,     -- the notice id or the force
      status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'given up')),
      attempts INTEGER NOT NULL DEFAULT 1,
      error TEXT,
      first_tried TEXT NOT NULL,
      last_tried TEXT NOT NULL,
      PRIMARY KEY (key, channel)
    );
    CREATE TABLE IF NOT EXISTS alert_mutes (
      force TEXT PRIMARY KEY,
      until TEXT NOT NULL,       -- YYYY-MM-DD: muted up to and including this day
      at TEXT NOT NULL
    );
    """)


class AlertConfigError(ValueError):
    """The alerts file cannot be used; the message says why."""


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    topics: tuple = ()
    forces: tuple = ()
    days: int = CLOSING_SOON_DAYS


@dataclass(frozen=True)
class Channel:
    name: str
    type: str  # email | webhook
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    rules: tuple
    channels: tuple


def load_config(path):
    """The alerts file: [[rule]] tables (kind, optional name, topics, forces, days) and [[email]] /
    [[webhook]] channels; AlertConfigError with the reason when it cannot be used."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AlertConfigError(f"{path}: no such alerts file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise AlertConfigError(f"{path}: not a valid TOML file: {e}") from None
    rules = []
    for i, spec in enumerate(data.get("rule", [])):
        kind = spec.get("kind")
        if kind not in KINDS:
            raise AlertConfigError(f"{path}: rule {i + 1}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        days = spec.get("days", CLOSING_SOON_DAYS)
        if not isinstance(days, int) or days < 0:
            raise AlertConfigError(f"{path}: rule {i + 1}: days must be a whole number of days")
        name = spec.get("name") or kind + "".join(f":{t}" for t in spec.get("topics", ()) + spec.get("forces", ()))
        rules.append(Rule(name, kind, tuple(spec.get("topics", ())), tuple(spec.get("forces", ())), days))
    channels = []
    for kind in ("email", "webhook"):
        for i, spec in enumerate(data.get(kind, [])):
            need = ("host", "from", "to") if kind == "email" else ("url",)
            missing = [k for k in need if not spec.get(k)]
            if missing:
                raise AlertConfigError(f"{path}: {kind} {i + 1} needs {', '.join(missing)}")
            if kind == "webhook" and spec.get("format", "json") not in ("json", "slack"):
                raise AlertConfigError(f"{path}: webhook {i + 1}: format is json or slack")
            channels.append(
                Channel(
                    spec.get("name") or f"{kind}:{spec.get('url') or ','.join(_list(spec['to']))}", kind, dict(spec)
                )
            )
    if not rules or not channels:
        raise AlertConfigError(f"{path}: needs at least one [[rule]] and one [[email]] or [[webhook]]")
    return Config(tuple(rules), tuple(channels))


def _list(value):
    return [value] if isinstance(value, str) else list(value)


# --- what is due --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    key: str  # idempotency key
    kind: str
    subject: str  # notice id or force slug
    title: str
    text: str
    url: str | None = None
    data: dict = field(default_factory=dict)


def _stamp(now):
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def due_alerts(db, config, now):
    """Every alert the rules call for now (already delivered ones included: deliver() skips them)."""
    alert_migrations.apply(db)
    alerts = {}
    for rule in config.rules:
        since = _rule_since(db, rule, now)
        for alert in _FINDERS[rule.kind](db, rule, since, now):
            alerts.setdefault(alert.key, alert)
    return list(alerts.values())


def start_rules(db, config, now=None):
    """Note the rules never used on this archive as starting now (a crawl calls it before it runs, so
    what that run finds is new to them)."""
    alert_migrations.apply(db)
    stamp = _stamp(now or datetime.now(UTC))
    with db.conn:
        db.conn.executemany(
            "INSERT OR IGNORE INTO alert_rules_seen (rule, since) VALUES (?, ?)",
            [(rule.name, stamp) for rule in config.rules],
        )


def _rule_since(db, rule, now):
    """When the rule was first used on this archive (now, the first time)."""
    with db.conn:
        db.execute("INSERT OR IGNORE INTO alert_rules_seen (rule, since) VALUES (?, ?)", [rule.name, _stamp(now)])
    return db.execute("SELECT since FROM alert_rules_seen WHERE rule = ?", [rule.name]).fetchone()[0]


def _notice_alert(kind, row, label):
    nid, title, force_name, published, url, closes = row
    when = f", published {published}" if published else ""
    closing = f", closes {closes}" if closes else ""
    return Alert(
        f"{nid}:{kind}",
        kind,
        nid,
        f"{label}: {title}",
        f"{title}\n{force_name or ''}{when}{closing}\n{url}",
        url,
        {"id": nid, "title": title, "force": force_name, "published": published, "url": url, "closes": closes},
    )


# the publisher's name: a commissioner's notice is told as the commissioner's, not its area's force's
_NOTICE_COLUMNS = (
    "n.id, n.title, coalesce((SELECT f.name FROM forces f WHERE f.slug = n.publisher), n.force_name),"
    " n.published, n.url, n.closes"
)


def _filters(rule):
    sql, params = "", []
    if rule.topics:
        sql += (
            f" AND n.id IN (SELECT notice_id FROM notice_topics WHERE topic IN ({', '.join('?' * len(rule.topics))}))"
        )
        params += list(rule.topics)
    if rule.forces:  # a force's slug names its area (its commissioner's notices too); a commissioner's, its own
        marks = ", ".join("?" * len(rule.forces))
        sql += f" AND (n.force IN ({marks}) OR n.publisher IN ({marks}))"
        params += list(rule.forces) * 2
    return sql, params


def _new_anpr(db, rule, since, now):
    extra, params = _filters(rule)
    rows = db.execute(
        f"SELECT {_NOTICE_COLUMNS} FROM notices n WHERE n.hidden = 0 AND n.first_seen >= ?"
        " AND n.id IN (SELECT notice_id FROM notice_topics WHERE topic = 'anpr')"
        + extra
        + " ORDER BY n.first_seen, n.id",
        [since, *params],
    ).fetchall()
    return [_notice_alert("new_anpr", r, "New ANPR notice") for r in rows]


def _new_consultation(db, rule, since, now):
    extra, params = _filters(rule)
    rows = db.execute(
        f"SELECT {_NOTICE_COLUMNS} FROM notices n WHERE n.hidden = 0 AND n.is_consultation = 1"
        " AND n.first_seen >= ?" + extra + " ORDER BY n.first_seen, n.id",
        [since, *params],
    ).fetchall()
    return _once_per_consultation(db, "new_consultation", rows, "New consultation")


def _closing_soon(db, rule, since, now):
    """Consultations whose stated closing day is today or within rule.days (UK days)."""
    extra, params = _filters(rule)
    today = _uk_today(now)
    rows = db.execute(
        f"SELECT {_NOTICE_COLUMNS} FROM notices n WHERE n.hidden = 0 AND n.is_consultation = 1"
        " AND n.closes IS NOT NULL AND substr(n.closes, 1, 10) BETWEEN ? AND ?" + extra + " ORDER BY n.closes, n.id",
        [today.isoformat(), (today + timedelta(days=rule.days)).isoformat(), *params],
    ).fetchall()
    return _once_per_consultation(db, "closing_soon", rows, "Consultation closing soon")


def _once_per_consultation(db, kind, rows, label):
    """One alert per consultation (archive/campaigns.py), not one per publisher's notice of it: the alert of a
    grouped notice is keyed by its consultation (whose id is its first notice's) and titled by it, so its
    other notices, now or on later runs, are the same alert and delivered once."""
    grouped = {
        nid: (cid, title, json.loads(publishers))
        for nid, cid, title, publishers in db.execute(
            "SELECT l.notice_id, c.id, c.title, c.publishers FROM consultation_notices l"
            " JOIN consultation_campaigns c ON c.id = l.consultation_id"
        )
    }
    alerts = {}
    for row in rows:
        alert = _notice_alert(kind, row, label)
        if row[0] in grouped:
            cid, title, publishers = grouped[row[0]]
            alert = replace(
                alert,
                key=f"{cid}:{kind}",
                subject=cid,
                title=f"{label}: {title}",
                text=f"{alert.text}\none consultation, posted by {', '.join(publishers)}",
                data=dict(alert.data, consultation=cid, publishers=publishers),
            )
        alerts.setdefault(alert.key, alert)
    return list(alerts.values())


def _uk_today(now):

    return now.astimezone(ZoneInfo("Europe/London")).date()


def _force_problem(db, rule, since, now):
    """Forces whose latest run is degraded, failed, blocked or stale (not muted), once per spell of
    trouble: the key names the first run of the spell."""
    extra = f" AND r.force IN ({', '.join('?' * len(rule.forces))})" if rule.forces else ""
    latest = db.execute(
        "SELECT r.force, r.id, r.status, r.status_reason, r.finished FROM crawl_runs r WHERE r.id = "
        "(SELECT max(id) FROM crawl_runs WHERE force = r.force AND status IS NOT NULL)"
        f" AND r.status IN ({', '.join('?' * len(PROBLEM_STATES))}){extra}",
        [*PROBLEM_STATES, *rule.forces],
    ).fetchall()
    today = _uk_today(now).isoformat()
    alerts = []
    for force, run_id, state, reason, finished in latest:
        muted = db.execute("SELECT until FROM alert_mutes WHERE force = ? AND until >= ?", [force, today]).fetchone()
        if muted:
            continue
        last_ok = db.execute("SELECT max(id) FROM crawl_runs WHERE force = ? AND status = 'ok'", [force]).fetchone()[0]
        first = (
            db.execute(
                "SELECT min(id) FROM crawl_runs WHERE force = ? AND id > ? AND status = ?", [force, last_ok or 0, state]
            ).fetchone()[0]
            or run_id
        )
        alerts.append(
            Alert(
                f"{force}:{state}:{first}:force_problem",
                "force_problem",
                force,
                f"Force {state}: {force}",
                f"{force} is {state} since run {first}: {reason or state} (latest run {run_id}, finished {finished})",
                None,
                {"force": force, "state": state, "reason": reason, "since_run": first, "run": run_id},
            )
        )
    return alerts + _stale(db, rule, now, today, {a.subject for a in alerts})


def _stale(db, rule, now, today, told):
    """Forces with no successful run for health.STALE_DAYS (a state seen when read, never a run's): once per
    spell, keyed by the last success (or first run) it dates from."""
    alerts = []
    for row in latest_health(db):
        force = row["force"]
        if force in told or (rule.forces and force not in rule.forces):
            continue
        state, reason = standing(row, now)
        if state != "stale":
            continue
        if db.execute("SELECT 1 FROM alert_mutes WHERE force = ? AND until >= ?", [force, today]).fetchone():
            continue
        since = row["last_success"] or row["first_run"]
        alerts.append(
            Alert(
                f"{force}:stale:{since}:force_problem",
                "force_problem",
                force,
                f"Force stale: {force}",
                f"{force} is stale: {reason}",
                None,
                {"force": force, "state": "stale", "reason": reason, "since": since},
            )
        )
    return alerts


_FINDERS = {
    "new_anpr": _new_anpr,
    "new_consultation": _new_consultation,
    "closing_soon": _closing_soon,
    "force_problem": _force_problem,
}


# --- delivering -----------------------------------------------------------------------------------------


def send_email(channel, alert):
    o = channel.options
    msg = EmailMessage()
    msg["Subject"] = alert.title
    msg["From"] = o["from"]
    msg["To"] = ", ".join(_list(o["to"]))
    msg["Message-ID"] = f"<{alert.key.replace(':', '.')}@police-notices>"  # same alert, same Message-ID
    msg["X-Police-Notices-Key"] = alert.key
    msg.set_content(alert.text + "\n")
    with smtplib.SMTP(o["host"], int(o.get("port", 25)), timeout=float(o.get("timeout", 30))) as smtp:
        if o.get("starttls"):
            smtp.starttls()
        if o.get("username"):
            smtp.login(o["username"], os.environ.get(o.get("password_env", ""), ""))
        smtp.send_message(msg)


def send_webhook(channel, alert):
    o = channel.options
    if o.get("format", "json") == "slack":
        payload = {"text": f"*{alert.title}*\n{alert.text}"}
    else:
        payload = {
            "key": alert.key,
            "kind": alert.kind,
            "title": alert.title,
            "text": alert.text,
            "url": alert.url,
            **{k: v for k, v in alert.data.items() if k not in ("title", "url")},
        }
    req = urllib.request.Request(
        o["url"],
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": alert.key,
            "User-Agent": "police-notices alerts",
        },
    )
    with urllib.request.urlopen(req, timeout=float(o.get("timeout", 30))) as r:
        r.read()


SENDERS = {"email": send_email, "webhook": send_webhook}


def deliver(db, config, alerts, now, senders=SENDERS):
    """Send each alert to each channel unless already sent there (or given up); log every try.
    Returns {"sent": n, "failed": n, "skipped": n} (skipped: delivered on an earlier run)."""
    alert_migrations.apply(db)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    stamp = _stamp(now)
    for alert in alerts:
        for channel in config.channels:
            row = db.execute(
                "SELECT status, attempts FROM alert_deliveries WHERE key = ? AND channel = ?", [alert.key, channel.name]
            ).fetchone()
            if row and row[0] in ("sent", "given up"):
                counts["skipped"] += 1
                continue
            attempts = (row[1] if row else 0) + 1
            try:
                senders[channel.type](channel, alert)
                status, error = "sent", None
            except Exception as e:  # the receiver's fault or the network's: logged, tried again next run
                status = "given up" if attempts >= MAX_ATTEMPTS else "failed"
                error = f"{type(e).__name__}: {e}"
            with db.conn:
                db.execute(
                    "INSERT INTO alert_deliveries (key, channel, kind, subject, status, attempts, error,"
                    " first_tried, last_tried) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key, channel)"
                    " DO UPDATE SET status = excluded.status, attempts = excluded.attempts,"
                    " error = excluded.error, last_tried = excluded.last_tried",
                    [alert.key, channel.name, alert.kind, alert.subject, status, attempts, error, stamp, stamp],
                )
            counts["sent" if status == "sent" else "failed"] += 1
    return counts


def send_alerts(db, config, now=None, senders=SENDERS):
    now = now or datetime.now(UTC)
    return deliver(db, config, due_alerts(db, config, now), now, senders)


def mute(db, force, until, now=None):
    """Mute a force's trouble alerts up to and including the day `until` (a date)."""
    alert_migrations.apply(db)
    with db.conn:
        db.execute(
            "INSERT INTO alert_mutes (force, until, at) VALUES (?, ?, ?) ON CONFLICT (force) DO UPDATE SET"
            " until = excluded.until, at = excluded.at",
            [force, until.isoformat(), _stamp(now or datetime.now(UTC))],
        )


def unmute(db, force):
    alert_migrations.apply(db)
    with db.conn:
        return db.execute("DELETE FROM alert_mutes WHERE force = ?", [force]).rowcount
