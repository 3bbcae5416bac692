"""The model calls one article needs, as data: a sans-IO plan that any driver can run.

A plan says which calls it needs now (``next_calls``), takes each answer as raw text
(``answer``), and may then ask for more (a re-ask, or a pass that depends on an earlier
one). When ``next_calls`` returns nothing the plan is finished and ``brief`` gives the
result. The on-demand driver sends each call straight away; the provider batch driver
writes them as batch request lines and feeds the answers back by ``key``. Both get the
same prompts, the same schemas and the same grounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from summarizer.brief import Brief
from summarizer.briefing.answers import Response


@dataclass(frozen=True)
class ModelCall:
    """One chat completion: what to send and the schema its answer must fit."""

    key: str  # unique within the article's plan, e.g. "entities" or "summary.reask1"
    messages: list[dict[str, str]]
    # A pydantic model, or an ``AnswerSchema`` (the plan's per-article answers): drivers
    # read either through ``answers.answer_schema``.
    response_model: Response
    max_tokens: int
    temperature: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # driver hints; never sent as-is


@dataclass(frozen=True)
class CallAnswer:
    """What came back for one call: the answer's JSON text, or why there is none."""

    key: str
    content: str | None  # message content (json modes) or tool-call arguments (tools mode)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    error: str | None = None  # transport failure, refusal, length cut-off, expired batch line
    model_s: float = 0.0
    # ``content`` already parsed with the call's schema, where the driver had to parse it to
    # know the answer fits: the plan takes it rather than parse the same text again. Never
    # stored (a batch run's answers file holds the fields above).
    parsed: Any = field(default=None, compare=False, repr=False)


class ArticlePlan(Protocol):
    """The calls for one article, driven to completion by an on-demand or batch driver."""

    article_id: str

    def next_calls(self) -> list[ModelCall]:
        """Calls that can be made now (independent of each other); empty once finished."""

    def answer(self, result: CallAnswer) -> None:
        """Take the answer to a call returned by ``next_calls``."""

    def brief(self) -> Brief:
        """The finished brief; raises ``ExtractionError`` if the article could not be briefed."""
