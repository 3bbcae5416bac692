"""Amounts the article states that may be figures, with hedge, range and offsets.

Contract v1.1: a figure is any number that counts or measures something (people, money,
shares, distances, durations, scores). Left out here, by their form alone: calendar dates,
years, clock times, ages, ordinals, and identifiers that merely contain digits (a number
glued to letters, inside a link or handle, or directly after a capitalised word as in a
flight, model or index name). Whether what remains counts something, and what, is for the
model to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.candidates.sentences import Sentence, sentence_at, title_case_line
from summarizer.numbers import (
    Amount,
    find_amounts,
    hedge_start,
    is_year,
    parse_figure,
    qualifier_before,
    range_pairs,
)
from summarizer.scanning import lowered, matches_at, whole_words, word_run_starts_before

# Months as news writes them, capitalised ("may" is a verb, "declined" is no December).
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_DATE_BEFORE = re.compile(rf"\b{_MONTH}\s*$")
_AFTER_NOT_AMOUNT = re.compile(
    rf"^(?:\s*(?:of\s+)?(?-i:{_MONTH})|\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC|BST|EST|ET|PT)\b|:\d"
    r"|(?:st|nd|rd|th)\b|s\b|[\s-]*years?[\s-]*old\b"
    r"|-on-(?:one|two|three|four|five|\d)\b)",  # "a two-on-one": a kind of play
    re.I,
)
_TIME_BEFORE = re.compile(r"\d:$")
_UNIT_WORDS = re.compile(
    r"^[\s-]*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|games?"
    r"|matches?|seasons?|percent|per cent|points?|miles?|kilometres?|kilometers?|km|metres?"
    r"|meters?|feet|foot|inches?|pounds?|kilograms?|kg|tons?|tonnes?|times)\b",
    re.I,
)
_LINK_CHARS = ("/", "@", "#", "_", "://", "www.", ".com", "=")
_PER_UNIT = re.compile(r"^/[A-Za-z]{1,6}\b")  # "$0.23/W", "$55/barrel": a price, not a link
# Capitalised words that may stand before an amount without making it a name or model.
_OPENERS = {
    "about",
    "around",
    "almost",
    "nearly",
    "roughly",
    "some",
    "more",
    "over",
    "under",
    "up",
    "at",
    "only",
    "just",
    "all",
    "another",
    "the",
    "and",
    "but",
    "to",
    "by",
    "of",
    "in",
    "on",
    "for",
    "with",
    "from",
    "than",
    "since",
    "after",
    "before",
    "between",
    "approximately",
    "an",
    "a",
    "least",
    "most",
    "fewer",
    "less",
    "as",
    "many",
    "much",
    "top",
    "no",
    "exactly",
    "estimated",
    "fully",
    "barely",
    "precisely",
    "perhaps",
    "possibly",
    "maybe",
    "below",
    "above",
    "beyond",
    "within",
    "during",
    "those",
    "these",
    "its",
    "their",
    "his",
    "her",
    "our",
}
_AGE_APPOSITION = re.compile(r"[A-Z][\w'’-]+\.?,\s*$")  # "Jane Doe, 43," "John Roe Jr., 55,"
# "from X to Y" is a change between two levels, unless it spans a range ("anywhere from").
_FROM_BEFORE = re.compile(
    r"(?<!anywhere )(?<!ranging )(?<!ranges )(?<!range )\bfrom\s+[$€£¥]?$", re.I)
_SCORE = re.compile(r"^(\d{1,3})[-–](\d{1,3})$")
_PHONE = re.compile(r"\b\d{3}[-.]\d{4}\b")
_UNIT_AFTER = re.compile(r"^[\s-]*([A-Za-z][A-Za-z-]*)")
_NOT_UNITS = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "as",
    "is",
    "was",
    "were",
    "are",
    "be",
    "that",
    "which",
    "who",
    "more",
    "than",
    "million",
    "billion",
    "trillion",
    "thousand",
    "hundred",
}


@dataclass
class FigureCandidate:
    """One stated amount: ``text`` is the article's words from hedge to last digit."""

    start: int
    end: int
    text: str
    low: float
    high: float
    qualifier: str
    unit: str
    sentence: Sentence | None
    spans: list[tuple[int, int]] = field(default_factory=list)
    score: bool = False  # "4-1": one tally against another, low == high == the first


