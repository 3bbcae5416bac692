"""All candidates of one text, found once and shared by every pass."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.candidates.amounts import FigureCandidate, find_figure_candidates
from summarizer.candidates.datelines import find_dateline
from summarizer.candidates.injection import Withheld, find_instructions, mask
from summarizer.candidates.names import NameCandidate, find_names
from summarizer.candidates.questions import QuestionCandidate, find_question_sentences
from summarizer.candidates.sentences import Sentence, split_sentences


@dataclass
class Candidates:
    """What one text offers a brief. ``shown`` is the text the model reads: the article
    with withheld passages blanked out, the same length so offsets agree."""

    text: str
    shown: str
    sentences: list[Sentence]
    names: list[NameCandidate]
    figures: list[FigureCandidate]
    questions: list[QuestionCandidate]
    withheld: list[Withheld]
    dateline: tuple[int, int] | None = None


def collect(text: str) -> Candidates:
    withheld = find_instructions(text)
    excluded = [(w.start, w.end) for w in withheld]
    sentences = split_sentences(text)
    dateline = find_dateline(text)
    return Candidates(
        text=text,
        shown=mask(text, withheld),
        sentences=sentences,
        names=find_names(text, sentences, excluded, dateline),
        figures=find_figure_candidates(text, sentences, excluded),
        questions=find_question_sentences(sentences, excluded),
        withheld=withheld,
        dateline=dateline,
    )
