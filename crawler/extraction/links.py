"""Links of the article body: outbound links, survey/consultation links, video links.

Nothing is fetched: short links are kept as they are, with provider `shortlink`, when their anchor or
sentence is about a survey.
"""

import re
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from crawler.extraction.document import squash, text_of
from crawler.extraction.markdown import markdown_text
from crawler.extraction.urls import normalise_url, unwrap

# (provider, host regex, optional path regex). REFERENCE.md lists the platforms seen on police consultations.
_PROVIDER_PATTERNS = [
    ("snap", r"(^|\.)researchfeedback\.net$|(^|\.)snapsurveys\.com$", None),
    ("smartsurvey", r"(^|\.)smartsurvey\.co\.uk$|(^|\.)homeofficesurveys\.homeoffice\.gov\.uk$", None),
    ("surveymonkey", r"(^|\.)surveymonkey\.(com|co\.uk|net|de)$", None),
    ("alchemer", r"(^|\.)alchemer\.(com|eu)$|(^|\.)surveygizmo\.(com|eu)$", None),
    (
        "citizen_space",
        r"^(consult|consultation|consultations|engage|haveyoursay|yoursay)\.|(^|\.)citizenspace\.com$",
        None,
    ),
    ("commonplace", r"(^|\.)commonplace\.is$", None),
    ("neighbourhood_alert", r"^survey\.mycommunityalert\.co\.uk$|(^|\.)neighbourhoodalert\.co\.uk$", r"survey"),
    ("microsoft_forms", r"^forms\.(office|microsoft)\.com$|^forms\.office365\.(com|us)$", None),
    ("google_forms", r"^docs\.google\.com$", r"^/forms/"),
    ("google_forms", r"^forms\.gle$", None),
    ("qualtrics", r"(^|\.)qualtrics\.com$", None),
    ("jisc_online_surveys", r"(^|\.)onlinesurveys\.ac\.uk$|(^|\.)onlinesurveys\.jisc\.ac\.uk$", None),
    ("typeform", r"(^|\.)typeform\.com$", None),
    ("jotform", r"(^|\.)jotform\.(com|co\.uk)$", None),
    ("questionpro", r"(^|\.)questionpro\.com$", None),
    ("bang_the_table", r"(^|\.)engagementhq\.com$|(^|\.)bangthetable\.com$", None),
]
# The names readers know the providers by (the notice page's survey buttons); every provider above has one.
PROVIDER_NAMES = {
    "snap": "Snap Surveys",
    "smartsurvey": "SmartSurvey",
    "surveymonkey": "SurveyMonkey",
    "alchemer": "Alchemer",
    "citizen_space": "Citizen Space",
    "commonplace": "Commonplace",
    "neighbourhood_alert": "Neighbourhood Alert",
    "microsoft_forms": "Microsoft Forms",
    "google_forms": "Google Forms",
    "qualtrics": "Qualtrics",
    "jisc_online_surveys": "Jisc Online Surveys",
    "typeform": "Typeform",
    "jotform": "Jotform",
    "questionpro": "QuestionPro",
    "bang_the_table": "Bang the Table",
}
SURVEY_PROVIDERS = [
    (name, re.compile(host), re.compile(path) if path else None) for name, host, path in _PROVIDER_PATTERNS
]
# Dash-cam upload portals (Operation Snap) are forms, not surveys.
NOT_SURVEYS = re.compile(
    r"(^|\.)egressforms\.com$|^(operation)?snap\.[a-z-]+\.police\.uk$|(^|\.)nationaldashcamsafetyportal"
)
# Link shorteners: the one declared list. Extraction marks their survey links `shortlink`; with
# `police-notices crawl --resolve-links` the crawler asks them (and only them) where those links lead.
SHORTENER_HOSTS = (
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "ow.ly",
    "t.co",
    "buff.ly",
    "goo.gl",
    "orlo.uk",
    "rebrand.ly",
    "is.gd",
    "shorturl.at",
    "cutt.ly",
    "tiny.cc",
    "lnkd.in",
    "po.st",
    "sh.st",
    "dlvr.it",
    "trib.al",
    "s.id",
    "x.co",
    "bl.ink",
    "rb.gy",
    "t.ly",
)
SHORTENERS = re.compile(r"^(www\.)?(" + "|".join(re.escape(h) for h in SHORTENER_HOSTS) + r")$")
SURVEY_WORDS = re.compile(
    r"survey|questionnaire|consultation|have your say|your views|take part|"
    r"tell us what you think|give us your (views|feedback)|"
    r"(give|submit|share|leave|send|provide)( [\w,'’-]+){0,5} (feedback|views|thoughts)\b|"
    r"feedback (service|platform|form|link)|arolwg|ymgynghori|dweud eich dweud",
    re.I,
)
# A survey about the website itself is not a consultation.
SITE_FEEDBACK = re.compile(
    r"\b(our|this|the|new) (web ?site|site|web page|page)\b|website feedback|"
    r"feedback on (our|this|the) (web ?site|site|page)|beta",
    re.I,
)
# Providers of survey links that only count on a page that asks for views: a short link or an unknown
# host is a survey only because of the sentence it stands in.
UNCONFIRMED = ("shortlink", "other")
SOCIAL = re.compile(
    r"(^|\.)(twitter\.com|x\.com|facebook\.com|instagram\.com|linkedin\.com|tiktok\.com|"
    r"whatsapp\.com|nextdoor\.co\.uk|t\.me)$"
)
# An unknown host is taken for a survey only when its URL says so too (PCC and force "have your say" pages).
SURVEY_URL = re.compile(r"survey|consult|have-?your-?say|your-?views|questionnaire|talking|precept|yoursay", re.I)
# ... or when it is a site of its own (a campaign's: "go to www.futurepolicing.co.uk … to complete the survey")
# offered in a sentence that asks for answers, or any page offered right where such a sentence sends the reader
# ("To complete the survey, please visit: …", "complete the #WhatMatters survey at …", "Visit … to take part in
# the survey"); a force's or government home page is information, not the survey.
ASK = re.compile(
    r"\b(complete|completing|fill in|fill out|take part in|taking part in|respond to|responding to|"
    r"answer|enter|take)( [\w#'’-]+){0,3} (survey|questionnaire|consultation)|\bhave (your|their) say\b|"
    r"\b(complete|completed|fill in|fill out)( it)?( online)? (at|via|here)\b",
    re.I,
)
# Only words that send the reader on stand between the asking words and the link: "To complete the survey,
# please visit: <link>", "by completing the survey at <link>", "Visit <link> to take part in the survey".
_SENDS_BEFORE = re.compile(
    r"[\s,:;–-]*(?:(?:please|simply|just|now|by|visiting|visit|go|going|to|head|at|via|on|"
    r"online|here|click|clicking|using|use|follow|following|the|this|link|website|site|page)"
    r"[\s,:;–-]*){0,6}",
    re.I,
)
_SENDS_AFTER = re.compile(r"[\s,]*(?:and )?to ", re.I)
PUBLIC_BODY = re.compile(r"(^|\.)(police\.uk|gov\.uk|nhs\.uk|parliament\.uk)$")
DOCUMENTS = (".pdf", ".doc", ".docx", ".jpg", ".png", ".xls", ".xlsx")
MEDIA = re.compile(
    r"(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com|vimeo\.com|dailymotion\.com|"
    r"facebook\.com/watch|player\.vimeo\.com)$"
)
# Written-out URLs; short links are often written without a scheme ("go to bit.ly/police-x"), and sites
# often without one or "www." ("visit lancashire.police.uk/lancashire-talking", "at hertfordshire….com").
_TLD = r"(?:com|org|net|info|uk|scot|wales|cymru|ie)"
TEXT_URL = re.compile(
    r"""(?:(?:https?://|www\.|(?<![A-Za-z0-9./@-])(?:bit\.ly|tinyurl\.com|ow\.ly|orlo\.uk|forms\.gle)/)"""
    r"""[^\s<>"'()\[\]“”‘’]+[^\s<>"'()\[\].,;:!?“”‘’_*]"""
    r"""|(?<![\w./@-])(?![a-z0-9-]*www\.)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.""" + _TLD + r"""(?![\w@-])"""
    r"""(?:/[^\s<>"'()\[\]“”‘’]*[^\s<>"'()\[\].,;:!?“”‘’_*])?)""",
    re.I,
)
_DOT_TLD = re.compile(r"\." + _TLD + r"\b", re.I)  # starts at a literal dot: fast to search
_SHORTENERS = ("bit.ly/", "tinyurl.com/", "ow.ly/", "orlo.uk/", "forms.gle/")


