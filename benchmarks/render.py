"""Render a corpus entry (meta tags + Markdown body) into a realistic full HTML page, with its truth.

The corpus kept only meta tags and Markdown, so the HTML here is ours: five markup families that
resemble UK police sites of 2021 (see ../shared/REFERENCE.md), with class names varied per family and
per page, and seeded traps that trip naive extractors (related-news lists, ANPR in menus, site-feedback
survey banners, double-escaped og values, empty JSON-LD, a second og:title with the site suffix …).

    html_bytes, fetched_url, truth = render(record, family="soh", seed=1)

The expected values are computed here with our own small date parser, never the extractor's.
"""

import gzip
import html
import json
import random
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import cms_templates as cms
import markdown

# The first five are ours (modelled on police sites); the rest are rendered through real CMS templates,
# one module each under cms_templates/.
FAMILIES = ("soh", "wordpress", "drupal", "legacy", "pressroom") + tuple(cms.FAMILIES)
LONDON = ZoneInfo("Europe/London")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "police-news-2021.dev.jsonl.gz"


def load_corpus(path=CORPUS):
    """Every corpus record, in file order (a list: 42k records fit in memory)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# --- expected values -------------------------------------------------------------------------

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TIME = r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(am|pm)?"
_DMY_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)
_MDY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_TIMES = re.compile(r"\b" + _TIME + r"(?!\d)", re.I)
_TZ = re.compile(r"\b(BST|GMT|UTC)\b")
_LABEL = re.compile(r"^(?:posted|published|date published|dated|last modified|updated)\b", re.I)
_DATE_LINE = re.compile(
    r"^[*_\s]*(?:(?:posted|published|date published|dated|last modified)\b[^\d]*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?[\w ,:/.]{6,40}?[*_\s]*$",
    re.I,
)


def parse_visible_date(text):
    """Day-first UK date text -> ISO string: date-time with offset (Europe/London) when a time is
    given, else the date alone. None when no date is found. Handles the corpus formats:
    '13:35 15/02/2021', '5 Mar 2021', '09 Nov 2020 10:59', 'Posted at 09:48 on 12th August 2020',
    'Tuesday, March 2, 2021', 'Mar 31, 2021 20:10 BST', 'Date published: 23 March 2021 10:29'."""
    if not text:
        return None
    s = html.unescape(text).replace("\xa0", " ").strip(" *_")
    m = _DMY_NUM.search(s)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DMY.search(s)
        if m:
            d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower()[:3]], int(m.group(3))
        else:
            m = _MDY.search(s)
            if not m:
                return None
            d, mo, y = int(m.group(2)), MONTHS[m.group(1).lower()[:3]], int(m.group(3))
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    rest = s[: m.start()] + " " + s[m.end() :]
    t = _TIMES.search(rest)
    if not t:
        return day.isoformat()
    hh, mm, ss = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
    ampm = (t.group(4) or "").lower()
    if ampm == "pm" and hh < 12:
        hh += 12
    if ampm == "am" and hh == 12:
        hh = 0
    if hh > 23 or mm > 59:
        return day.isoformat()
    tz = _TZ.search(rest)
    if tz:
        zone = timezone(timedelta(hours=1)) if tz.group(1) == "BST" else UTC
    else:
        zone = LONDON
    return datetime(y, mo, d, hh, mm, ss, tzinfo=zone).isoformat()


def parse_instant(text):
    """An ISO 8601 instant from meta (article:published_time) -> ISO string, or None."""
    try:
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LONDON)
    return dt.isoformat()


SITE_LIKE = re.compile(
    r"^(?:(?:[A-Z][\w&'’.-]*|and|of|the)\s+)*(?:Police|Constabulary)(?:\s+(?:Scotland|Service(?: of Northern Ireland)?|Force))?$"
    r"|^(?:SYP|PSNI|BTP|Police Scotland)$"
)
GENERIC_OG_TITLES = {"news article", "news", "home"}


def strip_site_suffix(title, prefix=True):
    """'Headline | Force' / 'Headline - Force' / 'Force - Headline' -> 'Headline'."""
    t = " ".join(html.unescape(title).split())
    m = re.match(r"^(.*?)\s+\|\s*([^|]*)$", t)
    if m and (not m.group(2) or SITE_LIKE.search(m.group(2).strip())):
        return m.group(1).strip()
    m = re.match(r"^(.*)\s+[-–]\s+([^-–]+)$", t)
    if m and SITE_LIKE.search(m.group(2).strip()):
        return m.group(1).strip()
    m = re.match(r"^([^-–]+?)\s+[-–]\s+(.*)$", t)
    if prefix and m and SITE_LIKE.search(m.group(1).strip()) and not m.group(1).startswith("Special"):
        return m.group(2).strip()
    return t


def expected_title(meta):
    og_title = (meta.get("og") or {}).get("title")
    if og_title and " ".join(html.unescape(og_title).split()).lower() not in GENERIC_OG_TITLES:
        return strip_site_suffix(og_title, prefix=False)  # some sites (Avon and Somerset) suffix og:title too
    return strip_site_suffix(meta.get("title") or "")


def flatten_og(og):
    """The corpus nests og tags ('site': {'name': …}); back to property names without 'og:'."""
    out = []
    for key, value in (og or {}).items():
        if isinstance(value, dict):
            for sub, v in value.items():
                sep = ":" if key == "image" else "_"  # og:image:url, og:site_name, og:updated_time
                out.append((f"{key}{sep}{sub}", v))
        else:
            out.append((key, value))
    return out


CHROME_BLOCKS = {"news", "updated news post", "share by email", "* * *", "***", "---"}


def _is_date_line(b):
    return (
        "\n" not in b
        and len(b) < 60
        and not b.strip("*_ ").lower().startswith("update")
        and bool(_DATE_LINE.match(b))
        and parse_visible_date(b) is not None
    )


def peel_header(body, title):
    """Leading page-header blocks of a corpus body: the date line(s), 'News', 'Share by email', a
    '# Title' heading, a rule. Returns (date_line, modified_line, other_peeled, rest_of_body)."""
    blocks = body.split("\n\n")
    date_line = modified = None
    peeled = []
    i = 0
    while i < min(len(blocks), 6):
        b = blocks[i].strip()
        low = b.strip("*_ ").lower()
        if not b:
            i += 1
            continue
        if b.startswith("# ") and " ".join(b[2:].split()) == title:
            peeled.append(b)
        elif low in CHROME_BLOCKS or b in CHROME_BLOCKS:
            peeled.append(b)
        elif _is_date_line(b):
            if low.startswith("last modified"):
                modified = b.strip("*_ ")
            elif low.startswith("dated") or date_line:
                peeled.append(b)
            else:
                date_line = b.strip("*_ ")
        elif (
            i + 1 < len(blocks)
            and len(b) < 40
            and b.count("\n") < 2
            and not re.search(r"[.!?:,]", b)
            and _is_date_line(blocks[i + 1].strip())
        ):
            peeled.append(b)  # a category label above the date: 'Wanted', 'News\nSafer Neighbourhood'
        else:
            break
        i += 1
    if date_line is None and modified is None:
        return None, None, [], body
    return date_line, modified, peeled, "\n\n".join(blocks[i:]).lstrip("\n")


# --- links in the body ---------------------------------------------------------------------------

URL_RE = re.compile(
    r"(?<![(<\[\"'=/\w])(?:https?://|www\.)[^\s)\]>\"'<*]+|(?<![/\w.@])(?:bit\.ly|tinyurl\.com|ow\.ly)/[\w-]+", re.I
)


def wrap_redirect(url, rng):
    if rng.random() < 0.5:
        return (
            "https://eur02.safelinks.protection.outlook.com/?url="
            + quote(url, safe="")
            + "&data=04%7C01%7C%7Cf2b1%7C0%7C0%7C637%7CUnknown&sdata=Xk2%2Fq%3D&reserved=0"
        )
    return "https://www.google.com/url?q=" + quote(url, safe="") + "&sa=D&source=editors&ust=1613400000000&usg=AOvVaw3"


def linkify(body, rng):
    """Make written-out URLs real links. Returns (markdown with placeholders, {placeholder: <a> html},
    truth markdown). A seeded share hide the URL behind 'click here' (URL only in href) or wrap the
    href in an Outlook safelinks / Google redirect."""
    anchors, pieces, truth = {}, [], []
    last = 0
    for n, m in enumerate(URL_RE.finditer(body)):
        url = m.group(0).rstrip(".,;:!?")
        end = m.start() + len(url)
        href = url if url.lower().startswith("http") else "https://" + url
        roll = rng.random()
        text = url
        if roll < 0.2:
            text = "click here"
        shown_href = wrap_redirect(href, rng) if 0.15 < roll < 0.35 else href
        key = f"zzlink{n}zz"
        anchors[key] = f'<a href="{html.escape(shown_href)}">{html.escape(text)}</a>'
        pieces += [body[last : m.start()], key]
        truth += [body[last : m.start()], f"[click here]({href})" if text == "click here" else url]
        last = end
    pieces.append(body[last:])
    truth.append(body[last:])
    return "".join(pieces), anchors, "".join(truth)


def body_html(md, anchors):
    out = markdown.markdown(md, extensions=["tables"], output_format="html")
    for key, a in anchors.items():
        out = out.replace(key, a)
    return out


# --- page furniture ----------------------------------------------------------------------------

PLACES = [
    "Newport",
    "Cwmbran",
    "Ipswich",
    "Harrogate",
    "Taunton",
    "Watford",
    "Stockport",
    "Crawley",
    "Chester",
    "Lowestoft",
    "Redditch",
    "Bury",
    "Carlisle",
    "Luton",
    "Poole",
    "Banbury",
]
STORIES = [
    "Appeal for witnesses after burglary in {p}",
    "Man charged following assault in {p}",
    "Missing woman from {p} found safe",
    "Drugs seized during warrant in {p}",
    "Police warn of courier fraud in {p}",
    "Two arrested after robbery in {p}",
    "CCTV released following theft in {p}",
    "Road closed after collision near {p}",
    "Dispersal order issued in {p} town centre",
    "Teenager sentenced for knife offences in {p}",
]
MENU = {
    "Report": [
        "Report a crime",
        "Report a road traffic incident",
        "Report antisocial behaviour",
        "Report a hate crime",
        "Report fraud",
        "Report lost property",
    ],
    "Advice": [
        "Crime prevention",
        "Roads and vehicles",
        "ANPR and speed cameras",
        "Online safety",
        "Domestic abuse",
        "Rural crime",
        "Doorstep crime and scams",
    ],
    "News": ["Latest news", "Appeals", "Wanted", "Missing people", "Campaigns", "Have your say"],
    "About us": [
        "Our structure",
        "Police and Crime Commissioner",
        "Have your say on our services",
        "Freedom of information",
        "Policies and procedures",
        "Performance",
        "Careers",
    ],
    "Contact": ["Contact us", "Find a police station", "Compliments and complaints", "Accessibility"],
}
FOOTER = [
    "Accessibility",
    "Cookies",
    "Privacy notice",
    "Terms and conditions",
    "Sitemap",
    "Freedom of information",
    "Complaints",
    "Careers",
    "Contact us",
    "Crimestoppers",
]


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Style:
    """Class-name picker: a family's vocabulary, varied per page so nothing depends on one class."""

    def __init__(self, rng, prefix):
        self.rng, self.prefix = rng, prefix

    def __call__(self, *options):
        c = self.rng.choice(options)
        r = self.rng.random()
        if r < 0.25:
            c = f"{self.prefix}-{c}"
        elif r < 0.4:
            c = f"{c} {c}--{self.rng.choice(['lg', 'alt', 'v2', 'wide', 'primary'])}"
        elif r < 0.5:
            c = f"{c} css-{self.rng.getrandbits(24):06x}"
        return c