def _glued(text: str, amount: Amount) -> bool:
    """A number written into a word or code: "A320", "777x", "4CC", "COVID-19", "N225"."""
    before = text[amount.start - 1] if amount.start > 0 else " "
    after = text[amount.end] if amount.end < len(text) else " "
    if before.isalnum() or (after.isalnum() and not text[amount.start].isalpha()):
        return True
    return before == "-" and amount.start > 1 and text[amount.start - 2].isalpha()


def _token_around(text: str, start: int, end: int) -> str:
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def _after_name(text: str, amount: Amount, sentence_start: int) -> bool:
    """Directly after a capitalised word, as in "Boeing 777", "Flight 8501", "Nikkei 225"."""
    prefix = text[max(sentence_start, amount.start - 30) : amount.start]
    match = re.search(r"([A-Za-z&][\w&.'’-]*)\s+$", prefix)
    if not match or not match.group(1)[0].isupper() or match.group(1).endswith(("'s", "’s")):
        return False  # "Syria's eight-year war": a possessive owns the amount
    return match.group(1).lower().rstrip(".") not in _OPENERS


# "called 911", "dial 999": a number to call.
_CALL_BEFORE = re.compile(r"\b(?:call(?:s|ed|ing)?|dial(?:s|ed|led|ing|ling)?)\s+$", re.I)
# "the two were on the ground": a number standing for people named before, no count.
_REFERENCE_AFTER = re.compile(
    r"^\s*(?:[,.;:)]|(?:were|was|are|is|had|have|has|will|would|could|did|also|then|both|"
    r"of them|of whom|\w+ed)\b)", re.I)


def _keep(text: str, amount: Amount, sentences: list[Sentence]) -> bool:
    written = text[amount.start : amount.end]
    sentence = sentence_at(sentences, amount.start)
    sentence_start = sentence.start if sentence else 0
    after = text[amount.end : amount.end + 30]
    if is_year(amount, text) or _glued(text, amount):
        return False
    if sentence is not None and sentence is not sentences[0] and \
            title_case_line(sentence.text):
        return False  # a link to another story ("3 Hospitalized After Wrong-Way Crash")
    if _CALL_BEFORE.search(text[max(0, amount.start - 12) : amount.start]):
        return False
    if amount.is_word and re.search(r"\bthe\s+$", text[max(0, amount.start - 5):amount.start],
                                    re.I) and _REFERENCE_AFTER.match(after):
        return False
    before = text[max(0, amount.start - 6) : amount.start]
    if written.lower() == "zero" and (
        re.match(r"^\s+in\s+on\b", after)
        or (re.match(r"^\s+in\b", after) and re.search(r"\bto\s+$", before))
    ):
        return False  # "zero in on", "trying to zero in": a verb
    if written.lower() == "zero" and re.search(r"\bfrom\s+$", before) and \
            re.match(r"^\s+to\s+\d", after):
        return False  # "from zero to 60 mph": where the count starts, not an amount
    if written.lower() in ("a", "an"):
        return False
    if written.lower() == "one" and not _UNIT_WORDS.match(after):
        return False  # "one of them": a figure only as "one game", "one year"
    token = _token_around(text, amount.start, amount.end)
    if not _PER_UNIT.match(after) and any(mark in token for mark in _LINK_CHARS):
        return False
    if _DATE_BEFORE.search(text[max(0, amount.start - 12) : amount.start]):
        return False
    # "\d:$" can only match the last three characters: searching the whole text before
    # each amount made the figures quadratic in the article's length.
    if _AFTER_NOT_AMOUNT.match(after) or _TIME_BEFORE.search(
            text[max(0, amount.start - 3) : amount.start]):
        return False
    if any(
        m.start() <= amount.start < m.end()
        for m in _PHONE.finditer(text, max(0, amount.start - 5), amount.end + 9)
    ):
        return False
    if re.match(r"^[-–]\d{1,3}\b", after) and _SCORE.match(
        text[amount.start : amount.end + len(after.split()[0] if after.split() else "")]
    ):
        return True  # "beat United 3-1": a score, whatever name stands before it
    if (
        _AGE_APPOSITION.search(text[max(0, amount.start - 40) : amount.start])
        and re.match(r"^\s*,", after)
        and amount.value < 120
        and not amount.is_word
    ):
        return False  # "Jane Doe, 43, said": an age
    return not (
        _after_name(text, amount, sentence_start)
        and not written.startswith(("$", "€", "£", "¥"))
        and "%" not in written
        and "cent" not in written.lower()
    )


