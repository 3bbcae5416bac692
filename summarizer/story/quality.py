"""Scoring stories against story gold: merges as pairwise precision/recall over items,
conflict detection per gold conflict group, and grouping of articles into stories."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarizer.brief import Brief
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import Counts, alignment
from summarizer.eval.similarity import TextSimilarity
from summarizer.story.gold import (
    ItemKey,
    StoryGold,
    conflict_groups,
    gold_partition,
    resolve,
)
from summarizer.story.model import Story
from summarizer.story.units import base_unit

MERGED_FIELDS = ("actors", "locations", "figures")


def pairs(groups: Iterable[Iterable[object]]) -> set[frozenset[object]]:
    found: set[frozenset[object]] = set()
    for group in groups:
        members = sorted(set(group), key=repr)
        found.update(frozenset(p) for p in itertools.combinations(members, 2))
    return found


def pairwise(predicted: Iterable[Iterable[object]], gold: Iterable[Iterable[object]]) -> Counts:
    """Pairs put together by both (tp), only by the prediction (fp), only by gold (fn)."""
    said, true = pairs(predicted), pairs(gold)
    return Counts(tp=len(said & true), fp=len(said - true), fn=len(true - said))


@dataclass
class StoryScore:
    merges: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in
                                                               MERGED_FIELDS})
    conflicts: Counts = field(default_factory=Counts)
    agreement_right: int = 0
    agreement_total: int = 0
    # Figures of one unit kind that gold keeps apart (killed against displaced): how many
    # such cross-article pairs there are, and how many the story put together.
    confusable_pairs: int = 0
    confused_pairs: int = 0

    def add(self, other: StoryScore) -> None:
        for name in MERGED_FIELDS:
            self.merges[name].add(other.merges[name])
        self.conflicts.add(other.conflicts)
        self.agreement_right += other.agreement_right
        self.agreement_total += other.agreement_total
        self.confusable_pairs += other.confusable_pairs
        self.confused_pairs += other.confused_pairs


def _mapping(briefs: Sequence[Brief], golds: dict[str, GoldFile], identity: bool,
             text: TextSimilarity) -> dict[str, dict[tuple[str, int], ItemKey]]:
    """Brief item (article, index) to gold item, per field. Gold-derived briefs hold the
    gold items in order; model briefs are aligned the way the eval aligns them."""
    found: dict[str, dict[tuple[str, int], ItemKey]] = {f: {} for f in MERGED_FIELDS}
    for brief in briefs:
        gold = golds[brief.article_id]
        for name in MERGED_FIELDS:
            if identity:
                count = len(getattr(brief, name))
                pairs_found = [(i, i) for i in range(count)]
            else:
                pairs_found = alignment(name, brief, gold, text)
            for p, g in pairs_found:
                found[name][(brief.article_id, p)] = (brief.article_id, g)
    return found


def _predicted_groups(story: Story, name: str) -> list[list[tuple[str, int]]]:
    if name == "figures":
        return [[(v.article_id, v.item) for v in g.values] for g in story.figures]
    listed = story.actors if name == "actors" else story.locations
    return [[(m.article_id, m.item) for m in e.mentions] for e in listed]


def score_story(story: Story, briefs: Sequence[Brief], gold: StoryGold,
                golds: dict[str, GoldFile], identity: bool,
                text: TextSimilarity | None = None) -> StoryScore:
    text = text or TextSimilarity(use_embeddings=False)
    mapping = _mapping(briefs, golds, identity, text)
    score = StoryScore()
    for name in MERGED_FIELDS:
        mapped = [[mapping[name][k] for k in group if k in mapping[name]]
                  for group in _predicted_groups(story, name)]
        score.merges[name] = pairwise(mapped, gold_partition(gold, name, golds))
    # A gold conflict is found when one predicted conflict group holds two of its values;
    # a predicted conflict is right when it holds two values of one gold conflict.
    truth = conflict_groups(gold, golds)
    flagged = [{mapping["figures"][(v.article_id, v.item)] for v in g.values
                if (v.article_id, v.item) in mapping["figures"]}
               for g in story.figures if g.agreement == "conflict"]
    found = sum(1 for t in truth if any(len(t & f) >= 2 for f in flagged))
    right = sum(1 for f in flagged if any(len(t & f) >= 2 for t in truth))
    score.conflicts = Counts(tp=found, fn=len(truth) - found, fp=len(flagged) - right)
    # Agreement labels of the gold groups with two or more values, counted right only
    # where the prediction kept the group whole and labelled it the same.
    score.confusable_pairs, score.confused_pairs = _confusions(story, gold, golds,
                                                               mapping["figures"])
    score.agreement_total, score.agreement_right = _agreement_labels(story, gold, golds,
                                                                     mapping["figures"])
    return score


def _agreement_labels(story: Story, gold: StoryGold, golds: dict[str, GoldFile],
                      mapping: dict[tuple[str, int], ItemKey]) -> tuple[int, int]:
    total = right = 0
    predicted = [({mapping[(v.article_id, v.item)] for v in g.values
                   if (v.article_id, v.item) in mapping}, g.agreement) for g in story.figures]
    for group in gold.figures:
        keys = {resolve(r, "figures", golds) for r in group.values}
        if len(keys) < 2:
            continue
        total += 1
        if any(members == keys and label == group.agreement for members, label in predicted):
            right += 1
    return total, right


def _confusions(story: Story, gold: StoryGold, golds: dict[str, GoldFile],
                mapping: dict[tuple[str, int], ItemKey]) -> tuple[int, int]:
    def unit(key: ItemKey) -> str:
        figure = golds[key[0]].figures[key[1]]
        return base_unit(figure.unit, figure.text).kind

    group_of = {k: n for n, g in enumerate(gold_partition(gold, "figures", golds)) for k in g}
    keys = sorted(group_of)
    apart = {frozenset((a, b)) for a, b in itertools.combinations(keys, 2)
             if a[0] != b[0] and group_of[a] != group_of[b] and unit(a) == unit(b)}
    together = pairs([[mapping[(v.article_id, v.item)] for v in g.values
                       if (v.article_id, v.item) in mapping] for g in story.figures])
    return len(apart), len(apart & together)
