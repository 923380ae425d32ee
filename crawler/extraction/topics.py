"""Topics and the consultation flag, from rules in a TOML data file (topics.toml, or --rules FILE)."""

import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from crawler.extraction.links import UNCONFIRMED
from crawler.extraction.markdown import markdown_text
from crawler.extraction.sentences import bounds
from crawler.extraction.signoffs import link_key, links as links_in, split_standing

BUILTIN_RULES = Path(__file__).with_name("topics.toml")
WHERE = ("title", "description", "body")


class CueKind(Enum):
    """What a consultation phrase of the rules file says, and so how classify counts it."""

    INVITE = "invite"  # invites by itself: "have your say"
    ASK = "ask"  # invites when its sentence speaks to the reader: "complete the survey"
    INVITE_OTHERS = "invite_others"  # invites when something before it enables them: "…invited to have their say"
    MENTION = "mention"  # talk of a consultation, weighed at mention_weight, never an invitation
    TITLE = "title"  # a mention that counts only in the title
    AGAINST = "against"  # says the notice is something else: results, closed, internal
    OTHER_ASK = "other_ask"  # asks the public for something else than views (recruitment)


INVITING = frozenset((CueKind.INVITE, CueKind.ASK, CueKind.INVITE_OTHERS))


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    pattern: re.Pattern  # searched on lowercased text (see _find)
    weight: float  # how much a match counts (against cues: rules.against_weight)
    where: tuple  # the record's texts it counts in ("title", "description", "body")
    first: frozenset | None  # the words any match starts with (a text without one skips it), None: unknown

    @property
    def invites(self):
        return self.kind in INVITING


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    pattern: re.Pattern
    hints: tuple  # lowercase words one of which any match contains (a text without one skips it)
    acronyms: tuple


@dataclass(frozen=True)
class Rules:
    topics: tuple  # Topic
    cues: tuple  # Cue: the consultation phrases, every kind
    threshold: float
    survey_link_weight: float
    against_weight: float
    source: str
    addressee: object = None  # compiled regex: words that make a body sentence speak to the reader
    enabler: object = None  # compiled regex: words before "have their say" that invite them to
    closing_weight: float = 1.5
    mention_weight: float = 0.5


def _phrase_regex(terms, acronyms):
    parts = []
    if terms:
        words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
        parts.append("(?i:" + "|".join(re.escape(w).replace(r"\ ", r"[\s\-]+") for w in words) + ")")
    if acronyms:
        parts.append("|".join(re.escape(a) for a in acronyms))
    return re.compile(r"(?<![\w/-])(?:" + "|".join(parts) + r")(?![\w/-])") if parts else None


def load_rules(path=None):
    """Load topic rules (default: the built-in topics.toml); ValueError with the reason when bad."""
    return _load_rules(str(path) if path else str(BUILTIN_RULES))


# [consultation] keys holding phrase lists, by the kind of cue they are.
CUE_KEYS = {
    "invite": CueKind.INVITE,
    "ask": CueKind.ASK,
    "invite_others": CueKind.INVITE_OTHERS,
    "mention": CueKind.MENTION,
    "title": CueKind.TITLE,
    "against": CueKind.AGAINST,
    "other_asks": CueKind.OTHER_ASK,
}


