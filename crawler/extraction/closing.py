"""The closing date of a consultation or survey, when the text states one.

"the survey closes on 7 March 2021", "closing date: 12/03/2021", "until midnight on Sunday 28 February".
A date without a year takes the publish year (the next one when that would be before publication).
Only when no closing date is stated, a length from a start: "open for six weeks from 15 February 2021".
"""

import re
from datetime import date, timedelta

from crawler.extraction.dates import MONTHS, find_date

TRIGGER = re.compile(
    r"(?:survey|consultation|questionnaire|poll|it|engagement|period)\s+(?:will\s+)?(?:closes?|ends?|runs?|"
    r"(?:is|will be|remains?)\s+open)\s*(?:on|at|until|till|to|by)?"
    r"|closing date(?:\s+for\s+[\w\s]{0,30}?)?\s*(?:is|:|-|–)?"
    r"|deadline(?:\s+for\s+[\w\s]{0,30}?)?\s*(?:is|:|-|–)?"
    r"|(?:open|available|run(?:ning)?|live)\s+(?:until|till|to)"
    r"|\b(?:closes|will close|ends)\s+(?:on|at)"
    r"|(?:respond|responses|complete (?:it|the survey|the questionnaire))\s+(?:by|before)"
    r"|(?:yn\s+cau|dyddiad\s+cau|ar\s+agor\s+(?:tan|hyd\s+at))",
    re.I,
)
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# "open for six weeks from 15 February", "runs for 4 weeks, starting on Monday 1 March": a length, then the start
DURATION = re.compile(
    r"(?:open|run(?:s|ning)?|live|available)\s+for\s+(?:a\s+period\s+of\s+)?"
    r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")\s+(?P<unit>days?|weeks?)\s*,?\s*"
    r"(?:from|starting(?:\s+(?:on|from))?|beginning(?:\s+on)?|commencing(?:\s+on)?)",
    re.I,
)
_DAY_MONTH = re.compile(
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
    r"|(?P<month2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b",
    re.I,
)
WINDOW = 70
_FROM_TO = re.compile(r"\s*from\b[^.;!?]{0,60}?\b(?:to|until|till)\b", re.I)


def find_closing(text, published_day=None):
    """(ISO date, raw text) of the stated closing date, else of a length from a start, or (None, None)."""
    lengths = list(DURATION.finditer(text or ""))
    for m in TRIGGER.finditer(text or ""):
        if any(d.start() < m.end() <= d.end() for d in lengths):
            continue  # "the survey is open for six weeks from …": a length's start, not its closing date
        if re.match(r"\s*from\b", text[m.end() :], re.I):
            # "open from 15th February" says when it opens; "runs from 30 August to 9 November", both
            until = _FROM_TO.match(text, m.end())
            found = _date_after(text, until, published_day) if until else (None, None)
        else:
            found = _date_after(text, m, published_day)
        if found[0]:
            return found
    for m in lengths:  # only when no closing date is stated: the page's own date wins
        start, raw = _date_after(text, m, published_day)
        if start:
            n = m.group("n").lower()
            days = (int(n) if n.isdigit() else _NUMBERS[n]) * (7 if m.group("unit").lower().startswith("week") else 1)
            return (date.fromisoformat(start[:10]) + timedelta(days=days)).isoformat(), raw
    return None, None


def _date_after(text, m, published_day):
    """(ISO date, raw text from the match to the date) of the date just after match m, in its sentence."""
    window = text[m.end() : m.end() + WINDOW]
    if not window.strip():
        return None, None
    cut = re.search(r"[.;!?](\s|$)", window)  # stay within the sentence
    if cut:
        window = window[: cut.start()]
    found = find_date(window)
    if found:
        parsed, _, end = found
        return parsed.local, " ".join(text[m.start() : m.end() + end].split())
    partial = _DAY_MONTH.search(window)
    if partial and published_day:
        day = int(partial.group("day") or partial.group("day2"))
        month = MONTHS[(partial.group("month") or partial.group("month2")).lower()]
        try:
            closes = date(published_day.year, month, day)
            if closes < published_day:
                closes = date(published_day.year + 1, month, day)
        except ValueError:
            return None, None
        return closes.isoformat(), " ".join(text[m.start() : m.end() + partial.end()].split())
    return None, None
