"""What the model is asked to produce: a compact, bounded draft of a brief.

The docstrings and field descriptions are prompt text: they become the JSON schema the
model decodes against. Lists and strings are bounded because output length is the cost
and the risk on a small local model. Offsets are not asked for: the model quotes, and
grounding finds the quote in the article.

When a grounding context is active (see ``grounding_context``), validation checks every
item against the article and raises one error that lists each failure, which instructor
sends back to the model as a re-ask.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from instructor import OpenAISchema
from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.brief import ActorKind, LocationKind

MAX_QUOTE = 240

Quote = Field(
    max_length=MAX_QUOTE,
    description="A short exact quote (one sentence or less) copied from the article, "
    "character for character, that supports this item.",
)


class DraftActor(BaseModel):
    """A person, organization, group or country that acts or speaks in the article.
    No quote is asked for: the name itself is located in the article."""

    name: str = Field(max_length=80, description="Name as written in the article.")
    kind: ActorKind
    role: str = Field(max_length=100, description="What the actor does in this story, briefly.")
    aliases: list[str] = Field(
        max_length=3,
        description="Other names the article uses for the same actor (acronyms, short forms).",
    )


class DraftFigure(BaseModel):
    """A number the article states, and what it counts. Vague amounts are not figures."""

    quote: str = Quote
    text: str = Field(
        max_length=60,
        description='The amount exactly as written, with its hedge: "about 300", '
        '"800 to 1,000", "$2.6 billion", "three".',
    )
    counts: str = Field(max_length=100, description="What the number counts.")
    unit: str = Field(max_length=30, description='e.g. "people", "USD", "km".')


class DraftLocation(BaseModel):
    """A place where events of the story happen or that the story is about."""

    name: str = Field(max_length=80, description="Name as written in the article.")
    kind: LocationKind
    within: str = Field(max_length=60, description="Country or region holding it.")


class DraftQuestion(BaseModel):
    """A question the article leaves open: something unresolved, disputed or still to come."""

    question: str = Field(max_length=160)
    quote: str = Quote


class DraftBrief(BaseModel):
    """A structured brief of one news article. Use only what the article states.

    Every field is required so that constrained decoding cannot skip a list; the summary
    comes last so that a length cut-off never costs the grounded items.
    """

    figures: list[DraftFigure] = Field(max_length=8)
    actors: list[DraftActor] = Field(max_length=8)
    locations: list[DraftLocation] = Field(max_length=6)
    open_questions: list[DraftQuestion] = Field(max_length=3)
    summary: str = Field(
        max_length=400, description="Two or three sentences: what happened, who, where, when."
    )

    @model_validator(mode="after")
    def _grounded(self) -> DraftBrief:
        context = _CONTEXT.get()
        if context is None:
            return self
        grounded = context.check(self)
        context.last = (self, grounded)
        problems = grounded.problems()
        if problems:
            raise ValueError(
                "Some items are not supported by the article. Fix or remove each one; "
                "quote the article exactly:\n- " + "\n- ".join(problems)
            )
        return self


class DraftBriefRequest(DraftBrief, OpenAISchema):
    # DraftBrief as instructor's response model, built once. Given a plain model, instructor
    # derives a new subclass and regenerates its JSON schema on every call: milliseconds of
    # CPU each, the bottleneck of a batch at high concurrency. A subclass of its schema base
    # is used as it is, and the schema here is generated once. The docstring and title are
    # DraftBrief's because they are prompt text.
    __doc__ = DraftBrief.__doc__
    model_config = ConfigDict(title="DraftBrief")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        # A fresh copy per call: callers may edit the schema they are given.
        return json.loads(_request_schema_text())  # type: ignore[no-any-return]


# The class name is prompt text too: the schema's name, the tool's name in tools mode, and
# the model named in validation errors that go back in re-asks.
DraftBriefRequest.__name__ = DraftBriefRequest.__qualname__ = "DraftBrief"


@cache
def _request_schema_text() -> str:
    return json.dumps(super(DraftBriefRequest, DraftBriefRequest).model_json_schema())


@dataclass
class GroundingContext:
    """Per-call state that the validator reads: the checker, and what happened so far."""

    check: Any  # Callable[[DraftBrief], GroundedDraft]; Any keeps pydantic out of it
    requests: int = 0
    last: tuple[Any, Any] | None = None  # (draft, its grounding), to avoid grounding twice

    def grounded_for(self, draft: DraftBrief) -> Any:
        """The grounding already computed for this very draft, if any."""
        if self.last is not None and self.last[0] is draft:
            return self.last[1]
        return None


_CONTEXT: ContextVar[GroundingContext | None] = ContextVar("grounding_context", default=None)


@contextmanager
def grounding_context(context: GroundingContext | None) -> Iterator[GroundingContext | None]:
    """Activate grounding checks for validations in this task (asyncio-safe); None turns
    them off, to parse an answer as it stands."""
    token = _CONTEXT.set(context)
    try:
        yield context
    finally:
        _CONTEXT.reset(token)


def count_request(*_args: Any, **_kwargs: Any) -> None:
    """instructor hook: one more request for the active call (re-asks included)."""
    context = _CONTEXT.get()
    if context is not None:
        context.requests += 1