@lru_cache(maxsize=8)
def _load_rules(path):
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: no such rules file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a valid TOML rules file: {e}") from None
    topics = []
    for slug, spec in (data.get("topic") or {}).items():
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: [topic.{slug}] must be a table")
        regex = _phrase_regex(spec.get("terms", []), spec.get("acronyms", []))
        if regex is None:
            raise ValueError(f"{path}: topic {slug!r} has no terms or acronyms")
        # substring hints (a term's longest word, the acronyms) let most texts skip the regex: speed
        hints = tuple({_hint(t) for t in spec.get("terms", []) if t.strip()})
        topics.append(Topic(slug, spec.get("label", slug), regex, hints, tuple(spec.get("acronyms", []))))
    consult = data.get("consultation") or {}
    mention_weight = float(consult.get("mention_weight", 0.5))
    against_weight = float(consult.get("against_weight", 1))
    weights = {
        CueKind.MENTION: mention_weight,
        CueKind.TITLE: mention_weight,
        CueKind.AGAINST: against_weight,
        CueKind.OTHER_ASK: against_weight,
    }
    cues = []
    for key, kind in CUE_KEYS.items():
        where = ("title",) if kind is CueKind.TITLE else WHERE
        for phrase in consult.get(key, []):
            # Searched on lowercased text, without re.I and without a leading \b (checked by _find): both
            # stop Python's regex engine from skipping ahead to the phrase's first letters, ten times slower.
            try:
                pattern = re.compile(phrase.lower() + r"\b")
            except re.error as e:
                raise ValueError(f"{path}: bad consultation phrase {phrase!r} ({key}): {e}") from None
            cues.append(Cue(kind, pattern, weights.get(kind, 1.0), where, first_words(phrase)))
    addressee, enabler = (_word_regex(path, consult, key) for key in ("addressee", "enabler"))
    return Rules(
        tuple(topics),
        tuple(cues),
        float(consult.get("threshold", 2)),
        float(consult.get("survey_link_weight", 2)),
        against_weight,
        path,
        addressee,
        enabler,
        float(consult.get("closing_weight", 1.5)),
        mention_weight,
    )


def _word_regex(path, consult, key):
    words = consult.get(key, [])
    try:
        return re.compile(r"\b(?:" + "|".join(w.lower() for w in words) + r")\b") if words else None
    except re.error as e:
        raise ValueError(f"{path}: bad {key} word: {e}") from None


_WORD = re.compile(r"[a-z0-9]+")
# Words on nearly every police page: a poor hint that a term might be there.
_COMMON = {"police", "policing", "crime", "national", "service", "public", "council", "and", "of", "the"}


def _hint(term):
    """A word every match of the term contains, as rare as can be told: its longest uncommon word."""
    words = term.lower().split()
    return max([w for w in words if w not in _COMMON] or words, key=len)


_SPACE_GROUP = re.compile(r"\( [^()|]*\)")  # a group that starts with a space and has no alternatives


def first_words(pattern):
    """The words one of which any match of the phrase starts with, or None when that cannot be read off
    simply. A text without any of them skips the phrase's regex (most of classify's time otherwise)."""
    p = pattern.lower()
    if p.startswith("("):
        depth = 0
        for end, c in enumerate(p):  # noqa: B007 - end is read after the break
            depth += (c == "(") - (c == ")")
            if depth == 0:
                break
        body, after = p[1:end], p[end + 1 :]
        if "(" in body or not (after[:1] in (" ", "") or _SPACE_GROUP.match(after)):
            return None
        alternatives = body.split("|")
    else:
        alternatives = [p]
    words = set()
    for alt in alternatives:
        m = re.match(r"[a-z0-9]+(?=[ ]|$)", alt)
        if not m:
            return None  # a quantifier, class or group right after the first letters
        words.add(m.group(0))
    return frozenset(words)


def _find(regex, text):
    """The first match of regex in text that starts on a word boundary."""
    for m in regex.finditer(text):
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            return m
    return None


def _cue_weight(where, position, length, closing_weight):
    """A cue in the title or standfirst states the notice's purpose; one in the closing lines may be a
    sign-off (the ones a force repeats are known as standing and never get here: signoffs.py)."""
    if where == "title":
        return 3.0
    if where == "description":
        return 2.0
    in_closing_lines = position > length - 350 and position / max(length, 1) > 0.7
    return closing_weight if in_closing_lines else 1.5


