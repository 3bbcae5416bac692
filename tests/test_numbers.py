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
