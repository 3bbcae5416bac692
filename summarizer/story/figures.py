"""Figures aligned across articles: values that count the same thing grouped, each group
judged by the agreement rule.

What a figure counts is read from its ``counts`` text (word overlap or sentence embeddings,
the eval's own text similarity), its unit, and words that tell apart things a loose match
would confuse: killed against displaced, fell against rose, expected against reported,
Wednesday against Friday.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.brief import Brief, Figure
from summarizer.candidates.labels import counts_label
from summarizer.eval.similarity import TextSimilarity, content_words
from summarizer.names import SAME_ENTITY_MIN, name_similarity, normalise
from summarizer.story.agreement import Statement, compatible, covers, judge
from summarizer.story.clustering import cluster
from summarizer.story.model import FigureGroup, FigureValue, Quote
from summarizer.story.units import BaseUnit, base_unit

SAME_COUNT_MIN = 0.5
# Two figures of one article must also pass the wording or repeated-amount test below.
SAME_ARTICLE_MIN = SAME_COUNT_MIN

# Word stems that name what happened to what is counted. Two figures that both name
# something here, but nothing in common, count different things.
OUTCOMES = {
    # Not "death" alone: "willing to fight to the death" counts the living.
    "killed": ("kill", " dead", "deaths", "death toll", "died", "fatal", "toll", "lives"),
    "wounded": ("wound", "injur", "hurt"),
    "departed": ("fled", "flee", "escap", "evacu", "displac", "emerg", "made it out",
                 "left", "leave", "leaving"),
    "remaining": ("remain", "still", "holed", "waiting", "inside", "trapped"),
    "detained": ("detain", "custody", "arrest", "captur", "prison", "jail"),
    "missing": ("missing",),
    "aboard": ("aboard", "passenger", "on board"),
    "recovered": ("recover", "bodies", "body"),
}
DIRECTIONS = {
    "up": ("rise", "rose", "gain", "increas", "grew", "growth", "jump", "climb", "surge",
           "higher", "advanc", "rall"),
    "down": ("fall", "fell", "declin", "loss", "lost", "drop", "slump", "lower", "decreas",
             "plunge", "slid", "shed", "weak"),
}
# Marks of a figure that is not the reported amount itself but an expectation of it, or an
# earlier value: both sides must carry the mark or neither.
MARKS = {
    "expected": ("expect", "predict", "forecast", "consensus", "analyst", "survey"),
    "earlier": ("previous", "prior", "earlier", "former", " old ", "late on"),
    "comparable": ("comparable", "same-store", "same store", "like-for-like"),
    "futures": ("futures", "forward"),
    "adjusted": ("excluding", "adjusted", "ex-items", "underlying"),
    "per_share": ("per share", "per diluted share", "a share"),
}
# Different words for the same counted thing, so "jihadists" and "fighters", or "ISIS" and
# "Islamic State", are one word to the comparison.
SYNONYMS = {
    "jihadist": "fighter", "militant": "fighter", "insurgent": "fighter",
    "combatant": "fighter", "people": "person", "civilian": "person", "resident": "person",
    "evacuee": "person", "individual": "person", "persons": "person",
    "isi": "islamic", "isil": "islamic", "daesh": "islamic",
    "stock": "share", "pocket": "enclave", "holdout": "enclave",
    "kidnapping": "kidnap", "kidnapped": "kidnap",
}
GENERIC_NOUNS = {"", "count", "unit", "item", "thing"}
# When the count was taken. Two figures that both say, and say different things, are counts
# of different moments or periods ("on Friday" and "overnight", "in recent weeks" and
# "in the past two months").
TIMES = {
    **{day: (day,) for day in ("monday", "tuesday", "wednesday", "thursday", "friday",
                               "saturday", "sunday")},
    "overnight": ("overnight",), "today": ("today",), "yesterday": ("yesterday",),
    "weeks": ("weeks",), "months": ("months",), "since": ("since",),
    "year to date": ("year-to-date", "year to date", "this year"),
}


def _classes(text: str, table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    # Hyphens read as spaces on both sides: "per-share" is "per share", "year-to-date"
    # "year to date", whichever way the table or the text writes it.
    lowered = " " + " ".join(text.casefold().replace("-", " ").split()) + " "
    words = re.findall(r"[a-z]+", lowered)
    found = set()
    for name, stems in table.items():
        for stem in (s.replace("-", " ") for s in stems):
            if (" " in stem and stem in lowered) or any(w.startswith(stem) for w in words):
                found.add(name)
                break
    return frozenset(found)


def canonical_words(text: str) -> frozenset[str]:
    """Content words, synonyms folded, and the numbers in the text ("10-year" and
    "30-year" yields are different things)."""
    words = {SYNONYMS.get(w, w) for w in content_words(text)}
    return frozenset(words | set(re.findall(r"\d+(?:\.\d+)?", text)))


def _noun(unit: BaseUnit) -> str:
    if unit.family != "count":
        return ""
    noun = unit.kind.split(":", 1)[1]
    return SYNONYMS.get(noun, noun)


_NAME_CHUNK = re.compile(r"(?:[A-Z][\w'’&.-]*)(?:\s+(?:[A-Z0-9][\w'’&.-]*))*")


def subjects(text: str) -> frozenset[str]:
    """Proper names in a counts text ("Home Depot", "S&P 500"); a capitalised first word
    counts only when it is an acronym ("SDF members killed")."""
    found = set()
    for match in _NAME_CHUNK.finditer(text):
        chunk = match.group(0)
        first = chunk.split()[0]
        if match.start() == 0 and not (first.isupper() and len(first) > 1):
            chunk = chunk.partition(" ")[2]
        if chunk:
            found.add(chunk)
    return frozenset(found)


def _same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    for x in a:
        for y in b:
            nx, ny = normalise(x), normalise(y)
            short, long = sorted((nx, ny), key=len)
            if len(short) >= 2 and short in long:
                return True
            if name_similarity([x], [y]) >= SAME_ENTITY_MIN:
                return True
    return False


@dataclass(frozen=True)
class Signals:
    """What a figure's counts text and unit say about what it counts. ``counts`` is the
    text compared across articles (``core_counts``)."""

    counts: str
    unit: BaseUnit
    noun: str
    words: frozenset[str]
    subjects: frozenset[str]
    outcomes: frozenset[str]
    directions: frozenset[str]
    marks: frozenset[str]
    times: frozenset[str]

    @classmethod
    def of(cls, figure: Figure) -> Signals:
        counts = core_counts(figure)
        outcomes = _classes(counts, OUTCOMES)
        if "remaining" in outcomes:
            # "could still be left inside": left here means remaining, not departed.
            outcomes = outcomes - {"departed"}
        unit = base_unit(figure.unit, figure.text)
        return cls(
            counts=counts, unit=unit, noun=_noun(unit), words=canonical_words(counts),
            subjects=subjects(counts),
            outcomes=outcomes, directions=_classes(counts, DIRECTIONS),
            marks=_classes(counts, MARKS),
            times=_classes(counts, TIMES),
        )


def core_counts(figure: Figure) -> str:
    """What a figure counts, as compared across articles. A label the tool wrote from its
    evidence leads in with words of its clause ("Officers arrested 12 protesters"): each
    outlet words those its own way, so only the counted noun phrase is compared. Any other
    label (gold's, a hand-edited brief's) is compared whole."""
    for evidence in figure.evidence:
        at = evidence.quote.find(figure.text)
        if at < 0:
            continue
        end = at + len(figure.text)
        if counts_label(evidence.quote, at, end)[:len(figure.counts)] == figure.counts:
            return counts_label(evidence.quote, at, end, lead_in=False) or figure.counts
    return figure.counts


def _disjoint(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and not (a & b)


def kept_apart(a: Signals, b: Signals) -> bool:
    """True when the two figures cannot count the same thing, whatever their wording."""
    if a.unit.family != b.unit.family:
        return True
    if a.unit.family in ("money", "rate") and a.unit.kind != b.unit.kind:
        return True
    if a.noun not in GENERIC_NOUNS and b.noun not in GENERIC_NOUNS and a.noun != b.noun:
        return True
    return (_disjoint(a.outcomes, b.outcomes) or _disjoint(a.directions, b.directions)
            or a.marks != b.marks or _disjoint(a.times, b.times))


@dataclass(frozen=True)
class FigureItem:
    article_id: str
    index: int
    figure: Figure
    signals: Signals
    statement: Statement


def figure_items(briefs: Sequence[Brief]) -> list[FigureItem]:
    items = []
    for brief in briefs:
        for index, figure in enumerate(brief.figures):
            signals = Signals.of(figure)
            span = covers(figure.low, figure.high, figure.qualifier, figure.text)
            items.append(FigureItem(brief.article_id, index, figure, signals,
                                    Statement(brief.article_id, span, signals.unit)))
    return items


def significant_digits(value: float) -> int:
    digits = f"{abs(value):.6g}".replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "e" not in digits else 6


def same_amount(a: Figure, b: Figure) -> bool:
    return abs(abs(a.low) - abs(b.low)) <= 1e-9 * max(abs(a.low), 1.0) and abs(
        abs(a.high) - abs(b.high)) <= 1e-9 * max(abs(a.high), 1.0)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _noun_in_words(blank: Signals, named: Signals) -> bool:
    """Whether ``blank`` has no unit and its counts text names ``named``'s specific
    counted noun."""
    return (blank.unit.kind == "count:" and named.unit.family == "count"
            and named.noun not in GENERIC_NOUNS | {"person"} and named.noun in blank.words)


def pair_score(left: FigureItem, right: FigureItem, text_score: float | None = None) -> float:
    """How likely two figures count the same thing: their counts wording, plus weak
    evidence from a shared outcome, a shared counted noun and compatible values."""
    a, b = left.signals, right.signals
    if kept_apart(a, b):
        return 0.0
    score = dice(a.words, b.words) if text_score is None else text_score
    if a.outcomes & b.outcomes:
        score += 0.15
    if a.unit.kind == b.unit.kind and a.unit.kind != "count:":
        # A specific counted noun ("trucks", "airstrikes") shared says more than "people".
        score += 0.2 if a.noun not in GENERIC_NOUNS | {"person"} and \
            a.unit.family == "count" else 0.1
    elif _noun_in_words(a, b) or _noun_in_words(b, a):
        # A blank unit ("about 300", counts "IS fighters in Baghuz"): the counted noun the
        # other figure's unit names, found in this one's counts text, is the same noun.
        score += 0.2
    if a.subjects and b.subjects and not _same_subject(a.subjects, b.subjects):
        # About different named things ("Home Depot" and "S&P 500"); names in a counts
        # text are sometimes incidental, so this weighs rather than forbids.
        score -= 0.3
    # Compatible amounts are weak evidence of the same count (many unrelated figures are
    # "two"); the same distinctive amount ("$449,000", "$2.53") is strong evidence.
    if compatible(left.statement, right.statement):
        distinctive = (significant_digits(left.figure.high) >= 3
                       and same_amount(left.figure, right.figure))
        score += 0.4 if distinctive else 0.1
    return score


def group_figures(items: Sequence[FigureItem], text: TextSimilarity | None = None,
                  threshold: float = SAME_COUNT_MIN) -> list[list[int]]:
    """Index groups of the items that count the same thing. Two figures of one article
    are grouped only when their wording is nearly the same and their values compatible (a
    conversion in brackets, a restated amount), never through a third article's figure."""
    if not items:
        return []
    matrix = None
    if text is not None and text.use_embeddings:
        labels = [i.signals.counts for i in items]
        matrix = text.matrix(labels, labels)

    def score(a: int, b: int) -> float:
        base = float(matrix[a, b]) if matrix is not None else None
        value = pair_score(items[a], items[b], base)
        if items[a].article_id == items[b].article_id:
            # One brief's figures with the same wording but different values are more
            # often a lazy label ("market index" four times) than a count stated twice.
            near = (dice(items[a].signals.words, items[b].signals.words) >= 0.8
                    and compatible(items[a].statement, items[b].statement))
            repeated = (significant_digits(items[a].figure.high) >= 3
                        and same_amount(items[a].figure, items[b].figure))
            return value if near or repeated else 0.0
        return value

    return cluster([i.article_id for i in items], score, threshold,
                   same_article_min=SAME_ARTICLE_MIN)


