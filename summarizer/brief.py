"""The brief: what the tool emits for one article (contract v1).

Every item carries evidence: quotes with character offsets into the article text as the
tool read it, so that ``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ActorKind = Literal["person", "organization", "group", "country", "other"]
LocationKind = Literal["country", "region", "city", "town", "village", "site", "other"]
Qualifier = Literal["exact", "approx", "range", "at_least", "at_most", "more_than", "less_than"]
Alignment = Literal["exact", "tolerant", "fuzzy", "mention"]


class Evidence(BaseModel):
    """A span of the article that supports an item."""

    model_config = ConfigDict(extra="forbid")

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
    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind
    role: str = ""
    evidence: list[Evidence]


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The amount as the article words it, hedges included.")
    low: float
    high: float
    qualifier: Qualifier
    unit: str = ""
    counts: str = Field(description="What the number counts.")
    attributed_to: str = ""
    evidence: list[Evidence]


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: LocationKind
    within: str = ""
    evidence: list[Evidence]


class OpenQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

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
    """A structured, source-grounded brief of one news article."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    summary: str
    actors: list[Actor] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    provenance: Provenance
