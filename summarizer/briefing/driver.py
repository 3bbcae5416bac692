"""Running a plan on demand: each call goes to the model as soon as the plan asks for it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any

import httpx2
import instructor
import openai
from instructor.core.exceptions import InstructorError, InstructorRetryException
from instructor.v2.core.json import extract_json_from_codeblock

from summarizer.brief import Brief
from summarizer.briefing.answers import AnswerSchema, Response, answer_schema
from summarizer.briefing.bodies import chat_body
from summarizer.briefing.grammar import compact_grammar
from summarizer.briefing.plan import ArticlePlan, CallAnswer, ModelCall
from summarizer.calls.answer_json import answer_json
from summarizer.calls.client import INSTRUCTOR_MODES, ModelClient
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


def _answer_text(data: Any) -> str | None:
    """``answer_text`` of a completion still as parsed JSON."""
    try:
        message = data["choices"][0]["message"]
        calls = message.get("tool_calls")
        if calls:
            return str(calls[0]["function"]["arguments"])
        content = message.get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return content if isinstance(content, str) else None


def _usage(usage: Any) -> tuple[int, int]:
    if usage is None:
        return 0, 0
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(
        getattr(usage, "completion_tokens", 0) or 0)


async def send(client: ModelClient, call: ModelCall, headers: dict[str, str]) -> CallAnswer:
    """One call, answered as the instructor path answers it, at a fraction of its CPU.

    The body is the one instructor writes for the client's mode (``bodies``), posted with
    the SDK's URL, headers, authorisation and timeouts (``_post``). An answer that instructor's
    own parse would take as it came (the usual case) goes to the plan at once. Anything
    else (an answer that does not fit, no answer, an HTTP error, no connection) goes to
    instructor after all, with this first outcome replayed to it rather than requested
    again (``_instructor_path``): instructor then does what it always did, to the byte.
    """
    started = time.perf_counter()
    shape = answer_schema(call.response_model)
    body = chat_body(call, client.model, client.mode)
    first = await _post(client, body, headers)
    if not isinstance(first, httpx2.Response) or not first.is_success:
        return await _instructor_path(client, call, headers, started, first)
    response = first
    data = answer_json(response)  # parsed once, by the layers under the client
    fitting = _fitting_answer(data, shape, client.mode)
    if fitting is None:
        return await _instructor_path(client, call, headers, started, response)
    usage = data.get("usage")
    prompt, output = (int(usage.get("prompt_tokens") or 0),
                      int(usage.get("completion_tokens") or 0)) if isinstance(
        usage, dict) else (0, 0)
    content = _answer_text(data)
    read, parsed = fitting
    # The plan parses the content itself unless it is the very text parsed here.
    return CallAnswer(call.key, content, prompt, output, model_s=time.perf_counter() - started,
                      parsed=parsed if read == content else None)


async def _post(client: ModelClient, body: dict[str, Any],
                headers: dict[str, str]) -> httpx2.Response | Exception:
    """The endpoint's response to ``body``, or why there is none: an error status comes back
    as its response, a failed request (no connection, a timeout) as the transport's
    exception, as the SDK's ``post`` would raise them. Through the SDK's request template
    where the client has one (``posting``), else through the SDK itself."""
    template = client.chat_template()
    if template is not None:
        try:
            return await client.http.send(template.request(client.http, body, headers))
        except Exception as error:  # the SDK makes any of these a connection error
            return error
    try:
        response: httpx2.Response = await client.openai.post(
            "/chat/completions", cast_to=httpx2.Response, body=body,
            options={"headers": headers, "security": {"bearer_auth": True}})
    except openai.APIStatusError as error:
        return error.response
    except openai.APIConnectionError as error:
        if not isinstance(error.__cause__, Exception):
            raise
        return error.__cause__
    return response


def _fitting_answer(data: Any, shape: AnswerSchema, mode: str) -> tuple[str, Any] | None:
    """The answer's text and its parse where instructor's parse of this completion would
    succeed at the first attempt: a whole answer (not cut off at max_tokens) whose text,
    read where instructor reads it for ``mode``, fits the schema; None otherwise. Only
    shapes that certainly fit count."""
    try:
        choice = data["choices"][0]
        message = choice["message"]
        if choice.get("finish_reason") == "length" or not isinstance(message, dict):
            return None
        if mode == "tools":
            calls = message.get("tool_calls")
            if message.get("refusal") is not None or not calls:
                return None
            text = calls[0]["function"]["arguments"]
        else:
            text = message.get("content")
            if isinstance(text, str) and mode == "md_json":
                text = extract_json_from_codeblock(text)
        if not isinstance(text, str):
            return None
        return text, shape.parse(text)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        return None  # ValidationError is a ValueError


async def _instructor_path(client: ModelClient, call: ModelCall, headers: dict[str, str],
                           started: float, first: httpx2.Response | Exception) -> CallAnswer:
    """The call as it went through instructor before ``send`` was made lean, with the first
    request's outcome (a response, or the transport's exception) replayed.

    Instructor (1.x, v2 core) makes up to two attempts at max_retries=1: an answer that does
    not parse is asked again once, with instructor's own correction message, before the
    plan sees the last one; an error status or a lost connection fails the article."""
    replay = _Replay(first, client.transport)
    sdk = client.openai.copy(http_client=httpx2.AsyncClient(transport=replay,
                                                            timeout=client.http.timeout))
    wrapped: Any = instructor.from_openai(sdk, mode=INSTRUCTOR_MODES[client.mode])
    create = wrapped.chat.completions.create_with_completion
    try:
        _, completion = await create(
            model=client.model, response_model=answer_schema(call.response_model).model(),
            messages=call.messages, max_retries=1, temperature=call.temperature,
            max_tokens=call.max_tokens, extra_headers=headers)
    except InstructorError as error:
        if _endpoint_failed(error):
            raise  # the endpoint failed (HTTP error, no connection): the article fails
        # The plan judges the answer: a cut-off or invalid one may still hold usable items.
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


def _endpoint_failed(error: BaseException) -> bool:
    return any(isinstance(cause, openai.APIError | httpx2.HTTPError) for cause in causes(error))


class _Replay(httpx2.AsyncBaseTransport):
    """Answers the first request with an outcome already had; later ones (instructor's
    re-ask) go on to the client's own transport, call log and retries included. Closing it
    leaves that transport open."""

    def __init__(self, first: httpx2.Response | Exception,
                 inner: httpx2.AsyncBaseTransport) -> None:
        self._first: httpx2.Response | Exception | None = first
        self._inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        first, self._first = self._first, None
        if first is None:
            return await self._inner.handle_async_request(request)
        if isinstance(first, Exception):
            raise first
        return httpx2.Response(first.status_code, headers=first.headers,
                               content=first.content, request=request)


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
    """Drive ``plan`` to its brief. ``compact`` (the embedded llama.cpp engine only) sends a
    compact grammar instead of a JSON schema, and sends a round's calls one after another:
    on a one-slot engine the next pass then finds the shared prefix of the last one still
    cached. Elsewhere a round's calls go out together, so an article takes as many round
    trips as its plan has rounds, not as it has calls."""
    while calls := plan.next_calls():
        if compact:
            for call in calls:
                plan.answer(await send_compact(client, call, headers))
            continue
        for answer in await all_at_once([send(client, call, headers) for call in calls]):
            plan.answer(answer)  # in the plan's own order, whichever came back first
    return plan.brief()


async def all_at_once(sends: list[Coroutine[Any, Any, CallAnswer]]) -> list[CallAnswer]:
    """Every send's answer, in order. The first that raises (the endpoint failed) stops the
    others and is raised itself, as it would be had the calls gone one after another."""
    if len(sends) == 1:
        return [await sends[0]]
    tasks = [asyncio.ensure_future(one) for one in sends]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        stopped = [task for task in tasks if not task.done()]
        for task in stopped:
            task.cancel()
        if stopped:
            await asyncio.wait(stopped)
        # Every failure is read, not only the first, and also when the article itself is
        # cancelled: asyncio would print the others (their tracebacks, and whatever an
        # endpoint wrote into them) as never retrieved.
        errors = [task.exception() for task in tasks if task.done() and not task.cancelled()]
    for error in errors:
        if error is not None:
            raise error
    return [task.result() for task in tasks]
