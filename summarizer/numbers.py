"""Numbers as news writes them: "800 to 1,000", "about 300", "$2.6 billion", "three".

Shared by grounding (is a figure's number in its quote?) and by eval (do two figures
state the same amount?). Pure functions, no I/O.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer.scanning import is_word_char, lowered, matches_at, whole_words

Qualifier = Literal["exact", "approx", "range", "at_least", "at_most", "more_than", "less_than"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "bn": 1_000_000_000, "tn": 1_000_000_000_000,
}
# Numbers written as words, "zero" to "ninety" (what a number word alone can be).
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS)
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if k != "zero")
    + r"))?|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r"|a|an)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|tn|k|m)\b"
_AMOUNT = (
    rf"(?P<cur>[$€£¥])?\s?(?:(?P<dig>{_DIGITS})|(?P<word>\b{_WORD_NUMBER}\b))"
    rf"(?:\s?(?P<scale>{_SCALE}))?(?P<pct>\s?(?:%|per ?cent\b|percent\b))?"
)
AMOUNT_RE = re.compile(_AMOUNT, re.IGNORECASE)
# Where an amount's number can begin: a digit (or the "." before one), or a number word
# (see ``_amount_matches``).
_DIGIT_RUN = re.compile(r"\d+")
_NUMBER_WORD_LIST = sorted(NUMBER_WORDS)
# The scales that give "a" or "an" a value ("a million"); with "k", "m", "bn" it has none.
_ARTICLE_SCALES = ("hundred", "thousand", "million", "billion", "trillion")

_RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|—|and|or)\s*$", re.IGNORECASE)
_HEDGES: list[tuple[re.Pattern[str], Qualifier]] = [
    (re.compile(r"\b(?:at least|no fewer than|no less than|a minimum of)\s*$", re.I), "at_least"),
    (re.compile(r"\b(?:more than|over|above|upwards of|in excess of|exceeding)\s*$", re.I),
     "more_than"),
    (re.compile(r"\b(?:as many as|up to|at most|no more than|a maximum of|as much as)\s*$", re.I),
     "at_most"),
    (re.compile(r"\b(?:fewer than|less than|under|below)\s*$", re.I), "less_than"),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|an estimated|estimated|"
                r"nearly|almost|close to|an? approximate|circa|approx\.?|possibly|perhaps|~)\s*$",
                re.I), "approx"),
]


@dataclass(frozen=True)
class Amount:
    """One number mention: its value and where it sits in the text it was found in."""

    value: float
    start: int
    end: int
    is_word: bool


@dataclass(frozen=True)
class FigureValue:
    low: float
    high: float
    qualifier: Qualifier


def _word_value(word: str) -> float | None:
    word = word.lower().replace("-", " ")
    if word in ("a", "an"):
        return 1.0
    total = 0
    for part in word.split():
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return float(total)


def _amount_value(match: re.Match[str]) -> float | None:
    digits, word, scale = match.group("dig"), match.group("word"), match.group("scale")
    if digits:
        base = float(digits.replace(",", ""))
    else:
        base_or_none = _word_value(word or "")
        if base_or_none is None:
            return None
        base = base_or_none
        # "a" / "an" only count with a scale word: "a million", not "a village".
        if word and word.lower() in ("a", "an") and not scale:
            return None
    if scale:
        scale_key = scale.lower()
        # A bare "m"/"k" after a word number is too ambiguous ("one m").
        if word and scale_key in ("k", "m", "mn", "bn", "tn"):
            return None
        base *= _SCALES[scale_key]
    return base


# The same text is scanned many times: an article by the prompt's amount list and by
# grounding, a quote by each figure check. Results are cached per text (texts up to
# _CACHED_CHARS; an article part is at most 12,000) and handed out as fresh lists and sets,
# so callers may still change what they get.
_CACHED_CHARS = 20_000
_CACHE_SIZE = 1024


def find_amounts(text: str) -> list[Amount]:
    """Every number mention in ``text``, in order, with its value."""
    if len(text) > _CACHED_CHARS:
        return list(_scan_amounts(text))
    return list(_cached_amounts(text))


def _amount_matches(text: str) -> list[re.Match[str]]:
    """``AMOUNT_RE.finditer(text)``'s matches but a lone "a" or "an" (see ``_lone_article``),
    the pattern tried only where an amount can begin: at most a currency sign and a space
    before a digit run or a number word. Trying it at every character cost about 1 ms a
    5 KB article."""
    low = lowered(text)
    if low is None:
        return [m for m in AMOUNT_RE.finditer(text) if not _lone_article(m)]
    # Up to two characters (a currency sign, a space) before where the number begins: a
    # digit, the "." that opens ".5", or a number word, a whole word of the lower-cased text
    # ("a" and "an" only before a space and a scale that gives them a value).
    starts: set[int] = set()
    for run in _DIGIT_RUN.finditer(text):
        starts.update(range(max(0, run.start() - 3), run.end()))
    words = whole_words(low, _NUMBER_WORD_LIST)
    for scale in whole_words(low, _ARTICLE_SCALES):
        if scale >= 2 and low[scale - 1].isspace():
            words.extend(at for at in (scale - 2, scale - 3) if low[at:scale - 1] in ("a", "an")
                         and (at == 0 or not is_word_char(low[at - 1])))
    for word in words:
        starts.update(range(max(0, word - 2), word + 1))
    return [m for m in matches_at(AMOUNT_RE, text, sorted(starts)) if not _lone_article(m)]


def _lone_article(match: re.Match[str]) -> bool:
    """"a" or "an" read as a number but without a value: no scale after it ("a village"), or
    one too short to read ("a m"). Leaving these out leaves every other match as it was:
    none starts inside one (``tests/test_scanning.py``)."""
    word = match.group("word")
    return word is not None and word.lower() in ("a", "an") and (
        match.group("scale") or "").lower() not in _ARTICLE_SCALES


def _scan_amounts(text: str) -> tuple[Amount, ...]:
    found: list[Amount] = []
    for match in _amount_matches(text):
        value = _amount_value(match)
        if value is None:
            continue
        start = match.start("dig") if match.group("dig") else match.start("word")
        if match.group("cur"):
            start = match.start("cur")
        found.append(Amount(value, start, match.end(), is_word=not match.group("dig")))
    return tuple(found)


_cached_amounts = lru_cache(maxsize=_CACHE_SIZE)(_scan_amounts)


def values_in(text: str) -> set[float]:
    """The set of numeric values stated in ``text``, scale applied to both ends of ranges."""
    if len(text) > _CACHED_CHARS:
        return set(_scan_values(text))
    return set(_cached_values(text))


def _scan_values(text: str) -> frozenset[float]:
    values = {a.value for a in find_amounts(text)}
    for first, second in range_pairs(text):
        values.add(first.value)
        values.add(second.value)
    return frozenset(values)


_cached_values = lru_cache(maxsize=_CACHE_SIZE)(_scan_values)


def range_pairs(text: str) -> list[tuple[Amount, Amount]]:
    """Adjacent amounts joined by "to", "-", "and": "2 to 3 million" gives (2m, 3m)."""
    if len(text) > _CACHED_CHARS:
        return list(_scan_pairs(text))
    return list(_cached_pairs(text))


def _scan_pairs(text: str) -> tuple[tuple[Amount, Amount], ...]:
    amounts = find_amounts(text)
    pairs: list[tuple[Amount, Amount]] = []
    for first, second in itertools.pairwise(amounts):
        if _RANGE_JOIN.match(text[first.end:second.start]) and _same_kind(
                text[first.start:first.end], text[second.start:second.end]):
            low, high = first, second
            if low.value < high.value and high.value >= 1000 and low.value < 1000:
                # "2 to 3 million": the scale written once applies to both ends.
                scale = _trailing_scale(text[second.start:second.end])
                if scale and low.value * scale <= high.value:
                    low = Amount(low.value * scale, low.start, low.end, low.is_word)
            pairs.append((low, high))
    return tuple(pairs)


_cached_pairs = lru_cache(maxsize=_CACHE_SIZE)(_scan_pairs)


_PERCENT = re.compile(r"%|per ?cent", re.I)


def _same_kind(first: str, second: str) -> bool:
    """Whether two amounts can be the ends of one range: "rose 12% to $4.3 billion" is a
    change and a level, not a range. A sign written once at the end ("12 to 15%") or
    at the start ("$3 to 4 billion") still makes a range."""
    if _PERCENT.search(first) and not _PERCENT.search(second):
        return False
    return not (second[:1] in "$€£¥" and first[:1] not in "$€£¥")


def _trailing_scale(text: str) -> float | None:
    match = re.search(_SCALE, text, re.IGNORECASE)
    return float(_SCALES[match.group(0).lower()]) if match else None


_FILLER = re.compile(r"\b(?:another|an additional|a further|additional|further)\s*$", re.I)


# No hedge or filler is longer than this ("an approximate" is 14): each ends where the
# words before an amount end, so only the last characters of them are searched (a search
# tries a pattern at every character; these were tried along 40).
_LONGEST_LEAD = 20


def _at_end(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    r"""``pattern.search(text)`` for a pattern that ends with ``\s*$`` and is no longer than
    ``_LONGEST_LEAD`` before that: searched from near the end (lookbehinds and ``\b``
    still see what comes before)."""
    return pattern.search(text, max(0, len(text.rstrip()) - _LONGEST_LEAD))


def hedge_start(text: str, start: int) -> int:
    """Where the hedge before the amount at ``start`` begins ("as many as another 6,000"
    gives the start of "as many as"); ``start`` when there is none."""
    window = max(0, start - 40)
    prefix = text[window:start]
    filler = _at_end(_FILLER, prefix)
    core = prefix[:filler.start()] if filler else prefix
    for pattern, _ in _HEDGES:
        match = _at_end(pattern, core)
        if match:
            return window + match.start()
    return window + filler.start() if filler else start


def _hedge_before(prefix: str) -> Qualifier | None:
    filler = _at_end(_FILLER, prefix)
    if filler:  # what _FILLER.sub("", prefix) leaves: its only match ends the prefix
        prefix = prefix[:filler.start()]
    for pattern, qualifier in _HEDGES:
        if _at_end(pattern, prefix):
            return qualifier
    return None


def parse_figure(text: str) -> FigureValue | None:
    """Parse a figure's text into low, high and qualifier; None when it states no number."""
    amounts = find_amounts(text)
    if not amounts:
        return None
    pairs = range_pairs(text)
    if pairs:
        low, high = pairs[0]
        lo, hi = sorted((low.value, high.value))
        return FigureValue(lo, hi, "range")
    first = amounts[0]
    hedge = _hedge_before(text[: first.start]) or "exact"
    return FigureValue(first.value, first.value, hedge)


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def is_year(amount: Amount, text: str) -> bool:
    written = text[amount.start:amount.end]
    return written.isdigit() and len(written) == 4 and 1800 <= amount.value <= 2100


def sole_amount(text: str) -> str | None:
    """The one amount ``text`` states (a range counts as one), years aside; None when it
    states none or several, since then which one is meant cannot be known."""
    amounts = [a for a in find_amounts(text) if not is_year(a, text)]
    pairs = range_pairs(text)
    if len(pairs) == 1 and len(amounts) == 2:
        low, high = pairs[0]
        return text[low.start:high.end]
    if len(amounts) == 1:
        return text[amounts[0].start:amounts[0].end]
    return None


def qualifier_before(text: str, start: int) -> Qualifier:
    """The qualifier that the words just before ``start`` give an amount ("about", "up
    to", "more than"); "exact" when there is none."""
    return _hedge_before(text[max(0, start - 40):start]) or "exact"