def _unit(text: str, start: int, end: int) -> str:
    written = text[start:end]
    if "%" in written or re.search(r"per ?cent", written, re.I):
        return "percent"
    for sign, unit in (("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY")):
        if sign in written:
            return unit
    match = _UNIT_AFTER.match(text[end : end + 40])
    if match and match.group(1).lower() not in _NOT_UNITS:
        return match.group(1).lower()
    return ""


def find_figure_candidates(
    text: str,
    sentences: list[Sentence],
    excluded: list[tuple[int, int]] | None = None,
) -> list[FigureCandidate]:
    """Every amount ``text`` states that may be a figure, in order, ranges as one."""
    amounts = [
        a for a in find_amounts(text) if not any(s <= a.start < e for s, e in excluded or [])
    ]
    kept = {a.start for a in amounts if _keep(text, a, sentences)}
    pair_end = {low.start: high for low, high in range_pairs(text)}
    candidates: list[FigureCandidate] = []
    covered = -1
    for amount in amounts:
        if amount.start < covered or amount.start not in kept:
            continue
        high = pair_end.get(amount.start)
        if high is not None and _FROM_BEFORE.search(text[max(0, amount.start - 20) : amount.start]):
            high = None  # "rose from 23% to 35%": a change between two levels, not a range
        end = high.end if high is not None and high.start in kept else amount.end
        written = text[amount.start : end]
        sentence = sentence_at(sentences, amount.start)
        score = _SCORE.match(written)
        if score and int(score.group(1)) >= int(score.group(2)):
            value = float(score.group(1))
            candidates.append(
                FigureCandidate(
                    amount.start,
                    end,
                    written,
                    value,
                    value,
                    "exact",
                    "",
                    sentence,
                    [(amount.start, end)],
                    score=True,
                )
            )
            covered = end
            continue
        start = hedge_start(text, amount.start)
        parsed = parse_figure(text[start:end])
        if parsed is None:
            continue
        candidates.append(
            FigureCandidate(
                start,
                end,
                text[start:end],
                parsed.low,
                parsed.high,
                parsed.qualifier,
                _unit(text, amount.start, end),
                sentence,
                [(start, end)],
            )
        )
        covered = end
    candidates += _word_quantities(text, sentences, excluded or [], candidates)
    candidates.sort(key=lambda c: c.start)
    return _drop_headline_repeats(candidates, sentences)


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
}
_PERIODS = {
    "second": 1,
    "minute": 1,
    "hour": 1,
    "day": 1,
    "week": 1,
    "month": 1,
    "year": 1,
    "decade": 10,
    "century": 100,
}
# Quantities written without digits or number words that the amount parser reads.
_WORD_QUANTITY = re.compile(
    r"\b(?:(?:(?:by|to|in|than|about|nearly|almost|over|around|roughly|some)\s)?"
    r"(?P<half_of_scale>half)\s+an?\s+(?P<scale>million|billion|trillion)\b"
    r"|(?P<n>\w+)[\s-]+and[\s-]+a[\s-]+half\b"
    r"|(?P<count>a|an|one|two|three|four)[\s-]+(?P<frac>half|halves|thirds?|quarters?|fifths?)"
    r"(?P<point>[\s-]+(?:of\s+a\s+)?(?:percentage\s+)?point)?\b"
    r"|(?P<dozen>an?|one)\s+dozen\b"
    r"|(?P<one>an?|one)\s+(?P<period>minute|hour|day|week|month|year|decade|century)\b"
    r"(?!\s+(?:ago|after|before|earlier|later|since|from|or\s+so|or\s+two))"
    r"|\b(?:by|to|in|than|about|nearly|almost|over|around|roughly|some)\s(?P<half>half)\b"
    r"|\b(?P<half_of>half)(?=\s+of\b))",
    re.I,
)
# Every quantity above holds one of these as a whole word, at most three words after its
# start ("one and a half"): where ``_word_quantity_matches`` tries the pattern.
_QUANTITY_WORDS = sorted([*_FRACTIONS, *_PERIODS, "dozen"])
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|last|final|other|next)\s+$", re.I)
_RATE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:twice|once|times|per|million|billion|trillion|thousand|hundred|dollars?|"
    r"percent|cents?|euros?|pounds?))\s*$", re.I)


