"""What an amount counts, in the article's own words: the noun phrase after it with the
words of its clause that lead to it ("officers should have made five inmate counts"), or,
where the thing measured comes first ("the Nikkei declined 0.3%", "a $2.6 billion deal"
aside), the words of its clause before it. A label keeps to the amount's sentence, leaves
market codes out, and a conversion ("39 miles (63 kilometers)") shares the label of the
amount it converts."""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.numbers import NUMBER_WORDS

_WORD = re.compile(r"[A-Za-z0-9$€£%][\w'’.$%/-]*")


def _not_abbreviated(stop: str) -> str:
    """``stop`` (a full stop, or a class of sentence ends) not after an initial or a short
    title: "U.S.", "Mr." and "Gen." end nothing. The checks come after the stop, so the
    pattern opens with it and the regex engine can scan for it."""
    return (stop + rf"(?<!\b[A-Z]{stop})(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|vs){stop})"
            rf"(?<!\b(?:Mrs|Gen|Gov|Sen|Rep|Col|Sgt){stop})")


# Each break opens with a character of the first class, so the engine scans for those; which
# break it is, is checked after that character (an alternation opening with "\b" or a
# class of letters under re.I is tried at every character).
_CLAUSE_BREAK = re.compile(
    r"[,;:!?()\"“”\[\]\n. abostwABOSTW]"
    r"(?:(?<=[,;:!?()\"“”\[\]\n])"
    # a full stop, its checks without the stop itself (already read)
    r"|(?<=\.)(?i:" + _not_abbreviated(r"\.").removeprefix(r"\.") + r")(?:\s|$)"
    r"|(?<= )[-–—] "
    # but|while|because|although|though|whereas|and|or|according|said|says|which|who,
    # each a whole word: no word character before its first letter
    r"|(?<!\w.)(?i:(?<=b)(?:ut|ecause)|(?<=w)(?:hile|hereas|hich|ho)"
    r"|(?<=a)(?:lthough|nd|ccording)|(?<=t)hough|(?<=o)r|(?<=s)(?:aid|ays))\b)")
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
# A sentence ends on ".", "!" or "?" (and a closing quote) before a space.
_SENTENCE_END = re.compile(_not_abbreviated("[.!?]") + r"[\"”’)]*\s+")
MAX_AFTER = 10
LEAD_IN = 6
MAX_BEFORE = 8
MAX_NAMELESS = 4
MAX_SUBJECT = 6
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those"}
_SUBJECTLESS_OPENERS = {"is", "was", "are", "were", "has", "had", "have", "down", "up", "off",
                        "currently", "now", "still", "last", "then"}
# Market codes name nothing a reader needs: ".DJI", "US10YT=RR", "GBP=", "Brent LCOc1",
# "Copper CMCU3" (a model name such as "RAV4" or "MH370" is no code). Three patterns, each
# opening with the character it needs so the engine scans for it (one alternation of the
# three was tried at every character: 0.12 ms an article); "not after a non-space" and "\b"
# are checked after that character. None overlaps another's match beyond it (the first two
# are whole space-delimited tokens, the third letters and digits only), so blanking every
# match of each, found in the original text, blanks what one alternation did.
_CODES = (
    re.compile(r"\.(?<!\S\.)[A-Z][A-Z0-9]{1,15}(?!\S)"),
    re.compile(r"[A-Z0-9](?<!\S[A-Z0-9])[A-Z0-9]*=[A-Z0-9]*(?!\S)"),  # only where "=" is
    re.compile(r"[A-Z](?<!\w[A-Z])(?:[A-Z]+[a-z]|[A-Z]{3,})\d\b"),
)
# An amount in brackets right after another amount and its unit: a conversion.
_CONVERTED = re.compile(r"(\d[\d,.]*)[ -]?[A-Za-z%][A-Za-z% ]{0,24}\(\s*$")
# A word that is (or opens) an amount: "20", "$9,120", "six", "two-thirds".
_NUMBER = re.compile(
    r"^(?:[$€£¥]?\d|(?:"
    + "|".join(sorted(NUMBER_WORDS | {"hundred", "dozen"}, key=len, reverse=True))
    + r")\b)", re.I)
_MEASURES = re.compile(r"^\s*(?:%|per ?cent|percent|points?|percentage points?)\b", re.I)


def counts_label(text: str, start: int, end: int, lead_in: bool = True) -> str:
    """A short label for the amount at ``text[start:end]``; empty when the clause has none.
    Without ``lead_in``, a counted noun's label is the noun phrase alone ("protesters
    outside" for "Officers arrested 12 protesters outside"): the part that other articles
    word alike."""
    return " ".join(_label_words(text, start, end, lead_in))


