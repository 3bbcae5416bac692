"""Sentences that leave something open: the raw material of an article's open questions.

A sentence qualifies by what it says about the state of knowledge, not by its topic:
something unknown or unconfirmed, a decision or investigation still pending, an event
expected but not yet happened, a refusal to comment, a claim disputed. Each signal adds to
a sentence's weight; the heaviest sentences are offered to the model, in article order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.candidates.sentences import Sentence

_SIGNALS: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            r"\b(?:not (?:yet |immediately |entirely |fully )?"
            r"(?:clear|known|confirmed|disclosed|revealed|"
            r"possible to (?:independently )?verify)|unclear|unknown|unconfirmed|"
            r"remains? to be seen|no word|yet to be (?:determined|decided|announced))\b",
            re.I,
        ),
        3.0,
    ),
    (
        re.compile(
            r"\b(?:declined to|did not (?:immediately )?(?:respond|return|comment|say)|"
            r"would not (?:say|comment|confirm)|refused to|no comment|could not be "
            r"reached|withh(?:e|o)ld(?:ing)?)\b",
            re.I,
        ),
        2.5,
    ),
    (
        re.compile(
            r"\b(?:under investigation|investigat\w+|probe|inquiry|review(?:ing)?|"
            r"pending|awaiting|await|trial|sentencing|appeal|hearing|lawsuit|charges?)\b",
            re.I,
        ),
        1.5,
    ),
    (re.compile(r"\b(?:whether|if)\b", re.I), 1.5),
    (
        re.compile(
            r"\b(?:could|may|might|would|expected to|likely to|plans? to|planning|set to|"
            r"scheduled|is to|are to|will|considering|weighing|hopes? to|aims? to|"
            r"intends? to|threaten\w*|warn\w*|next (?:week|month|year|round|step))\b",
            re.I,
        ),
        1.0,
    ),
    (
        re.compile(
            r"\b(?:claimed|alleged(?:ly)?|disputed?|denied|contradict\w*|conflicting|"
            r"estimates? (?:vary|differ)|questions? (?:remain|about|over)|concerns?|"
            r"uncertain\w*|doubts?|skeptic\w*)\b",
            re.I,
        ),
        1.5,
    ),
    (re.compile(r"\?"), 1.0),
]
MAX_QUESTION_SENTENCES = 8
MIN_WEIGHT = 1.0
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
        if excluded and any(s <= sentence.start < e for s, e in excluded):
            continue
        weight = sum(w for pattern, w in _SIGNALS if pattern.search(sentence.text))
        if weight >= MIN_WEIGHT:
            weighed.append(QuestionCandidate(sentence, weight))
    best = sorted(weighed, key=lambda c: -c.weight)[:limit]
    return sorted(best, key=lambda c: c.sentence.start)
