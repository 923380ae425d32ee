"""The closing date of a consultation or survey, when the text states one.

"the survey closes on 7 March 2021", "closing date: 12/03/2021", "until midnight on Sunday 28 February".
A date without a year takes the publish year (the next one when that would be before publication).
"""

import re
from datetime import date

from crawler.extraction.dates import MONTHS, find_date

TRIGGER = re.compile(
    r"(?:survey|consultation|questionnaire|poll|it|engagement|period)\s+(?:will\s+)?(?:closes?|ends?|runs?|"
    r"(?:is|will be|remains?)\s+open)\s*(?:on|at|until|till|to|by)?"
    r"|closing date(?:\s+for\s+[\w\s]{0,30}?)?\s*(?:is|:|-|–)?"
    r"|deadline(?:\s+for\s+[\w\s]{0,30}?)?\s*(?:is|:|-|–)?"
    r"|(?:open|available|run(?:ning)?|live)\s+(?:until|till|to)"
    r"|\b(?:closes|will close|ends)\s+(?:on|at)"
    r"|(?:respond|responses|complete (?:it|the survey|the questionnaire))\s+(?:by|before)"
    r"|(?:yn\s+cau|dyddiad\s+cau)",
    re.I,
)
_DAY_MONTH = re.compile(
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+"
    r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
    r"|(?P<month2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b",
    re.I,
)
WINDOW = 70


def find_closing(text, published_day=None):
    """(ISO date, raw text) of the stated closing date, or (None, None)."""
    for m in TRIGGER.finditer(text or ""):
        window = text[m.end() : m.end() + WINDOW]
        if not window.strip():
            continue
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
                continue
            return closes.isoformat(), " ".join(text[m.start() : m.end() + partial.end()].split())
    return None, None
