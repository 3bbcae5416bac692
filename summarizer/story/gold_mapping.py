"""Which gold item each item of a model brief is, for scoring a story built from model
briefs against the story gold.

First the eval's own one-to-one alignment (``summarizer.eval.scoring.alignment``). Two
kinds of item that it leaves out are still, beyond reasonable doubt, a gold item, and where
the story puts them is part of what the story score must judge:

- a second name for an actor or place the brief already lists ("ISIS" besides "Islamic
  State", "Zana Amedi" besides "SDF Commander Zana Amedi"): the eval aligns one brief item
  per gold item and counts the other as invented; here it maps to the gold item its names
  match, by the same matcher and threshold, so the story is judged on both mentions;
- a figure whose value is right but whose counts text fails the eval's wording test (the
  eval's "mislabelled" class): it maps to an unaligned gold figure of the same value whose
  written text lies inside the figure's own evidence quote, that is the same number at the
  same place in the article. Its garbled label still weighs on how the story groups it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from summarizer.brief import Brief, Figure
from summarizer.eval.gold import GoldFigure, GoldFile
from summarizer.eval.matching import align
from summarizer.eval.scoring import NAME_MIN, alignment, close_value
from summarizer.eval.similarity import TextSimilarity, overlap
from summarizer.names import name_similarity

Pairs = list[tuple[int, int]]


def _brief_names(brief: Brief, field: str) -> list[list[str]]:
    if field == "actors":
        return [[a.name, *a.aliases] for a in brief.actors]
    return [[p.name] for p in brief.locations]


def _gold_names(gold: GoldFile, field: str) -> list[list[str]]:
    items = gold.actors if field == "actors" else gold.locations
    return [[i.name, *i.aliases] for i in items]


def second_names(brief: Brief, gold: GoldFile, field: str, aligned: Pairs) -> Pairs:
    """Brief items left out of ``aligned`` whose names match a gold item anyway: the
    alignment already gave that gold item to another name of the same entity (it gives
    every free gold item a match it can), so these are repeats; many to one."""
    taken = {p for p, _ in aligned}
    truth = _gold_names(gold, field)
    found = []
    for p, names in enumerate(_brief_names(brief, field)):
        if p in taken or not truth:
            continue
        scores = [name_similarity(names, g) for g in truth]
        best = int(np.argmax(scores))
        if scores[best] >= NAME_MIN:
            found.append((p, best))
    return found


def _written_in(text: str, quotes: Sequence[str]) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(text.casefold()) + r"(?!\w)")
    return any(pattern.search(q.casefold()) for q in quotes)


def _same_statement(figure: Figure, gold: GoldFigure) -> bool:
    # Signs aside, as in the story's agreement rule ("fell 5%" is written 5 or -5).
    return (close_value(abs(figure.low), abs(gold.low))
            and close_value(abs(figure.high), abs(gold.high))
            and _written_in(gold.text, [e.quote for e in figure.evidence]))


def relabelled_figures(brief: Brief, gold: GoldFile, aligned: Pairs) -> Pairs:
    """Figures left out of ``aligned`` that state an unaligned gold figure's value where
    the article writes it; one to one, a closer counts text first."""
    free_pred = [i for i in range(len(brief.figures)) if i not in {p for p, _ in aligned}]
    free_gold = [j for j in range(len(gold.figures)) if j not in {g for _, g in aligned}]
    matrix = np.zeros((len(free_pred), len(free_gold)))
    for a, i in enumerate(free_pred):
        for b, j in enumerate(free_gold):
            figure, truth = brief.figures[i], gold.figures[j]
            if _same_statement(figure, truth):
                # A small bonus for shared wording decides between two gold figures of
                # one value quoted in one sentence.
                matrix[a, b] = 1.0 + 0.01 * overlap(figure.counts, truth.counts)
    return [(free_pred[a], free_gold[b]) for a, b in align(matrix, 1.0)]


def map_to_gold(brief: Brief, gold: GoldFile, field: str, text: TextSimilarity) -> Pairs:
    """(brief item index, gold item index) pairs for one field of one article."""
    aligned = alignment(field, brief, gold, text)
    if field == "figures":
        return aligned + relabelled_figures(brief, gold, aligned)
    return aligned + second_names(brief, gold, field, aligned)
