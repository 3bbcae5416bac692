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
    r"|games?|points?|percent|horsepower|hp|mph|mpg|liters?|litres?|times|[kmg]wh?)$", re.I)
_LEAD_WORDS = {"of", "the", "more", "other", "additional", "further", "a", "an", "another"}
_DROP_BEFORE = {"the", "a", "an", "by", "to", "of", "or", "and", "at", "about", "around", "nearly",
                "almost", "roughly", "some", "more", "than", "over", "up", "least", "as",
                "many", "much", "just", "only", "approximately", "estimated"}
_QUOTES = re.compile(r"[\"“”]")
_ASIDE = re.compile(r"\([^()\n]{1,40}\)")
_SENTENCE_END = re.compile(r"\s[.!?](?!\w)")  # searched in reversed text
MAX_AFTER = 10
MAX_BEFORE = 8
MAX_NAMELESS = 4
MAX_SUBJECT = 6
_SUBJECTLESS_OPENERS = {"is", "was", "are", "were", "has", "had", "have", "down", "up", "off",
                        "currently", "now", "still", "last", "then"}
# A market code after a name ("Brent LCOc1", "Copper CMCU3"): capitals and digits mixed.
_CODE = re.compile(r"^(?=(?:[a-z]*[A-Z]){2})[A-Za-z]+\d\w*$")
_MEASURES = re.compile(r"^\s*(?:%|per ?cent|percent|points?|percentage points?)\b", re.I)


def counts_label(text: str, start: int, end: int) -> str:
    """A short label for the amount at ``text[start:end]``; empty when the clause has none."""
    after = _after(text, end)
    written = text[start:end]
    measured_first = (
        "%" in written or "cent" in written.lower() or written[:1] in "$€£¥"
        or _MEASURES.match(text[end:end + 20]) is not None or not after
    )
    # A unit says how it is measured, not what: "15 minutes to find him guilty" needs "the
    # jury took" before it.
    unit_first = bool(after) and _UNITS.match(after[0]) is not None
    if measured_first or unit_first:
        before = _before(text, start)
        if before and _nameless(before):
            before = [*_named_clause(text, start), *before]
        if before:
            return " ".join([*before, *after[:6]]) if after else " ".join(before)
    if after:
        return " ".join(after)
    # "fell 102.2 points, or 0.36%, to 27,934.02": the amount's own clause is empty, so the
    # clause before it says what it measures.
    return " ".join(_before(text, start, clauses=4))


def _after(text: str, end: int) -> list[str]:
    # Quotes around a word ("$300 million in “synergies”") do not end the phrase.
    rest = _QUOTES.sub(" ", text[end:end + 160])
    stop = _CLAUSE_BREAK.search(rest)
    words = _WORD.findall(rest[:stop.start()] if stop else rest)
    while words and words[0].lower() in _LEAD_WORDS:
        words.pop(0)
    kept: list[str] = []
    for word in (_no_full_stop(w) for w in words):
        if word.lower() in _STOP_AFTER and not (len(word) > 1 and word.isupper()):
            break
        kept.append(word)
        if len(kept) == MAX_AFTER:
            break
    return kept


def _before(text: str, start: int, clauses: int = 1) -> list[str]:
    """The words of the clause before ``start``; with ``clauses`` > 1, of the nearest of
    that many clauses back (within the sentence) that has words besides amounts."""
    head = _head(text, start, 200, whole_sentence=clauses > 1)
    cuts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(head))]
    ends = [m.start() for m in _CLAUSE_BREAK.finditer(head)] + [len(head)]
    for back in range(1, min(clauses, len(cuts)) + 1):
        words = _content(head[cuts[-back]:ends[-back]])
        if words or back == clauses:
            return words
    return []


def _head(text: str, start: int, width: int, whole_sentence: bool) -> str:
    """Up to ``width`` characters before ``start``, from the sentence's start when
    ``whole_sentence``. A bracketed aside ("Nikkei 225 (N225) declined 0.3%") is no clause
    break: it is blanked, keeping the length so clause cuts stay where they are."""
    begin = max(0, start - width)
    while 0 < begin < start and not text[begin - 1].isspace():
        begin += 1  # the window starts on a whole word: "President", never "ent"
    head = _ASIDE.sub(lambda m: " " * len(m.group(0)), text[begin:start])
    sentence_end = _SENTENCE_END.search(head[::-1])
    if sentence_end and whole_sentence:
        head = head[len(head) - sentence_end.start():]
    return head


def _no_full_stop(word: str) -> str:
    """"years." -> "years"; "U.S." and "a.m." keep theirs."""
    return word[:-1] if word.endswith(".") and "." not in word[:-1] else word


def _nameless(words: list[str]) -> bool:
    """A short clause that opens on its verb ("but was last trading up", ", down 1.8%") and
    names nothing has its subject in an earlier clause."""
    return (len(words) <= MAX_NAMELESS and words[0].lower() in _SUBJECTLESS_OPENERS
            and not any(w[0].isupper() for w in words))


def _named_clause(text: str, start: int) -> list[str]:
    """The first words of the nearest earlier clause of the sentence that names something
    ("Hong Kong's Hang Seng Index started in the red, but was last trading up 1%")."""
    head = _head(text, start, 300, whole_sentence=True)
    clauses = _CLAUSE_BREAK.split(head)[:-1]
    for clause in reversed(clauses):
        words = _content(clause or "", keep_first=True)
        if any(w[0].isupper() for w in words[1:]):
            return words[:MAX_SUBJECT]
    return []


def _content(clause: str, keep_first: bool = False) -> list[str]:
    words = [w for w in _WORD.findall(re.sub(r"\([^)]*\)", " ", clause)) if not _CODE.match(w)]
    while words and words[-1].lower() in _DROP_BEFORE:
        words.pop()
    while words and words[0].lower() in _DROP_BEFORE:
        words.pop(0)
    if not any(w[0].isalpha() for w in words):
        return []
    return words[:MAX_BEFORE] if keep_first else words[-MAX_BEFORE:]
