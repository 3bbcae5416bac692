"""One article to one brief: build the prompt, call the model, ground, re-ask, drop, merge."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError

from summarizer.assemble import GroundedDraft, ground_draft
from summarizer.brief import Brief, Provenance, Usage
from summarizer.chunking import split_parts
from summarizer.client import ModelClient
from summarizer.errors import ExtractionError
from summarizer.extraction import (
    DraftBrief,
    DraftBriefRequest,
    GroundingContext,
    grounding_context,
)
from summarizer.grounding import Article as GroundingArticle
from summarizer.merge import merge_parts
from summarizer.prompts import PromptSet, load_prompts
from summarizer.reading import Article
from summarizer.settings import Settings
from summarizer.transport import meta_headers


@cache
def draft_schema_hash() -> str:
    """Digest of the JSON schema the model decodes against; part of the cache identity."""
    schema = json.dumps(DraftBrief.model_json_schema(), sort_keys=True).encode()
    return hashlib.sha256(schema).hexdigest()[:16]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class PartResult:
    grounded: GroundedDraft
    attempts: int
    prompt_tokens: int
    completion_tokens: int


def _usage_of(usage: Any) -> tuple[int, int]:
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(
        getattr(usage, "completion_tokens", 0) or 0)


def _last_draft(error: InstructorRetryException) -> DraftBrief | None:
    """The last answer parsed without grounding checks, so its good items can be kept."""
    completion = error.last_completion
    try:
        message = completion.choices[0].message  # type: ignore[union-attr]
        if message.tool_calls:
            raw = message.tool_calls[0].function.arguments
        else:
            raw = message.content or ""
        with grounding_context(None):
            return DraftBrief.model_validate_json(_strip_fences(raw))
    except (AttributeError, IndexError, TypeError, ValidationError, ValueError):
        return None


def _last_failure(error: InstructorRetryException) -> str:
    attempts = getattr(error, "failed_attempts", None) or []
    cause = attempts[-1].exception if attempts else error.__cause__
    text = f"{type(cause).__name__}: {cause}" if cause else str(error)
    return " ".join(text.split())[:400]


def _strip_fences(raw: str) -> str:
    text = raw.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text


class Summariser:
    """Turns articles into briefs with one model client."""

    def __init__(self, client: ModelClient, settings: Settings, backend: str,
                 prompts: PromptSet | None = None) -> None:
        self.client = client
        self.settings = settings
        self.backend = backend
        self.prompts = prompts or load_prompts()

    async def _extract_part(self, text: str, offset: int, title: str, number: int, count: int,
                            article_id: str, run_id: str) -> PartResult:
        article = GroundingArticle(text)
        context = GroundingContext(check=lambda draft: ground_draft(draft, article, offset))
        messages = [
            {"role": "system", "content": self.prompts.render_system()},
            {"role": "user", "content": self.prompts.render_user(text, title, number, count)},
        ]
        headers = meta_headers(run=run_id, article=article_id,
                               prompt_version=self.prompts.version,
                               schema_hash=draft_schema_hash())
        with grounding_context(context):
            try:
                create = self.client.instructor.chat.completions.create_with_completion
                draft, completion = await create(
                    model=self.client.model, response_model=DraftBriefRequest, messages=messages,
                    max_retries=self.settings.max_reasks, temperature=self.settings.temperature,
                    max_tokens=self.settings.max_tokens, extra_headers=headers,
                )
                prompt_tokens, completion_tokens = _usage_of(completion.usage)
                attempts = max(context.requests, 1)
            except InstructorRetryException as error:
                last = _last_draft(error)
                if last is None:
                    raise ExtractionError(
                        f"no usable answer after {error.n_attempts} attempt(s): "
                        f"{_last_failure(error)}", attempts=error.n_attempts) from error
                draft = last
                prompt_tokens, completion_tokens = _usage_of(error.total_usage)
                attempts = error.n_attempts
        grounded = context.grounded_for(draft) or ground_draft(draft, article, offset)
        return PartResult(grounded, attempts, prompt_tokens, completion_tokens)

    async def summarise(self, article: Article, run_id: str = "") -> Brief:
        parts = split_parts(article.text, self.settings.part_chars)
        results = []
        for number, part in enumerate(parts, start=1):
            results.append(await self._extract_part(
                article.text[part.start:part.end], part.start, article.title, number, len(parts),
                article.article_id, run_id))
        merged = merge_parts([r.grounded for r in results])
        provenance = Provenance(
            backend=self.backend, model=self.client.model, prompt_version=self.prompts.version,
            attempts=sum(r.attempts for r in results),
            usage=Usage(prompt_tokens=sum(r.prompt_tokens for r in results),
                        completion_tokens=sum(r.completion_tokens for r in results)),
            dropped=merged.dropped, article_sha256=text_sha256(article.text), parts=len(parts),
        )
        return Brief(article_id=article.article_id, summary=merged.summary, actors=merged.actors,
                     figures=merged.figures, locations=merged.locations,
                     open_questions=merged.open_questions, provenance=provenance)
