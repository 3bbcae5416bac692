"""Re-checking a brief's evidence against the article text, trusting nothing it claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.brief import Brief, Evidence
from summarizer.numbers import same_value, values_in


@dataclass
class GroundingTally:
    items: int = 0
    grounded: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.grounded / self.items if self.items else 1.0

    def add(self, other: GroundingTally) -> None:
        self.items += other.items
        self.grounded += other.grounded
        self.failures.extend(other.failures)


def _span_ok(evidence: list[Evidence], text: str) -> bool:
    return bool(evidence) and all(
        0 <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.quote for e in evidence)


def stated_values(quote: str) -> set[float]:
    """Every value ``quote`` states: what the number parser reads, and the quantities the
    figure finder reads in words ("an hour", "two-thirds", "4-1")."""
    from summarizer.candidates.amounts import find_figure_candidates
    from summarizer.candidates.sentences import split_sentences

    found = values_in(quote)
    for candidate in find_figure_candidates(quote, split_sentences(quote)):
        found.update((candidate.low, candidate.high))
    return found


def recheck(brief: Brief, text: str) -> GroundingTally:
    """Count items whose evidence really is the article's text (and states the number)."""
    tally = GroundingTally()

    def judge(label: str, ok: bool) -> None:
        tally.items += 1
        if ok:
            tally.grounded += 1
        else:
            tally.failures.append(label)

    for actor in brief.actors:
        judge(f"actor {actor.name}", _span_ok(actor.evidence, text))
    for place in brief.locations:
        judge(f"location {place.name}", _span_ok(place.evidence, text))
    for question in brief.open_questions:
        judge(f"question {question.question}", _span_ok(question.evidence, text))
    for figure in brief.figures:
        ok = _span_ok(figure.evidence, text)
        if ok:
            quoted = set().union(*(stated_values(e.quote) for e in figure.evidence))
            ok = all(any(same_value(v, q) for q in quoted) for v in {figure.low, figure.high})
        judge(f"figure {figure.text}", ok)
    return tally