# The lead: the first characters of the body's text (the standfirst and first paragraph, about). A link the
# force repeats under its notices for months (its standing feedback channel, signoffs.py) counts as a
# consultation cue only when the notice's title, description or lead invites (sign-off included: then it is the
# message); offered in the notice's own inviting words it is still the notice's survey link.
LEAD_CHARS = 600
_YOU = re.compile(r"\b(you|your|eich|chi)\b")
_ANYTIME = re.compile(r"\b(at any time|anytime|any time|unrhyw bryd)\b")
_TIME_BOUND = re.compile(r"\b(until|before|closes|closing|deadline|ends)\b")  # "at any time before 5 March"
_IMPERATIVE = re.compile(r"(visit|go|click|follow|scan|head|simply|just)\b")
# "we asked you to complete a survey", not "you are (being) asked to"
_PAST = re.compile(
    r"\b(were|was|had|took|did|gave|got|agreed|replied|responded"
    r"|(?<!re )(?<!is )(?<!be )(?<!being )(?<!been )asked)\b"
)
ANYTIME = "anytime"


def _asks(text, start, end, kind, rules):
    """Whether the phrase at text[start:end] invites, by its kind of cue (INVITE and mentions: by itself):
    True, False, or ANYTIME when it asks someone to use a channel that is always open.

    ASK: its sentence speaks to the reader or the public, or starts with it (an imperative): "please
    complete the survey", not "they had to complete a questionnaire". INVITE_OTHERS: someone invites them to
    it, before it in the sentence: "residents are invited to have their say", not "residents had their say".
    Nothing reported in the past invites: "residents were asked to give their views". "Tell us what you
    think at any time" invites to a standing feedback channel: it asks for views, but no consultation is open.
    """
    left, right = bounds(text, start, end)
    anytime = ANYTIME if _ANYTIME.search(text, left, right) and not _TIME_BOUND.search(text, left, right) else True
    if kind not in (CueKind.ASK, CueKind.INVITE_OTHERS):
        return anytime
    before = text[left:start]
    if _PAST.search(before):
        return False
    if kind is CueKind.INVITE_OTHERS:
        return anytime if rules.enabler is None or rules.enabler.search(before) else False
    opening = before.strip(" *_-•\"'“‘")
    if rules.addressee is None or not opening or _IMPERATIVE.match(opening):
        return anytime  # "Complete the survey…", "Visit bit.ly/x to take part in the survey"
    return anytime if rules.addressee.search(text, left, right) else False


