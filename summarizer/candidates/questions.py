"""Sentences that leave something open: the raw material of an article's open questions.

A sentence qualifies by what it says about the state of knowledge, not by its topic:
something unknown or unconfirmed, a decision or investigation still pending, an event
expected but not yet happened, a refusal to comment, a claim disputed. Each signal adds to
a sentence's weight; the heaviest sentences become the brief's open questions, in article
order, each asked in the sentence's own words (``question_from``). The 1.5B default model's
own questions were generic ("What is the cause of the crash?") and copied the prompt's
examples; on the dev set they scored F1 0.23 where the sentences' own words scored 0.36.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.candidates.sentences import Sentence, title_case_line
from summarizer.scanning import WordStartPattern, grouped_by_first_letter, lowered


def _not_after(word: str, before: tuple[str, ...]) -> str:
    """``word`` where none of ``before`` comes right before it, the checks written after
    the word: a pattern whose every branch opens with a letter is scanned for that letter,
    where one that opens with a lookbehind is tried at every position (half the time of
    the open-question signals went there)."""
    return re.escape(word) + "".join(f"(?<!{re.escape(b + word)})" for b in before)


_RAW_SIGNALS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            r"\b(?:not (?:yet |immediately |entirely |fully )?(?:been )?"
            r"(?:clear|known|confirmed|disclosed|revealed|released|identified|named|"
            r"possible to (?:independently )?verify)|unclear|unknown|unconfirmed|"
            r"remains? to be seen|no word|yet to be (?:determined|decided|announced)|"
            r"(?:has|have|had) yet to|no decision|"
            r"undisclosed|unspecified|unidentified|unexplained|unanswered|unresolved|"
            r"no details)\b",
            re.I,
        ),
        3.0,
    ),
    (
        re.compile(
            r"\b(?:declined to|(?:did not|didn[’']t) (?:immediately )?"
            r"(?:respond|return|comment|say)|"
            r"(?:would not|wouldn[’']t) (?:say|comment|confirm)|refused to|no comment|could not be "
            r"reached|(?:could not|couldn[’']t|cannot|can[’']t) comment|"
            r"(?:did not|didn[’']t) (?:offer|give|provide) (?:a |any )?(?:response|comment|answer)|"
            r"withh(?:e|o)ld(?:ing)?)\b",
            re.I,
        ),
        2.5,
    ),
    (
        re.compile(
            r"\b(?:under investigation|investigat\w+|probe|inquiry|review(?:ing)?|"
            r"pending|awaiting|await|trial|sentencing|appeal|hearing|lawsuit|pleaded not guilty|"
            r"pleads not guilty|"
            # "charges" laid, not "in charge" of a team or "300 miles per charge".
            + _not_after("charge", ("in ", "per ", "single ", "battery ", "free of "))
            + r"s?)\b",
            re.I,
        ),
        1.5,
    ),
    # "wondering if", not a conditional that opens the sentence ("If it gets worse, ...").
    (re.compile(r"\b(?:whether|if(?<!^if)(?<!^[“\"‘']if))\b", re.I), 1.5),
    # What may yet happen, is planned, or is asked of someone. Not ability in the past
    # ("could see", "could barely", "could not hold"), not what would have happened, and
    # not a purpose ("the goal is to raise awareness").
    (
        re.compile(
            r"\b(?:could(?! not\b)(?! (?:see|sense|feel|hear|tell|smell|barely|hardly|no "
            r"longer)\b)|"
            # "may", not the month ("in May", "May 14"): the signals run on lower case.
            + _not_after("may", ("in ", "of ", "since ", "until ", "by ", "early ", "late ",
                                 "mid-", "last ", "next ", "this ")) + r"(?! \d)|"
            r"might|would(?! have)|expected to|likely to|plans? to|planning|set to|scheduled|"
            + "|".join(_not_after(f"{verb} to", tuple(f"{noun} " for noun in (
                "point", "goal", "aim", "idea", "purpose", "objective", "mission", "task",
                "job"))) for verb in ("is", "are")) + "|"
            r"will|considering|weighing|hopes? to|aims? to|intends? to|threaten\w*|warn\w*|"
            r"call(?:ed|s)? on|urg(?:ed|es|ing)|demanded|demands? that|demanding that|"
            r"next (?:week|month|year|round|step))\b",
            re.I,
        ),
        1.0,
    ),
    (
        re.compile(
            r"\b(?:claimed|alleged(?:ly)?|asserts?|asserted|insist(?:s|ed)?|disputed?|denied|"
            r"contradict\w*|conflicting|"
            r"estimates? (?:vary|differ)|questions? (?:remain|about|over)|concerns?|"
            r"uncertain\w*|doubts?|skeptic\w*|reportedly|anonymous|unnamed)\b",
            re.I,
        ),
        1.5,
    ),
    # A question mark is no signal: an article's own questions are rhetorical ("Just what
    # is this slogan?"); on the dev set none of five matched a gold question.
    # Quoted speech and first or second person are someone's voice, not what the reporting
    # leaves open: on the dev set 5 of 44 quoted sentences matched a gold question, against
    # 35 of 111 others. They qualify only on a strong signal ("not clear", "declined to").
    (re.compile(r"[“”\"]"), -1.5),
    (re.compile(r"\b(?:I|we|We|you|You|our|Our|my|My|us)\b|\b(?:I|[Ww]e)[’'](?:m|d|re|ve)\b"),
     -1.5),
]


# A signal that adds weight runs on the sentence in lower case, without re.I: the same
# matches at half the time (re.I defeats the regex engine's literal-prefix search). Every
# such signal ignores case and opens with "\b" and a letter. The signals against a
# sentence (quotation marks, first person) run on it as written.
assert all(p.flags & re.I for p, weight in _RAW_SIGNALS if weight > 0)
_SIGNALS_FOR = [(WordStartPattern(p.pattern), w) for p, w in _RAW_SIGNALS if w > 0]
_SIGNALS_AGAINST = [(p, w) for p, w in _RAW_SIGNALS if w <= 0]
# Any signal for a sentence, in one pattern: a sentence it does not match can not qualify,
# and three sentences in four match none (dev set). In the others, a signal matches only
# where the joined pattern does, so each is tried at those positions alone rather than
# searched for along the sentence again (0.26 -> 0.22 ms a seed article, timeit). Its
# branches are grouped by first letter: a word that starts none is dismissed after a test
# a letter rather than one for each of the 95 branches (0.17 -> 0.08 ms, timeit).
_ANY_SIGNAL = WordStartPattern(r"\b(?:" + grouped_by_first_letter(
    p.pattern[2:] for p, _ in _SIGNALS_FOR) + ")")
# A lede under a dateline and a wire service's credit: "NEW YORK (Reuters) -", "(AP) —".
_WIRE_LEDE = re.compile(r"^(?:[A-Z][\w.,’' ]{0,40}\s)?\([A-Z][\w ]{1,20}\)\s*[-—–]")
MAX_QUESTION_SENTENCES = 5
MIN_WEIGHT = 1.0
LEDE_WEIGHT = 3.0
MAX_SENTENCE_CHARS = 400


@dataclass(frozen=True)
class QuestionCandidate:
    sentence: Sentence
    weight: float


def find_question_sentences(
    sentences: list[Sentence],
    excluded: list[tuple[int, int]] | None = None,
    limit: int = MAX_QUESTION_SENTENCES,
) -> list[QuestionCandidate]:
    """The sentences that most clearly leave something open, in article order."""
    weighed: list[QuestionCandidate] = []
    for index, sentence in enumerate(sentences):
        if index == 0 or len(sentence.text) > MAX_SENTENCE_CHARS or len(sentence.text) < 25:
            continue  # the title line, captions and run-ons make poor evidence
        if title_case_line(sentence.text):
            continue  # a linked article's title ("Fort Worth May Dry Human Waste ...")
        if _WIRE_LEDE.match(sentence.text):
            continue  # "NEW YORK (Reuters) - Oil fell...": the lede states what happened
        if excluded and any(s <= sentence.start < e for s, e in excluded):
            continue
        lower_case = sentence.text.lower()
        starts = _ANY_SIGNAL.starts(lower_case)
        if not starts:
            continue
        weight = sum(w for pattern, w in _SIGNALS_FOR if any(
            pattern.match_at(lower_case, start) for start in starts)) + sum(
            w for pattern, w in _SIGNALS_AGAINST if pattern.search(sentence.text))
        if index == 1 and weight < LEDE_WEIGHT:
            continue  # the lede states what happened
        if weight >= MIN_WEIGHT:
            weighed.append(QuestionCandidate(sentence, weight))
    best = sorted(weighed, key=lambda c: -c.weight)[:limit]
    return sorted(best, key=lambda c: c.sentence.start)


# What a sentence says is not known, and the wh-clause that says what: "It was not clear
# how many people were hurt" asks "How many people were hurt?". Searched at word starts
# alone: under re.I the engine tries a pattern at every character (22 -> 16 µs an
# article, timeit).
_UNKNOWN_CLAUSE = WordStartPattern(
    r"\b(?:(?:not\s+(?:yet\s+|immediately\s+|entirely\s+|fully\s+)?"
    r"(?:clear|known|certain|disclosed|confirmed)|unclear|unknown|uncertain)"
    r"|(?:declined|refused|did\s+not|didn[’']t|would\s+not|wouldn[’']t|could\s+not|"
    r"couldn[’']t)\s+(?:immediately\s+)?(?:to\s+)?(?:say|disclose|reveal|specify|explain|"
    r"confirm|comment\s+on|address)"
    r"|no\s+word\s+on|questions?\s+(?:remain|about|over)|remains?\s+to\s+be\s+seen)"
    r"\s+(?P<wh>whether|if|how\s+many|how\s+much|how\s+long|how|why|when|where|what|who|"
    r"which)\s+(?P<rest>[^.;:!?]+)", re.I)


# A closing attribution ends the sentence or goes on with a name or a place and time
# ("..., he said", ", said Jane Roe", ", the firm said in a statement"); in "Jane Roe, a
# strategist, says the stock could fall" what follows is what she says, and stays.
_ATTRIBUTION = re.compile(
    r",\s*(?:[\w.’']+\s+){0,4}(?:said|says|told|added|according|shouted|wrote)\b"
    r"(?:\s+(?:[A-Z]|(?:in|on|at|to|during|after|before|late|earlier|last|this|by|via)\b)"
    r"[^,]*)?[.!?’”\"']*$")


# "withholding the names of those killed until next of kin are told" asks who they were.
_WITHHELD_NAMES = re.compile(
    r"\bwithh(?:e|o)ld(?:ing|s)?\s+(?:the\s+)?(?:identit(?P<many>ies)|identity|name(?P<names>s)?)"
    r"\s+of\s+(?P<who>[^.;:!?,]+?)(?=\s+(?:until|pending|while|because|as)\b|[.;:!?,]|$)",
    re.I)
_UNRELEASED_NAMES = re.compile(
    r"\b(?:identit(?P<many>ies)|identity|name(?P<names>s)?)\s+of\s+(?P<who>[^.;:!?,]+?)\s+"
    r"(?:was|were|has|have|had)\s+not\s+(?:yet\s+)?(?:been\s+)?(?:released|disclosed|"
    r"made\s+public|given|announced)", re.I)


def question_from(sentence: str) -> str:
    """The question a sentence leaves open, in its own words: the unknown wh-clause where
    it names one, who was not named where names are withheld, else the sentence itself
    asked as a question."""
    text = " ".join(sentence.split())
    withheld = _names_withheld(text)
    if withheld:
        verb = "were" if withheld.group("many") or withheld.group("names") else "was"
        return f"Who {verb} {withheld.group('who').strip()}?"
    match = _UNKNOWN_CLAUSE.search(text)
    if match:
        wh = " ".join(match.group("wh").lower().split())
        rest = _ATTRIBUTION.sub("", match.group("rest")).strip().rstrip(",")
        lead = "Whether" if wh in ("whether", "if") else wh[0].upper() + wh[1:]
        return f"{lead} {rest}?"
    # Otherwise the sentence itself, without its quotation marks or a closing attribution
    # ("..., he added").
    plain = _ATTRIBUTION.sub("", re.sub(r"[\"“”]", "", text))
    return plain.strip().rstrip(" .,!?’'") + "?"


def _names_withheld(text: str) -> re.Match[str] | None:
    """Where ``text`` says names are withheld or not released. Each pattern, under re.I,
    is tried at every character; it is tried at all only where the words it needs are
    there ("withh", "identit" or "name"): 16 -> 2.5 µs an article (timeit)."""
    low = lowered(text)  # None: a character folds unlike its lower case; search it all
    if low is None or "withh" in low:
        withheld = _WITHHELD_NAMES.search(text)
        if withheld is not None:
            return withheld
    if low is None or "identit" in low or "name" in low:
        return _UNRELEASED_NAMES.search(text)
    return None
