"""The story brief (contract v1.1): one event across articles, items merged, every value
kept with the article and the evidence it came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.brief import ActorKind, LocationKind, Qualifier

Agreement = Literal["agree", "conflict", "single"]


class StoryEvidence(BaseModel):
    """A quote in one article: ``article_text[start:end] == quote``."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Quote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class NameInArticle(BaseModel):
    """How one article names a merged actor or place."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    item: int = Field(ge=0, description="Position of the item in that article's brief.")
    name: str
    aliases: list[str] = Field(default_factory=list)
    detail: str = Field(default="", description="The actor's role or the place's "
                        "enclosing region, as that article's brief gives it.")


class StoryActor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = Field(default_factory=list, description="Every other name and "
                               "spelling the articles use.")
    kind: ActorKind
    articles: list[str]
    evidence: list[StoryEvidence]
    mentions: list[NameInArticle] = Field(default_factory=list)


class StoryLocation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: LocationKind
    articles: list[str]
    evidence: list[StoryEvidence]
    mentions: list[NameInArticle] = Field(default_factory=list)


class FigureValue(BaseModel):
    """One article's value for a figure group."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    item: int = Field(ge=0, description="Position of the figure in that article's brief.")
    text: str
    low: float
    high: float
    qualifier: Qualifier
    unit: str = ""
    counts: str = Field(default="", description="What this article says the number counts.")
    attributed_to: str = ""
    evidence: Quote | None
    covers: tuple[float, float] = Field(description="The values this statement allows, "
                                        "in the group's base unit (docs/STORY.md).")


class FigureGroup(BaseModel):
    """Values from one or more articles that count the same thing."""

    model_config = ConfigDict(extra="forbid")

    counts: str
    unit: str = ""
    agreement: Agreement
    values: list[FigureValue]
    articles: list[str]
    reason: str = Field(default="", description="Why the values agree or conflict.")


class StoryQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    articles: list[str]
    asked: list[NameInArticle] = Field(default_factory=list, description="Each article's "
                                       "own wording (in ``name``).")


class SummaryCheck(BaseModel):
    """Numbers in the summary, checked against the briefs' figures."""

    model_config = ConfigDict(extra="forbid")

    numbers: list[str] = Field(default_factory=list)
    unsupported: list[str] = Field(default_factory=list)


class EvidenceCheck(BaseModel):
    """Evidence re-checked against the article texts (``--articles``)."""

    model_config = ConfigDict(extra="forbid")

    checked: int = 0
    mismatched: list[str] = Field(default_factory=list, description="article_id: quote "
                                  "for each quote not found at its offsets.")


class Story(BaseModel):
    """One event reported by several articles."""

    model_config = ConfigDict(extra="forbid")

    articles: list[str]
    summary: str = ""
    summary_source: Literal["model", "none"] = "none"
    summary_check: SummaryCheck = Field(default_factory=SummaryCheck)
    evidence_check: EvidenceCheck | None = None
    actors: list[StoryActor] = Field(default_factory=list)
    locations: list[StoryLocation] = Field(default_factory=list)
    figures: list[FigureGroup] = Field(default_factory=list, description="Conflicts first.")
    open_questions: list[StoryQuestion] = Field(default_factory=list)
