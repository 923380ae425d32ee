"""Which notices are one consultation, and how it stands: pure functions over notices, no archive, no clock.

Notices join one consultation (a campaign) when they
- share a survey link (normalised: scheme, `www.`, a trailing slash and tracking parameters do not count) and
  were published within LINK_DAYS of the first of them: a link kept for years (a neighbourhood's standing
  feedback page) makes one consultation per round, not one for ever, or
- have near-duplicate texts (MinHash of word shingles, Jaccard >= NEAR_DUPLICATE) published within NEAR_DAYS
  of each other (a force reuses last year's words for this year's precept survey), or
- share a template (Jaccard >= TEMPLATE) across publishers, on one topic, and the campaign says the survey is
  national: forces rewrite a national survey's text locally, keeping some of its sentences, or
- invite views on the same topic, state the same closing date, were published within NATIONAL_DAYS of each
  other, and both campaigns say the survey is national ("a national survey", "across the country", NPCC).
"Within days" holds when a date is unknown (an undated notice cannot be placed; the other conditions must
still hold).
Topic and closing date alone never join (every PCC's precept consultation closes in late January), and a
group never holds two survey links of which no notice holds both: two different surveys are never joined.

A results notice ("thank you to the 1,200 people who took part", "the results of our survey") joins the
consultation whose survey link it shares, else the latest one of its publisher on a topic it shares that
opened before it (within RESULTS_DAYS), and makes its status `outcome published`.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from datasketch import MinHash, MinHashLSH

from crawler.extraction import normalise_url

NEAR_DUPLICATE = 0.6  # Jaccard similarity of 5-word shingles
SHINGLE = 5
NEAR_DAYS = 60
LINK_DAYS = 42  # six weeks: a survey runs three to six; a standing feedback link outlives many rounds
TEMPLATE = 0.2  # a national survey's template, rewritten locally: measured 0.20-0.38 on the 2021 ANPR posts
NATIONAL_DAYS = 14
RESULTS_DAYS = 365
CLOSING_SOON_DAYS = 7

NATIONAL = re.compile(
    r"\bnational\s+(?:online\s+)?(?:survey|consultation|questionnaire)|\bacross\s+the\s+country\b|\bnationwide\b"
    r"|\bNPCC\b|National\s+Police\s+Chiefs'?\s*Council|\bacross\s+England\s+and\s+Wales\b"
    r"|\barolwg\s+cenedlaethol\b",
    re.I,
)
RESULTS = re.compile(
    r"\bthank(?:s| you)\b[^.]{0,80}\b(?:took|taking|take)\s+part\b"
    r"|\bresults?\s+of\s+(?:the|our|this|last\s+\w+'s)\s+(?:[\w'-]+\s+){0,4}(?:survey|consultation|questionnaire)\b"
    r"|\b(?:survey|consultation)\s+(?:results|findings|outcome)\b"
    r"|\byou\s+said,?\s+we\s+did\b",
    re.I,
)

# The notices RESULTS may match, found through the search index (campaigns.read_posts): each FTS5 clause
# holds the words one alternative of RESULTS needs, so every notice RESULTS matches is among these.
RESULTS_SEARCH = " OR ".join(
    (
        '((thank OR thanks) AND ("took part" OR "taking part" OR "take part"))',
        '(("result of" OR "results of") AND (survey OR consultation OR questionnaire))',
        '"survey results" OR "survey findings" OR "survey outcome"',
        '"consultation results" OR "consultation findings" OR "consultation outcome"',
        '"you said we did"',
    )
)


@dataclass(frozen=True)
class Post:
    """A notice as grouping reads it."""

    id: str
    publisher: str | None
    published: str | None  # YYYY-MM-DD (UK day)
    title: str
    url: str
    text: str  # title, standfirst and body as plain words
    survey_urls: frozenset = frozenset()
    topics: frozenset = frozenset()
    closes: str | None = None  # YYYY-MM-DD
    closes_raw: str | None = None
    invites: bool = True  # flagged as a consultation (or holding a survey link)
    translation: bool = False  # a Welsh notice paired with its English one: on one day the English one leads

    @property
    def results(self):
        """A results notice: reports what a consultation found, inviting nothing."""
        return not self.invites and bool(RESULTS.search(self.text))

    @property
    def national(self):
        return bool(NATIONAL.search(self.text))


def survey_key(url):
    """A survey link as grouping compares it: host without `www.`, path without a trailing slash, query."""
    url = normalise_url(url) or url
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return host + (parts.path.rstrip("/") or "") + ("?" + parts.query if parts.query else "")


def shingles(text):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


@dataclass
class _Groups:
    """Union-find over posts, each group knowing its survey links: groups of different surveys never merge."""

    parent: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    national: dict = field(default_factory=dict)  # whether one of the group's posts says the survey is national

    def add(self, post):
        self.parent[post.id] = post.id
        self.links[post.id] = set(post.survey_urls)
        self.national[post.id] = post.national

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.links[a] and self.links[b] and not self.links[a] & self.links[b]:
            return  # two different surveys
        a, b = sorted((a, b))
        self.parent[b] = a
        self.links[a] |= self.links.pop(b)
        self.national[a] = self.national[a] or self.national.pop(b)

    def is_national(self, x):
        return self.national[self.find(x)]


def _days_apart(a, b):
    if not a or not b:
        return None
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def _within(a, b, days):
    """Published within days of each other, or not known not to be (a date is unknown)."""
    apart = _days_apart(a.published, b.published)
    return apart is None or apart <= days


def group(posts):
    """The consultations among posts: lists of posts, the invitations (oldest first) then their results notices.
    A post neither inviting views nor reporting results is left out."""
    invitations = [p for p in posts if p.invites]
    groups = _Groups()
    for p in invitations:
        groups.add(p)
    _join_by_link(invitations, groups)
    _join_similar(invitations, groups)
    _join_national(invitations, groups)
    members = {}
    for p in sorted(invitations, key=_order):
        members.setdefault(groups.find(p.id), []).append(p)
    for r in sorted((p for p in posts if p.results), key=_order):
        home = _results_home(r, members, groups)
        if home is not None:
            members[home].append(r)
    return list(members.values())


def _join_by_link(posts, groups):
    """Posts of one survey link, oldest first: each joins the round opened by the first post of the last LINK_DAYS
    (an undated one, the latest round)."""
    by_link = {}
    for p in sorted(posts, key=_order):
        for link in p.survey_urls:
            by_link.setdefault(link, []).append(p)
    for same in by_link.values():
        first = same[0]
        for p in same[1:]:
            apart = _days_apart(first.published, p.published)
            if apart is None or apart <= LINK_DAYS:
                groups.join(first.id, p.id)
            else:
                first = p


def _order(p):
    return (p.published or "9999", p.translation, p.id)


def _join_similar(posts, groups):
    """Near-duplicates within NEAR_DAYS; a shared template across publishers on one topic, within
    NATIONAL_DAYS, when the campaign says it is national (MinHash LSH finds the candidates)."""
    lsh = MinHashLSH(threshold=TEMPLATE, num_perm=128)
    hashes, by_id, sets = {}, {p.id: p for p in posts}, {p.id: shingles(p.text) for p in posts}
    for p in posts:
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in sets[p.id]])
        hashes[p.id] = m
        lsh.insert(p.id, m)
    for p in posts:
        for other in sorted(lsh.query(hashes[p.id])):
            o = by_id[other]
            similarity = _jaccard(sets[p.id], sets[other]) if other != p.id else 0
            dated = _days_apart(p.published, o.published)
            if similarity >= NEAR_DUPLICATE and dated is not None and dated <= NEAR_DAYS:
                groups.join(p.id, other)
            elif (
                similarity >= TEMPLATE
                and p.publisher != o.publisher
                and p.topics & o.topics
                and _within(p, o, NATIONAL_DAYS)
                and (groups.is_national(p.id) or groups.is_national(other))
            ):
                groups.join(p.id, other)


def _jaccard(a, b):
    """The exact Jaccard similarity of two shingle sets (MinHash only proposes the candidates)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def _join_national(posts, groups):
    """Same topic, same closing date, within days, and both campaigns say the survey is national."""
    buckets = {}
    for p in posts:
        if p.closes:
            for topic in p.topics:
                buckets.setdefault((topic, p.closes[:10]), []).append(p)
    for same in buckets.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if _within(a, b, NATIONAL_DAYS) and groups.is_national(a.id) and groups.is_national(b.id):
                    groups.join(a.id, b.id)


