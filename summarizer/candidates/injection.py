"""Passages addressed to a model rather than to readers: kept out of the brief.

An article may carry text written to steer an AI that reads it ("ignore all previous
instructions and ..."). Grounding cannot catch what such a passage plants, because its
words are in the article. So the passage is found by how it speaks (to a model, in the
imperative, about instructions, prompts or output) and withheld from the sentence that
gives it away to the end of its paragraph (what follows such a sentence is usually more of
it): no candidate is taken from it, the model never sees it, and the brief records a
warning. Reporting earlier in the same paragraph is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.scanning import lowered

_STRONG = [
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|"
    r"all|any|your|the)\b[^.\n]{0,20}\b(?:instructions?|prompts?|rules|directions|guidelines)",
    r"\b(?:system|developer|admin(?:istrator)?)\s*(?:note|message|prompt|instruction|override)"
    r"s?\b[^.\n]{0,40}\b(?:AI|model|assistant|LLM|chatbot|summari[sz]er)\b",
    r"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:AI|"
    r"language model|LLM|assistant|chatbot|model|summari[sz]er|bot)s?\b",
    r"\b(?:you are|you're|act as|pretend to be)\s+(?:now\s+)?(?:an?\s+)?(?:AI|assistant|"
    r"language model|LLM|chatbot)\b",
    r"\b(?:AI|language model|LLM|assistant|chatbot|summari[sz]er)s?\b[^.\n]{0,60}\b(?:must|"
    r"should|shall|are instructed to|are required to)\s+(?:now\s+)?(?:list|report|include|"
    r"output|say|state|write|respond|answer|add|mention|ignore)",
    r"\bnew instructions?\s*:",
    r"\[\s*(?:system|instruction|prompt)\s*\]|<\s*/?\s*(?:system|instructions?)\s*>",
]
_STRONG_RE = re.compile("|".join(f"(?:{p})" for p in _STRONG), re.IGNORECASE)
# Each pattern above needs one of these (in lower case), so a paragraph without any is not
# searched: ordinary paragraphs are most of an article, and the search cost about 0.6 ms
# an article. A new pattern needs a word of its own here (``tests/test_scanning.py``).
_NEEDED = ("instruction", "prompt", "rules", "direction", "guideline", "system", "developer",
           "admin", "note", "message", "you are", "you're", "act as", "pretend to be", "must",
           "should", "shall", "are instructed to", "are required to", "[", "<")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Withheld:
    """A paragraph kept out of the brief, and the words that gave it away."""

    start: int
    end: int
    trigger: str


def find_instructions(text: str) -> list[Withheld]:
    """Passages of ``text`` that address a model; empty for ordinary news."""
    found: list[Withheld] = []
    for start, end in _paragraphs_to_search(text):
        paragraph = text[start:end]
        match = _STRONG_RE.search(paragraph)
        if match:
            found.append(Withheld(start + _sentence_start(paragraph, match.start()), end,
                                  " ".join(match.group(0).split())[:80]))
    return found


def _paragraphs_to_search(text: str) -> list[tuple[int, int]]:
    """The spans of the paragraphs (``_PARAGRAPH``'s matches) that hold one of the words
    ``_STRONG_RE`` needs, in order. The words are looked for in the whole text, lower-cased
    once: a paragraph at a time, that cost more than the search it saves (no word holds a
    line break, so each one found lies inside one paragraph)."""
    low = lowered(text)
    if low is None:
        return [p.span() for p in _PARAGRAPH.finditer(text)
                if _may_address_a_model(p.group(0))]
    starts: set[int] = set()
    for needed in _NEEDED:
        at = low.find(needed)
        while at != -1:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = low.find(needed, at + 1)
    spans = []
    for start in sorted(starts):
        end = text.find("\n", start)
        spans.append((start, len(text) if end == -1 else end))
    return spans


def _may_address_a_model(paragraph: str) -> bool:
    """False only where ``_STRONG_RE`` cannot match: none of the words it needs."""
    low = lowered(paragraph)
    return low is None or any(map(low.__contains__, _NEEDED))  # no generator: half the time


def _sentence_start(paragraph: str, at: int) -> int:
    """Where the sentence holding ``at`` begins: after the last full stop, question or
    exclamation mark (and the spaces after it) before ``at``."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*\s+", paragraph[:at])]
    return ends[-1] if ends else 0


def mask(text: str, withheld: list[Withheld]) -> str:
    """``text`` with each withheld paragraph replaced by a same-length neutral note, so the
    model never reads it and offsets elsewhere do not move."""
    if not withheld:
        return text
    pieces: list[str] = []
    cursor = 0
    for passage in withheld:
        note = "[passage withheld: instructions addressed to an AI]"
        length = passage.end - passage.start
        pieces.append(text[cursor:passage.start])
        pieces.append(note[:length].ljust(length))
        cursor = passage.end
    pieces.append(text[cursor:])
    return "".join(pieces)
