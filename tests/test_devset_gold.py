"""The dev-set gold (eval/devset) is valid and agrees with its articles.

The gold files are kept exactly as labelled (scores must stay comparable with the issue's
figures), so where a gold value is one the project's parser cannot read from the figure's
text, the pair is listed below with the reason; a new disagreement fails, and so does a
listed one that no longer disagrees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.eval.gold import load_gold
from summarizer.grounding import Article
from summarizer.numbers import parse_figure, same_value

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "eval" / "devset"
GOLD = load_gold(DEVSET / "gold")
SEEDS = {p.stem for p in (ROOT / "eval" / "articles").glob("*.txt")}

WORDS_THE_PARSER_DOES_NOT_READ = "ordinal, fraction, 'half', 'twice', 'once' or 'a dozen'"
HEDGE_OUTSIDE_TEXT = "qualifier read from words next to the text, not inside it"
NEGATIVE = "a signed change: the gold keeps the minus sign, the parser reads the magnitude"
SCORE = "a score 'A-B': low == high == the winner's tally (gold/README.md), not a range"
# (article_id, figure text) -> why the gold's low/high/qualifier differ from parse_figure().
PARSER_DISAGREES: dict[tuple[str, str], str] = {
    ("asian_markets_cnn", "about a month"): "'a month' as one month",
    ("asian_markets_cnn", "third"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("asian_markets_reuters", "seventh"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("asian_markets_reuters", "near 1-1/2"): "mixed fraction with 'near' as a hedge",
    ("asian_markets_reuters", "7/32"): "bond-price fraction",
    ("asian_markets_reuters", "29/32"): "bond-price fraction",
    ("deval_patrick_campaign", "About a dozen"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("deval_patrick_campaign", "roughly two-thirds"): "fraction as a percentage",
    ("deval_patrick_campaign", "second"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("disney_plus_kevin_mayer", "two"): HEDGE_OUTSIDE_TEXT,
    ("epstein_prison_guards_charged", "five"): HEDGE_OUTSIDE_TEXT,
    ("epstein_prison_guards_charged", "within a week"): "'within' as a hedge, 'a week' as one",
    ("epstein_prison_guards_charged", "a couple"): "'a couple' as at least two",
    ("feather_duvet_lung_forbes", "within 2"): "'within' as a hedge",
    ("feather_duvet_lung_gizmodo", "a year"): "'a year' as one year",
    ("feather_duvet_lung_livescience", "within a month"): "'within' as a hedge, 'a month'",
    ("feather_duvet_lung_livescience", "a year"): "'a year' as one year",
    ("gannett_gatehouse_merger", "about twice"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("gannett_gatehouse_merger", "half"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("gannett_gatehouse_merger", "more than a decade"): "'a decade' as ten years",
    ("hibernating_astronauts", "within 20"): "'within' as a hedge",
    ("hibernating_astronauts", "a third"): "fraction as a percentage",
    ("hibernating_astronauts", "more than two decades"): "decades converted to years",
    ("home_depot_earnings_barrons", "closer to 5%"): "'closer to' as a hedge",
    ("home_depot_earnings_foxbusiness", "-12.99"): NEGATIVE,
    ("home_depot_earnings_foxbusiness", "-5.44%"): NEGATIVE,
    ("home_depot_earnings_foxbusiness", "-1.62"): NEGATIVE,
    ("home_depot_earnings_foxbusiness", "-1.41%"): NEGATIVE,
    ("la_auto_show_suvs", "230 miles to more 300"): "range with the unit inside the text",
    ("meth_campaign_njcom", "nearly half a million"): "'half a million' as 500,000",
    ("meth_campaign_spokesman", "third"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("meth_campaign_spokesman", "a thousand"): HEDGE_OUTSIDE_TEXT,
    ("meth_campaign_thehill", "964,000"): HEDGE_OUTSIDE_TEXT,
    ("meth_campaign_thehill", "12"): HEDGE_OUTSIDE_TEXT,
    ("meth_campaign_usatoday", "just short of $449,000"): "'just short of' as less than",
    ("mourinho_tottenham", "five-and-a-half"): "'five-and-a-half' as 5.5",
    ("mourinho_tottenham", "twice"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("omar_threat_plea_nbcnews", "up to a $250,000"): "'up to a' before the amount",
    ("us_new_car_sales_october", "fourth"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("us_new_car_sales_october", "a quarter-point"): "'a quarter-point' as 0.25",
    ("us_new_car_sales_october", "second"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("wild_beat_sabres", "4-1"): SCORE,
    ("wild_beat_sabres", "once"): WORDS_THE_PARSER_DOES_NOT_READ,
    ("wild_beat_sabres", "three four"): "range written without a joining word",
    ("wild_beat_sabres", "nine 10"): "range written without a joining word",
}


def _article(article_id: str) -> Article:
    return Article((DEVSET / "articles" / f"{article_id}.txt").read_text(encoding="utf-8"))


def _parser_agrees(text: str, low: float, high: float, qualifier: str) -> bool:
    parsed = parse_figure(text)
    return (parsed is not None and same_value(parsed.low, low) and same_value(parsed.high, high)
            and parsed.qualifier == qualifier)


def test_every_devset_article_has_gold_and_none_is_a_seed() -> None:
    stems = {p.stem for p in (DEVSET / "articles").glob("*.txt")}
    assert len(stems) == 36
    assert stems == set(GOLD)
    assert not stems & SEEDS


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_devset_figures_are_verbatim_and_their_values_are_read_from_the_text(
        article_id: str) -> None:
    text = (DEVSET / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    for figure in GOLD[article_id].figures:
        # Verbatim: the exact characters, not the tolerant match grounding allows.
        assert figure.text in text, figure.text
        if figure.qualifier != "range":
            assert figure.low == figure.high, figure.text
        agrees = _parser_agrees(figure.text, figure.low, figure.high, figure.qualifier)
        assert agrees or (article_id, figure.text) in PARSER_DISAGREES, (
            figure.text, figure.low, figure.high, figure.qualifier, parse_figure(figure.text))


def test_every_listed_parser_disagreement_still_disagrees() -> None:
    disagreeing = {(a, f.text) for a, gold in GOLD.items() for f in gold.figures
                   if not _parser_agrees(f.text, f.low, f.high, f.qualifier)}
    assert set(PARSER_DISAGREES) == disagreeing


def test_a_score_keeps_the_winners_tally() -> None:
    for (article_id, text), reason in PARSER_DISAGREES.items():
        if reason == SCORE:
            (figure,) = [f for f in GOLD[article_id].figures if f.text == text]
            assert figure.low == figure.high == max(float(n) for n in text.split("-"))


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_devset_names_occur_in_their_article(article_id: str) -> None:
    article = _article(article_id)
    gold = GOLD[article_id]
    for item in [*gold.actors, *gold.locations]:
        assert any(article.contains_name(n) for n in [item.name, *item.aliases]), item.name


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_devset_names_are_unique_and_questions_are_two_to_five(article_id: str) -> None:
    gold = GOLD[article_id]
    for items in (gold.actors, gold.locations):
        names = [item.name.casefold() for item in items]
        assert len(names) == len(set(names)), names
    assert 2 <= len(gold.open_questions) <= 5
    assert all(q.question.rstrip().endswith("?") for q in gold.open_questions)


@pytest.mark.parametrize("path", sorted((DEVSET / "gold").glob("*.json")), ids=lambda p: p.stem)
def test_devset_gold_states_required_everywhere(path: Path) -> None:
    # The loader defaults `required` to true; the dev set states it on every item, so an item
    # that lost the key would silently become required.
    data = json.loads(path.read_text(encoding="utf-8"))
    for field in ("actors", "locations", "figures", "open_questions"):
        for item in data[field]:
            assert isinstance(item.get("required"), bool), (field, item)
