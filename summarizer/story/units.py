"""Units of figures: which ones measure the same kind of thing, and how to convert."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BaseUnit:
    """A unit reduced to its kind ("duration", "money:usd", "count:truck") and the factor
    that converts a value in it to the kind's base unit."""

    kind: str
    factor: float

    @property
    def family(self) -> str:
        """Counts of different things ("people", "fighters") are one family: the figure's
        ``counts`` text decides whether they are the same count."""
        return self.kind.split(":", 1)[0]


_DURATION_DAYS = {
    "second": 1 / 86400, "sec": 1 / 86400, "minute": 1 / 1440, "min": 1 / 1440,
    "hour": 1 / 24, "hr": 1 / 24, "day": 1.0, "night": 1.0, "week": 7.0, "month": 30.44,
    "year": 365.25, "decade": 3652.5,
}
_LENGTH_M = {"meter": 1.0, "metre": 1.0, "m": 1.0, "kilometer": 1000.0, "kilometre": 1000.0,
             "km": 1000.0, "mile": 1609.34, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048,
             "yard": 0.9144, "inch": 0.0254, "centimeter": 0.01, "cm": 0.01}
_AREA_M2 = {"square kilometer": 1e6, "square kilometre": 1e6, "km2": 1e6, "sq km": 1e6,
            "square mile": 2.59e6, "sq mile": 2.59e6, "square meter": 1.0, "square metre": 1.0,
            "hectare": 1e4, "acre": 4046.86, "square foot": 0.0929, "square feet": 0.0929}
_MONEY = {"usd": "usd", "dollar": "usd", "us dollar": "usd", "$": "usd", "eur": "eur",
          "euro": "eur", "€": "eur", "gbp": "gbp", "pound": "gbp", "£": "gbp",
          "yen": "jpy", "jpy": "jpy", "¥": "jpy", "yuan": "cny", "cny": "cny"}
_PERCENT = {"percent", "per cent", "%", "percentage", "pct"}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def base_unit(unit: str, text: str = "") -> BaseUnit:
    """The kind and conversion factor of a figure's unit; its text fills a blank unit
    ("$2.6 billion" is money, "12%" a percentage)."""
    raw = " ".join(unit.casefold().replace("-", " ").split())
    if not raw:
        if "%" in text or re.search(r"\bper ?cent\b", text, re.I):
            raw = "percent"
        else:
            symbol = re.search(r"[$€£¥]", text)
            raw = symbol.group(0) if symbol else ""
    if not raw:
        return BaseUnit("count:", 1.0)
    if raw in _PERCENT or raw.startswith("percent"):
        return BaseUnit("percent", 1.0)
    if " per " in f" {raw} ":
        # Rates ("dollars per share", "dollars per barrel") compare only with the same rate.
        return BaseUnit("rate:" + " ".join(_singular(w) for w in raw.split()), 1.0)
    words = " ".join(_singular(w) for w in raw.split())
    for name, factor in _AREA_M2.items():
        if words == name or words == _singular(name):
            return BaseUnit("area", factor)
    if words in _MONEY or raw in _MONEY:
        return BaseUnit("money:" + _MONEY.get(words, _MONEY.get(raw, words)), 1.0)
    if words in _DURATION_DAYS:
        return BaseUnit("duration", _DURATION_DAYS[words])
    if words in _LENGTH_M:
        return BaseUnit("length", _LENGTH_M[words])
    return BaseUnit("count:" + words, 1.0)