def _may_hold_url(block):
    """A cheap test before TEXT_URL (substring tests and one literal-led regex: an alternation under re.I
    cost ~40 µs a paragraph)."""
    if "://" in block or _DOT_TLD.search(block):
        return True
    low = block.lower()
    return "www." in low or any(s in low for s in _SHORTENERS)


_SENTENCE_END = re.compile(r"[.!?]\s")
_TRAILING = re.compile(r"[.,;:!?]*[\"”’']+$")  # a closing quote pasted into an href ("…network.net/.”")


def _is_site(url, host):
    """A link to a whole site (no path), not run by a force or the government."""
    return urlsplit(url).path in ("", "/") and not PUBLIC_BODY.search(host)


def _public_home(url, host):
    """A force's or the government's home page (herts.police.uk, www.gov.uk; not ask.warwickshire.gov.uk)."""
    return (
        urlsplit(url).path in ("", "/")
        and PUBLIC_BODY.search(host) is not None
        and (host.startswith("www.") or host.count(".") <= 2)
    )


def _offered_to_answer(sentence, shown):
    """Whether the link, shown in its sentence as `shown` (its text), stands right where the sentence sends the
    reader to answer a survey: "To complete the survey, please visit: <link>", "Visit <link> to take part…"."""
    i = sentence.find(shown) if shown else -1
    if i < 0:
        return False
    before = sentence[max(0, i - 200) : i]
    if any(_SENDS_BEFORE.fullmatch(before, m.end()) for m in ASK.finditer(before)):
        return True
    after = sentence[i + len(shown) : i + len(shown) + 100]
    gap = _SENDS_AFTER.match(after)
    return gap is not None and ASK.match(after, gap.end()) is not None


