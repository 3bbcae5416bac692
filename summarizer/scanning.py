"""Scanning a text for a regex's matches without trying the regex at every position.

The candidate finders' big case-insensitive patterns ("an amount", "a quantity in words")
cost Python's ``re`` a full attempt at each character of a 5 KB article, which was the
larger part of building a plan. Their matches can only begin near certain words, found
cheaply with a case-sensitive pattern on the lower-cased text; :func:`matches_at` then tries
the big pattern only where a match may begin, and returns what ``finditer`` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower`` does
# not turn them into it ("ſ" matches "s", "ı" and "İ" match "i"; "İ" also lowers to two
# characters). Every other character matches an ASCII letter exactly where its lower case
# is that letter, and lowers to one character of the same word-ness
# (``tests/test_scanning.py`` checks all of Unicode).
_FOLDS_UNLIKE_LOWER = ("İ", "ı", "ſ")


def lowered(text: str) -> str | None:
    """``text.lower()`` where it is a faithful view for case-insensitive ASCII words: same
    length and word boundaries, and a lower-case ASCII word found in it is there in
    ``text`` for ``re.IGNORECASE``. None when ``text`` holds a character for which that
    fails; the caller then scans ``text`` itself."""
    if not text.isascii() and any(c in text for c in _FOLDS_UNLIKE_LOWER):
        return None
    return text.lower()


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying the pattern only at ``starts`` (ascending).
    ``starts`` must hold every position where ``pattern`` can match, and ``pattern`` must
    not match the empty string."""
    found: list[re.Match[str]] = []
    cursor = 0
    for start in starts:
        if start < cursor:
            continue  # inside the last match: finditer goes on from its end
        match = pattern.match(text, start)
        if match is not None:
            if match.end() == start:
                raise ValueError(f"{pattern.pattern!r} matched the empty string")
            found.append(match)
            cursor = match.end()
    return found


def word_run_starts_before(text: str, at: int, count: int) -> list[int]:
    """Where the ``count`` runs of word characters (``\\w``) before ``at`` begin, nearest
    first (fewer at the start of the text)."""
    starts: list[int] = []
    position = at
    for _ in range(count):
        while position > 0 and not is_word_char(text[position - 1]):
            position -= 1
        if position == 0:
            break
        while position > 0 and is_word_char(text[position - 1]):
            position -= 1
        starts.append(position)
    return starts


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return char.isalnum() or char == "_"