def fmt_date(dt, style, rng):
    """A random date formatted the way a family shows dates (for related lists)."""
    if style in cms.FAMILIES:
        return cms.FAMILIES[style].date_text(dt)
    if style == "soh":
        return dt.strftime("%H:%M %d/%m/%Y")
    if style == "wordpress":
        return f"Posted at {dt:%H:%M} on {ordinal(dt.day)} {dt:%B %Y}"
    if style == "drupal":
        return f"{dt:%A} {dt.day} {dt:%B %Y}"
    if style == "legacy":
        return dt.strftime("%d/%m/%Y")
    zone = "BST" if dt.utcoffset() else "GMT"
    return f"{dt:%b %d, %Y %H:%M} {zone}"


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def related(rng, style, sty, host, n=None):
    n = n or rng.randint(3, 6)
    items = []
    for _ in range(n):
        title = rng.choice(STORIES).format(p=rng.choice(PLACES))
        dt = datetime(2021, 1, 1, 8, tzinfo=LONDON) + timedelta(minutes=rng.randint(0, 60 * 24 * 120))
        items.append(
            f'<li class="{sty("related-item", "teaser", "listing__item", "news-item")}">'
            f'<a href="https://{host}/news/{slug(title)}/"><h3 class="{sty("teaser__title", "title")}">'
            f'{html.escape(title)}</h3></a><span class="{sty("date", "teaser__date", "meta")}">'
            f"{fmt_date(dt, style, rng)}</span><p>{html.escape(rng.choice(STORIES).format(p=rng.choice(PLACES)))}.</p></li>"
        )
    head = rng.choice(["Related news", "Latest news", "More news", "You may also be interested in", "Recent posts"])
    return (
        f'<aside class="{sty("related", "related-news", "sidebar-news", "block-views")}"><h2>{head}</h2>'
        f'<ul class="{sty("related__list", "listing", "news-list")}">{"".join(items)}</ul></aside>'
    )


