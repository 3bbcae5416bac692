"""Sentences with their offsets, for context windows and open-question candidates."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "maj", "capt",
    "sgt", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb",
    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n", "a.m",
    "p.m", "d.c", "mt", "ft", "approx", "est", "dept", "univ", "ave", "blvd", "sens", "reps",
    "cmdr", "adm", "supt", "spc", "pfc", "cpl",
}
# r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n+", the first character read before the
# rest: a pattern that opens with one class is scanned for it, where an alternation of the
# two was tried at every character (a quarter of the time).
_END = re.compile(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])"
                  r"|(?<=\n)\n*)")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _LAST_WORD.search(text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    # A lone capital ("J. Smith", "U.S.") or a known short form.
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order; line breaks always end a sentence."""
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if match.group(0)[0] != "\n" else match.start()
        _add(text, start, end, sentences)
        start = match.end()
    _add(text, start, len(text), sentences)
    return sentences


def _add(text: str, start: int, end: int, into: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        into.append(Sentence(start, end, text[start:end]))


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding ``offset``, of sentences in order as ``split_sentences`` gives
    them: by bisection, as figures and evidence ask it dozens of times an article."""
    index = bisect_right(sentences, offset, key=_start) - 1
    if index >= 0 and offset < sentences[index].end:
        return sentences[index]
    return None


_start = attrgetter("start")


@lru_cache(maxsize=4096)  # pure; names, figures and questions each ask it of a sentence
def title_case_line(line: str) -> bool:
    """A headline or caption written in Title Case: its capitals say nothing about names."""
    if line.rstrip().endswith((".", '"', "”")) or line.lstrip().startswith(("—", "-", "–")):
        return False  # a headline has no full stop; a sentence does, and a credit line opens
        # with a dash
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