class WordStartPattern:
    r"""A pattern ``\b(?:...)`` whose every branch opens with a word character, so that each
    match starts a word: at the text's start or right after a non-word character. Searched
    as "at the start, or after a ``\W``", it matches at the same places, but the engine, given a
    pattern that opens with a character class, skips from one non-word character to the
    next; one that opens with ``\b`` it tries at every character (most of the open-question
    signals' time: 0.21 -> 0.15 ms an article for their joined pattern)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if not pattern.startswith(r"\b"):
            raise ValueError(f"not a word-start pattern: {pattern[:40]!r}")
        self.pattern = pattern
        self._at_start = re.compile(pattern, flags)
        self._after_a_non_word = re.compile(rf"\W(?:{pattern[2:]})", flags)

    def search(self, text: str) -> re.Match[str] | None:
        """What ``re.search(pattern, text, flags)`` gives."""
        match = self._at_start.match(text)
        if match is None and (after := self._after_a_non_word.search(text)) is not None:
            match = self._at_start.match(text, after.start() + 1)
        return match

    def starts(self, text: str) -> list[int]:
        """Every position where ``pattern`` matches, overlapping matches too, ascending."""
        found = [0] if self._at_start.match(text) is not None else []
        position = 0
        while (match := self._after_a_non_word.search(text, position)) is not None:
            position = match.start() + 1  # the word's first character
            found.append(position)
        return found

    def match_at(self, text: str, position: int) -> bool:
        """Whether ``pattern`` matches at ``position`` (what comes before it still counts
        for ``\\b`` and lookbehinds)."""
        return self._at_start.match(text, position) is not None


def whole_words(text: str, words: Iterable[str]) -> list[int]:
    r"""Where each of ``words`` (each made of word characters) stands in ``text`` as a
    whole word, ascending: the starts of ``\b(?:word|word|...)\b``'s matches. Found with a
    ``str.find`` a word, where that pattern, opening with ``\b`` and alternatives, is tried
    at every character: 0.13 against 0.06 ms for the number words in a 3.6 KB article."""
    found: list[int] = []
    size = len(text)
    for word in words:
        length = len(word)
        at = text.find(word)
        while at >= 0:
            end = at + length
            if (at == 0 or not is_word_char(text[at - 1])) and (
                    end == size or not is_word_char(text[end])):
                found.append(at)
            # No whole word starts inside this one: the character before it is the word's.
            at = text.find(word, end)
    found.sort()
    return found


def grouped_by_first_letter(patterns: Iterable[str]) -> str:
    r"""One alternation that matches where any of ``patterns`` matches (case-sensitive),
    its branches grouped under their first letter: ``a(?:lleged|sserts?)|c(?:ould|...)``.

    Python's ``re`` tries an alternation's branches one after another, so a position where
    none matches costs a test per branch; grouped, it costs one test per first letter. Each
    pattern is split into its top-level branches, and a branch that opens with a group
    ``(?:...)`` (no quantifier after it) into one branch per alternative of the group,
    written before the rest: ``(?:has|had) yet`` gives ``has yet`` and ``had yet``. A branch
    that opens with anything but a letter is kept as it is."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for pattern in patterns:
        for branch in _branches(pattern):
            if branch[:1].isascii() and branch[:1].isalpha() and branch[1:2] not in _QUANTIFIERS:
                groups.setdefault(branch[0], []).append(branch[1:])
            else:
                others.append(branch)
    grouped = [letter + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
               for letter, rests in groups.items()]
    return "|".join(grouped + others)


_QUANTIFIERS = ("?", "*", "+", "{")


def _branches(pattern: str) -> list[str]:
    """``pattern``'s top-level alternatives, each with a leading non-capturing group
    spread out into one alternative for each of its own."""
    branches: list[str] = []
    for branch in top_level_alternatives(pattern):
        if branch.startswith("(?:"):
            close = _closing_parenthesis(branch)
            rest = branch[close + 1:]
            if rest[:1] not in _QUANTIFIERS:
                branches.extend(_branches(
                    "|".join(inner + rest for inner in top_level_alternatives(branch[3:close]))))
                continue
        branches.append(branch)
    return branches


def top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at each ``|`` outside groups, character classes and escapes."""
    alternatives: list[str] = []
    start = 0
    for at, char, depth in _group_syntax(pattern):
        if char == "|" and depth == 0:
            alternatives.append(pattern[start:at])
            start = at + 1
    alternatives.append(pattern[start:])
    return alternatives


def _closing_parenthesis(pattern: str) -> int:
    """Where the group that opens ``pattern`` closes."""
    for at, char, depth in _group_syntax(pattern):
        if char == ")" and depth == 0:
            return at
    raise ValueError(f"unbalanced group: {pattern!r}")


def _group_syntax(pattern: str) -> Iterable[tuple[int, str, int]]:
    """Each ``(``, ``)`` and ``|`` of ``pattern`` that is regex syntax (not escaped and not
    inside a character class), with the depth of groups after it."""
    depth = 0
    escaped = False
    class_start = -1  # where the character class we are in opens; -1 outside one
    for at, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif class_start >= 0:
            # A "]" first in a class ("[]a]", "[^]a]") is one of its characters.
            if char == "]" and at > class_start + 1 + (pattern[class_start + 1] == "^"):
                class_start = -1
        elif char == "[":
            class_start = at
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield at, char, depth
