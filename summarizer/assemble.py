"""From the model's draft to grounded brief items: locate, check, repair or drop.

``ground_draft`` is used twice per attempt's answer: inside validation, where its list of
problems becomes the re-ask message, and after the last attempt, where failing items are
dropped and listed with their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.brief import Actor, DroppedItem, Evidence, Figure, Location, OpenQuestion
from summarizer.extraction import DraftBrief
from summarizer.grounding import Article, FigureCheck, Span, check_figure, unsupported_numbers
from summarizer.mentions import clause_after
from summarizer.numbers import parse_figure, sole_amount

LEAD_CHARS = 40


@dataclass
class GroundedDraft:
    summary: str = ""
    actors: list[Actor] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    dropped: list[DroppedItem] = field(default_factory=list)
    # Failures worth a re-ask: a number the article does not support. A name that is not
    # in the article, or a "figure" with no number, cannot be fixed by asking again, so
    # those items are only dropped (and listed).
    reask: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """What to tell the model on a re-ask; empty when nothing is worth one."""
        return self.reask


def _evidence(article: Article, span: Span, offset: int) -> Evidence:
    alignment = span.alignment
    return Evidence(quote=article.text[span.start:span.end], start=span.start + offset,
                    end=span.end + offset, alignment=alignment)


def _mention_evidence(article: Article, names: list[str], offset: int) -> Evidence | None:
    for name in names:
        mention = article.contains_name(name)
        if mention is not None:
            sentence = article.sentence_around(mention)
            return Evidence(quote=article.text[sentence.start:sentence.end],
                            start=sentence.start + offset, end=sentence.end + offset,
                            alignment="mention")
    return None


def _named_evidence(article: Article, name: str, aliases: list[str],
                    offset: int) -> tuple[Evidence | None, str]:
    """Evidence for an actor or place: the sentence of the first mention of its name."""
    mention = _mention_evidence(article, [name, *aliases], offset)
    if mention is None:
        return None, f"the name {name!r} does not appear in the article"
    return mention, ""


def _figure(article: Article, draft_text: str, quote: str,
            offset: int) -> tuple[FigureCheck, Evidence] | str:
    span = article.locate(quote)
    reason = f"the quote {quote!r} is not in the article"
    if span is not None:
        lead = article.text[max(0, span.start - LEAD_CHARS):span.start]
        quoted = article.text[span.start:span.end]
        if parse_figure(draft_text) is None:
            # The model quoted the article but wrote no amount ("count", a name): when the
            # quote states exactly one amount, that amount is the figure.
            draft_text = sole_amount(quoted) or draft_text
        checked = check_figure(draft_text, quoted, lead)
        if isinstance(checked, FigureCheck):
            return checked, _evidence(article, span, offset)
        reason = checked
    # The quote missed, but the amount itself may stand in the article: use its sentence.
    stated = article.locate(draft_text) if len(draft_text.strip()) >= 1 else None
    if stated is not None and re.search(r"\d|[a-z]", draft_text, re.I):
        sentence = article.sentence_around(stated)
        checked = check_figure(draft_text, article.text[sentence.start:sentence.end])
        if isinstance(checked, FigureCheck):
            return checked, Evidence(quote=article.text[sentence.start:sentence.end],
                                     start=sentence.start + offset, end=sentence.end + offset,
                                     alignment="mention")
    return reason


def _counts(article: Article, evidence: Evidence, offset: int, amount: str,
            model_label: str) -> str:
    """What a figure counts, in the article's own words: the rest of the clause after the
    amount. The model's label stands only where nothing follows the amount; small models
    write "number" or "people" where the article says "people fled into SDF-held areas"."""
    first, last = evidence.start - offset, evidence.end - offset
    at = article.text.find(amount, first, last)
    if at < 0:  # its hedge may start before the quote ("an estimated" + "200 to 300 ...")
        at = article.text.rfind(amount, max(0, first - LEAD_CHARS), first + len(amount))
    if at >= 0:
        read = clause_after(article.text, at + len(amount))
        if read:
            return read
    return model_label.strip()


def ground_draft(draft: DraftBrief, article: Article, offset: int = 0) -> GroundedDraft:
    """Ground every item of ``draft`` in ``article``; offsets are shifted by ``offset``."""
    result = GroundedDraft()
    drop = result.dropped

    bad_numbers = unsupported_numbers(draft.summary, article)
    if bad_numbers:
        shown = ", ".join(f"{v:g}" for v in bad_numbers)
        reason = f"the summary states {shown}, which the article does not"
        drop.append(DroppedItem(field="summary", item=draft.summary, reason=reason))
        result.reask.append(f"summary: {reason}")
    else:
        result.summary = draft.summary.strip()

    for actor in draft.actors:
        aliases = [a for a in actor.aliases if a.strip() and article.contains_name(a)]
        evidence, why = _named_evidence(article, actor.name, aliases, offset)
        if evidence is None:
            drop.append(DroppedItem(field="actors", item=actor.name, reason=why))
            continue
        result.actors.append(Actor(name=actor.name.strip(), aliases=aliases, kind=actor.kind,
                                   role=actor.role.strip(), evidence=[evidence]))

    for place in draft.locations:
        evidence, why = _named_evidence(article, place.name, [], offset)
        if evidence is None:
            drop.append(DroppedItem(field="locations", item=place.name, reason=why))
            continue
        result.locations.append(Location(name=place.name.strip(), kind=place.kind,
                                         within=place.within.strip(), evidence=[evidence]))

    seen_figures: set[tuple[float, float, int]] = set()
    for figure in draft.figures:
        outcome = _figure(article, figure.text, figure.quote, offset)
        if isinstance(outcome, str):
            drop.append(DroppedItem(field="figures", item=figure.text, reason=outcome))
            if parse_figure(figure.text) is not None:
                result.reask.append(f"figures {figure.text!r}: {outcome}")
            continue
        checked, evidence = outcome
        key = (checked.low, checked.high, evidence.start)
        if key in seen_figures:
            continue  # the same amount from the same words, listed twice by the model
        seen_figures.add(key)
        result.figures.append(Figure(
            text=checked.text, low=checked.low, high=checked.high,
            qualifier=checked.qualifier,  # type: ignore[arg-type]
            unit=figure.unit.strip(),
            counts=_counts(article, evidence, offset, checked.text, figure.counts),
            evidence=[evidence]))

    for question in draft.open_questions:
        span = article.locate(question.quote)
        if span is None:
            drop.append(DroppedItem(field="open_questions", item=question.question,
                                    reason=f"the quote {question.quote!r} is not in the article"))
            continue
        result.open_questions.append(OpenQuestion(question=question.question.strip(),
                                                  evidence=[_evidence(article, span, offset)]))
    return result