def mega_menu(rng, sty, host, with_traps):
    parts = []
    for head, links in MENU.items():
        links = [x for x in links if with_traps or not re.search(r"ANPR|Have your say", x)]
        lis = "".join(f'<li><a href="https://{host}/{slug(head)}/{slug(x)}/">{x}</a></li>' for x in links)
        parts.append(
            f'<li class="{sty("nav__item", "menu-item", "dropdown")}"><a href="https://{host}/{slug(head)}/">'
            f'{head}</a><ul class="{sty("nav__sub", "sub-menu", "dropdown-menu")}">{lis}</ul></li>'
        )
    return f'<nav class="{sty("mega-menu", "main-nav", "navbar", "primary-navigation")}" aria-label="Main"><ul>{"".join(parts)}</ul></nav>'


def survey_banner(rng, sty):
    code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(6))
    return (
        f'<div class="{sty("feedback-banner", "survey-prompt", "site-survey")}"><p>Tell us what you think of our website. '
        f'<a href="https://www.smartsurvey.co.uk/s/{code}/">Take our short survey</a></p></div>'
    )


def cookie_banner(sty):
    return (
        f'<div class="{sty("cookie-banner", "cc-window", "cookie-notice")}" role="dialog"><p>We use cookies to '
        "make this site work and to understand how you use it. Some are essential; others help us improve "
        "our services.</p><button>Accept all cookies</button><button>Reject non-essential</button>"
        '<a href="/cookies/">Cookie settings</a></div>'
    )


