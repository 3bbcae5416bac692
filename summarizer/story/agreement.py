"""The agreement rule (docs/STORY.md): what values a figure allows, and when two values
that count the same thing are compatible.

- An exact value allows half a unit of its last written digit either way: "5%" allows
  4.5-5.5, "$2.8 billion" 2.75-2.85 billion, "three" 2.5-3.5.
- ``approx`` ("about", "around", "nearly", "some", "possibly") stretches 15% either way
  (at least the rounding above).
- ``range`` allows its two ends.
- ``at_least`` / ``more_than`` X allow X up to 1.5 X; ``at_most`` / ``less_than`` X allow
  X / 1.5 up to X: "up to 600" is 400-600, so it conflicts with "about 300".
- Signs are ignored: "fell 5%" is written as 5 or as -5.
- Values agree when every two of them overlap (on a line that is the same as all of them
  sharing one value). Two values of one article in different units of one kind are the
  writer's own conversion ("four square kilometers (one square mile)") and never conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.brief import Qualifier
from summarizer.story.model import Agreement
from summarizer.story.units import BaseUnit

APPROX = 0.15
OPEN_END = 1.5
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}


def rounding_step(text: str, value: float) -> float:
    """The unit of the last digit as written: "2.8 billion" -> 0.1 billion, "300" -> 1."""
    match = _NUMBER.search(text)
    if match is None:
        return 1.0
    decimals = len(match.group(1) or "")
    step = 10.0 ** -decimals
    after = text[match.end():].strip().casefold()
    scale = re.match(r"[a-z]+", after)
    if scale and scale.group(0) in _SCALE_WORDS:
        step *= _SCALE_WORDS[scale.group(0)]
    # Never wider than the value itself ("0.5" has a step of 0.1, not 1).
    return min(step, abs(value)) if value else step


def covers(low: float, high: float, qualifier: Qualifier, text: str) -> tuple[float, float]:
    """The values a statement allows, in the figure's own unit (no sign)."""
    low, high = sorted((abs(low), abs(high)))
    half = rounding_step(text, high) / 2
    if qualifier == "range" or low != high:
        return low, high
    value = high
    if qualifier == "approx":
        spread = max(value * APPROX, half)
        return value - spread, value + spread
    if qualifier in ("at_least", "more_than"):
        return value, value * OPEN_END
    if qualifier in ("at_most", "less_than"):
        return value / OPEN_END, value
    return value - half, value + half


@dataclass(frozen=True)
class Statement:
    article_id: str
    span: tuple[float, float]
    unit: BaseUnit

    @property
    def base_span(self) -> tuple[float, float]:
        return self.span[0] * self.unit.factor, self.span[1] * self.unit.factor


def compatible(a: Statement, b: Statement) -> bool:
    if a.article_id == b.article_id and a.unit.factor != b.unit.factor:
        return True
    (a_low, a_high), (b_low, b_high) = a.base_span, b.base_span
    # A relative hair of slack absorbs float error in unit conversions.
    slack = 1e-9 * max(abs(a_high), abs(b_high), 1.0)
    return a_low <= b_high + slack and b_low <= a_high + slack


def judge(statements: Sequence[Statement]) -> tuple[Agreement, str]:
    """``single`` (one article, compatible values), ``agree`` or ``conflict``, and why."""
    for i, a in enumerate(statements):
        for b in statements[i + 1:]:
            if not compatible(a, b):
                where = ("within one article" if a.article_id == b.article_id
                         else f"{a.article_id} and {b.article_id}")
                return "conflict", f"incompatible values ({where})"
    if len({s.article_id for s in statements}) <= 1:
        return "single", "one article"
    return "agree", "every value allows a common amount"
