"""Briefs for the story tests: the seed story's gold files made into briefs."""

from __future__ import annotations

from pathlib import Path

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, Provenance
from summarizer.eval.gold import load_gold
from summarizer.eval.harness import load_articles
from summarizer.story.gold_briefs import brief_from_gold

ROOT = Path(__file__).resolve().parent.parent


def seed_briefs() -> list[Brief]:
    gold = load_gold(ROOT / "eval" / "gold")
    texts = load_articles(ROOT / "eval" / "articles")
    return [brief_from_gold(gold[a], texts[a].text) for a in sorted(gold)]


def seed_texts() -> dict[str, str]:
    return {k: a.text for k, a in load_articles(ROOT / "eval" / "articles").items()}


def figure(text: str, low: float, counts: str, unit: str = "people",
           qualifier: str = "exact", high: float | None = None) -> Figure:
    return Figure(text=text, low=low, high=low if high is None else high,
                  qualifier=qualifier, unit=unit, counts=counts,  # type: ignore[arg-type]
                  evidence=[Evidence(quote=text, start=0, end=len(text))])


def brief(article_id: str, figures: list[Figure] | None = None,
          actors: list[str] | None = None, places: list[str] | None = None) -> Brief:
    return Brief(
        article_id=article_id, summary="",
        actors=[Actor(name=n, kind="other", evidence=[Evidence(quote=n, start=0, end=len(n))])
                for n in actors or []],
        locations=[Location(name=n, kind="other",
                            evidence=[Evidence(quote=n, start=0, end=len(n))])
                   for n in places or []],
        figures=figures or [],
        provenance=Provenance(backend="test", model="m", prompt_version="p"))
