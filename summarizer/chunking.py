"""Splitting an article that does not fit the model's context into parts.

Parts end on paragraph boundaries where possible, then sentence ends, then spaces; each
part keeps its start offset so evidence can point into the whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Part:
    start: int
    end: int


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.end() for m in pattern.finditer(text)]


def split_parts(text: str, max_chars: int) -> list[Part]:
    """Consecutive parts covering ``text``, each at most ``max_chars`` long."""
    if len(text) <= max_chars:
        return [Part(0, len(text))]
    parts: list[Part] = []
    start = 0
    paragraph_cuts = _cut_points(text, _PARAGRAPH)
    sentence_cuts = _cut_points(text, _SENTENCE)
    while start < len(text):
        limit = start + max_chars
        if limit >= len(text):
            parts.append(Part(start, len(text)))
            break
        end = _best_cut(paragraph_cuts, start, limit) or _best_cut(sentence_cuts, start, limit)
        if end is None:
            space = text.rfind(" ", start + 1, limit)
            end = space + 1 if space > start else limit
        parts.append(Part(start, end))
        start = end
    return parts


def _best_cut(cuts: list[int], start: int, limit: int) -> int | None:
    """The last cut in (start + a quarter of the room, limit]: parts stay reasonably big."""
    floor = start + (limit - start) // 4
    best = None
    for cut in cuts:
        if cut > limit:
            break
        if cut > floor:
            best = cut
    return best
