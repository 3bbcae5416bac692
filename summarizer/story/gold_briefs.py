"""Briefs built from gold files: the gold items, with evidence located in the article text.
They test the story's merging alone, free of extraction errors."""

from __future__ import annotations

import re

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion, Provenance
from summarizer.eval.gold import GoldFile

_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _find(text: str, names: list[str]) -> tuple[int, int] | None:
    lowered = text.casefold()
    for name in names:
        if not name.strip():
            continue
        match = re.search(r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)", lowered)
        if match:
            return match.start(), match.end()
    return None


def _sentence(text: str, start: int, end: int) -> Evidence:
    """The sentence around a span: the reader sees the amount in its context."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    found = _SENTENCE_END.search(text, end)
    right = found.start() + 1 if found else len(text)
    right = right if text[right - 1:right] in ".!?" else right - 1
    quote = text[left:right].strip()
    left = text.index(quote, left)
    return Evidence(quote=quote, start=left, end=left + len(quote), alignment="mention")


def _evidence(text: str, names: list[str]) -> list[Evidence]:
    span = _find(text, names)
    if span is None:
        return []
    start, end = span
    return [Evidence(quote=text[start:end], start=start, end=end, alignment="mention")]


def brief_from_gold(gold: GoldFile, text: str) -> Brief:
    figures = []
    for figure in gold.figures:
        span = _find(text, [figure.text])
        figures.append(Figure(
            text=figure.text, low=figure.low, high=figure.high, qualifier=figure.qualifier,
            unit=figure.unit, counts=figure.counts,
            evidence=[_sentence(text, *span)] if span else []))
    return Brief(
        article_id=gold.article_id, summary="",
        actors=[Actor(name=a.name, aliases=a.aliases, kind=a.kind,
                      evidence=_evidence(text, [a.name, *a.aliases])) for a in gold.actors],
        locations=[Location(name=p.name, kind=p.kind,
                            evidence=_evidence(text, [p.name, *p.aliases]))
                   for p in gold.locations],
        figures=figures,
        open_questions=[OpenQuestion(question=q.question, evidence=[])
                        for q in gold.open_questions],
        provenance=Provenance(backend="gold", model="gold", prompt_version="gold"))
