"""Finding a model's quote in the article, and checking that an item is supported by it.

A quote is located exactly first, then tolerantly (whitespace, curly quotes, dashes,
case), then by fuzzy alignment. Whatever matched, the stored quote is the article's own
text at the found offsets, so ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from summarizer.numbers import find_amounts, parse_figure, same_value, values_in

Alignment = Literal["exact", "tolerant", "fuzzy"]

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_LENGTH = 12

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


_SPACED_INITIALS = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    alignment: Alignment


class NormalisedText:
    """The text folded for tolerant matching, with a map back to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = True
        for index, char in enumerate(text.translate(_TRANSLATE)):
            if char.isspace():
                if previous_space:
                    continue
                chars.append(" ")
                previous_space = True
            else:
                chars.append(char.lower())
                previous_space = False
            origin.append(index)
        self.folded = "".join(chars)
        self.origin = origin

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> str:
    return NormalisedText(text).folded.strip()


class Article:
    """An article's text with the indexes grounding needs, built once per article."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normalised = NormalisedText(text)
        self.values = values_in(text)

    def locate(self, quote: str) -> Span | None:
        """Where ``quote`` sits in the article, or None when it is not there."""
        quote = quote.strip()
        if not quote:
            return None
        index = self.text.find(quote)
        if index >= 0:
            return Span(index, index + len(quote), "exact")
        needle = fold(quote)
        if not needle:
            return None
        index = self.normalised.folded.find(needle)
        if index >= 0:
            start, end = self.normalised.to_original(index, index + len(needle))
            return Span(start, end, "tolerant")
        return self._fuzzy(needle)

    def _fuzzy(self, needle: str) -> Span | None:
        if len(needle) < FUZZY_MIN_LENGTH:
            return None
        haystack = self.normalised.folded
        result = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=FUZZY_MIN_SCORE)
        if result is None or result.dest_end <= result.dest_start:
            return None
        start, end = _widen_to_words(haystack, result.dest_start, result.dest_end)
        # The aligned window must not be much shorter than the quote: that would mean a
        # fragment of it matched and the rest was invented.
        if (end - start) < 0.8 * len(needle):
            return None
        o_start, o_end = self.normalised.to_original(start, end)
        return Span(o_start, o_end, "fuzzy")

    def contains_name(self, name: str) -> Span | None:
        """Where a name is mentioned as whole words (case and punctuation tolerant)."""
        found = self._find_name(name)
        if found is None and _SPACED_INITIALS.search(name):
            # "U. S.-backed" as some tokenisers write "U.S.-backed".
            found = self._find_name(_SPACED_INITIALS.sub(r"\1.", name))
        return found

    def _find_name(self, name: str) -> Span | None:
        needle = fold(name)
        if len(needle) < 2:
            return None
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        match = pattern.search(self.normalised.folded)
        if match is None:
            return None
        start, end = self.normalised.to_original(match.start(), match.end())
        return Span(start, end, "tolerant")

    def sentence_around(self, span: Span) -> Span:
        """The sentence (or line) that holds ``span``, for evidence of a bare mention."""
        text = self.text
        left = max(text.rfind(". ", 0, span.start), text.rfind("\n", 0, span.start))
        start = left + 1 if left >= 0 else 0
        while start < span.start and text[start].isspace():
            start += 1
        candidates = [i for i in (text.find(". ", span.end), text.find("\n", span.end)) if i >= 0]
        end = min(candidates) + 1 if candidates else len(text)
        end = min(end, len(text))
        while end > span.end and text[end - 1].isspace():
            end -= 1
        return Span(start, end, span.alignment)


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


@dataclass(frozen=True)
class FigureCheck:
    """What a figure's text means once checked against its evidence quote."""

    text: str
    low: float
    high: float
    qualifier: str


def check_figure(figure_text: str, quote: str, lead: str = "") -> FigureCheck | str:
    """Parse the figure and check its number stands in the quote; a reason string if not.

    ``lead`` is the article text just before the quote: a hedge such as "around" may stand
    there when the model's quote starts at the number."""
    parsed = parse_figure(figure_text)
    if parsed is None:
        return f"figure text {figure_text!r} states no number"
    quoted = values_in(quote)
    missing = [v for v in {parsed.low, parsed.high} if not any(same_value(v, q) for q in quoted)]
    if missing:
        shown = ", ".join(_show(v) for v in sorted(missing))
        return (f"the number {shown} in figure {figure_text!r} does not appear in its quote "
                f"{quote!r}; quote the article's sentence that states this number")
    # Take hedges and ranges from the article's own wording when the model dropped them.
    own = _figure_in_quote(parsed.low, parsed.high, quote, lead)
    if own is not None:
        text, value = own
        return FigureCheck(text, value.low, value.high, value.qualifier)
    return FigureCheck(figure_text.strip(), parsed.low, parsed.high, parsed.qualifier)


@dataclass(frozen=True)
class FigureCheckValue:
    low: float
    high: float
    qualifier: str


_LEAD_WORDS = re.compile(
    r"(?:(?:at least|no fewer than|more than|over|as many as|up to|at most|fewer than|less than|"
    r"about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|just over|"
    r"just under|possibly|perhaps|close to|upwards of|under|below|"
    r"another|an additional|a further)\s+)+$",
    re.IGNORECASE,
)


def _figure_in_quote(low: float, high: float, quote: str,
                     lead: str = "") -> tuple[str, FigureCheckValue] | None:
    window = lead + quote
    amounts = find_amounts(window)
    for index, amount in enumerate(amounts):
        if amount.start < len(lead):
            continue
        if not same_value(amount.value, low) and not same_value(amount.value, high):
            continue
        end = amount.end
        if low != high and index + 1 < len(amounts):
            end = amounts[index + 1].end
        hedge = _LEAD_WORDS.search(window[: amount.start])
        start = hedge.start() if hedge else amount.start
        text = window[start:end].strip()
        value = parse_figure(text)
        if value and same_value(value.low, low) and same_value(value.high, high):
            return text, FigureCheckValue(value.low, value.high, value.qualifier)
    return None


def unsupported_numbers(text: str, article: Article) -> list[float]:
    """Numbers stated in ``text`` (a summary, say) that the article never states."""
    return [v for v in values_in(text) if not any(same_value(v, a) for a in article.values)]


def _show(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"
