"""Checking a summary against its article: whole sentences, and no number or name that
the article does not state."""

from __future__ import annotations

import re

from summarizer.candidates.sentences import split_sentences
from summarizer.numbers import find_amounts, same_value, values_in

MAX_SENTENCES = 3
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[A-Za-z]")


def whole_sentences(summary: str, limit: int = MAX_SENTENCES) -> str:
    """At most ``limit`` sentences, ending at a sentence boundary, never mid-word."""
    sentences = [s.text for s in split_sentences(" ".join(summary.split()))]
    complete = [s for s in sentences if s.endswith((".", "!", "?", '."', ".”'"))]
    return " ".join(complete[:limit])


def problems(summary: str, article: str) -> list[str]:
    """What in ``summary`` the article does not support: numbers it never states, names it
    never uses. Empty when the summary holds up."""
    found: list[str] = []
    stated = values_in(article)
    for amount in find_amounts(summary):
        written = summary[amount.start:amount.end]
        if not any(same_value(amount.value, s) for s in stated):
            found.append(f'the number "{written}" is not in the article')
    folded = article.casefold()
    openers = {s.start for s in split_sentences(summary)}
    for match in _NAME.finditer(summary):
        if match.start() in openers:
            continue  # a capital that opens a sentence says nothing about a name
        word = match.group(0).rstrip(".")
        if word.casefold().replace("’", "'") not in folded.replace("’", "'"):
            found.append(f'the name "{word}" is not in the article')
    return found


def keep_supported(summary: str, article: str) -> str:
    """The summary's sentences that hold up on their own."""
    kept = [s.text for s in split_sentences(summary) if not problems(s.text, article)]
    return " ".join(kept)
