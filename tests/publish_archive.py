"""A test archive for the Datasette tests, built with the real pipeline.

The bundled sample site's article pages (day 1, then day 2: new, edited and removed notices) go through
`extract_notice` and `save_records`; crawl runs and a fetch error are recorded; then hand-made records:
a consultation still open, a hidden (taken-down) notice, and notices whose every text field carries
script tags, javascript: URLs, event handlers and broken markup.
"""

import urllib.request
from datetime import date, timedelta

from archive.crawlstate import ensure_crawl_state
from archive.db import open_db
from archive.public import write_public_copy
from archive.records import make_record
from archive.store import save_crawl_run, save_forces, save_records
from archive.takedown import set_hidden
from crawler.extraction import extract_notice
from crawler.registry import load_registry
from crawler.sample_site import SampleSite

GWENT_ANPR = "https://www.gwent.police.uk/news/gwent/news/news/2021/february/have-your-say-on-the-use-of-anpr-in-gwent/"
HIDDEN_URL = "https://www.gwent.police.uk/news/gwent/news/news/2021/march/missing-woman-found/"
HIDDEN_MARK = "Zyxwvhiddenmark"  # a word only the hidden notice has
OPEN_URL = "https://www.cheshire.police.uk/news/cheshire/news/2021/have-your-say-on-speed-cameras/"
XSS_MARK = "window.__xss"
XSS = f"{XSS_MARK}=1;alert(1)"
XSS_URLS = ["https://www.durham.police.uk/news/xss-1/", "https://www.durham.police.uk/news/xss-2/"]

SCRIPT = f"<script>{XSS}</script>"
IMG = f'<img src=x onerror="{XSS}">'
SVG = f"<svg/onload={XSS}>"


def xss_records():
    """Notices whose title, description, body, og values and links try every way to run a script."""
    body = "\n\n".join(
        [
            "Have your say on ANPR cameras. " + SCRIPT,
            f"[a markdown link](javascript:{XSS})",
            f'<a href="javascript:{XSS}" onclick="{XSS}">an html link</a>',
            IMG,
            SVG,
            f'<iframe src="javascript:{XSS}"></iframe>',
            f'<div onmouseover="{XSS}" style="position:fixed;inset:0">broken <b><i>markup <p unclosed',
            f"![img](javascript:{XSS})",
            "\"'><script>" + XSS + "</script><!--",
        ]
    )
    survey = [
        {"url": f"javascript:{XSS}", "host": f"<b>{SCRIPT}", "provider": SCRIPT, "text": IMG},
        {
            "url": 'https://www.smartsurvey.co.uk/s/x/?a="><script>' + XSS + "</script>",
            "host": "www.smartsurvey.co.uk",
            "provider": "smartsurvey",
            "text": SVG,
        },
    ]
    common = dict(
        force="durham",
        force_name="Durham Constabulary",
        area="Durham",
        description=f'ANPR consultation {SCRIPT} {IMG} "><svg onload={XSS}>',
        body=body,
        og={"title": SCRIPT, "image": f"javascript:{XSS}", "url": f"javascript:{XSS}", "description": IMG},
        links=[f"javascript:{XSS}", 'https://example.org/"><script>' + XSS + "</script>"],
        survey_links=survey,
        topics=["anpr"],
        is_consultation=True,
        closes=(date.today() + timedelta(days=10)).isoformat(),
        closes_raw=SCRIPT,
        page_title=SCRIPT,
        published_raw=IMG,
    )
    return [
        make_record(
            XSS_URLS[0],
            title=f"ANPR xss one {SCRIPT}{IMG}",
            published="2021-01-02T10:00:00+00:00",
            published_utc="2021-01-02T10:00:00Z",
            **common,
        ),
        make_record(
            XSS_URLS[1],
            title=f'ANPR xss two "><img src=x onerror={XSS}> <b>unclosed',
            published="2021-01-03",
            published_utc="2021-01-03",
            **common,
        ),
    ]


def fetch_records(site, registry, state):
    out = []
    for real, path in site.article_paths(state).items():
        html = urllib.request.urlopen(site.url + path, timeout=10).read()
        out.append(extract_notice(html, real, registry=registry))
    return out


