"""Grouping items from several articles: greedy linking of the most similar pairs first,
never putting two items of one article together unless their pair is marked as allowed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    score: float
    left: int
    right: int


class _Groups:
    def __init__(self, articles: Sequence[str]) -> None:
        self.parent = list(range(len(articles)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(articles))}
        self.articles = articles

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[b] = a
        self.members[a] += self.members.pop(b)


def cluster(articles: Sequence[str], score: Callable[[int, int], float], threshold: float,
            same_article_min: float | None = None) -> list[list[int]]:
    """Groups of item indexes (each sorted; groups in order of their first item).

    ``articles[i]`` is item i's article. Pairs scoring at least ``threshold`` are linked,
    best first. Two items of one article share a group only when their own pair scores at
    least ``same_article_min`` (None: never), so one article's two distinct items are not
    merged through a third article's item that resembles both."""
    links = []
    n = len(articles)
    for i in range(n):
        for j in range(i + 1, n):
            same = articles[i] == articles[j]
            if same and same_article_min is None:
                continue
            value = score(i, j)
            if value >= (same_article_min if same and same_article_min is not None
                         else threshold):
                links.append(Link(value, i, j))
    links.sort(key=lambda link: (-link.score, link.left, link.right))
    allowed_same = {(link.left, link.right) for link in links
                    if articles[link.left] == articles[link.right]}
    groups = _Groups(articles)
    for link in links:
        a, b = groups.root(link.left), groups.root(link.right)
        if a == b:
            continue
        if not _compatible(groups.members[a], groups.members[b], articles, allowed_same):
            continue
        groups.join(min(a, b), max(a, b))
    found = [sorted(m) for m in groups.members.values()]
    return sorted(found, key=lambda g: g[0])


def _compatible(left: list[int], right: list[int], articles: Sequence[str],
                allowed_same: set[tuple[int, int]]) -> bool:
    for i in left:
        for j in right:
            if articles[i] == articles[j] and (min(i, j), max(i, j)) not in allowed_same:
                return False
    return True
