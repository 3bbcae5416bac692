"""Actors and places merged across articles with the shared name matcher."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.brief import Brief, Evidence
from summarizer.names import SAME_ENTITY_MIN, normalise, pair_similarity, variants
from summarizer.story.clustering import cluster
from summarizer.story.model import NameInArticle, StoryActor, StoryEvidence, StoryLocation


@dataclass(frozen=True)
class NamedItem:
    """One article's actor or place, reduced to what merging needs."""

    article_id: str
    index: int
    name: str
    aliases: tuple[str, ...]
    kind: str
    detail: str
    evidence: tuple[StoryEvidence, ...]

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@lru_cache(maxsize=65536)
def _cached_pair(a: str, b: str) -> float:
    return pair_similarity(a, b)


@lru_cache(maxsize=16384)
def _forms(name: str) -> tuple[str, ...]:
    return tuple(variants(name))


def similarity(left: NamedItem, right: NamedItem) -> float:
    """The best match between any of their names; a match of the main names counts
    slightly more than one through an alias, so "the doctor" as an alias never outbids
    two articles that both call someone "his doctor"."""
    best = 0.0
    for i, a in enumerate(left.names):
        for j, b in enumerate(right.names):
            weight = 1.0 if i == 0 and j == 0 else 0.98
            for x in _forms(a):
                for y in _forms(b):
                    best = max(best, weight * _cached_pair(x, y))
    return best


def _evidence(brief: Brief, quotes: Sequence[Evidence]) -> tuple[StoryEvidence, ...]:
    return tuple(StoryEvidence(article_id=brief.article_id, quote=e.quote, start=e.start,
                               end=e.end) for e in quotes)


def actor_items(briefs: Sequence[Brief]) -> list[NamedItem]:
    return [NamedItem(b.article_id, i, a.name, tuple(a.aliases), a.kind, a.role,
                      _evidence(b, a.evidence)) for b in briefs for i, a in enumerate(b.actors)]


def location_items(briefs: Sequence[Brief]) -> list[NamedItem]:
    return [NamedItem(b.article_id, i, p.name, (), p.kind, p.within, _evidence(b, p.evidence))
            for b in briefs for i, p in enumerate(b.locations)]


def merge_names(items: Sequence[NamedItem]) -> list[list[NamedItem]]:
    """Groups of items that name one real-world entity, at most one per article."""
    keys = [normalise(i.name) for i in items]

    def score(a: int, b: int) -> float:
        if keys[a] and keys[a] == keys[b]:
            return 1.0
        return similarity(items[a], items[b])

    groups = cluster([i.article_id for i in items], score, SAME_ENTITY_MIN)
    return [[items[i] for i in g] for g in groups]


def _common(values: Sequence[str]) -> str:
    """The most used value; ties go to the longest (the fullest name)."""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], len(v), v))


@dataclass(frozen=True)
class Merged:
    """What a group of named items becomes, whatever its field."""

    name: str
    aliases: list[str]
    kind: str
    articles: list[str]
    evidence: list[StoryEvidence]
    mentions: list[NameInArticle]


def _merge(group: Sequence[NamedItem], order: Sequence[str]) -> Merged:
    name = _common([i.name for i in group])
    seen = {normalise(name)}
    aliases = []
    for item in group:
        for other in item.names:
            key = normalise(other)
            if key and key not in seen:
                seen.add(key)
                aliases.append(other)
    return Merged(
        name=name, aliases=aliases, kind=_common([i.kind for i in group]),
        articles=[a for a in order if any(i.article_id == a for i in group)],
        evidence=[e for i in group for e in i.evidence],
        mentions=[NameInArticle(article_id=i.article_id, item=i.index, name=i.name,
                                aliases=list(i.aliases), detail=i.detail) for i in group])


def merged_actors(briefs: Sequence[Brief]) -> list[StoryActor]:
    order = [b.article_id for b in briefs]
    found = [StoryActor.model_validate(vars(_merge(g, order)))
             for g in merge_names(actor_items(briefs))]
    return sorted(found, key=lambda a: -len(a.articles))


def merged_locations(briefs: Sequence[Brief]) -> list[StoryLocation]:
    order = [b.article_id for b in briefs]
    found = [StoryLocation.model_validate(vars(_merge(g, order)))
             for g in merge_names(location_items(briefs))]
    return sorted(found, key=lambda a: -len(a.articles))
