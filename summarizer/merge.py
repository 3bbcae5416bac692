"""Merging the grounded parts of a long article: each actor, place, figure once."""

from __future__ import annotations

import re

from summarizer.assemble import GroundedDraft
from summarizer.grounding import fold


def _key(name: str) -> str:
    return re.sub(r"^(the )", "", fold(name)).strip(" .,'\"")


def merge_parts(parts: list[GroundedDraft]) -> GroundedDraft:
    if len(parts) == 1:
        return parts[0]
    merged = GroundedDraft()
    summaries = [p.summary for p in parts if p.summary]
    merged.summary = " ".join(summaries[:3])
    actor_index: dict[str, int] = {}
    place_index: dict[str, int] = {}
    figure_keys: set[tuple[float, float, str]] = set()
    question_keys: set[str] = set()
    for part in parts:
        for actor in part.actors:
            names = [_key(actor.name), *(_key(a) for a in actor.aliases)]
            found = next((actor_index[n] for n in names if n in actor_index), None)
            if found is None:
                merged.actors.append(actor.model_copy(deep=True))
                found = len(merged.actors) - 1
            else:
                kept = merged.actors[found]
                extra = [a for a in [actor.name, *actor.aliases]
                         if _key(a) != _key(kept.name) and a not in kept.aliases]
                kept.aliases.extend(extra)
                kept.evidence.extend(actor.evidence[:1])
            for name in names:
                actor_index.setdefault(name, found)
        for place in part.locations:
            key = _key(place.name)
            if key in place_index:
                merged.locations[place_index[key]].evidence.extend(place.evidence[:1])
                continue
            place_index[key] = len(merged.locations)
            merged.locations.append(place.model_copy(deep=True))
        for figure in part.figures:
            figure_key = (figure.low, figure.high, _key(figure.counts))
            if figure_key in figure_keys:
                continue
            figure_keys.add(figure_key)
            merged.figures.append(figure)
        for question in part.open_questions:
            key = _key(question.question)
            if key not in question_keys:
                question_keys.add(key)
                merged.open_questions.append(question)
        merged.dropped.extend(part.dropped)
    return merged
