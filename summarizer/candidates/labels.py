"""What an amount counts, in the article's own words: the noun phrase after it ("13,000 US
troops"), or, where the thing measured comes first ("the Nikkei declined 0.3%", "a $2.6
billion deal" aside), the words of its clause before it."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z0-9$€£%][\w'’.$%/-]*")
_CLAUSE_BREAK = re.compile(
    r"[,;:!?()\"“”\[\]]|(?<!\b[A-Z])\.(?:\s|$)|\n| [-–—] "
    r"|\b(?:but|while|because|although|though|whereas|and|or|according|said|says|which"
    r"|who)\b", re.I)
# Words that end a noun phrase after an amount: verbs of reporting and being, prepositions.
_STOP_AFTER = {"than", "ago", "earlier", "later", "apiece", "higher", "lower", "that"}
_UNITS = re.compile(
    r"^(?:seconds?|minutes?|min|hours?|days?|weeks?|months?|years?|decades?|inches|inch|feet"
    r"|foot|miles?|km|kilometers?|kilometres?|meters?|metres?|pounds?|kg|tons?|tonnes?"
    r"|games?|points?|percent|horsepower|liters?|litres?|times)$", re.I)
_LEAD_WORDS = {"of", "the", "more", "other", "additional", "further", "a", "an", "another"}
_DROP_BEFORE = {"the", "a", "an", "by", "to", "of", "at", "about", "around", "nearly",
                "almost", "roughly", "some", "more", "than", "over", "up", "least", "as",
                "many", "much", "just", "only", "approximately", "estimated"}
MAX_AFTER = 10
MAX_BEFORE = 8
_MEASURES = re.compile(r"^\s*(?:%|per ?cent|percent|points?|percentage points?)\b", re.I)


def counts_label(text: str, start: int, end: int) -> str:
    """A short label for the amount at ``text[start:end]``; empty when the clause has none."""
    after = _after(text, end)
    written = text[start:end]
    measured_first = (
        "%" in written or "cent" in written.lower() or written[:1] in "$€£¥"
        or _MEASURES.match(text[end:end + 20]) is not None or not after
    )
    unit_only = len(after) <= 3 and bool(after) and _UNITS.match(after[0]) is not None
    if measured_first or unit_only:
        before = _before(text, start)
        if before:
            return " ".join([*before, *after[:4]]) if after else " ".join(before)
    return " ".join(after)


def _after(text: str, end: int) -> list[str]:
    rest = text[end:end + 160]
    stop = _CLAUSE_BREAK.search(rest)
    words = _WORD.findall(rest[:stop.start()] if stop else rest)
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    kept: list[str] = []
    for word in words:
        if word.lower() in _STOP_AFTER and not (len(word) > 1 and word.isupper()):
            break
        kept.append(word)
        if len(kept) == MAX_AFTER:
            break
    return kept


def _before(text: str, start: int) -> list[str]:
    head = text[max(0, start - 200):start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end():] if breaks else head
    clause = re.sub(r"\([^)]*\)", " ", clause)
    words = _WORD.findall(clause)
    while words and words[-1].lower() in _DROP_BEFORE:
        words.pop()
    while words and words[0].lower() in _DROP_BEFORE:
        words.pop(0)
    return words[-MAX_BEFORE:]