def share_bar(sty, url):
    u = quote(url, safe="")
    return (
        f'<div class="{sty("share", "share-bar", "social-share")}"><span>Share this page</span>'
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={u}">Facebook</a>'
        f'<a href="https://twitter.com/intent/tweet?url={u}">Twitter</a>'
        f'<a href="mailto:?subject=News&amp;body={u}">Email</a></div>'
    )


def footer(sty, host, force):
    links = "".join(f'<li><a href="https://{host}/{slug(x)}/">{x}</a></li>' for x in FOOTER)
    return (
        f'<footer class="{sty("footer", "site-footer", "page-footer")}"><ul>{links}</ul>'
        f"<p>&copy; {html.escape(force)} 2021. In an emergency always call 999. "
        "For non-emergencies call 101.</p></footer>"
    )


# --- the families ------------------------------------------------------------------------------


def published_of(rec):
    """The publish date render() gives a corpus record (its truth), without rendering it."""
    meta = rec["meta"]
    visible = (meta.get("publish") or {}).get("date") or peel_header(rec["body"], expected_title(meta))[0]
    instant = parse_instant(((meta.get("article") or {}).get("published") or {}).get("time") or "")
    return instant or parse_visible_date(visible)


def render(rec, family="soh", seed=0, traps=True):
    """Render one corpus record. Returns (html bytes, fetched url, truth dict)."""
    rng = random.Random(f"{seed}:{rec['file']}:{family}")
    meta = rec["meta"]
    url = meta.get("url") or f"https://www.example.police.uk/news/{rec['file'][:8]}/"
    host = re.sub(r"^https?://", "", url).split("/")[0]
    force = force_name(rec)
    title = expected_title(meta)

    visible = (meta.get("publish") or {}).get("date")
    date_line, modified_line, _, body = peel_header(rec["body"], title)
    if visible and date_line and parse_visible_date(date_line) != parse_visible_date(visible):
        body = rec["body"]  # a different date in the text: leave it where it was
    visible = visible or date_line
    instant = parse_instant(((meta.get("article") or {}).get("published") or {}).get("time") or "")
    published = instant or parse_visible_date(visible)
    if not visible and instant:  # the page shows its date in the family's own style
        visible = fmt_date(datetime.fromisoformat(instant).astimezone(LONDON), family, rng)

    md, anchors, truth_body = linkify(body, rng)
    content = body_html(md, anchors)

    og_pairs = flatten_og(meta.get("og"))
    t = {
        k: (rng.random() < p) if traps else False
        for k, p in dict(
            related=0.6,
            related_first=0.3,
            menu_traps=0.6,
            survey_banner=0.4,
            cookie=0.7,
            share=0.6,
            double_escape=0.35,
            empty_ldjson=0.2,
            second_og_title=0.15,
            ldjson=0.5,
            canonical=0.5,
            empty_first_og=0.1,
        ).items()
    }
    truth = {
        "file": rec["file"],
        "force": rec["force"],
        "family": family,
        "url": url,
        "title": title,
        "published": published,
        "visible_date": visible,
        "og": {
            k: html.unescape(html.unescape(v)) for k, v in _first_nonempty(og_pairs).items()
        },  # some are double-escaped at source
        "body": truth_body,
        "traps": sorted(k for k, v in t.items() if v),
    }
    head = _head(rng, meta, og_pairs, t, title, published, force, url)
    if family in cms.FAMILIES:
        module = cms.FAMILIES[family]
        page = cms.Page(
            family=family,
            rng=rng,
            sty=Style(rng, module.PREFIX),
            traps=t,
            host=host,
            force=force,
            url=url,
            title=title,
            visible=visible,
            modified=modified_line,
            content=content,
            published=published,
            description=html.unescape(html.unescape((meta.get("og") or {}).get("description") or "")),
            head=head,
        )
        html_text = module.render_page(page)
        truth["banner_url"] = t.get("_banner_url")
        return html_text.encode("utf-8"), url, truth
    sty = Style(rng, {"soh": "c", "wordpress": "wp", "drupal": "dr", "legacy": "ms", "pressroom": "mnd"}[family])
    page = FAMILY_BODY[family](rng, sty, t, host, force, url, title, visible, modified_line, content)
    truth["banner_url"] = t.get("_banner_url")  # a site-feedback survey: never a survey link of the notice
    html_text = (
        f'<!DOCTYPE html>\n<html lang="en-GB" class="{sty("no-js", "js")}">\n<head>\n{head}\n</head>\n'
        f'<body class="{sty("page", "news-article", "single single-post", "node-type-news")}">\n{page}\n</body></html>\n'
    )
    return html_text.encode("utf-8"), url, truth


