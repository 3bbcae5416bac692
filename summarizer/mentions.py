"""Where an article states an amount: the words of each mention, hedge and range included,
and what follows it ("about 300 IS fighters").

The mentions are listed for the model next to the article, so that it labels amounts the
article states instead of recalling them: a small model skips figures or misreads them far
more often than it mislabels a phrase it is shown. Dates, times, years, durations, ages and
ordinals are left out; they are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.numbers import Amount, find_amounts, hedge_start, is_year, range_pairs

_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
_DATE_BEFORE = re.compile(rf"\b{_MONTH}\s*$", re.I)
_DATE_OR_TIME_AFTER = re.compile(
    rf"^(?:\s*(?:{_MONTH})\b|\s*(?:a\.?m\.?|p\.?m\.?|GMT|UTC)\b|:\d|st\b|nd\b|rd\b|th\b|s\b"
    # Durations and ages ("six months", "a 38-year-old") are not counts.
    r"|[\s-]*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b)",
    re.I)
# Words that end "what follows": function words and verbs that start a new clause.
_STOP = {"who", "which", "that", "were", "was", "are", "is", "have", "has", "had", "will",
         "would", "in", "on", "at", "to", "from", "by", "with", "and", "but", "for", "of",
         "said", "says", "after", "before", "since", "as", "be", "been", "remain", "made"}
MAX_FOLLOWING_WORDS = 4
_WORD_OR_MARK = re.compile(r"[A-Za-z][\w'’.-]*|[^\sA-Za-z]")


@dataclass(frozen=True)
class Mention:
    """One stated amount: ``text[start:end]`` is the amount with its hedge; ``phrase`` adds
    the words that follow it, as the article writes them."""

    start: int
    end: int
    phrase: str


def _following(text: str, end: int) -> list[re.Match[str]]:
    """The words after an amount that say what it counts, up to the first function word,
    punctuation or ``MAX_FOLLOWING_WORDS``."""
    words: list[re.Match[str]] = []
    line_end = text.find("\n", end)
    limit = min(end + 80, line_end if line_end >= 0 else len(text))
    for match in _WORD_OR_MARK.finditer(text, end, limit):
        word = match.group(0)
        # An all-capitals word is a name ("IS fighters"), never a function word.
        stop = word.lower() in _STOP and not word.isupper()
        if not word[0].isalpha() or stop or len(words) == MAX_FOLLOWING_WORDS:
            break
        words.append(match)
        if word.endswith(".") and "." not in word[:-1]:
            break  # the sentence ends here ("U.S." does not end one)
    return words


_CLAUSE_END = re.compile(
    # A full stop ends the clause, but not the one in "U.S." (a capital letter standing alone).
    r"[,;:!?()\"“”]|(?<!\b[A-Z])\.(?:\s|$)|\n| [-–—] "
    r"|\b(?:but|before|after|while|when|because|although|though|since|whereas|if|unless|until"
    r"|according)\b", re.I)
_EDGE_WORDS = {"the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "from", "with",
               "and", "or", "who", "which", "that", "was", "were", "is", "are", "had", "has",
               "have", "as", "than", "more", "so", "far"}
# Words between an amount and what it counts: "two of the trucks", "1,000 more fighters".
_PARTITIVE = {"of", "the", "more", "other", "additional", "further", "a"}
MAX_CLAUSE_WORDS = 10


def clause_after(text: str, end: int) -> str:
    """What an amount counts, in the article's words: the rest of its clause, up to
    ``MAX_CLAUSE_WORDS`` words ("at least 20 people were killed in the attack" gives "people
    were killed in the attack"; "two of the trucks left" gives "trucks left").

    Empty when nothing follows ("the toll rose to 16.") or when a preposition does ("$2.6
    billion in aid", "up 5 percent from a year earlier"): there the thing measured comes
    before the amount, and the words after it would mislabel it."""
    rest = text[end:end + 200]
    stop = _CLAUSE_END.search(rest)
    words = re.findall(r"[\w$€£%][\w'’.$%/-]*", rest[:stop.start()] if stop else rest)
    words = words[:MAX_CLAUSE_WORDS]

    def edge(word: str) -> bool:  # "IS" is a name, not "is"
        return word.lower() in _EDGE_WORDS and not (len(word) > 1 and word.isupper())

    while words and words[0].lower() in _PARTITIVE:
        words.pop(0)
    if not words or edge(words[0]):
        return ""
    while words and edge(words[-1]):
        words.pop()
    return " ".join(words)


def _is_figure(amount: Amount, text: str) -> bool:
    if is_year(amount, text):
        return False
    written = text[amount.start:amount.end]
    if amount.is_word and written.lower() in ("one", "a", "an"):
        return False  # "one of them", "a village": rarely a figure, often noise
    before = text[max(0, amount.start - 12):amount.start]
    return not (_DATE_BEFORE.search(before) or _DATE_OR_TIME_AFTER.match(text[amount.end:]))


def amount_mentions(text: str, limit: int = 20) -> list[Mention]:
    """The first ``limit`` amounts ``text`` states, in order, ranges as one mention."""
    amounts = [a for a in find_amounts(text) if _is_figure(a, text)]
    range_ends = {low.start: high.end for low, high in range_pairs(text)}
    mentions: list[Mention] = []
    covered = -1
    for amount in amounts:
        if amount.start < covered:
            continue  # the far end of a range already listed
        end = range_ends.get(amount.start, amount.end)
        start = hedge_start(text, amount.start)
        following = _following(text, end)
        phrase_end = following[-1].end() if following else end
        mentions.append(Mention(start, end, text[start:phrase_end].rstrip(".")))
        covered = end
        if len(mentions) == limit:
            break
    return mentions
