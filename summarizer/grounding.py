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

from summarizer.numbers import values_in

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


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end
