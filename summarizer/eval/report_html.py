"""The HTML report: one self-contained page. Autoescaping is on for everything; the only
markup built in Python is the highlighted article, whose pieces are escaped one by one."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from summarizer.brief import Brief
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import FIELDS
from summarizer.reading import Article

FIELD_CLASS = {"actors": "actor", "locations": "place", "figures": "figure",
               "open_questions": "question"}


@dataclass(frozen=True)
class Span:
    """One evidence quote of one predicted item, where it sits in the article."""

    start: int
    end: int
    field: str
    label: str
    anchor: str
    invented: bool = False


@dataclass(frozen=True)
class ItemLine:
    """One predicted item in the reading view's list: where its evidence is, if anywhere."""

    field: str
    label: str
    quote: str
    anchor: str
    invented: bool


def _items(brief: Brief) -> list[tuple[str, str, list[Any]]]:
    return ([("actors", a.name, a.evidence) for a in brief.actors]
            + [("locations", p.name, p.evidence) for p in brief.locations]
            + [("figures", f"{f.text} ({f.counts})", f.evidence) for f in brief.figures]
            + [("open_questions", q.question, q.evidence) for q in brief.open_questions])


def evidence_spans(brief: Brief, prefix: str = "e",
                   invented: dict[str, set[str]] | None = None) -> list[Span]:
    """Every evidence quote of the brief; ``invented`` (labels per field, as the scoring
    lists them) marks the items that matched no gold item."""
    spans: list[Span] = []
    for number, (name, label, evidence) in enumerate(_items(brief)):
        wrong = label in (invented or {}).get(name, set())
        for k, e in enumerate(evidence):
            spans.append(Span(e.start, e.end, name, label, f"{prefix}-{number}-{k}", wrong))
    return spans


def item_lines(brief: Brief, spans: list[Span], text_length: int) -> list[ItemLine]:
    lines = []
    by_label: dict[tuple[str, str], list[Span]] = {}
    for span in spans:
        by_label.setdefault((span.field, span.label), []).append(span)
    for name, label, evidence in _items(brief):
        found = [s for s in by_label.get((name, label), []) if 0 <= s.start < s.end <= text_length]
        quote = evidence[0].quote if evidence else ""
        invented = any(s.invented for s in by_label.get((name, label), []))
        lines.append(ItemLine(name, label, quote, found[0].anchor if found else "", invented))
    return lines


def highlight(text: str, spans: list[Span]) -> Markup:
    """The article with evidence spans marked; every piece of text escaped. The first
    piece of each span carries its anchor, so the item list can link to it."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    pieces: list[str] = []
    for left, right in itertools.pairwise(cuts):
        segment = escape(text[left:right])
        covering = [s for s in valid if s.start <= left and right <= s.end]
        if covering:
            labels = "; ".join(f"{s.field}: {s.label}" for s in covering)
            css = FIELD_CLASS[covering[0].field]
            status = ' data-status="invented"' if any(s.invented for s in covering) else ""
            ids = "".join(f'<a id="{escape(s.anchor)}"></a>' for s in covering
                          if s.start == left)
            pieces.append(f'{ids}<mark class="{css}"{status} title="{escape(labels)}">'
                          f'{segment}</mark>')
        else:
            pieces.append(str(segment))
    return Markup("".join(pieces))


def _gold_lines(gold: GoldFile, name: str) -> list[str]:
    if name == "actors":
        return [a.name + ("" if a.required else " (optional)") for a in gold.actors]
    if name == "locations":
        return [p.name + ("" if p.required else " (optional)") for p in gold.locations]
    if name == "figures":
        return [f"{f.text} — {f.counts}" + ("" if f.required else " (optional)")
                for f in gold.figures]
    return [q.question + ("" if q.required else " (optional)") for q in gold.open_questions]


def _pred_lines(brief: Brief | None, name: str) -> list[str]:
    if brief is None:
        return []
    if name == "actors":
        return [a.name for a in brief.actors]
    if name == "locations":
        return [p.name for p in brief.locations]
    if name == "figures":
        return [f"{f.text} — {f.counts}" for f in brief.figures]
    return [q.question for q in brief.open_questions]


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.eval", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2")


def render_html(report: dict[str, Any], texts: dict[str, Article],
                briefs: dict[str, Brief | None], gold: dict[str, GoldFile]) -> str:
    sections = []
    for number, row in enumerate(report["articles"], start=1):
        article_id = row["article_id"]
        brief = briefs.get(article_id)
        source = texts.get(article_id)
        invented = {name: set(row["fields"][name].get("invented", [])) for name in FIELDS}
        spans = evidence_spans(brief, f"a{number}", invented) if brief else []
        body = highlight(source.text, spans) if source else None
        items = item_lines(brief, spans, len(source.text)) if brief and source else []
        sections.append({
            "row": row, "body": body, "items": items,
            "sides": [(name, _gold_lines(gold[article_id], name), _pred_lines(brief, name))
                      for name in FIELDS],
            "summary": brief.summary if brief else "",
        })
    return _template().render(report=report, fields=FIELDS, sections=sections)
