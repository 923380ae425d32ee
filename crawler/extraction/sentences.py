"""Where sentences end: the one splitter the classifier, the sign-off learner and survey links share.

A sentence ends at . ! or ? (with any closing quote or bracket after it) before a space or the text's end,
or at a line's end. Not the dots of "bit.ly/x", "£1.25" or "e.g.x": a full stop ends a sentence only before
a space.
"""

import re

END = re.compile(r"[.!?][\"'”’)]*(?=\s|$)|\n")


def sentences(text):
    """The sentences of plain text, stripped, empty ones left out."""
    out, start = [], 0
    for m in END.finditer(text or ""):
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append((text or "")[start:].strip())
    return [s for s in out if s]


def bounds(text, start, end, reach=300):
    """(left, right) of the sentence holding text[start:end], looking back at most `reach` characters: left
    just after the previous sentence's end, right at the start of this one's end mark (or the text's end)."""
    window = max(0, start - reach)
    left = max((m.end() for m in END.finditer(text, window, start)), default=window)
    right = END.search(text, end)
    return left, right.start() if right else len(text)
