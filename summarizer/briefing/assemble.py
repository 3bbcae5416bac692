"""From the passes' answers to brief items, with evidence taken from candidate offsets."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from summarizer.brief import Actor, Evidence, Figure, Location, OpenQuestion
from summarizer.briefing.passes import ACTOR_KINDS, NOT_ACTING, keyed_values
from summarizer.candidates.acting import a_people, acts, only_moves
from summarizer.candidates.collect import Candidates
from summarizer.candidates.countries import is_country
from summarizer.candidates.labels import counts_label
from summarizer.candidates.names import NameCandidate
from summarizer.candidates.places import (
    a_source,
    firmly_placed,
    only_affiliation,
    only_jurisdiction,
    people_word,
    written_as_place,
)
from summarizer.candidates.questions import question_from
from summarizer.candidates.sentences import sentence_at
from summarizer.eval.similarity import overlap

PLACE_KINDS = {"country": "country", "region": "region", "city": "city", "site": "site"}
# Places that are actors where the article writes them acting ("South Dakota launched a
# campaign"), with the actor kind they take: a state or city acts through its government.
ACTING_PLACES = {"country": "country", "region": "other", "city": "other"}
MAX_QUOTE = 300
MAX_ROLE = 80
MAX_COUNTS = 100
MAX_QUESTION = 200

SAME_COUNTS = 0.5
_NATIONALITY = re.compile(r"(?:an|ian|ese|ish|ic|i)s?$")
_GOVERNING = re.compile(r"\b(?:regime|government|administration|authorities|ministry|military"
                        r"|forces|army|junta|cabinet|parliament)$", re.I)


def evidence(candidates: Candidates, start: int, end: int, offset: int) -> Evidence:
    """The sentence around ``text[start:end]``, clipped to ``MAX_QUOTE`` characters at word
    boundaries; offsets shifted by ``offset`` into the whole article."""
    text = candidates.text
    sentence = sentence_at(candidates.sentences, start)
    lo, hi = (sentence.start, sentence.end) if sentence else (start, end)
    lo, hi = min(lo, start), max(hi, end)
    if hi - lo > MAX_QUOTE:
        room = max(0, MAX_QUOTE - (end - start)) // 2
        lo = max(lo, start - room)
        hi = min(hi, end + room)
        # The text's own start and end are word boundaries too (a text passed without a
        # trailing newline ends in a word: text[hi] would be out of range).
        while 0 < lo < start and not text[lo - 1].isspace():
            lo += 1
        while end < hi < len(text) and not text[hi].isspace():
            hi -= 1
    return Evidence(quote=text[lo:hi], start=lo + offset, end=hi + offset, alignment="mention")


def kinds_of(answer: Any, candidates: Candidates) -> dict[str, str]:
    """The kind the model gave each name (names it did not answer for are left out)."""
    if answer is None:
        return {}
    known = {c.name for c in candidates.names}
    return {name: kind for name, kind in keyed_values(answer).items() if name in known}


def role_names(kinds: dict[str, str], candidates: Candidates) -> list[str]:
    """The names whose role the roles pass asks for: actors, and the countries the article
    writes as acting."""
    spans = {c.name: c.spans for c in candidates.names}
    return [name for name, kind in kinds.items() if kind in ACTOR_KINDS or (
        kind in ACTING_PLACES and name in spans and acts(candidates.text, spans[name]))]


def actors_and_places(kinds: dict[str, str], roles_answer: Any, candidates: Candidates,
                      offset: int) -> tuple[list[Actor], list[Location]]:
    """Actors from people, organizations and groups, and from the countries the article
    writes as acting; places from the place kinds (a country is always a place too)."""
    names = {c.name: c for c in candidates.names}
    roles = {k: " ".join(str(v).split())[:MAX_ROLE]
             for k, v in (keyed_values(roles_answer) if roles_answer is not None else {}).items()}
    roles = {k: v for k, v in roles.items() if told_by(v, candidates.text)}
    actors: list[Actor] = []
    places: list[Location] = []
    filed_from = _dateline_name(candidates)
    if filed_from is not None and kinds.get(filed_from) not in PLACE_KINDS:
        kinds = {**kinds, filed_from: "city"}  # a dateline names a place, whatever the model says
    for name, kind in kinds.items():
        candidate = names[name]
        if kind == "country" and not is_country(candidate.forms):
            if _GOVERNING.search(name):
                kind = "organization"  # "Syrian regime", "Afghan government": who governs
            elif _NATIONALITY.search(name) and not written_as_place(candidates.text,
                                                                      candidate.spans):
                continue  # "Korean", "South Korean": a nationality, neither actor nor place
            else:
                kind = "region"  # "South Carolina", "Burbank": a place, not a government
        if kind in PLACE_KINDS and not is_country(candidate.forms) and people_word(
                name, candidates.text, candidate.spans):
            continue  # "Chinese goods", "the Syrian government": a people, not a place
        role = roles.get(name, "")
        if kind in ACTING_PLACES and _only_a_place(role):
            role = ""
        # A price that moves or the district an office serves is no party and no scene.
        measured = only_moves(candidates.text, candidate.spans)
        district = only_jurisdiction(candidates.text, candidate.spans)
        if (kind in ACTOR_KINDS and not measured and not a_people(name)) or (
                kind in ACTING_PLACES and name != filed_from and not measured
                and not district and acts(candidates.text, candidate.spans)):
            actors.append(_actor(candidate, ACTING_PLACES.get(kind, kind), role, candidates,
                                 offset))
        if kind in PLACE_KINDS and (name == filed_from or
                                    _a_place(kind, candidate, candidates.text,
                                             measured or district)):
            start, end = candidate.spans[0]
            places.append(Location(name=candidate.name, kind=PLACE_KINDS[kind],  # type: ignore[arg-type]
                                   evidence=[evidence(candidates, start, end, offset)]))
    return actors, places


def _a_place(kind: str, candidate: NameCandidate, text: str, no_scene: bool) -> bool:
    """Whether a name the model calls a place is written as one: a site is where something
    is; an outlet or platform is a source; a city or region written only acting and never
    as somewhere ("18 years after Washington invaded", "Beijing is balking") stands for
    its government. A country written only as whose an official or a body is ("a U.S.
    official") is an affiliation. ``no_scene``: every mention is a price that moves
    ("Sterling was last at $1.29") or the district an office serves."""
    if kind == "country":
        return not only_affiliation(text, candidate.spans)
    if no_scene or a_source(candidate.name, text, candidate.spans):
        return False
    if kind == "site":
        return written_as_place(text, candidate.spans)
    return firmly_placed(text, candidate.spans) or not acts(text, candidate.spans)


def _dateline_name(candidates: Candidates) -> str | None:
    if candidates.dateline is None:
        return None
    return next((c.name for c in candidates.names if candidates.dateline in c.spans), None)


# A role that only says what the name is ("place", "is a country", "the capital") says
# that it does nothing in the story.
_PLACE_ROLE = re.compile(r"^(?:(?:it )?(?:is|was) )?(?:an? |the )?(?:" + NOT_ACTING
                         + r"|country|city|state|capital|nation|region|town|location|"
                         r"province)\b")


def _only_a_place(role: str) -> bool:
    return not role or bool(_PLACE_ROLE.match(role.lower().strip(" .")))


_ROLE_WORD = re.compile(r"[A-Za-z]{4,}")
_ROLE_STOP = {"that", "this", "with", "from", "into", "about", "after", "before", "over",
              "their", "they", "were", "been", "being", "have", "which", "when", "where"}
TOLD_SHARE = 0.6


def told_by(role: str, text: str) -> bool:
    """Whether the article tells what a role says: most of its words (by their first five
    letters, so "launches" finds "launched") are the article's. A small model given an
    example role copies it into articles it does not fit ("announced the merger on
    Monday")."""
    words = {w.lower()[:5] for w in _ROLE_WORD.findall(role)} - _ROLE_STOP
    if not words:
        return True
    lowered = _ascii_lowered(text)
    return sum(_starts_a_word(lowered, w.encode()) for w in words) >= TOLD_SHARE * len(words)


@lru_cache(maxsize=64)  # once an article, for all its roles
def _ascii_lowered(text: str) -> bytes:
    """``text`` as UTF-8 with only its ASCII letters lowered (``bytes.lower``): every other
    character stays bytes of 0x80 and up, none of them a letter of ``_ROLE_WORD``."""
    return text.encode("utf-8", "surrogatepass").lower()


_ASCII_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _starts_a_word(lowered: bytes, start: bytes) -> bool:
    """Whether a word of ASCII letters in ``lowered`` starts with ``start``, a role word's
    first letters: all of the word when ``start`` is shorter than five letters. (One search
    for each of a role's few words, where listing the article's words cost 0.05-0.13 ms an
    article.)"""
    whole = len(start) < 5
    at = lowered.find(start)
    while at >= 0:
        after = at + len(start)
        if (at == 0 or lowered[at - 1] not in _ASCII_LETTERS) and not (
                whole and after < len(lowered) and lowered[after] in _ASCII_LETTERS):
            return True
        at = lowered.find(start, at + 1)
    return False


def _actor(candidate: NameCandidate, kind: str, role: str, candidates: Candidates,
           offset: int) -> Actor:
    start, end = candidate.spans[0]
    if not role and candidate.titles:
        role = candidate.titles[0]
    return Actor(name=candidate.name, aliases=candidate.aliases, kind=kind,  # type: ignore[arg-type]
                 role=role, evidence=[evidence(candidates, start, end, offset)])


def figures(candidates: Candidates, offset: int) -> list[Figure]:
    """One figure per amount, labelled with what it counts in the article's own words; the
    same value counting the same thing once."""
    kept: list[Figure] = []
    for found in candidates.figures:
        counts = counts_label(candidates.text, found.start, found.end)[:MAX_COUNTS]
        if not counts:
            continue
        kept.append(Figure(
            text=found.text, low=found.low, high=found.high,
            qualifier=found.qualifier,  # type: ignore[arg-type]
            unit=found.unit, counts=counts,
            evidence=[evidence(candidates, found.start, found.end, offset)]))
    return unique_figures(kept)


def unique_figures(found: list[Figure]) -> list[Figure]:
    """The same value counting the same thing once (the article may state it twice)."""
    kept: list[Figure] = []
    for figure in found:
        if not any(f.low == figure.low and f.high == figure.high and
                   overlap(f.counts, figure.counts) >= SAME_COUNTS for f in kept):
            kept.append(figure)
    return kept


def questions(candidates: Candidates, offset: int) -> list[OpenQuestion]:
    """One question per sentence that leaves something open, in its own words; the sentence
    is its evidence."""
    kept: list[OpenQuestion] = []
    seen: set[str] = set()
    for candidate in candidates.questions:
        text = question_from(candidate.sentence.text)
        if len(text) > MAX_QUESTION:
            text = text[:MAX_QUESTION].rsplit(" ", 1)[0].rstrip(",;") + "?"
        if text.lower() in seen:
            continue
        seen.add(text.lower())
        sentence = candidate.sentence
        kept.append(OpenQuestion(question=text, evidence=[
            evidence(candidates, sentence.start, sentence.end, offset)]))
    return kept