def _word_quantities(
    text: str,
    sentences: list[Sentence],
    excluded: list[tuple[int, int]],
    found: list[FigureCandidate],
) -> list[FigureCandidate]:
    extra: list[FigureCandidate] = []
    for match in _word_quantity_matches(text):
        start = next((match.start(g) for g in ("half", "half_of_scale") if match.group(g)),
                     match.start())
        end = match.end()
        if any(s <= start < e for s, e in excluded) or _ORDINAL_BEFORE.search(
            text[max(0, start - 12) : start]
        ):
            continue
        value, unit = _word_value(match)
        if value is None:
            continue
        if match.group("one") and _RATE_BEFORE.search(text[max(0, start - 12) : start]):
            continue  # "$5 a year", "twice a week": a rate, not an amount
        lead = hedge_start(text, start)
        # The whole quantity replaces a number read inside it ("two" of "two-thirds").
        inner = [c for c in found if lead <= c.start < end or c.start <= start < c.end]
        if any(c.end > end for c in inner):
            continue
        for candidate in inner:
            found.remove(candidate)
        extra.append(
            FigureCandidate(
                lead,
                end,
                text[lead:end],
                value,
                value,
                qualifier_before(text, start),
                unit,
                sentence_at(sentences, start),
                [(lead, end)],
            )
        )
    return extra


def _word_quantity_matches(text: str) -> list[re.Match[str]]:
    """``_WORD_QUANTITY.finditer(text)``, tried only at the word that names the quantity
    and the three words before it; at every character it cost about 0.6 ms an article."""
    low = lowered(text)
    if low is None:
        return list(_WORD_QUANTITY.finditer(text))
    starts: set[int] = set()
    for word in whole_words(low, _QUANTITY_WORDS):
        starts.add(word)
        starts.update(word_run_starts_before(text, word, 3))
    return matches_at(_WORD_QUANTITY, text, sorted(starts))


_SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12}


def _word_value(match: re.Match[str]) -> tuple[float | None, str]:
    if match.group("scale"):
        return 0.5 * _SCALES[match.group("scale").lower()], ""
    if match.group("n"):
        whole = parse_figure(match.group("n"))
        return (whole.low + 0.5, "") if whole else (None, "")
    if match.group("frac"):
        share = _COUNT_WORDS[match.group("count").lower()] / _FRACTIONS[match.group("frac").lower()]
        if match.group("point"):
            return share, "points"
        return round(share * 100, 2), "percent"
    if match.group("dozen"):
        return 12.0, ""
    if match.group("period"):
        period = match.group("period").lower()
        return float(_PERIODS[period]), "years" if period in ("decade", "century") else period + "s"
    return 50.0, "percent"


def _drop_headline_repeats(
    candidates: list[FigureCandidate], sentences: list[Sentence]
) -> list[FigureCandidate]:
    """An amount in the title line that the body states again is listed once, from the body."""
    if not sentences:
        return candidates
    title = sentences[0]
    body_values = {(c.low, c.high) for c in candidates if c.start >= title.end}
    return [c for c in candidates if c.start >= title.end or (c.low, c.high) not in body_values]
