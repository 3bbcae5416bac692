from __future__ import annotations

import pytest

from summarizer.numbers import parse_figure, values_in


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier"),
    [
        ("800 to 1,000", 800, 1000, "range"),
        ("800-1,000", 800, 1000, "range"),
        ("about 300", 300, 300, "approx"),
        ("$2.6 billion", 2_600_000_000, 2_600_000_000, "exact"),
        ("three", 3, 3, "exact"),
        ("twenty-five", 25, 25, "exact"),
        ("at least 37,000", 37_000, 37_000, "at_least"),
        ("as many as another 6,000", 6000, 6000, "at_most"),
        ("more than 60 percent", 60, 60, "more_than"),
        ("fewer than 10", 10, 10, "less_than"),
        ("2 to 3 million", 2_000_000, 3_000_000, "range"),
        ("an estimated 200 to 300", 200, 300, "range"),
        ("a million", 1_000_000, 1_000_000, "exact"),
        ("12 to 15%", 12, 15, "range"),
        ("12% to $4.3 billion", 12, 12, "exact"),  # a change, then a level: not a range
    ],
)
def test_parse_figure_reads_news_wording(text: str, low: float, high: float,
                                         qualifier: str) -> None:
    parsed = parse_figure(text)
    assert parsed is not None
    assert (parsed.low, parsed.high, parsed.qualifier) == (low, high, qualifier)


@pytest.mark.parametrize("text", ["dozens", "hundreds of people", "a village", ""])
def test_vague_amounts_are_not_figures(text: str) -> None:
    assert parse_figure(text) is None


def test_values_in_applies_scale_words() -> None:
    assert 2_600_000_000 in values_in("a deal worth $2.6 billion was signed")
    assert 3 in values_in("Three people were hurt")


def _texts_before_amounts() -> list[str]:
    """The 40 characters before every amount of the articles, and random ones built from
    the hedges and fillers themselves."""
    import random
    from pathlib import Path

    from summarizer.numbers import find_amounts

    root = Path(__file__).resolve().parent.parent / "eval"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))]
    assert len(texts) >= 40
    prefixes = [t[max(0, a.start - 40):a.start] for t in texts for a in find_amounts(t)]
    pieces = ["an approximate", "no fewer than", "an additional", "another", "further",
              "as many as", "up to", "about", "approx.", "~", "over", "some", " ", "  ",
              "\n", "x", "An", "AN ESTIMATED", "roughly", "-", ",", "é"]
    rng = random.Random(5)
    prefixes += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))[-40:]
                 for _ in range(20_000)]
    return prefixes


def test_hedges_are_found_as_a_search_of_the_whole_window_finds_them() -> None:
    import re

    from summarizer import numbers

    def whole(prefix: str) -> int:
        filler = numbers._FILLER.search(prefix)
        core = prefix[:filler.start()] if filler else prefix
        hedge = next((m.start() for p, _ in numbers._HEDGES if (m := p.search(core))), None)
        if hedge is not None:
            return hedge
        return filler.start() if filler else len(prefix)

    for prefix in _texts_before_amounts():
        start = whole(prefix)
        text = prefix + "5"
        assert numbers.hedge_start(text, len(prefix)) == start, prefix
        before = numbers.qualifier_before(text, len(prefix))
        plain = numbers._FILLER.sub("", prefix)
        expected = next((q for p, q in numbers._HEDGES if p.search(plain)), "exact")
        assert before == expected, prefix
    # Every hedge and filler phrase is within the characters searched.
    for pattern in [numbers._FILLER, *(p for p, _ in numbers._HEDGES)]:
        for phrase in re.findall(r"[a-z~][a-z .~\\?]*", pattern.pattern.split("(?:", 1)[1]):
            assert len(phrase.replace("\\", "").replace("?", "")) <= numbers._LONGEST_LEAD