def classify(record, rules, body_text=None, standing=None):
    """Topics, their matches, the two flags (is_consultation: the notice exists to ask for views;
    asks_for_views: its own text invites views anywhere) with their cues, and the survey links that stand, for
    a record's own text.

    body_text: the body as plain words, when the caller has it already (markdown_text of the body).
    standing: the force's standing phrases (signoffs.learn): sentences made of them count for nothing (but one
    repeated in the lead, well before the sign-off, asks for views), and links written only in those stand only
    on a consultation; its standing links ("link:…") count as cues only on a notice that leads with an
    invitation. Survey links on short-link or unknown hosts stand only on a notice that asks for views.
    """
    texts = {w: record.get(w) or "" for w in WHERE}
    body_as_given = texts["body"]
    body, background = _without_background(texts["body"])
    body, signoff_md = split_standing(body, standing)
    # "take part in the [precept survey](…)" must read as words
    texts["body"] = body_text if body_text is not None and not (signoff_md or background) else markdown_text(body)
    topics, matches = [], {}
    lower = {w: t.lower() for w, t in texts.items()}
    for topic in rules.topics:
        hits = []
        for where, text in texts.items():
            if not (any(h in lower[where] for h in topic.hints) or any(a in text for a in topic.acronyms)):
                continue
            for term in dict.fromkeys(m.group(0) for m in topic.pattern.finditer(text)):
                hits.append({"term": term, "where": where})
        if hits:
            topics.append(topic.slug)
            matches[topic.slug] = hits
    score, cues = 0.0, []
    invited = title_invites = headed = views = recruits = title_against = cue_heading = False
    for where, text in texts.items():
        low = lower[where]
        words = set(_WORD.findall(low))
        same = len(low) == len(text)  # then spans in the lowercased text are spans in the text
        for cue in rules.cues:
            if where not in cue.where or (cue.first is not None and words.isdisjoint(cue.first)):
                continue
            m = _find(cue.pattern, low)
            if m is None:
                continue
            said = text[m.start() : m.end()] if same else m.group(0)
            if not cue.invites and cue.kind not in (CueKind.MENTION, CueKind.TITLE):  # against, other asks
                score -= cue.weight * (2 if where == "title" else 1)
                cues.append(f"against, {where}: {said}")
                title_against = title_against or where == "title"
                recruits = recruits or (cue.kind is CueKind.OTHER_ASK and where == "title")
                continue
            verdict = True if where == "title" else _asks(low, m.start(), m.end(), cue.kind, rules)
            asks = cue.invites and verdict is True
            # an invitation phrase that asks nobody is only a mention
            score += (cue.weight if asks or not cue.invites else rules.mention_weight) * _cue_weight(
                where, m.start(), len(text), rules.closing_weight
            )
            # a headline that speaks to the reader invites ("What do you think…?", "Your views on policing")
            invited = invited or asks or (where == "title" and _YOU.search(m.group(0)) is not None)
            title_invites = title_invites or (where == "title" and cue.invites)
            headed = headed or (asks and where != "body")  # the title or description invites
            views = views or (cue.invites and verdict is not False)  # a standing channel asks for views too
            cue_heading = cue_heading or where != "body"
            cues.append(f"{where}: {said}")
    # A standing sentence the notice puts in its lead, well before its sign-off (Hertfordshire's standfirst
    # bullets), is its message there: it asks for views (its consultation cues still do not count).
    leading = [
        x
        for x in _before_the_signoff(body_as_given, signoff_md)
        if _invites(markdown_text(x).lower(), rules, anytime=True)
    ]
    if leading:
        views = True
        cues.append(f"body, the standing sign-off in the lead: {markdown_text(leading[0])[:100]}")
    # Background ("About the Office of the PCC: … to give your views, contact the Commissioner") is no cue, but
    # it is the notice's own text asking for views unless the force repeats it (then it is a sign-off).
    # (Not where it also reports a survey's findings: "The findings of the survey can be found here".)
    bg = markdown_text(split_standing(background, standing)[0]).lower() if background and not views else ""
    if (
        bg
        and _invites(bg, rules, anytime=True)
        and not any(_find(c.pattern, bg) for c in rules.cues if c.kind is CueKind.AGAINST)
    ):
        views = True
        cues.append("background: asks for views (not counted as a consultation cue)")
    links = record.get("survey_links") or []
    # not just the force's sign-off's
    own = [s for s in links if not _only_in(written(s), signoff_md, body + "\n" + "\n".join(leading))]
    counted = own
    if own and standing and not headed:  # the force's standing channel, offered in passing, is no cue...
        channel = {p[5:] for p in standing if p.startswith("link:")}
        if any(link_key(written(s)) in channel for s in own) and not _invites(
            markdown_text(body_as_given)[:LEAD_CHARS].lower(), rules
        ):  # ...unless the notice leads with it
            counted = [s for s in own if link_key(written(s)) not in channel]
    if signoff_md:
        cues.append(f"not counted, the force's standing sign-off: {markdown_text(signoff_md)[:100]}")
    surveys = [s for s in counted if s.get("provider") != "other"]
    if surveys:
        known = any(s.get("provider") != "shortlink" for s in surveys)
        invited = invited or known
        score += rules.survey_link_weight * (1 if known else 0.5)
        cues.extend(f"survey link: {s['url']}" for s in surveys[:3])
    # The headline states the notice's purpose: one that invites decides for ("New uniform - tell us what you
    # think" stays a consultation once the survey has closed); one that says the consultation is over or
    # reports its results decides against. Otherwise the cues must add up and include an invitation (a
    # headline that speaks to the reader is one): talk about a consultation is not one.
    if title_invites:
        consults = True
    elif title_against:
        consults = False
    else:
        consults = score >= rules.threshold and invited
    # A consultation notice exists to ask for views: its headline, description or lead says so. A story about
    # something else that also plugs a survey further down asks for views but is not a consultation notice.
    lead = max(LEAD_CHARS, len(texts["body"]) // 2)  # the lead, or the first half: where an invitation starts
    is_consultation = consults and (
        headed
        or cue_heading
        or _YOU.search(texts["title"]) is not None
        or texts["title"].rstrip().endswith("?")
        or _invites(lower["body"], rules, before=lead)
    )
    # Any invitation asks for views: a results page or a crime story that also says "you can still have your
    # say" (the headline only decides what the notice is for), a channel open at any time included.
    asks = consults or (views and not recruits)  # "have your say by joining our advisory group": a recruitment
    if not is_consultation:  # on a consultation the sign-off's link is where to answer too; elsewhere only the
        # notice's own links count, and a short link or unknown host only where the notice asks for views
        links = [s for s in own if asks or s.get("provider") not in UNCONFIRMED]
    return {
        "topics": topics,
        "topic_matches": matches,
        "is_consultation": is_consultation,
        "asks_for_views": asks,
        "consultation_cues": cues,
        "survey_links": links,
    }


# "Notes to editors" and "About the Office of the PCC" close a press release with background for journalists,
# not the notice's message ("…listen to the views of the public. To give your views, contact…").
_BACKGROUND = re.compile(
    r"^(?:#+ |\*\*|__)?(?:notes? (?:to|for) editors?|editor['’]?s notes?)\b.{0,60}$"
    r"|^(?:#+ |\*\*|__)about [^\n]{1,80}?(?:\*\*|__)?:?[ \t]*$",
    re.I | re.M,
)


def _without_background(md):
    """(the body without its background sections, the background): from the first such heading in the body's
    second half ("About the survey" at the top of a consultation is its message)."""
    m = _BACKGROUND.search(md, len(md) // 2) if "editor" in md or "about" in md.lower() else None
    return (md[: m.start()], md[m.start() :]) if m else (md, "")


def _invites(low, rules, anytime=False, before=None):
    """Whether lowercased text holds an invitation (as classify counts one: asking someone; with anytime, to a
    channel that is always open too), one that starts before the character `before` if given."""
    words = set(_WORD.findall(low if before is None else low[:before]))
    for cue in rules.cues:
        if cue.invites and (cue.first is None or not words.isdisjoint(cue.first)):
            m = _find(cue.pattern, low)
            if (
                m
                and (before is None or m.start() < before)
                and _asks(low, m.start(), m.end(), cue.kind, rules) in ((True, ANYTIME) if anytime else (True,))
            ):
                return True
    return False


def _before_the_signoff(md, signoff_md, gap=300):
    """The standing sentences that stand in the lead of the Markdown md with the notice's sign-off (another
    standing sentence) more than `gap` characters after them: not the sign-off of a short notice."""
    if not signoff_md:
        return []
    cut = [x for x in dict.fromkeys(signoff_md.split("\n")) if x]
    starts = sorted(m.start() for x in cut for m in re.finditer(re.escape(x), md))
    out = []
    for x in cut:
        at = md.find(x)
        if 0 <= at < LEAD_CHARS and any(s > at + len(x) + gap for s in starts):
            out.append(x)
    return out


def written(survey_link):
    """A survey link as the page wrote it: a short link resolved in the archive (`crawl --resolve-links`)
    is shown at its final URL, but the page, its sign-offs and the force's standing links have the short one."""
    return survey_link.get("short_url") or survey_link["url"]


def _only_in(url, signoff_md, body):
    """Whether a link is written only in the sign-off sentences (by its host and path, however Markdown has it:
    as text, or as a link's target, wrapped in a redirect or not)."""
    if not signoff_md:
        return False
    key = link_key(url)
    return key in links_in(signoff_md) and key not in links_in(body)