def build_archive(path, *, xss=True):
    """Build the test archive at path; returns facts the tests check against."""
    registry = load_registry()
    db = open_db(path)
    ensure_crawl_state(db)  # the crawler's own tables, as in an archive a crawl wrote
    save_forces(db, registry)
    with SampleSite(port=0, state="day1") as site:
        day1 = fetch_records(site, registry, "day1")
        save_records(db, day1, now="2021-04-13T06:00:00Z")
        for force in sorted({r["force"] for r in day1}):
            save_crawl_run(
                db,
                "2021-04-13",
                force,
                started="2021-04-13T06:00:00Z",
                finished="2021-04-13T06:01:00Z",
                pages=12,
                new=sum(r["force"] == force for r in day1),
            )
        site.set_state("day2")
        changes = site.changes()
        day2 = fetch_records(site, registry, "day2")
        removals = [{"url": u, "status": 410} for u in changes["removed"]]
        save_records(db, day2 + removals, now="2021-04-20T06:00:00Z")
        for force in sorted({r["force"] for r in day2}):
            run_id = save_crawl_run(
                db,
                "2021-04-20",
                force,
                started="2021-04-20T06:00:00Z",
                finished="2021-04-20T06:01:00Z",
                pages=14,
                errors=1 if force == "gwent" else 0,
            )
            if force == "gwent":
                db.conn.execute(
                    "INSERT INTO fetch_errors (url, status, error, attempts, run_id, at) VALUES"
                    " (?, 503, 'Service Unavailable', 3, ?, '2021-04-20T06:00:30Z')",
                    [site.url + "/gwent/news/broken", run_id],
                )
                db.conn.commit()
    extra = [
        make_record(
            OPEN_URL,
            force="cheshire",
            force_name="Cheshire Constabulary",
            area="Cheshire",
            title="Have your say on speed cameras",
            description="Tell us what you think.",
            body="Have your say on speed cameras in Cheshire before the survey closes.",
            published="2021-04-15T09:00:00+01:00",
            published_utc="2021-04-15T08:00:00Z",
            closes=(date.today() + timedelta(days=30)).isoformat(),
            is_consultation=True,
            topics=["speed"],
            survey_links=[
                {
                    "url": "https://www.smartsurvey.co.uk/s/speed/",
                    "host": "www.smartsurvey.co.uk",
                    "provider": "smartsurvey",
                    "text": "take the survey",
                }
            ],
        ),
        # hidden below: the newest ANPR consultation, so it would top every list and feed if it leaked
        make_record(
            HIDDEN_URL,
            force="gwent",
            force_name="Gwent Police",
            area="Gwent",
            title=f"ANPR appeal: missing woman {HIDDEN_MARK} found",
            description=f"{HIDDEN_MARK} appeal",
            body=f"Have your say. ANPR cameras helped find {HIDDEN_MARK}.",
            published="2021-12-01T09:00:00+00:00",
            published_utc="2021-12-01T09:00:00Z",
            closes=(date.today() + timedelta(days=20)).isoformat(),
            is_consultation=True,
            topics=["anpr"],
            survey_links=[
                {
                    "url": f"https://www.smartsurvey.co.uk/s/{HIDDEN_MARK}/",
                    "host": "www.smartsurvey.co.uk",
                    "provider": "smartsurvey",
                    "text": "survey",
                }
            ],
        ),
    ]
    save_records(db, extra + (xss_records() if xss else []))
    # an edit of the hidden notice: its versions must leave with it
    save_records(
        db,
        [
            dict(
                extra[1],
                body=extra[1]["body"] + f" Edited {HIDDEN_MARK}.",
                content_sha256="edited-hidden",
                raw_sha256="edited-hidden-raw",
            )
        ],
    )
    set_hidden(db, HIDDEN_URL, True, reason=f"named person {HIDDEN_MARK}", by="test")
    db.conn.close()
    return {"day1": day1, "day2": day2, "changes": changes}


def build_live_and_public(live, public, **kw):
    """build_archive at live, then its public copy at public (hidden notices left out); returns its facts."""
    facts = build_archive(live, **kw)
    db = open_db(live)
    write_public_copy(db, public)
    db.conn.close()
    return facts
