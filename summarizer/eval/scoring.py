"""Scoring briefs against gold: per field, per article, micro-averaged. Pure functions.

Conventions for empty cases: precision is 1.0 when nothing was predicted, recall is 1.0
when there was nothing to find (so an empty brief for an empty gold scores 1.0), and F1 is
0.0 whenever precision or recall is 0.0.
Gold items marked ``required: false`` neither reward a match nor penalise a miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summarizer.brief import Brief
from summarizer.eval.gold import GoldFile
from summarizer.eval.matching import align
from summarizer.eval.similarity import TextSimilarity, overlap
from summarizer.names import SAME_ENTITY_MIN, name_similarity
from summarizer.numbers import same_value

FIELDS = ("actors", "locations", "figures", "open_questions")
NAME_MIN = SAME_ENTITY_MIN
QUESTION_MIN = 0.6
QUESTION_MIN_WORDS = 0.5
COUNTS_MIN = 0.6
VALUE_TOLERANCE = 0.005


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    mislabelled: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.mislabelled += other.mislabelled

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "mislabelled": self.mislabelled}


@dataclass
class FieldResult:
    counts: Counts = field(default_factory=Counts)
    matched: list[tuple[str, str]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    mislabelled: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Item:
    label: str
    names: list[str] = field(default_factory=list)
    low: float = 0.0
    high: float = 0.0
    counts: str = ""
    required: bool = True


def _pred_items(brief: Brief | None, name: str) -> list[Item]:
    if brief is None:
        return []
    if name == "actors":
        return [Item(a.name, [a.name, *a.aliases]) for a in brief.actors]
    if name == "locations":
        return [Item(p.name, [p.name]) for p in brief.locations]
    if name == "figures":
        return [Item(f"{f.text} ({f.counts})", low=f.low, high=f.high, counts=f.counts)
                for f in brief.figures]
    return [Item(q.question) for q in brief.open_questions]


def _gold_items(gold: GoldFile, name: str) -> list[Item]:
    if name == "actors":
        return [Item(a.name, [a.name, *a.aliases], required=a.required) for a in gold.actors]
    if name == "locations":
        return [Item(p.name, [p.name, *p.aliases], required=p.required) for p in gold.locations]
    if name == "figures":
        return [Item(f"{f.text} ({f.counts})", low=f.low, high=f.high, counts=f.counts,
                     required=f.required) for f in gold.figures]
    return [Item(q.question, required=q.required) for q in gold.open_questions]


def close_value(x: float, y: float) -> bool:
    """Whether two stated values are the same amount for scoring (within 0.5%)."""
    return same_value(x, y) or abs(x - y) <= VALUE_TOLERANCE * max(abs(x), abs(y))


def _value_match(a: Item, b: Item) -> bool:
    return close_value(a.low, b.low) and close_value(a.high, b.high)


def _similarity(name: str, pred: list[Item], gold: list[Item],
                text: TextSimilarity) -> tuple[np.ndarray[Any, Any], float]:
    if name in ("actors", "locations"):
        matrix = np.array([[name_similarity(p.names, g.names) for g in gold] for p in pred])
        return matrix.reshape(len(pred), len(gold)), NAME_MIN
    if name == "open_questions":
        threshold = QUESTION_MIN if text.use_embeddings else QUESTION_MIN_WORDS
        return text.matrix([p.label for p in pred], [g.label for g in gold]), threshold
    counts = text.matrix([p.counts for p in pred], [g.counts for g in gold])
    matrix = np.zeros((len(pred), len(gold)))
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if _value_match(p, g):
                agree = max(float(counts[i, j]), overlap(p.counts, g.counts))
                matrix[i, j] = 0.5 + 0.5 * agree if agree >= COUNTS_MIN else 0.0
    return matrix, 0.5


def alignment(name: str, brief: Brief | None, gold: GoldFile,
               text: TextSimilarity) -> list[tuple[int, int]]:
    """Which predicted item (index in the brief's list) matches which gold item, by the
    same similarity and thresholds as the scores."""
    pred, truth = _pred_items(brief, name), _gold_items(gold, name)
    similarity, threshold = _similarity(name, pred, truth, text)
    return align(similarity, threshold)


def score_field(name: str, brief: Brief | None, gold: GoldFile,
                text: TextSimilarity) -> FieldResult:
    pred, truth = _pred_items(brief, name), _gold_items(gold, name)
    result = FieldResult()
    similarity, threshold = _similarity(name, pred, truth, text)
    pairs = align(similarity, threshold)
    matched_pred = {p for p, _ in pairs}
    matched_gold = {g for _, g in pairs}
    for p, g in pairs:
        if truth[g].required:
            result.counts.tp += 1
            result.matched.append((pred[p].label, truth[g].label))
    unmatched_pred = [i for i in range(len(pred)) if i not in matched_pred]
    unmatched_gold = [j for j in range(len(truth)) if j not in matched_gold]
    relabelled_pred: set[int] = set()
    relabelled_gold: set[int] = set()
    if name == "figures":
        # The right number attached to the wrong thing is its own error class: counted as
        # a false positive and a miss, and listed apart from plain misses and inventions.
        value = np.array([[1.0 if _value_match(pred[i], truth[j]) else 0.0
                           for j in unmatched_gold] for i in unmatched_pred])
        for a, b in align(value.reshape(len(unmatched_pred), len(unmatched_gold)), 1.0):
            i, j = unmatched_pred[a], unmatched_gold[b]
            result.mislabelled.append((pred[i].label, truth[j].label))
            result.counts.mislabelled += 1
            relabelled_pred.add(i)
            relabelled_gold.add(j)
    for i in unmatched_pred:
        result.counts.fp += 1
        if i not in relabelled_pred:
            result.invented.append(pred[i].label)
    for j in unmatched_gold:
        if truth[j].required:
            result.counts.fn += 1
            if j not in relabelled_gold:
                result.missed.append(truth[j].label)
    return result


def score_article(brief: Brief | None, gold: GoldFile,
                  text: TextSimilarity) -> dict[str, FieldResult]:
    return {name: score_field(name, brief, gold, text) for name in FIELDS}


def micro(per_article: list[dict[str, FieldResult]]) -> dict[str, Counts]:
    totals = {name: Counts() for name in FIELDS}
    for article in per_article:
        for name in FIELDS:
            totals[name].add(article[name].counts)
    return totals