def _first_nonempty(pairs):
    out = {}
    for k, v in pairs:
        if v and k not in out:
            out[k] = v
    return out


def force_name(rec):
    title = rec["meta"].get("title") or ""
    m = re.search(r"\|\s*([^|]+)$", title)
    if m and SITE_LIKE.search(html.unescape(m.group(1).strip())):
        return html.unescape(m.group(1).strip())
    site = ((rec["meta"].get("og") or {}).get("site") or {}).get("name")
    return html.unescape(site) if site else f"{rec['force']} Police"


def _attr(raw):
    """Corpus meta values are raw attribute text (entities kept): keep them, but never break the quote."""
    return str(raw).replace('"', "&quot;")


def _head(rng, meta, og_pairs, t, title, published, force, url):
    lines = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{meta.get('title') or ''}</title>",
    ]
    if meta.get("og", {}).get("description") and rng.random() < 0.5:
        lines.append(f'<meta name="description" content="{_attr(meta["og"]["description"])}">')
    if t["canonical"]:
        lines.append(f'<link rel="canonical" href="{html.escape(url)}">')
    lines.append('<link rel="stylesheet" href="/static/css/site.min.css?v=3.2.1">')
    if t["empty_first_og"] and og_pairs:
        lines.append(f'<meta property="og:{og_pairs[0][0]}" content="">')
    double = t["double_escape"] and any("&" in str(v) for _, v in og_pairs)
    if not double:
        t["double_escape"] = False
    for k, v in og_pairs:
        raw = _attr(v)
        if double and "&" in raw:
            raw = raw.replace("&", "&amp;")
        lines.append(f'<meta property="og:{k}" content="{raw}">')
    if t["second_og_title"] and any(k == "title" for k, _ in og_pairs):
        lines.append(f'<meta property="og:title" content="{html.escape(title)} | {html.escape(force)}">')
    article = meta.get("article") or {}
    for k, v in article.items():
        if isinstance(v, dict):
            for sub, x in v.items():
                lines.append(f'<meta property="article:{k}_{sub}" content="{_attr(x)}">')
        else:
            lines.append(f'<meta property="article:{k}" content="{_attr(v)}">')
    for k, v in (meta.get("twitter") or {}).items():
        lines.append(f'<meta name="twitter:{k}" content="{_attr(v)}">')
    if "fb" in meta:
        lines.append(f'<meta property="fb:app_id" content="{_attr(meta["fb"]["app"]["id"])}">')
    if "pressroom" in meta:
        lines.append(f'<meta name="pressroom:name" content="{_attr(meta["pressroom"]["name"])}">')
    if t["empty_ldjson"]:
        lines.append('<script type="application/ld+json"></script>')
    if t["ldjson"] and published:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published,
            "mainEntityOfPage": url,
            "publisher": {"@type": "Organization", "name": force},
        }
        lines.append('<script type="application/ld+json">' + json.dumps(ld).replace("</", "<\\/") + "</script>")
    lines.append(
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "gtag('js',new Date());gtag('config','G-XXXXXXX');</script>"
    )
    return "\n".join(lines)


