"""The agreement rule of docs/STORY.md, case by case."""

from __future__ import annotations

import pytest

from summarizer.story.agreement import Statement, covers, judge
from summarizer.story.units import BaseUnit, base_unit

PEOPLE = BaseUnit("count:people", 1.0)


def said(article: str, text: str, low: float, qualifier: str = "exact",
         high: float | None = None, unit: BaseUnit = PEOPLE) -> Statement:
    span = covers(low, low if high is None else high, qualifier, text)  # type: ignore[arg-type]
    return Statement(article, span, unit)


def test_what_each_statement_allows() -> None:
    assert covers(300, 300, "approx", "about 300") == pytest.approx((255, 345))
    assert covers(800, 1000, "range", "800 to 1,000") == (800, 1000)
    assert covers(600, 600, "at_most", "up to 600") == pytest.approx((400, 600))
    assert covers(800, 800, "at_least", "at least 800") == pytest.approx((800, 1200))
    assert covers(5, 5, "exact", "5%") == pytest.approx((4.5, 5.5))
    assert covers(2.8e9, 2.8e9, "exact", "$2.8 billion") == pytest.approx((2.75e9, 2.85e9))
    assert covers(-5.44, -5.44, "exact", "-5.44%") == pytest.approx((5.435, 5.445))


@pytest.mark.parametrize(("left", "right", "expected"), [
    (("a", "about 1,000", 1000, "approx"), ("b", "800 to 1,000", 800, "range", 1000), "agree"),
    (("a", "about 300", 300, "approx"), ("b", "up to 600", 600, "at_most"), "conflict"),
    (("a", "at least 800", 800, "at_least"), ("b", "800 to 1,000", 800, "range", 1000), "agree"),
    (("a", "less than 10", 10, "less_than"), ("b", "15", 15), "conflict"),
    (("a", "300", 300), ("b", "300", 300), "agree"),
    (("a", "300", 300), ("b", "302", 302), "conflict"),
    (("a", "more than 37,000", 37000, "more_than"), ("b", "40,000", 40000), "agree"),
    (("a", "300", 300), ("a", "300", 300), "single"),
    (("a", "300", 300), ("a", "400", 400), "conflict"),
])
def test_agreement_of_two_values(left: tuple, right: tuple, expected: str) -> None:  # type: ignore[type-arg]
    assert judge([said(*left), said(*right)])[0] == expected


def test_a_writers_own_conversion_never_conflicts() -> None:
    km2, mi2 = base_unit("square kilometers"), base_unit("square miles")
    assert km2.kind == mi2.kind == "area"
    four_km2 = Statement("a", covers(4, 4, "exact", "four"), km2)
    one_mile2 = Statement("a", covers(1, 1, "exact", "one"), mi2)
    assert judge([four_km2, one_mile2])[0] == "single"
    # From two different articles values are compared after conversion: 1 square mile
    # (0.5-1.5 as written) reaches 3.9 square kilometers, 3 square miles is 7.8.
    assert judge([four_km2, Statement("b", one_mile2.span, mi2)])[0] == "agree"
    three_miles2 = Statement("b", covers(3, 3, "exact", "three"), mi2)
    assert judge([four_km2, three_miles2])[0] == "conflict"


def test_units_of_one_kind_convert() -> None:
    twelve_months = Statement("a", covers(12, 12, "exact", "12"), base_unit("months"))
    a_year = Statement("b", covers(1, 1, "exact", "a year"), base_unit("years"))
    assert judge([twelve_months, a_year])[0] == "agree"
    assert base_unit("", "$449,000").kind == base_unit("USD").kind == "money:usd"
    assert base_unit("", "12%").kind == "percent"
    assert base_unit("dollars per share").family == "rate"
