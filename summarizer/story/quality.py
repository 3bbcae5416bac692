"""Scoring stories against story gold: merges as pairwise precision/recall over items,
conflict detection per gold conflict group, and grouping of articles into stories."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from summarizer.brief import Brief
from summarizer.eval.gold import GoldActor, GoldFigure, GoldFile, GoldLocation
from summarizer.eval.scoring import Counts
from summarizer.eval.similarity import TextSimilarity
from summarizer.story.gold import (
    ItemKey,
    StoryGold,
    conflict_groups,
    gold_partition,
    resolve,
)
from summarizer.story.gold_mapping import map_to_gold
from summarizer.story.model import Story
from summarizer.story.units import base_unit

MERGED_FIELDS = ("actors", "locations", "figures")


T = TypeVar("T")


def pairs(groups: Iterable[Iterable[T]]) -> set[frozenset[T]]:
    found: set[frozenset[T]] = set()
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
    """Scores of stories against story gold.

    ``merges`` is end to end: every gold pair counts, and a pair whose two items are both
    required (``required: true`` in the articles' gold) is a miss when the briefs lack one
    of them, as in the per-article eval. ``found_merges`` judges the story alone: only the
    pairs whose two items the briefs hold. With gold-derived briefs the two are equal."""

    merges: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in
                                                               MERGED_FIELDS})
    found_merges: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in
                                                                     MERGED_FIELDS})
    conflicts: Counts = field(default_factory=Counts)
    # Gold conflicts with two or more of their values in the briefs: the most the story
    # can find.
    conflicts_reachable: int = 0
    agreement_right: int = 0
    agreement_total: int = 0
    # The same over the gold groups whose every value is in the briefs.
    found_agreement_right: int = 0
    found_agreement_total: int = 0
    # Figures of one unit kind that gold keeps apart (killed against displaced): how many
    # such cross-article pairs there are, and how many the story put together.
    confusable_pairs: int = 0
    confused_pairs: int = 0

    def add(self, other: StoryScore) -> None:
        for name in MERGED_FIELDS:
            self.merges[name].add(other.merges[name])
            self.found_merges[name].add(other.found_merges[name])
        self.conflicts.add(other.conflicts)
        self.conflicts_reachable += other.conflicts_reachable
        self.agreement_right += other.agreement_right
        self.agreement_total += other.agreement_total
        self.found_agreement_right += other.found_agreement_right
        self.found_agreement_total += other.found_agreement_total
        self.confusable_pairs += other.confusable_pairs
        self.confused_pairs += other.confused_pairs


Mapping = dict[tuple[str, int], ItemKey]


def _mapping(briefs: Sequence[Brief], golds: dict[str, GoldFile], identity: bool,
             text: TextSimilarity) -> dict[str, Mapping]:
    """Brief item (article, index) to gold item, per field. Gold-derived briefs hold the
    gold items in order; model briefs are mapped as ``gold_mapping`` explains."""
    found: dict[str, Mapping] = {f: {} for f in MERGED_FIELDS}
    for brief in briefs:
        gold = golds[brief.article_id]
        for name in MERGED_FIELDS:
            if identity:
                count = len(getattr(brief, name))
                pairs_found = [(i, i) for i in range(count)]
            else:
                pairs_found = map_to_gold(brief, gold, name, text)
            for p, g in pairs_found:
                found[name][(brief.article_id, p)] = (brief.article_id, g)
    return found


def _predicted_groups(story: Story, name: str) -> list[list[tuple[str, int]]]:
    if name == "figures":
        return [[(v.article_id, v.item) for v in g.values] for g in story.figures]
    listed = story.actors if name == "actors" else story.locations
    return [[(m.article_id, m.item) for m in e.mentions] for e in listed]


def _required(key: ItemKey, name: str, golds: dict[str, GoldFile]) -> bool:
    items: Sequence[GoldActor | GoldLocation | GoldFigure] = getattr(golds[key[0]], name)
    return items[key[1]].required


def merge_counts(said: set[frozenset[ItemKey]], truth: set[frozenset[ItemKey]],
                 found: set[ItemKey], required: set[ItemKey]) -> tuple[Counts, Counts]:
    """(end to end, found items only) from the pairs the story made (``said``, over gold
    keys), the gold pairs, the gold items the briefs hold and which gold items are
    required. A gold pair with an item the briefs lack is a miss end to end only when both
    its items are required; the story could not have made it either way."""
    held = {p for p in truth if p <= found}
    owed = held | {p for p in truth - held if p <= required}
    end_to_end = Counts(tp=len(said & truth), fp=len(said - truth), fn=len(owed - said))
    alone = Counts(tp=len(said & held), fp=len(said - truth), fn=len(held - said))
    return end_to_end, alone


def score_story(story: Story, briefs: Sequence[Brief], gold: StoryGold,
                golds: dict[str, GoldFile], identity: bool,
                text: TextSimilarity | None = None) -> StoryScore:
    text = text or TextSimilarity(use_embeddings=False)
    mapping = _mapping(briefs, golds, identity, text)
    score = StoryScore()
    for name in MERGED_FIELDS:
        mapped = [[mapping[name][k] for k in group if k in mapping[name]]
                  for group in _predicted_groups(story, name)]
        partition = gold_partition(gold, name, golds)
        required = {k for group in partition for k in group if _required(k, name, golds)}
        score.merges[name], score.found_merges[name] = merge_counts(
            pairs(mapped), pairs(partition), set(mapping[name].values()), required)
    # A gold conflict is found when one predicted conflict group holds two of its values;
    # a predicted conflict is right when it holds two values of one gold conflict.
    conflicts = conflict_groups(gold, golds)
    flagged = [{mapping["figures"][(v.article_id, v.item)] for v in g.values
                if (v.article_id, v.item) in mapping["figures"]}
               for g in story.figures if g.agreement == "conflict"]
    found = sum(1 for t in conflicts if any(len(t & f) >= 2 for f in flagged))
    right = sum(1 for f in flagged if any(len(t & f) >= 2 for t in conflicts))
    score.conflicts = Counts(tp=found, fn=len(conflicts) - found, fp=len(flagged) - right)
    held = set(mapping["figures"].values())
    score.conflicts_reachable = sum(1 for t in conflicts if len(t & held) >= 2)
    # Agreement labels of the gold groups with two or more values, counted right only
    # where the prediction kept the group whole and labelled it the same.
    score.confusable_pairs, score.confused_pairs = _confusions(story, gold, golds,
                                                               mapping["figures"])
    labels = _agreement_labels(story, gold, golds, mapping["figures"])
    score.agreement_total, score.agreement_right = labels[0], labels[1]
    score.found_agreement_total, score.found_agreement_right = labels[2], labels[3]
    return score


def _agreement_labels(story: Story, gold: StoryGold, golds: dict[str, GoldFile],
                      mapping: Mapping) -> tuple[int, int, int, int]:
    """Gold groups of two or more values and how many the story labelled right; then the
    same over the groups whose every value the briefs hold."""
    total = right = found_total = found_right = 0
    predicted = [({mapping[(v.article_id, v.item)] for v in g.values
                   if (v.article_id, v.item) in mapping}, g.agreement) for g in story.figures]
    held = set(mapping.values())
    for group in gold.figures:
        keys = {resolve(r, "figures", golds) for r in group.values}
        if len(keys) < 2:
            continue
        hit = any(members == keys and label == group.agreement
                  for members, label in predicted)
        total += 1
        right += hit
        if keys <= held:
            found_total += 1
            found_right += hit
    return total, right, found_total, found_right


def _confusions(story: Story, gold: StoryGold, golds: dict[str, GoldFile],
                mapping: Mapping) -> tuple[int, int]:
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