def _chrome_top(rng, sty, t, host, force):
    parts = []
    if t["cookie"]:
        parts.append(cookie_banner(sty))
    if t["survey_banner"]:
        banner = survey_banner(rng, sty)
        t["_banner_url"] = re.search(r'href="([^"]+)"', banner).group(1)
        parts.append(banner)
    return parts


def _soh(rng, sty, t, host, force, url, title, visible, modified, content):
    out = [
        f'<a class="{sty("skip-link", "visually-hidden")}" href="#main">Skip to main content</a>',
        f'<a class="{sty("exit-button", "quick-exit", "hide-site")}" href="https://www.bbc.co.uk/weather">Quickly exit this site</a>',
    ]
    out += _chrome_top(rng, sty, t, host, force)
    out.append(
        f'<div class="{sty("beta-banner", "phase-banner")}"><strong>BETA</strong> This is a new service – '
        f'your <a href="https://{host}/feedback/">feedback</a> will help us to improve it.</div>'
    )
    out.append(
        f'<header class="{sty("header", "site-header")}"><a href="https://{host}/"><img src="/SysSiteAssets/logo.svg" alt="{html.escape(force)}"></a>'
        + mega_menu(rng, sty, host, t["menu_traps"])
        + "</header>"
    )
    if t["related"] and t["related_first"]:
        out.append(related(rng, "soh", sty, host))
    dateline = ""
    if visible:
        extra = rng.choice(["", "", ' <span class="tag">Updated News Post</span>', ' <span class="tag">News</span>'])
        dateline = (
            f'<p class="{sty("date", "article-date", "meta-date", "published")}">{html.escape(visible)}{extra}</p>'
        )
    article = (
        f'<article class="{sty("article", "news-article", "content")}">'
        f'<nav class="{sty("breadcrumb", "breadcrumbs")}"><a href="/">Home</a> &gt; <a href="/news/">News</a></nav>'
        f'<h1 class="{sty("article__title", "heading", "page-title")}">{html.escape(title)}</h1>{dateline}'
        f'<div class="{sty("article__body", "rich-text", "wysiwyg", "body-content")}">{content}</div>'
        + (share_bar(sty, url) if t["share"] else "")
        + "</article>"
    )
    out.append(
        f'<main id="main" class="{sty("main", "container")}">{article}'
        + (related(rng, "soh", sty, host) if t["related"] and not t["related_first"] else "")
        + "</main>"
    )
    out.append(footer(sty, host, force))
    out.append('<script src="/static/js/bundle.min.js" defer></script>')
    return "\n".join(out)