def _results_home(r, members, groups):
    """The group a results notice reports on: of those that opened before it (within RESULTS_DAYS), the latest
    holding its survey link, else the latest of its publisher on a topic it shares."""
    opened = {
        root: posts
        for root, posts in members.items()
        if posts[0].published
        and r.published
        and posts[0].published <= r.published
        and _days_apart(posts[0].published, r.published) <= RESULTS_DAYS
    }
    by_link = [root for root in opened if r.survey_urls & groups.links.get(root, set())]
    by_topic = [
        root
        for root, posts in opened.items()
        if any(p.publisher == r.publisher for p in posts) and r.topics & set().union(*(p.topics for p in posts))
    ]
    for found in (by_link, by_topic):
        if found:
            return max(found, key=lambda root: members[root][0].published)
    return None


@dataclass(frozen=True)
class Consultation:
    id: str
    title: str
    publishers: tuple
    topics: tuple
    survey_links: tuple
    opens: str | None
    closes: str | None
    closes_evidence: str | None
    status: str
    status_evidence: str
    notices: tuple  # (post, role): role announcement, reminder or results


def consultation(posts, today):
    """The consultation a group of posts (from group()) makes, as it stands on `today` (a date): only what was
    published by then counts. None when nothing of it was published yet."""
    posts = [p for p in posts if not p.published or p.published[:10] <= today.isoformat()]
    invitations = [p for p in posts if p.invites]
    if not invitations:
        return None
    seen, roles = set(), []
    for p in posts:
        role = "results" if not p.invites else "reminder" if p.publisher in seen else "announcement"
        seen.add(p.publisher)
        roles.append((p, role))
    first = invitations[0]
    stating = [p for p in invitations if p.closes]
    last_word = max(stating, key=_order) if stating else None  # a later notice may extend the closing date
    closes = last_word.closes[:10] if last_word else None
    closes_evidence = f'"{last_word.closes_raw or last_word.closes}" ({last_word.id})' if last_word else None
    status, why = _status(closes, [p for p, role in roles if role == "results"], today, closes_evidence)
    return Consultation(
        id=first.id,  # the announcement's notice id: stable while the first notice of it is
        title=first.title,
        publishers=tuple(sorted({p.publisher for p in invitations if p.publisher})),
        topics=tuple(sorted(set().union(*(p.topics for p in invitations)))),
        survey_links=tuple(sorted(set().union(*(p.survey_urls for p in invitations)))),
        opens=min((p.published[:10] for p in invitations if p.published), default=None),
        closes=closes,
        closes_evidence=closes_evidence,
        status=status,
        status_evidence=why,
        notices=tuple(roles),
    )


def _status(closes, results, today, closes_evidence):
    if results:
        r = results[0]
        return "outcome published", f"results notice {r.id} published {r.published or '(undated)'}: {r.title}"
    if not closes:
        return "unknown", "none of its notices states a closing date"
    left = (date.fromisoformat(closes) - today).days
    if left < 0:
        return "closed", f"closed on {closes}, {-left} day(s) before {today}: {closes_evidence}"
    if left <= CLOSING_SOON_DAYS:
        return "closing soon", f"closes on {closes}, {left} day(s) after {today}: {closes_evidence}"
    return "open", f"closes on {closes}, {left} day(s) after {today}: {closes_evidence}"