def survey_provider(url):
    """The survey platform a URL belongs to, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host or NOT_SURVEYS.search(host):
        return None
    for name, host_re, path_re in SURVEY_PROVIDERS:
        if host_re.search(host) and (path_re is None or path_re.search(parts.path)):
            return name
    return None


def _sentence(context, anchor_text, at=None):
    """(the sentence of the block around the anchor, the sentence before it): what the link is about
    ("… give your views on local policing. Just go to bit.ly/x")."""
    if not context:
        return anchor_text or "", ""
    i = at if at is not None else context.find(anchor_text) if anchor_text else -1
    if i < 0:
        return context[:300], ""
    ends = [0] + [m.end() for m in _SENTENCE_END.finditer(context, 0, i)]
    end = _SENTENCE_END.search(context, i + len(anchor_text))
    return context[ends[-1] : end.start() + 1 if end else len(context)], context[
        ends[-2] if len(ends) > 1 else 0 : ends[-1]
    ]


def _block_text(a, cache):
    """(the text of the link's block, its lead-in): a short block (a list item, a "Borehamwood - bit.ly/x"
    line) is introduced by the block before it or its list ("… using the following links:")."""
    el = a.getparent()
    while el is not None and el.tag in ("a", "span", "strong", "b", "em", "i", "u", "small", "font"):
        el = el.getparent()
    if el is None:
        return "", ""
    if el not in cache:
        text, lead = squash(text_of(el)), ""
        if len(text) <= 120:
            block = el.getparent() if el.tag == "li" else el
            prev = block.getprevious() if block is not None else None
            # past empty blocks, and past sibling "label: link" lines of the same list of links
            while prev is not None and (
                not squash(text_of(prev))
                or (
                    prev.tag not in ("ul", "ol", "table")
                    and len(squash(text_of(prev))) <= 120
                    and next(prev.iter("a"), None) is not None
                )
            ):
                prev = prev.getprevious()
            if prev is not None and prev.tag not in ("ul", "ol", "table"):
                lead = squash(text_of(prev))[-200:]
        cache[el] = (text, lead)
    return cache[el]


def collect_links(article, base_url, body_md):
    """(links, survey_links, media_links) of the article element and of URLs written out in its text
    (body_md: the article as Markdown, whose paragraphs bound a written-out URL's sentence)."""
    found = []  # (url, anchor text, (its sentence, the sentence before it, the lead-in block))
    cache = {}
    for a in article.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "sms:")):
            continue
        url = normalise_url(href, base=base_url)
        if not url:
            continue
        text = squash(text_of(a))
        block, lead = _block_text(a, cache)
        found.append((_TRAILING.sub("", unwrap(url)), text, (*_sentence(block, text), lead)))
    for el in article.iter("iframe", "embed", "video", "source"):
        src = normalise_url(el.get("src") or el.get("data-src") or "", base=base_url)
        if src:
            found.append((src, "", ("", "", "")))
    for block in (body_md or "").split("\n\n"):
        if not _may_hold_url(block):
            continue
        text = markdown_text(block)  # link targets dropped: those were met as anchors
        for m in TEXT_URL.finditer(text):
            raw = m.group(0)
            url = normalise_url(raw if raw.lower().startswith("http") else "https://" + raw)
            if url:
                found.append((unwrap(url), raw, (*_sentence(text, raw, m.start()), "")))

    links, surveys, media, seen, seen_survey = [], [], [], set(), set()
    for url, text, (sentence, before, lead) in found:
        url = normalise_url(url) or url
        host = (urlsplit(url).hostname or "").lower()
        if url not in seen:
            seen.add(url)
            links.append(url)
            if MEDIA.search(host) or url.lower().endswith((".mp4", ".webm")):
                media.append(url)
        if url in seen_survey:
            continue
        provider = survey_provider(url)
        if provider is None and SURVEY_WORDS.search(f"{text} {lead} {before} {sentence}"):
            # unknown host, but the link is offered in a sentence about a survey: kept provisionally,
            # and only on a page that asks for views (see UNCONFIRMED)
            if SHORTENERS.match(host):
                provider = "shortlink"
            elif not (
                MEDIA.search(host) or SOCIAL.search(host) or NOT_SURVEYS.search(host) or url.lower().endswith(DOCUMENTS)
            ) and (
                SURVEY_URL.search(url)
                or (_is_site(url, host) and ASK.search(sentence))
                or (not _public_home(url, host) and _offered_to_answer(sentence, text))
            ):
                provider = "other"
        if provider is None:
            continue
        # "Tell us what you think of our website. Take our short survey": the block says what it is about
        if SITE_FEEDBACK.search(f"{text} {before} {sentence}") and not re.search(
            r"\b(ANPR|consultation|precept)\b", sentence, re.I
        ):
            continue
        seen_survey.add(url)
        surveys.append({"url": url, "host": host, "provider": provider, "text": text or None})
    return links, surveys, media


# [text](url) as the extractor writes links (spaces and ")" in the URL escaped), not ![images](…)
_MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def link_tree(body):
    """The Markdown body as an lxml <div> of <p> blocks holding an <a> per [text](url) link.

    What collect_links expects from a page: each link with its anchor text and its block around it,
    so a Markdown body's links (and survey links) are found exactly as in the page it came from.
    """
    root = lxml.html.Element("div")
    for block in _PARAGRAPHS.split(body or ""):
        p = lxml.etree.SubElement(root, "p")
        last, pos = None, 0
        for m in _MD_LINK.finditer(block):
            before = markdown_text(block[pos : m.start()]) + " "
            if last is None:
                p.text = before
            else:
                last.tail = before
            last = lxml.etree.SubElement(p, "a", href=m.group(2))
            last.text = markdown_text(m.group(1))
            pos = m.end()
        rest = " " + markdown_text(block[pos:])
        if last is None:
            p.text = rest
        else:
            last.tail = rest
    return root