def _wordpress(rng, sty, t, host, force, url, title, visible, modified, content):
    out = _chrome_top(rng, sty, t, host, force)
    out.append(
        f'<div id="page" class="{sty("site", "hfeed site")}"><header id="masthead" class="{sty("site-header", "header")}">'
        f'<p class="site-title"><a href="https://{host}/">{html.escape(force)}</a></p>'
        + mega_menu(rng, sty, host, t["menu_traps"])
        + "</header>"
    )
    side = related(rng, "wordpress", sty, host) if t["related"] else ""
    if side and t["related_first"]:
        out.append(f'<div id="secondary" class="widget-area">{side}</div>')
    date_html = ""
    if visible:
        inner = html.escape(visible)
        date_html = f'<div class="{sty("entry-meta", "post-meta")}"><span class="posted-on">{inner}</span>'
        if modified:
            date_html += f' <span class="{sty("updated", "modified")}">{html.escape(modified)}</span>'
        date_html += "</div>"
    elif modified:
        date_html = (
            f'<div class="{sty("entry-meta", "post-meta")}"><span class="updated">{html.escape(modified)}</span></div>'
        )
    pid = rng.randint(1000, 99999)
    out.append(
        f'<div id="content" class="site-content"><main id="main" class="site-main">'
        f'<article id="post-{pid}" class="post-{pid} post type-post status-publish format-standard hentry">'
        f'<header class="entry-header"><h1 class="{sty("entry-title", "post-title")}">{html.escape(title)}</h1>{date_html}</header>'
        f'<div class="{sty("entry-content", "post-content")}">{content}</div>'
        + (share_bar(sty, url) if t["share"] else "")
        + '<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/news/">News</a></span></footer>'
        + "</article></main>"
        + (f'<div id="secondary" class="widget-area">{side}</div>' if side and not t["related_first"] else "")
        + "</div>"
    )
    out.append(footer(sty, host, force) + "</div>")
    out.append('<script>/* <![CDATA[ */var wpData={"ajaxurl":"\\/wp-admin\\/admin-ajax.php"};/* ]]> */</script>')
    return "\n".join(out)


def _drupal(rng, sty, t, host, force, url, title, visible, modified, content):
    out = ['<a href="#main-content" class="visually-hidden focusable">Skip to main content</a>']
    out += _chrome_top(rng, sty, t, host, force)
    out.append(
        f'<div class="dialog-off-canvas-main-canvas"><header role="banner" class="{sty("region-header", "header")}">'
        + mega_menu(rng, sty, host, t["menu_traps"])
        + "</header>"
    )
    if t["related"] and t["related_first"]:
        out.append(f'<div class="region region-highlighted">{related(rng, "drupal", sty, host)}</div>')
    date_html = ""
    if visible:
        date_html = (
            f'<div class="{sty("field--name-field-date", "field field--type-datetime", "node__meta")}">'
            f'<div class="field__item">{html.escape(visible)}</div></div>'
        )
    nid = rng.randint(100, 9999)
    out.append(
        f'<div class="layout-container"><a id="main-content" tabindex="-1"></a>'
        f'<div class="region region-content"><div id="block-mainpagecontent">'
        f'<div data-history-node-id="{nid}" class="{sty("node node--type-news", "node--view-mode-full")}">'
        f'<h1 class="page-title"><span class="field field--name-title">{html.escape(title)}</span></h1>{date_html}'
        f'<div class="{sty("field--name-body", "clearfix text-formatted field--type-text-with-summary")}">'
        f'<div class="field__item">{content}</div></div></div></div>'
        + (share_bar(sty, url) if t["share"] else "")
        + "</div>"
        + (
            f'<div class="region region-sidebar-second">{related(rng, "drupal", sty, host)}</div>'
            if t["related"] and not t["related_first"]
            else ""
        )
        + "</div>"
    )
    out.append(footer(sty, host, force) + "</div>")
    out.append(
        '<script type="application/json" data-drupal-selector="drupal-settings-json">{"path":{"baseUrl":"\\/"}}</script>'
    )
    return "\n".join(out)


