"""Names that run across words the plain capitalised-run rule stops at: an ampersand
("Procter & Gamble"), a possessive office ("U.S. Attorney's Office"), an agency named for
two things ("Food and Drug Administration"), and "on" after a body ("National Institute on
Drug Abuse"). Also the two places where a run must be cut: a credit line at the foot of a
story, and a place glued to the person who serves there ("ambassador to Britain Liu
Xiaoming")."""

from __future__ import annotations

import re

from summarizer.candidates.countries import is_country
from summarizer.candidates.states import is_state

# Possessors that name an office or a people, not an owner: "Sheriff's Office", "People's
# Liberation Army", "Children's Hospital". After any other possessor the name ends:
# "Trump's Justice Department" is two names.
_OFFICE_POSSESSORS = {
    "attorney", "attorneys", "sheriff", "examiner", "coroner", "prosecutor", "defender",
    "comptroller", "controller", "auditor", "treasurer", "clerk", "assessor", "marshal",
    "general", "mayor", "governor", "commissioner", "people", "children", "women", "men",
    "veterans", "workers", "farmers",
}
# Last words of an agency named for two things joined by "and": "Food and Drug
# Administration", "Securities and Exchange Commission", "Fish and Wildlife Service".
_AGENCY_HEADS = {
    "administration", "agency", "authority", "board", "bureau", "commission", "committee",
    "council", "department", "enforcement", "executive", "foundation", "institute",
    "ministry", "office", "protection", "service", "services",
}
# Bodies after which "on" names a subject, not a day: "Council on Foreign Relations".
_ON_BODIES = {"institute", "committee", "commission", "panel", "council", "conference",
              "convention", "center", "centre"}
_DATES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
          "january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"}
# A post held "to" or "for" a country, written before the holder's name.
_POST_BEFORE = re.compile(r"\b(?:ambassador|envoy|minister|secretary|representative|consul|"
                          r"commissioner|delegate|emissary)s?\s+(?:to|for|of|in)\s+(?:the\s+)?$",
                          re.IGNORECASE)
# "Contributing: Jane Doe", "(Reporting by Jane Doe; Editing by John Roe)": the people who
# wrote the story, not people in it.
_CREDIT_LINE = re.compile(r"^[(\[]?\s*(?:contributing(?: reporters?)?\s*:|(?:additional\s+)?"
                          r"reporting\s+(?:by|from)\b|(?:editing|writing|written|compiled|"
                          r"reported)\s+by\b)", re.IGNORECASE)


def _bare(word: str) -> str:
    return re.sub(r"(?:['’]s|['’])$", "", word).rstrip(".,").lower()


def office_possessor(word: str) -> bool:
    """Whether a possessive word names an office or a people ("Attorney's", "People's")
    rather than an owner, so the name runs on past it."""
    return _bare(word) in _OFFICE_POSSESSORS


def joins_on(previous: str, following: str) -> bool:
    """Whether "on" between these words sits inside a name: after a body and before a
    subject that is no date ("Committee on Foreign Affairs", not "Committee on Monday")."""
    return _bare(previous) in _ON_BODIES and _bare(following) not in _DATES


def agency_head(word: str) -> bool:
    return _bare(word) in _AGENCY_HEADS


def names_two_things(text: str, left: str, right: str) -> bool:
    """Whether "LEFT and RIGHT" is one agency's name: RIGHT ends in an agency word, and LEFT
    is no country or state and is written nowhere else in the article on its own (else
    "Apple and Federal Trade Commission" would be one name)."""
    if not right or not agency_head(right.split()[-1]) or is_country([left]) or is_state(left):
        return False
    pattern = re.escape(left) + r"\b"
    alone = len(re.findall(r"(?<![\w-])" + pattern, text))
    joined = len(re.findall(r"(?<![\w-])" + pattern + r"\s+and\s+" + re.escape(right), text))
    return alone == joined


def post_holder_split(text: str, start: int, words: list[str]) -> int:
    """How many leading words are the country of a post written before its holder's name
    ("ambassador to Britain Liu Xiaoming" gives 1), 0 when the run is not of that shape."""
    if len(words) < 3 or not _POST_BEFORE.search(text, max(0, start - 40), start):
        return 0
    for length in (2, 1):
        if len(words) - length >= 2 and is_country([" ".join(words[:length])]):
            return length
    return 0


def credit_line(sentence: str) -> bool:
    """Whether a line credits the story's reporters or editors."""
    return _CREDIT_LINE.match(sentence.strip()) is not None
