"""The shipped gold files are valid and every figure is exact against its article."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.eval.gold import load_gold
from summarizer.grounding import Article
from summarizer.numbers import parse_figure, same_value

ROOT = Path(__file__).resolve().parent.parent
GOLD = load_gold(ROOT / "eval" / "gold")


def test_every_seed_article_has_gold() -> None:
    stems = {p.stem for p in (ROOT / "eval" / "articles").glob("*.txt")}
    assert stems == set(GOLD)


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_gold_figures_are_verbatim_and_parse_to_their_values(article_id: str) -> None:
    text = (ROOT / "eval" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    article = Article(text)
    for figure in GOLD[article_id].figures:
        assert article.locate(figure.text) is not None, figure.text
        parsed = parse_figure(figure.text)
        assert parsed is not None
        assert same_value(parsed.low, figure.low) and same_value(parsed.high, figure.high)
        assert parsed.qualifier == figure.qualifier, figure.text


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_gold_names_occur_in_their_article(article_id: str) -> None:
    text = (ROOT / "eval" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    article = Article(text)
    gold = GOLD[article_id]
    for item in [*gold.actors, *gold.locations]:
        assert any(article.contains_name(n) for n in [item.name, *item.aliases]), item.name
