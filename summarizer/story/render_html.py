"""The story as one self-contained HTML page: a row per actor, place and figure group, a
column per outlet, conflicts highlighted, evidence on hover and on expand. Autoescaping is
on for everything; no markup is built in Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import jinja2

from summarizer.story.model import FigureGroup, Story, StoryActor, StoryLocation


@dataclass
class Cell:
    text: str = ""
    quotes: list[str] = field(default_factory=list)


@dataclass
class Row:
    kind: str
    label: str
    status: str
    cells: list[Cell]
    note: str = ""


def _entity_row(kind: str, entity: StoryActor | StoryLocation, articles: list[str]) -> Row:
    cells = []
    for article_id in articles:
        names = [m.name for m in entity.mentions if m.article_id == article_id]
        quotes = [e.quote for e in entity.evidence if e.article_id == article_id]
        cells.append(Cell(" / ".join(names), quotes))
    status = "shared" if len(entity.articles) > 1 else "single"
    aliases = ", ".join(entity.aliases)
    return Row(kind, entity.name, status, cells, f"also: {aliases}" if aliases else "")


def _figure_row(group: FigureGroup, articles: list[str]) -> Row:
    cells = []
    for article_id in articles:
        values = [v for v in group.values if v.article_id == article_id]
        cells.append(Cell("; ".join(v.text for v in values),
                          [v.evidence.quote for v in values if v.evidence]))
    return Row("figure", group.counts, group.agreement, cells, group.reason)


def rows(story: Story) -> list[Row]:
    found = [_figure_row(g, story.articles) for g in story.figures]
    found += [_entity_row("actor", a, story.articles) for a in story.actors]
    found += [_entity_row("place", p, story.articles) for p in story.locations]
    return found


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.PackageLoader("summarizer.story", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template("story.html.j2")


def story_html(story: Story) -> str:
    conflicts = sum(1 for g in story.figures if g.agreement == "conflict")
    return _template().render(story=story, rows=rows(story), conflicts=conflicts)
