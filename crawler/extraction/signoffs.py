"""Standing invitations: the sign-off sentences a force repeats under its notices, learned from many of them.

Hertfordshire ends hundreds of stories with "use our community voice platform echo … visit bit.ly/police-x
and have your say", worded a little differently from area to area. On one page that reads as an
invitation to a consultation; across the force's notices it is furniture, and flagging it would bury the
real consultations. A page alone cannot tell the two apart, so the archive (or a manifest run) learns which
phrases a force keeps repeating, and classification ignores the sentences made of them.

Only sentences that could carry a consultation cue are looked at (CUE_WORDS). Their words (digits and
punctuation aside; a link, or a run of capitalised names, is one word) are cut into three-word phrases. A
phrase is standing for a force when it appears in at least MIN_NOTICES of the force's notices published over
more than MIN_DAYS days: a consultation campaign repeats its invitation too, but only while it is open
(rarely more than twelve weeks). A sentence is standing when at least half of its phrases are. The links of
those sentences are counted the same way ("link:bit.ly/herts-echo"): a standing link is the force's feedback
channel, a survey link only on a notice that leads with it (topics.classify).
"""

import re
from collections import defaultdict
from datetime import date

from crawler.extraction.sentences import sentences
from crawler.extraction.urls import unwrap

MIN_NOTICES = 10
MIN_DAYS = 92
STANDING_SHARE = 0.5
CUE_WORDS = re.compile(
    r"\b(say|views?|survey|feedback|think|consult\w*|questionnaire|opinions?|thoughts|matters|"
    r"questions?|concerns|vote|arolwg|barn|dweud)\b",
    re.I,
)
_URL = re.compile(r"\S*(?:https?://|www\.|\b[a-z0-9-]+\.(?:ly|gle|me|co|uk|com|org|net|gov)/)\S*", re.I)
_EMPHASIS = re.compile(r"(?<!\S)[_*]+")  # Markdown emphasis opening a link: "_bit.ly/herts-echo_"
_LINK_PREFIX = re.compile(r"^[(<\[*_]*(https?://)?(www\.)?")
_NOT_WORDS = re.compile(r"[^A-Za-z]+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# Words that vary with how a link is written, not with what is said.
_LINK_WORDS = re.compile(r"\(opens in (a )?new (window|tab)\)|\bclick here\b|\blink is external\b", re.I)


def phrases(sentence):
    """The three-word phrases of a sentence's words, lowercased, numbers left out; a link or a run of names
    (capitalised words after the first) is one word, "x": each area's copy of a sign-off names its own
    ("Go to St Albans echo and have your say", "Go to bit.ly/police-bw and have your say")."""
    text = _MD_LINK.sub(r" \1 ", sentence) if "](" in sentence else sentence
    words = []
    for i, word in enumerate(_NOT_WORDS.sub(" ", _URL.sub(" X ", _LINK_WORDS.sub(" ", text))).split()):
        word = "x" if i and word[0].isupper() else word.lower()
        if word != "x" or not words or words[-1] != "x":
            words.append(word)
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def link_key(url):
    """A link as sign-offs write it, whatever the scheme, "www." or redirect wrapper: "bit.ly/herts-echo"."""
    url = _LINK_PREFIX.sub("", url.strip())
    if "url=" in url or "q=" in url:
        url = _LINK_PREFIX.sub("", unwrap("https://" + url))
    key = url.lower().rstrip("/.,;:!?)]_*")
    return key if "/" in key else key + "/"


def links(sentence):
    """The link keys written in a sentence (as text or as a Markdown link's target)."""
    return {link_key(m.group(0)) for m in _URL.finditer(_EMPHASIS.sub(" ", sentence.replace("](", "] (")))}


def cue_phrases(text):
    """The phrases of the sentences of text that could carry a consultation cue, and their links as
    "link:<key>" (a link a force repeats under its notices for months is its standing feedback channel)."""
    out = set()
    for s in sentences(text):
        if CUE_WORDS.search(s):
            out |= phrases(s)
            if "/" in s:
                out |= {"link:" + k for k in links(s)}
    return out


class Learner:
    """Counts the cue phrases of a force's notices, one notice at a time (a crawl, a manifest, an archive)."""

    def __init__(self):
        self.seen = defaultdict(dict)  # force -> {phrase: (notices, first day, last day)}

    def add(self, force, published, body):
        """One notice: its force, its publish date (ISO; None counts but spans nothing), its body text."""
        if not force:
            return
        day, found = _day(published), self.seen[force]
        for p in cue_phrases(body):
            n, first, last = found.get(p, (0, None, None))
            if day:
                first, last = min(first or day, day), max(last or day, day)
            found[p] = (n + 1, first, last)

    def standing(self, min_notices=MIN_NOTICES, min_days=MIN_DAYS):
        """{force: {phrase: (notices, first day, last day)}} of the phrases that are standing."""
        return {
            force: {p: s for p, s in found.items() if s[0] >= min_notices and s[1] and (s[2] - s[1]).days > min_days}
            for force, found in self.seen.items()
        }


def learn(notices, min_notices=MIN_NOTICES, min_days=MIN_DAYS):
    """Standing phrases by force ({force: {phrase: (notices, first, last)}}) of (force, published, body)."""
    learner = Learner()
    for force, published, body in notices:
        learner.add(force, published, body)
    return learner.standing(min_notices, min_days)


def _day(published):
    try:
        return date.fromisoformat(published[:10]) if published else None
    except (TypeError, ValueError):
        return None


def standing_share(sentence, standing):
    found = phrases(sentence)
    return len(found & standing) / len(found) if found else 0.0


def split_standing(text, standing):
    """(text without its standing sentences, the standing sentences), both as given (Markdown or plain).

    A sign-off's last line often names the area's own link ("Visit Welwyn, Hatfield echo and tell us your
    thoughts"), so a cue sentence right beside a standing one in the same paragraph is part of it when a
    third of its phrases are standing too.
    """
    if not standing or not text or not CUE_WORDS.search(text):
        return text, ""
    kept, cut = [], []
    for block in text.split("\n\n"):
        sents = sentences(block)
        cue = [bool(CUE_WORDS.search(x)) for x in sents]
        share = [standing_share(x, standing) if c else 0.0 for x, c in zip(sents, cue)]
        sign = [sh >= STANDING_SHARE for sh in share]
        for i, (x, c) in enumerate(zip(sents, cue)):
            beside = (i > 0 and sign[i - 1]) or (i + 1 < len(sents) and sign[i + 1])
            (cut if sign[i] or (c and beside and share[i] >= 1 / 3) else kept).append(x)
    return "\n".join(kept), "\n".join(cut)
