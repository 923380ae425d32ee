"""UK dates as police sites write them, parsed without guessing.

Formats are known (REFERENCE.md), so each is a regular expression rather than a general-purpose guesser:
numeric dates are day-first, a time without a zone is Europe/London wall-clock time, and anything that does
not parse cleanly is None, never a guess.
"""

import re
from datetime import UTC, date, datetime, time
from typing import NamedTuple
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            (),
            ("january", "jan", "ionawr"),
            ("february", "feb", "chwefror"),
            ("march", "mar", "mawrth"),
            ("april", "apr", "ebrill"),
            ("may", "mai"),
            ("june", "jun", "mehefin"),
            ("july", "jul", "gorffennaf"),
            ("august", "aug", "awst"),
            ("september", "sep", "sept", "medi"),
            ("october", "oct", "hydref"),
            ("november", "nov", "tachwedd"),
            ("december", "dec", "rhagfyr"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# 13:35, 13:35:00, 9.48am, 10:42 am, 20:10 BST
_TIME = (
    r"(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>BST|GMT|UTC))?"
)
_SEP = r"(?:\s*(?:,|at|on|-|–|\|)?\s*)"

PATTERNS = [
    # ISO 8601, as in meta tags and JSON-LD (a year of this era: "0001-01-01" is some CMSs' empty date)
    re.compile(
        r"(?P<year>(?:19|20)\d\d)-(?P<month_n>\d\d)-(?P<day>\d\d)"
        r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
        r"\s*(?P<offset>Z|[+-]\d\d:?\d\d)?)?"
    ),
    # 13:35 15/02/2021 (SOH), Posted on 13:29:00 on 13th November 2019
    re.compile(_TIME + _SEP + r"(?P<day>[0-3]?\d)[/.](?P<month_n>[01]?\d)[/.]" + _YEAR + r"\b"),
    re.compile(_TIME + _SEP + _WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
    # 2016/11/18 06:31:41, 2019.12.02: year first, then month and day (no one writes year, day, month)
    re.compile(
        r"(?<![\d/.])" + _YEAR + r"(?P<sep>[/.])(?P<month_n>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d/.])"
        r"(?:[ T](?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?)?"
    ),
    # 15/02/2021 13:35, 15/02/2021
    re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)[/.](?P<month_n>[01]?\d)[/.]" + _YEAR + r"(?:" + _SEP + _TIME + r")?"),
    # Tuesday 16 February 2021, 12th August 2020 at 09:48, 09 Nov 2020 10:59
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"(?:" + _SEP + _TIME + r")?", re.I),
    # February 18, 2021; Mar 31, 2021 20:10 BST; Tuesday, March 2, 2021
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?:" + _SEP + _TIME + r")?", re.I),
]


class ParsedDate(NamedTuple):
    local: str  # ISO 8601 in Europe/London with offset, or YYYY-MM-DD when no time is given
    utc: str  # ISO 8601 UTC ("Z"), or YYYY-MM-DD when no time is given
    raw: str  # the text it came from
    has_time: bool

    @property
    def day(self):
        return date.fromisoformat(self.local[:10])


def _build(m, raw):
    g = m.groupdict()
    try:
        year = int(g["year"])
        month = int(g["month_n"]) if g.get("month_n") else MONTHS[g["month"].lower().rstrip(".")]
        day = date(year, month, int(g["day"]))
    except (ValueError, KeyError, TypeError):
        return None
    if not g.get("hour"):
        return ParsedDate(day.isoformat(), day.isoformat(), raw, False)
    hour, minute, second = int(g["hour"]), int(g["minute"]), int(g.get("second") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        return None
    naive = datetime.combine(day, time(hour, minute, second))
    offset = g.get("offset")
    zone = (g.get("zone") or "").upper()
    if offset:
        try:
            stamp = datetime.fromisoformat(naive.isoformat() + ("+00:00" if offset == "Z" else offset))
        except ValueError:  # an offset of a day or more ("+99:99")
            return None
    elif zone in ("GMT", "UTC"):
        stamp = naive.replace(tzinfo=UTC)
    else:  # BST or no zone: UK wall-clock time
        stamp = naive.replace(tzinfo=LONDON)
    local = stamp.astimezone(LONDON)
    utc = stamp.astimezone(UTC)
    return ParsedDate(local.isoformat(), utc.strftime("%Y-%m-%dT%H:%M:%SZ"), raw, True)


_HAS_YEAR = re.compile(r"(?:19|20)\d\d")  # every pattern needs a year: a cheap test before six searches


def find_date(text):
    """The first date in text, with the span it covers: (ParsedDate, start, end) or None."""
    if not text or not _HAS_YEAR.search(text):
        return None
    best = None
    for pattern in PATTERNS:
        m = pattern.search(text)
        if m and (
            best is None or m.start() < best[1].start() or (m.start() == best[1].start() and m.end() > best[1].end())
        ):
            built = _build(m, m.group(0).strip())
            if built is not None:
                best = (built, m)
    if best is None:
        return None
    return best[0], best[1].start(), best[1].end()


def dates_in(text):
    """Every date of text in turn, as ParsedDate: find_date(text), then find_date of the text after it, and so
    on. Each format's next match is kept, not searched for again after every date: a long text full of dates
    (a page whose broken markup made one 46 KB text node) cost 0.45 s the other way. A kept match starts past
    the cut, where it sees the same characters as in a cut text; only at the cut can a format match anew (its
    lookbehind then sees the start of the text), which match() checks."""
    start = 0
    firsts = [pattern.search(text) for pattern in PATTERNS] if text else []
    while _HAS_YEAR.search(text, start):
        rest = text[start:]
        best = None
        for i, pattern in enumerate(PATTERNS):
            m = firsts[i]
            if m is not None and m.start() - start <= 0:  # reached by the cut (or at it): look again
                m = firsts[i] = pattern.search(text, start + 1)
            at_cut = pattern.match(rest)
            if at_cut is not None:  # (a match at the cut comes first, as find_date on the cut text finds it)
                found = (at_cut, 0, at_cut.end())
            elif m is not None:
                found = (m, m.start() - start, m.end() - start)
            else:
                continue
            if best is None or found[1] < best[2] or (found[1] == best[2] and found[2] > best[3]):
                built = _build(found[0], found[0].group(0).strip())
                if built is not None:
                    best = (built, found[0], found[1], found[2])
        if best is None:
            return
        yield best[0]
        start += best[3]


# 02.12.19, 15/02/21: a two-digit year, read only when it is all a line says (short_date)
_SHORT = re.compile(r"(?P<day>[0-3]?\d)(?P<sep>[/.])(?P<month_n>[01]?\d)(?P=sep)(?P<yy>\d\d)")


def short_date(text):
    """The date of a line that is nothing but a day-first numeric date with a two-digit year ("02.12.19"),
    of this century; None for anything else (a version number, a sentence)."""
    m = _SHORT.fullmatch(text.strip()) if text else None
    if not m:
        return None
    try:
        day = date(2000 + int(m.group("yy")), int(m.group("month_n")), int(m.group("day")))
    except ValueError:
        return None
    return ParsedDate(day.isoformat(), day.isoformat(), text.strip(), False)


def parse_date_text(text):
    """Parse one date written as UK police sites write it; None when there is none."""
    found = find_date(text)
    if not found:
        return None
    return found[0]._replace(raw=" ".join(text.split()))
