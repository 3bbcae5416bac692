"""Splitting the briefs of a mixed folder into stories, by what they share: the actors and
places they name (rare names weigh more than "United States") and distinctive amounts
("$449,000" in two briefs)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.brief import Brief
from summarizer.names import normalise, variants
from summarizer.story.figures import significant_digits
from summarizer.story.units import base_unit

# The similarity (below) at which two articles are one story.
SAME_STORY_MIN = 0.12
# A name must be this specific (characters after normalising) to count: "he", "US" aside.
MIN_KEY_CHARS = 3


def article_keys(brief: Brief) -> set[str]:
    keys = set()
    names = [n for a in brief.actors for n in (a.name, *a.aliases)]
    names += [p.name for p in brief.locations]
    for name in names:
        for form in variants(name):
            key = normalise(form)
            if len(key) >= MIN_KEY_CHARS:
                keys.add("name:" + key)
    for figure in brief.figures:
        if significant_digits(figure.high) >= 3:
            unit = base_unit(figure.unit, figure.text)
            keys.add(f"amount:{unit.kind}:{abs(figure.high):g}")
    return keys


@dataclass(frozen=True)
class StoryGroup:
    name: str
    articles: list[str]
    shared: list[str]


def _weights(keysets: Sequence[set[str]]) -> dict[str, float]:
    counts = Counter(k for keys in keysets for k in keys)
    total = len(keysets)
    # A key in most articles says little; one in a single article still counts towards
    # the length of that article's vector. The +1 (smoothed idf) keeps the names a story's
    # articles all share worth something when that story is most of the folder.
    return {k: math.log((total + 1) / n) + 1.0 for k, n in counts.items()}


def similarity(a: set[str], b: set[str], weights: dict[str, float]) -> float:
    """Cosine of the articles' name-and-amount sets, each key weighted by its rarity."""
    shared = sum(weights[k] ** 2 for k in a & b)
    norm = math.sqrt(sum(weights[k] ** 2 for k in a) * sum(weights[k] ** 2 for k in b))
    return shared / norm if norm else 0.0


def group_briefs(briefs: Sequence[Brief], threshold: float = SAME_STORY_MIN
                 ) -> list[StoryGroup]:
    """Stories (two or more articles) and single articles, each one group, in input order."""
    keysets = [article_keys(b) for b in briefs]
    weights = _weights(keysets)
    parent = list(range(len(briefs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(briefs)):
        for j in range(i + 1, len(briefs)):
            if similarity(keysets[i], keysets[j], weights) >= threshold:
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(briefs)):
        members.setdefault(root(i), []).append(i)
    groups: list[StoryGroup] = []
    for indexes in members.values():
        common = set.intersection(*(keysets[i] for i in indexes)) if len(indexes) > 1 else set()
        ranked = sorted(common, key=lambda k: (-weights.get(k, 0.0), k))
        shared = [k.split(":", 1)[1] for k in ranked if k.startswith("name:")][:5]
        first = briefs[indexes[0]].article_id
        groups.append(StoryGroup(name=f"story-{len(groups) + 1:02d}-{first}"[:80],
                                 articles=[briefs[i].article_id for i in indexes],
                                 shared=shared))
    return groups
