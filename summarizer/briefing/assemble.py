"""From the passes' answers to brief items, with evidence taken from candidate offsets."""

from __future__ import annotations

import re
from typing import Any

from summarizer.brief import Actor, Evidence, Figure, Location, OpenQuestion
from summarizer.briefing.passes import ACTOR_KINDS, NOT_ACTING, keyed_values
from summarizer.briefing.prompting import figure_id
from summarizer.candidates.collect import Candidates
from summarizer.candidates.names import NameCandidate
from summarizer.candidates.sentences import sentence_at
from summarizer.eval.similarity import overlap

PLACE_KINDS = {"country": "country", "region": "region", "city": "city", "site": "site"}
MAX_QUOTE = 300
MAX_ROLE = 80
MAX_COUNTS = 100
MAX_QUESTION = 200
# Labels that say an amount counts nothing.
_NOT_COUNTS = {"none", "n/a", "na", "date", "age", "identifier", "page clutter", "-", "nothing"}
SAME_COUNTS = 0.5


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
        while lo < start and not text[lo - 1].isspace():
            lo += 1
        while hi > end and not text[hi].isspace():
            hi -= 1
    return Evidence(quote=text[lo:hi], start=lo + offset, end=hi + offset, alignment="mention")


def kinds_of(answer: Any, candidates: Candidates) -> dict[str, str]:
    """The kind the model gave each name (names it did not answer for are left out)."""
    if answer is None:
        return {}
    known = {c.name for c in candidates.names}
    return {name: kind for name, kind in keyed_values(answer).items() if name in known}


def role_names(kinds: dict[str, str]) -> list[str]:
    """The names whose role the roles pass asks for: actors, and countries (which act only
    sometimes)."""
    return [name for name, kind in kinds.items() if kind in (*ACTOR_KINDS, "country")]


def actors_and_places(kinds: dict[str, str], roles_answer: Any, candidates: Candidates,
                      offset: int) -> tuple[list[Actor], list[Location]]:
    """Actors from people, organizations and groups, and from the countries whose role says
    they act; places from the place kinds (a country is always a place too)."""
    names = {c.name: c for c in candidates.names}
    roles = {k: " ".join(str(v).split())[:MAX_ROLE]
             for k, v in (keyed_values(roles_answer) if roles_answer is not None else {}).items()}
    actors: list[Actor] = []
    places: list[Location] = []
    for name, kind in kinds.items():
        candidate = names[name]
        role = roles.get(name, "")
        if kind in ACTOR_KINDS or (kind == "country" and roles_answer is not None and
                                   role and role.lower().strip(" .") != NOT_ACTING):
            actors.append(_actor(candidate, kind if kind in ACTOR_KINDS else "country",
                                 role, candidates, offset))
        if kind in PLACE_KINDS:
            start, end = candidate.spans[0]
            places.append(Location(name=candidate.name, kind=PLACE_KINDS[kind],  # type: ignore[arg-type]
                                   evidence=[evidence(candidates, start, end, offset)]))
    return actors, places


def _actor(candidate: NameCandidate, kind: str, role: str, candidates: Candidates,
           offset: int) -> Actor:
    start, end = candidate.spans[0]
    if not role and candidate.titles:
        role = candidate.titles[0]
    return Actor(name=candidate.name, aliases=candidate.aliases, kind=kind,  # type: ignore[arg-type]
                 role=role, evidence=[evidence(candidates, start, end, offset)])


def figures(answer: Any, candidates: Candidates, offset: int) -> list[Figure]:
    """One figure per labelled amount; the same value counting the same thing once."""
    kept: list[Figure] = []
    labels = keyed_values(answer) if answer is not None else {}
    for index, found in enumerate(candidates.figures):
        counts = " ".join(str(labels.get(figure_id(index), "")).split()).strip(" .")[:MAX_COUNTS]
        if not counts or counts.lower() in _NOT_COUNTS:
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


def questions(answer: Any, candidates: Candidates, offset: int) -> list[OpenQuestion]:
    kept: list[OpenQuestion] = []
    seen: set[str] = set()
    for item in getattr(answer, "questions", []):
        text = " ".join(item.question.split())[:MAX_QUESTION]
        index = int(str(getattr(item, "from"))[1:]) - 1
        if not text or not 0 <= index < len(candidates.questions) or text.lower() in seen:
            continue
        text = re.sub(r"[?.!\s]*$", "", text) + "?"
        seen.add(text.lower())
        sentence = candidates.questions[index].sentence
        kept.append(OpenQuestion(question=text, evidence=[
            evidence(candidates, sentence.start, sentence.end, offset)]))
    return kept
