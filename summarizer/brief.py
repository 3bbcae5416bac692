"""The brief: what the tool emits for one article (contract v1).

Every item carries evidence: quotes with character offsets into the article text as the
tool read it, so that ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

import inspect
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ActorKind = Literal["person", "organization", "group", "country", "other"]
LocationKind = Literal["country", "region", "city", "town", "village", "site", "other"]
Qualifier = Literal["exact", "approx", "range", "at_least", "at_most", "more_than", "less_than"]
Alignment = Literal["exact", "tolerant", "fuzzy", "mention"]


def _description(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """A model's JSON Schema description: its docstring's first paragraph as plain text,
    without the examples that follow it."""
    doc = inspect.cleandoc(model.__doc__ or "")
    if doc:
        schema["description"] = " ".join(doc.split("\n\n")[0].split()).replace("``", "")


# Each model's docstring shows an example; the published schema keeps its first paragraph.
_CONFIG = ConfigDict(extra="forbid", json_schema_extra=_description)


class Evidence(BaseModel):
    """A span of the article that supports an item.

    ``start`` and ``end`` are character offsets into the article text as the tool read it,
    so that ``text[start:end] == quote`` always holds:

    >>> from summarizer import Summarizer
    >>> text = "Officials said 120 homes were flooded in Riverton."
    >>> with Summarizer() as s:
    ...     brief = s.summarise(text)
    >>> evidence = brief.figures[0].evidence[0]
    >>> text[evidence.start:evidence.end] == evidence.quote
    True
    """

    model_config = _CONFIG

    quote: str = Field(description="The article's own words, exactly as they stand in it.")
    start: int = Field(ge=0, description="Character offset of the quote's first character.")
    end: int = Field(ge=0, description="Character offset just past the quote's last character.")
    alignment: Alignment = Field(
        default="exact",
        description="How the evidence was found: exact, tolerant (spacing, quote marks, "
        "dashes, case) or fuzzy match of the model's quote, or mention (the sentence where "
        "the article first names the actor or place, or states the amount).",
    )


class Actor(BaseModel):
    """A person, organization, group or country the article names as taking part: its
    name and other names, ``kind``, role in the story and evidence.

    >>> from summarizer import Actor, Evidence
    >>> text = "Mayor Ana Ruiz said 40 homes in Lima were flooded."
    >>> mayor = Actor(name="Ana Ruiz", kind="person", role="Mayor of Lima",
    ...               evidence=[Evidence(quote=text[:14], start=0, end=14)])
    >>> mayor.aliases, mayor.evidence[0].quote
    ([], 'Mayor Ana Ruiz')
    """

    model_config = _CONFIG

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind
    role: str = ""
    evidence: list[Evidence]


class Figure(BaseModel):
    """An amount the article states: its words (``text``), its value as ``low`` to
    ``high`` with a ``qualifier`` (``exact``, ``approx``, ``range``, ``at_least``, ...),
    the ``unit``, what it ``counts``, who said so, and its evidence.

    >>> from summarizer import Summarizer
    >>> with Summarizer() as s:
    ...     brief = s.summarise("Officials said 120 homes were flooded in Riverton.")
    >>> figure = brief.figures[0]
    >>> figure.text, figure.low, figure.high, figure.qualifier, figure.unit
    ('120', 120.0, 120.0, 'exact', 'homes')
    """

    model_config = _CONFIG

    text: str = Field(description="The amount as the article words it, hedges included.")
    low: float
    high: float
    qualifier: Qualifier
    unit: str = ""
    counts: str = Field(description="What the number counts.")
    attributed_to: str = ""
    evidence: list[Evidence]


class Location(BaseModel):
    """A place the article puts something at: its name, ``kind`` (``country``,
    ``region``, ``city``, ``town``, ``village``, ``site``, ``other``), the place it lies
    ``within`` when the article says, and its evidence.

    >>> from summarizer import Evidence, Location
    >>> text = "Floods closed roads in Riverton, a town in Devon."
    >>> start = text.index("Riverton")
    >>> place = Location(name="Riverton", kind="town", within="Devon",
    ...                  evidence=[Evidence(quote="Riverton", start=start, end=start + 8)])
    >>> text[place.evidence[0].start:place.evidence[0].end]
    'Riverton'
    """

    model_config = _CONFIG

    name: str
    kind: LocationKind
    within: str = ""
    evidence: list[Evidence]


class OpenQuestion(BaseModel):
    """A question the article leaves open, with the sentence that leaves it open.

    >>> from summarizer import Summarizer
    >>> with Summarizer() as s:
    ...     brief = s.summarise("The Red Cross said 300 people fled Riverton on Monday. "
    ...                         "It is unclear whether the dam will hold.")
    >>> [(q.question, q.evidence[0].quote) for q in brief.open_questions]
    [('Whether the dam will hold?', 'It is unclear whether the dam will hold.')]
    """

    model_config = _CONFIG

    question: str
    evidence: list[Evidence]


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class DroppedItem(BaseModel):
    """An item the model proposed that failed grounding, and why."""

    field: str
    item: str
    reason: str


class Provenance(BaseModel):
    """How the brief was made: backend, model, prompt and schema versions, model calls
    (``attempts``) and tokens, the items dropped for failing grounding and why, and a hash
    of the article text (a resumed run skips an article whose brief has the same).

    >>> from summarizer import Summarizer
    >>> with Summarizer() as s:
    ...     brief = s.summarise("Officials said 120 homes were flooded in Riverton.")
    >>> meta = brief.provenance
    >>> meta.backend, meta.model, meta.schema_version, meta.attempts, meta.dropped
    ('openai', 'fake-model', '1', 3, [])
    >>> meta.usage.prompt_tokens > 0, meta.prompt_version.startswith("briefing-")
    (True, True)
    """

    model_config = ConfigDict(json_schema_extra=_description)

    backend: str
    model: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    attempts: int = 1
    usage: Usage = Field(default_factory=Usage)
    dropped: list[DroppedItem] = Field(default_factory=list)
    article_sha256: str = ""
    parts: int = Field(default=1, description="How many parts a long article was split into.")
    warnings: list[str] = Field(
        default_factory=list,
        description="What the reader should know about how the brief was made, such as a "
        "passage addressed to an AI model that was kept out of it.")


class Brief(BaseModel):
    """A structured, source-grounded brief of one news article.

    What ``summarise`` returns and ``summarise_paths`` writes as ``<article_id>.json``: a
    pydantic model, so ``model_dump_json()`` writes one and ``model_validate_json()``
    reads one back.

    >>> from pathlib import Path
    >>> from summarizer import Brief, Summarizer
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> brief = Brief.model_validate_json(Path("briefs/quake.json").read_text())
    >>> brief.article_id, [figure.text for figure in brief.figures]
    ('quake', ['14', 'an hour'])
    >>> sorted(Brief.model_fields)
    ['actors', 'article_id', 'figures', 'locations', 'open_questions', 'provenance', 'summary']
    """

    model_config = _CONFIG

    article_id: str
    summary: str
    actors: list[Actor] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    provenance: Provenance