def _value(item: FigureItem) -> FigureValue:
    figure = item.figure
    evidence = figure.evidence[0] if figure.evidence else None
    return FigureValue(
        article_id=item.article_id, item=item.index, text=figure.text, low=figure.low,
        high=figure.high, qualifier=figure.qualifier, unit=figure.unit, counts=figure.counts,
        attributed_to=figure.attributed_to,
        evidence=Quote(quote=evidence.quote, start=evidence.start, end=evidence.end)
        if evidence else None,
        covers=item.statement.base_span,
    )


def _label(members: Sequence[FigureItem]) -> str:
    counts = Counter(m.figure.counts for m in members if m.figure.counts)
    if not counts:
        return ""
    # The wording most articles use; else the shortest, which is usually the plainest.
    return max(counts, key=lambda c: (counts[c], -len(c)))


def aligned_figures(briefs: Sequence[Brief], text: TextSimilarity | None = None
                    ) -> list[FigureGroup]:
    """Figure groups across the briefs: conflicts first, then agreements, then singles."""
    items = figure_items(briefs)
    order = [b.article_id for b in briefs]
    groups = []
    for indexes in group_figures(items, text):
        members = [items[i] for i in indexes]
        agreement, reason = judge([m.statement for m in members])
        units = Counter(m.figure.unit for m in members if m.figure.unit)
        groups.append(FigureGroup(
            counts=_label(members), unit=units.most_common(1)[0][0] if units else "",
            agreement=agreement, reason=reason, values=[_value(m) for m in members],
            articles=[a for a in order if any(m.article_id == a for m in members)]))
    rank = {"conflict": 0, "agree": 1, "single": 2}
    return sorted(groups, key=lambda g: (rank[g.agreement], -len(g.articles)))
