"""Topics and the consultation flag, from rules in a TOML data file (topics.toml, or --rules FILE)."""
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crawler.extraction.markdown import markdown_text

BUILTIN_RULES = Path(__file__).with_name("topics.toml")
WHERE = ("title", "description", "body")


@dataclass(frozen=True)
class Rules:
    topics: tuple        # (slug, label, compiled regex, lowercase word hints, acronyms)
    invite: tuple        # (compiled regex, weight factor, where it counts): invitations 1, mentions less
    against: tuple
    threshold: float
    survey_link_weight: float
    against_weight: float
    source: str


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
        hints = tuple({max(t.lower().split(), key=len) for t in spec.get("terms", []) if t.strip()})
        topics.append((slug, spec.get("label", slug), regex, hints, tuple(spec.get("acronyms", []))))
    consult = data.get("consultation") or {}
    try:
        mention_weight = float(consult.get("mention_weight", 0.5))
        weighted = [(p, 1.0, WHERE) for p in consult.get("invite", [])] + \
                   [(p, mention_weight, WHERE) for p in consult.get("mention", [])] + \
                   [(p, mention_weight, ("title",)) for p in consult.get("title", [])]
        # Searched on lowercased text, without re.I and without a leading \b (checked by _find): both
        # stop Python's regex engine from skipping ahead to the phrase's first letters, ten times slower.
        invite = tuple((re.compile(p.lower() + r"\b"), w, where, first_words(p)) for p, w, where in weighted)
        against = tuple((re.compile(p.lower() + r"\b"), first_words(p)) for p in consult.get("against", []))
    except re.error as e:
        raise ValueError(f"{path}: bad consultation phrase: {e}") from None
    return Rules(tuple(topics), invite, against, float(consult.get("threshold", 2)),
                 float(consult.get("survey_link_weight", 2)), float(consult.get("against_weight", 1)), path)


_WORD = re.compile(r"[a-z0-9]+")


def first_words(pattern):
    """The words one of which any match of the phrase starts with, or None when that cannot be read off
    simply. A text without any of them skips the phrase's regex (most of classify's time otherwise)."""
    p = pattern.lower()
    if p.startswith("("):
        depth = 0
        for end, c in enumerate(p):
            depth += (c == "(") - (c == ")")
            if depth == 0:
                break
        body, after = p[1:end], p[end + 1:end + 2]
        if "(" in body or after not in (" ", ""):
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


def _cue_weight(where, position, length):
    """A cue in the title or standfirst states the notice's purpose; one in the closing lines is often
    a sign-off every story of a force carries ("have your say on local priorities: bit.ly/…")."""
    if where == "title":
        return 3.0
    if where == "description":
        return 2.0
    in_closing_lines = position > length - 350 and position / max(length, 1) > 0.7
    return 0.5 if in_closing_lines else 1.5


def classify(record, rules, body_text=None):
    """Topics, their matches, and the consultation flag with its cues, for a record's own text.

    body_text: the body as plain words, when the caller has it already (markdown_text of the body).
    """
    texts = {w: record.get(w) or "" for w in WHERE}
    # "take part in the [precept survey](…)" must read as words
    texts["body"] = body_text if body_text is not None else markdown_text(texts["body"])
    topics, matches = [], {}
    lower = {w: t.lower() for w, t in texts.items()}
    for slug, _label, regex, hints, acronyms in rules.topics:
        hits = []
        for where, text in texts.items():
            if not (any(h in lower[where] for h in hints) or any(a in text for a in acronyms)):
                continue
            for term in dict.fromkeys(m.group(0) for m in regex.finditer(text)):
                hits.append({"term": term, "where": where})
        if hits:
            topics.append(slug)
            matches[slug] = hits
    score, cues = 0.0, []
    for where, text in texts.items():
        low = lower[where]
        words = set(_WORD.findall(low))
        same = len(low) == len(text)  # then spans in the lowercased text are spans in the text
        for regex, factor, places, first in rules.invite:
            if where not in places or (first is not None and words.isdisjoint(first)):
                continue
            m = _find(regex, low)
            if m:
                score += factor * _cue_weight(where, m.start(), len(text))
                cues.append(f"{where}: {text[m.start():m.end()] if same else m.group(0)}")
        for regex, first in rules.against:
            if first is not None and words.isdisjoint(first):
                continue
            m = _find(regex, low)
            if m:
                score -= rules.against_weight * (2 if where == "title" else 1)
                cues.append(f"against, {where}: {text[m.start():m.end()] if same else m.group(0)}")
    surveys = [s for s in record.get("survey_links") or [] if s.get("provider") != "other"]
    if surveys:
        known = any(s.get("provider") != "shortlink" for s in surveys)
        score += rules.survey_link_weight * (1 if known else 0.5)
        cues.extend(f"survey link: {s['url']}" for s in surveys[:3])
    is_consultation = score >= rules.threshold and any(not c.startswith(("survey link", "against")) for c in cues)
    return {"topics": topics, "topic_matches": matches, "is_consultation": is_consultation,
            "consultation_cues": cues}