def _label_words(text: str, start: int, end: int, lead_in: bool) -> list[str]:
    # Only the amount's neighbourhood is read: codes are blanked there, lengths kept.
    begin = max(0, start - 400)
    text = _without_codes(text)[begin:end + 200]
    start, end = start - begin, end - begin
    converted = _CONVERTED.search(text, max(0, start - 40), start)
    if converted:
        # "39 miles (63 kilometers)": a conversion counts what the amount before it counts.
        start, end = converted.span(1)
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
            return [*before, *after[:6]] if after else before
    if after:
        return [*_lead_in(_before(text, start)), *after] if lead_in else after
    # "fell 102.2 points, or 0.36%, to 27,934.02": the amount's own clause is empty, so the
    # clause before it says what it measures.
    return _before(text, start, clauses=4)


@lru_cache(maxsize=8)  # an article's amounts are labelled one after another
def _without_codes(text: str) -> str:
    """``text`` with its market codes blanked, lengths kept: once an article, not once an
    amount (a label reads 200 characters either side of its amount at most)."""
    spans = [m.span() for code in _CODES if code is not _CODES[1] or "=" in text
             for m in code.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


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
    if clauses == 1:
        return _content(head[_last_clause_start(head):])
    breaks = list(_CLAUSE_BREAK.finditer(head))
    cuts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(head)]
    for back in range(1, min(clauses, len(cuts)) + 1):
        words = _content(head[cuts[-back]:ends[-back]])
        if words or back == clauses:
            return words
    return []


def _last_clause_start(head: str) -> int:
    """Where the last clause of ``head`` starts: the end of its last clause break, 0 when it
    has none. Looked for in the nearest 60 characters first, else in all. From a later
    position the scan ends its last break where a scan from the start does: lookbehinds
    still see the text before that position, and the only break that can start inside
    another is a line break after a full stop (".\n"), which ends where that one does
    (``tests/test_labels.py``)."""
    near = list(_CLAUSE_BREAK.finditer(head, max(0, len(head) - _NEAR)))
    breaks = near or list(_CLAUSE_BREAK.finditer(head))
    return breaks[-1].end() if breaks else 0


_NEAR = 60


def _head(text: str, start: int, width: int, whole_sentence: bool) -> str:
    """Up to ``width`` characters before ``start``, from the sentence's start when
    ``whole_sentence``. A bracketed aside ("Nikkei 225 (N225) declined 0.3%") is no clause
    break: it is blanked, keeping the length so clause cuts stay where they are."""
    begin = max(0, start - width)
    while 0 < begin < start and not text[begin - 1].isspace():
        begin += 1  # the window starts on a whole word: "President", never "ent"
    head = _ASIDE.sub(lambda m: " " * len(m.group(0)), text[begin:start])
    if whole_sentence:
        ends = [m.end() for m in _SENTENCE_END.finditer(head)]
        if ends:
            head = " " * ends[-1] + head[ends[-1]:]
    return head


def _lead_in(before: list[str]) -> list[str]:
    """The last words of the clause before a counted noun ("officers should have conducted"
    five inmate counts), from after any other amount ("six of the 20 staffers" does not
    label 20 with "six")."""
    words = before[-LEAD_IN:]
    for index in range(len(words) - 1, -1, -1):
        if _NUMBER.match(words[index]):
            return words[index + 1:]
    return words


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
    for index in range(len(clauses) - 1, -1, -1):
        words = _content(clauses[index] or "", keep_first=True)
        # The sentence's first word is capitalised whatever it is; a later clause's first
        # capital is a name ("while Sterling was last trading at $1.29").
        named = words[1:] if index == 0 else words
        if any(w[0].isupper() and w.lower() not in _PRONOUNS for w in named):
            return _subject(words)
    # None names anything past a first word: the sentence's opening clause has the subject
    # ("Copper was last at $9,120, down 1.4%").
    return _subject(_content(clauses[0], keep_first=True)) if clauses else []


def _subject(words: list[str]) -> list[str]:
    """A clause's subject and verb, not its own amount: "Brent was last at $60.73, down
    2.74%" labels 2.74% "Brent was last down"."""
    numbers = [i for i, w in enumerate(words) if i and _NUMBER.match(w)]
    subject = _content(" ".join(words[:numbers[0]]), keep_first=True) if numbers else words
    return (subject or words)[:MAX_SUBJECT]


def _content(clause: str, keep_first: bool = False) -> list[str]:
    words: list[str] = _WORD.findall(re.sub(r"\([^)]*\)", " ", clause))
    while words and words[-1].lower() in _DROP_BEFORE:
        words.pop()
    while words and words[0].lower() in _DROP_BEFORE:
        words.pop(0)
    if not any(w[0].isalpha() for w in words):
        return []
    return words[:MAX_BEFORE] if keep_first else words[-MAX_BEFORE:]