def _legacy(rng, sty, t, host, force, url, title, visible, modified, content):
    # SharePoint 2010: div soup and layout tables, no <main>/<article>, paragraphs as <div>s.
    content = (
        re.sub(r"<p>(.*?)</p>", r"<div>\1</div>\n<div><br /></div>", content, flags=re.S)
        if rng.random() < 0.6
        else content
    )
    vs = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(2000))
    out = [
        '<form name="aspnetForm" method="post" action="./default.aspx" id="aspnetForm">',
        f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEP{vs}" />',
    ]
    out += _chrome_top(rng, sty, t, host, force)
    out.append(
        f'<table width="100%" cellpadding="0" cellspacing="0" class="{sty("ms-main", "s4-main")}"><tr>'
        f'<td id="ctl00_TopNav" class="{sty("topnav", "s4-tn")}">'
        + mega_menu(rng, sty, host, t["menu_traps"])
        + "</td></tr><tr>"
    )
    left = related(rng, "legacy", sty, host) if t["related"] and t["related_first"] else ""
    out.append(
        f'<td valign="top" id="leftcol"><div id="content-left">{left}</div></td><td valign="top"><div id="content-middle">'
        f'<div id="breadcrumb" class="clearfix"><span class="breadcrumbNode"><a href="/Pages/default.aspx">Home</a></span>'
        f' &gt; <span class="breadcrumbCurrentNode">{html.escape(title)}</span></div>'
        f'<div class="{sty("text-content", "pageContent")}"><h1>&nbsp;{html.escape(title)}</h1>'
        + (f"<h2>&nbsp;{html.escape(visible)}</h2>" if visible else "")
        + f'</div><div class="{sty("news-article-item", "article-body")}"><div id="ctl00_PlaceHolderMain_CenterCol__ControlWrapper_RichHtmlField" '
        f'class="ms-rtestate-field" style="display:inline">{content}</div></div>'
        + (share_bar(sty, url) if t["share"] else "")
        + '<div class="feedback"><a href="/Pages/Feedback.aspx">Was this page useful?</a></div></div></td>'
        + (
            f'<td valign="top" id="rightcol">{related(rng, "legacy", sty, host)}</td>'
            if t["related"] and not t["related_first"]
            else ""
        )
        + "</tr></table>"
    )
    out.append(f'<div id="footer">{footer(sty, host, force)}</div></form>')
    out.append(
        '<script type="text/javascript">//<![CDATA[\nvar _spPageContextInfo={webServerRelativeUrl:"/"};\n//]]></script>'
    )
    return "\n".join(out)


def _pressroom(rng, sty, t, host, force, url, title, visible, modified, content):
    out = _chrome_top(rng, sty, t, host, force)
    out.append(
        f'<header class="{sty("newsroom-header", "pressroom-header")}"><a href="https://{host}/">{html.escape(force)}</a>'
        f'<nav><a href="/news">News</a> <a href="/images">Images</a> <a href="/videos">Videos</a> '
        f'<a href="/contacts">Contacts</a></nav><a class="subscribe" href="/subscribe">Subscribe</a></header>'
    )
    if t["menu_traps"]:
        out.append(
            '<nav class="topics"><a href="/topics/anpr">ANPR</a> <a href="/topics/have-your-say">Have your say</a></nav>'
        )
    rel = related(rng, "pressroom", sty, host) if t["related"] else ""
    if rel and t["related_first"]:
        out.append(rel)
    date_html = (
        f'<span class="{sty("publish-date", "panel__date", "date")}">{html.escape(visible)}</span>' if visible else ""
    )
    out.append(
        f'<div class="{sty("panel", "material")}"><div class="{sty("panel__header", "material-header")}">'
        f'<span class="label">News</span>{date_html}<h1 class="{sty("panel__title", "material-title")}">{html.escape(title)}</h1></div>'
        f'<div class="{sty("panel__body", "material-body", "newsroom-body")}">{content}</div>'
        + (share_bar(sty, url) if t["share"] else "")
        + '<div class="contacts"><h3>Press contacts</h3><p>Press bureau <a href="tel:02072302171">020 7230 2171</a></p></div></div>'
    )
    if rel and not t["related_first"]:
        out.append(rel)
    out.append(footer(sty, host, force))
    return "\n".join(out)


FAMILY_BODY = {"soh": _soh, "wordpress": _wordpress, "drupal": _drupal, "legacy": _legacy, "pressroom": _pressroom}
