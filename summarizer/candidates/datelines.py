"""The dateline: the place a report was filed from, written in capitals where the body
begins ("HANOI, Vietnam (AP) —", "NEW YORK (Reuters) -", "VIENNA —"). It is a place by the
conventions of news writing, whatever else the name could be, and usually where the story
happens; the name finder, which reads capitals as names only inside sentences, would cut it
("YORK") or miss it."""

from __future__ import annotations

import re

# Capitalised words, then optionally ", State" and "(Agency)", then a dash. The place
# itself must be all capitals: a sentence that opens "Reuters — " is not a dateline.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,[ \t]*[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,2})?"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?[—–-]", re.M)
# The dateline opens one of the first paragraphs (after a headline and a byline).
_LINES = 6


def find_dateline(text: str) -> tuple[int, int] | None:
    """The offsets of the dateline's place, or None when the article has none."""
    head_end = 0
    for _ in range(_LINES):
        nxt = text.find("\n", head_end)
        if nxt < 0:
            head_end = len(text)
            break
        head_end = nxt + 1
    match = _DATELINE.search(text, 0, head_end)
    if match is None:
        return None
    place = match.group("place")
    if sum(c.isalpha() for c in place) < 3:
        return None  # "AP —", "U.S. -" is a credit or an initial, not a place
    return match.start("place"), match.end("place")
