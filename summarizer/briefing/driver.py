"""Running a plan on demand: each call goes to the model as soon as the plan asks for it."""

from __future__ import annotations

import time
from typing import Any

import httpx2
import openai
from instructor.core.exceptions import InstructorError, InstructorRetryException

from summarizer.brief import Brief
from summarizer.briefing.answers import Response, answer_schema
from summarizer.briefing.grammar import compact_grammar
from summarizer.briefing.plan import ArticlePlan, CallAnswer, ModelCall
from summarizer.client import ModelClient
from summarizer.errors import causes


def answer_text(completion: Any) -> str | None:
    """The JSON text of a chat completion: tool-call arguments in tools mode, else the
    message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    if getattr(message, "tool_calls", None):
        return str(message.tool_calls[0].function.arguments)
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None


def _endpoint_failed(error: BaseException) -> bool:
    return any(isinstance(cause, openai.APIError | httpx2.HTTPError) for cause in causes(error))


def _usage(usage: Any) -> tuple[int, int]:
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(
        getattr(usage, "completion_tokens", 0) or 0)


async def send(client: ModelClient, call: ModelCall, headers: dict[str, str]) -> CallAnswer:
    """One call through instructor (which shapes the request for the endpoint's mode); the
    plan validates the answer itself, so instructor makes exactly one attempt."""
    started = time.perf_counter()
    create = client.instructor.chat.completions.create_with_completion
    try:
        _, completion = await create(
            model=client.model, response_model=answer_schema(call.response_model).model(),
            messages=call.messages,
            max_retries=1, temperature=call.temperature, max_tokens=call.max_tokens,
            extra_headers=headers)
    except InstructorError as error:
        if _endpoint_failed(error):
            raise  # the endpoint failed (HTTP error, no connection): the article fails
        # The plan judges the answer: a cut-off or invalid one may still hold usable items,
        # and a re-ask is the plan's decision, not instructor's.
        last = getattr(error, "last_completion", None)
        usage = error.total_usage if isinstance(error, InstructorRetryException) else \
            getattr(last, "usage", None)
        prompt, output = _usage(usage)
        return CallAnswer(call.key, answer_text(last), prompt, output,
                          error=f"{type(error).__name__}: {' '.join(str(error).split())[:300]}",
                          model_s=time.perf_counter() - started)
    prompt, output = _usage(getattr(completion, "usage", None))
    return CallAnswer(call.key, answer_text(completion), prompt, output,
                      model_s=time.perf_counter() - started)


async def send_compact(client: ModelClient, call: ModelCall,
                       headers: dict[str, str]) -> CallAnswer:
    """One call to the embedded llama.cpp engine, decoded under a compact grammar built from
    the call's schema (no whitespace tokens; see ``grammar``)."""
    started = time.perf_counter()
    completion = await client.openai.chat.completions.create(
        model=client.model, messages=call.messages,  # type: ignore[arg-type]
        max_tokens=call.max_tokens, temperature=call.temperature, extra_headers=headers,
        extra_body={"grammar": _grammar(call.response_model)})
    prompt, output = _usage(getattr(completion, "usage", None))
    choice = completion.choices[0] if completion.choices else None
    error = "the answer was cut off at max_tokens" if choice and \
        choice.finish_reason == "length" else None
    return CallAnswer(call.key, answer_text(completion), prompt, output, error=error,
                      model_s=time.perf_counter() - started)


def _grammar(response: Response) -> str:
    return compact_grammar(answer_schema(response).json_schema())


async def run_plan(plan: ArticlePlan, client: ModelClient, headers: dict[str, str],
                   compact: bool = False) -> Brief:
    """Drive ``plan`` to its brief. Calls run one after another: on a one-slot engine the
    next pass then finds the shared prefix of the last one still cached. ``compact`` sends
    a compact grammar instead of a JSON schema (the embedded llama.cpp engine only)."""
    while calls := plan.next_calls():
        for call in calls:
            answer = await (send_compact if compact else send)(client, call, headers)
            plan.answer(answer)
    return plan.brief()
