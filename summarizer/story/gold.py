"""Story gold: which items of a story's articles are the same across articles, and which
figure groups conflict. Written by hand (eval/story_gold/README.md); items are named by
reference to the articles' own gold files: ``article_id|name`` for actors and places,
``article_id|text`` (or ``article_id|text|counts`` when the text repeats) for figures."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.errors import ConfigError
from summarizer.eval.gold import GoldFile
from summarizer.story.model import Agreement

ItemKey = tuple[str, int]


class GoldFigureGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agreement: Agreement
    values: list[str] = Field(min_length=1)


class StoryGold(BaseModel):
    """One story: its articles and the groups of items that are one across them. Items
    in no group stand alone."""

    model_config = ConfigDict(extra="forbid")

    story: str
    source: str = Field(description="Where the articles and their gold files are: seed "
                        "(eval/) or devset.")
    articles: list[str] = Field(min_length=1)
    actors: list[list[str]] = Field(default_factory=list)
    locations: list[list[str]] = Field(default_factory=list)
    figures: list[GoldFigureGroup] = Field(default_factory=list)


def load_story_gold(folder: Path) -> list[StoryGold]:
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(StoryGold.model_validate(json.loads(path.read_text("utf-8"))))
        except (OSError, ValueError, ValidationError) as error:
            raise ConfigError(f"story gold {path}: {str(error).splitlines()[0]}") from error
    return found


def _entity_index(gold: GoldFile, field: str, name: str) -> int:
    names = ([[a.name, *a.aliases] for a in gold.actors] if field == "actors"
             else [[p.name, *p.aliases] for p in gold.locations])
    for i, item in enumerate(names):
        if item[0] == name:
            return i
    for i, item in enumerate(names):
        if name in item[1:]:
            return i
    raise ConfigError(f"story gold: no {field} item {name!r} in {gold.article_id}")


def _figure_index(gold: GoldFile, text: str, counts: str | None) -> int:
    hits = [i for i, f in enumerate(gold.figures)
            if f.text == text and (counts is None or f.counts == counts)]
    if len(hits) != 1:
        raise ConfigError(f"story gold: figure {text!r} in {gold.article_id} matches "
                          f"{len(hits)} gold figures (add |counts to tell them apart)")
    return hits[0]


def resolve(ref: str, field: str, golds: dict[str, GoldFile]) -> ItemKey:
    """``article_id|...`` to (article_id, index in that article's gold list)."""
    article_id, _, rest = ref.partition("|")
    if article_id not in golds:
        raise ConfigError(f"story gold: article {article_id!r} has no gold file")
    gold = golds[article_id]
    if field == "figures":
        text, _, counts = rest.partition("|")
        return article_id, _figure_index(gold, text, counts or None)
    return article_id, _entity_index(gold, field, rest)


def gold_partition(story: StoryGold, field: str, golds: dict[str, GoldFile]
                   ) -> list[list[ItemKey]]:
    """Every gold item of the story's articles in exactly one group."""
    groups: list[list[ItemKey]]
    if field == "figures":
        groups = [[resolve(r, field, golds) for r in g.values] for g in story.figures]
    else:
        listed = story.actors if field == "actors" else story.locations
        groups = [[resolve(r, field, golds) for r in g] for g in listed]
    seen = {key for group in groups for key in group}
    if len(seen) != sum(len(g) for g in groups):
        raise ConfigError(f"story gold {story.story}: an item is in two {field} groups")
    for article_id in story.articles:
        gold = golds[article_id]
        count = (len(gold.actors) if field == "actors" else
                 len(gold.locations) if field == "locations" else len(gold.figures))
        groups += [[(article_id, i)] for i in range(count) if (article_id, i) not in seen]
    return groups


def conflict_groups(story: StoryGold, golds: dict[str, GoldFile]) -> list[set[ItemKey]]:
    return [{resolve(r, "figures", golds) for r in g.values} for g in story.figures
            if g.agreement == "conflict"]
