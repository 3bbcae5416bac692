"""The on-demand driver sends, byte for byte, the request instructor and the SDK's typed
``create`` sent for the same call, in every mode: same prompt, same schema, same request
hash in the call log. And every outcome is the one the instructor path had: the same answer
text for the plan, the same re-ask, the same error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx2
import instructor
import openai
import pytest
from instructor.core.exceptions import InstructorError, InstructorRetryException
from openai import AsyncOpenAI

from summarizer.briefing.answers import answer_schema
from summarizer.briefing.article_plan import ArticleBriefing
from summarizer.briefing.driver import _usage, answer_text, send
from summarizer.briefing.plan import CallAnswer, ModelCall
from summarizer.briefing.prompting import load_briefing_prompts
from summarizer.calls.client import INSTRUCTOR_MODES, ModelClient, build_client
from summarizer.errors import causes
from summarizer.reading import Article
from summarizer.settings import Settings
from tests.support.fake_endpoint import chat_completion, grounded_answer, tool_completion

ROOT = Path(__file__).resolve().parent.parent
URL = "http://127.0.0.1:9/v1"


def _calls() -> list[ModelCall]:
    """Every pass of two seed articles: entities and summary, then roles."""
    calls: list[ModelCall] = []
    for path in sorted((ROOT / "eval" / "articles").glob("*.txt"))[:2]:
        plan = ArticleBriefing(Article(path.stem, path.read_text("utf-8")),
                               load_briefing_prompts(), backend="openai", model="m",
                               part_chars=12_000)
        while batch := plan.next_calls():
            for call in batch:
                calls.append(call)
                schema = answer_schema(call.response_model).json_schema()
                body = {"response_format": {"json_schema": {"schema": schema}},
                        "messages": call.messages}
                plan.answer(CallAnswer(call.key, json.dumps(grounded_answer(body))))
    assert {c.key.split(".")[1] for c in calls} == {"entities", "summary", "roles"}
    return calls


def _reply(request: httpx2.Request, mode: str) -> httpx2.Response:
    body = json.loads(request.content)
    content = json.dumps(grounded_answer(body))
    if mode == "tools":
        return httpx2.Response(200, content=tool_completion(
            body["tools"][0]["function"]["name"], content))
    if mode == "md_json":
        content = f"```json\n{content}\n```"
    return httpx2.Response(200, content=chat_completion(content))


@pytest.mark.parametrize("mode", ["json_schema", "tools", "json", "md_json"])
def test_requests_are_what_instructor_sent(mode: str) -> None:
    calls = _calls()
    sent: dict[str, list[bytes]] = {"instructor": [], "driver": []}
    answers: dict[str, list[str | None]] = {"instructor": [], "driver": []}

    def recorder(path: str) -> httpx2.MockTransport:
        def handler(request: httpx2.Request) -> httpx2.Response:
            sent[path].append(request.content)
            return _reply(request, mode)
        return httpx2.MockTransport(handler)

    async def through_instructor() -> None:
        client = AsyncOpenAI(base_url=URL, api_key="k", max_retries=0,
                             http_client=httpx2.AsyncClient(transport=recorder("instructor")))
        wrapped = instructor.from_openai(client, mode=INSTRUCTOR_MODES[mode])
        for call in calls:
            _, completion = await wrapped.chat.completions.create_with_completion(
                model="m", response_model=answer_schema(call.response_model).model(),
                messages=call.messages, max_retries=1, temperature=call.temperature,
                max_tokens=call.max_tokens, extra_headers={})
            message = completion.choices[0].message
            answers["instructor"].append(message.tool_calls[0].function.arguments
                                         if message.tool_calls else message.content)

    handed: list[Any] = []

    async def through_driver() -> None:
        settings = Settings(backend="openai", base_url=URL, api_key="k", model="m",
                            mode=mode, use_cache=False)
        client = build_client(settings, URL, "k", None, inner=recorder("driver"))
        for call in calls:
            answer = await send(client, call, {})
            answers["driver"].append(answer.content)
            handed.append(answer.parsed)
        await client.aclose()

    asyncio.run(through_instructor())
    asyncio.run(through_driver())
    assert len(sent["driver"]) == len(calls)
    assert sent["driver"] == sent["instructor"]
    assert answers["driver"] == answers["instructor"]
    # The driver hands the plan its parse of the very text it returns (none in md_json
    # mode, where it parsed the text inside the fences): the plan's own parse, done once.
    for call, content, parsed in zip(calls, answers["driver"], handed, strict=True):
        assert content is not None
        if mode == "md_json":
            assert parsed is None
        else:
            assert parsed is not None
            assert parsed == answer_schema(call.response_model).parse(content)


async def _as_instructor_did(client: ModelClient, call: ModelCall,
                            headers: dict[str, str]) -> CallAnswer:
    """The driver's send before it was made lean: every call through instructor."""
    try:
        _, completion = await client.instructor.chat.completions.create_with_completion(
            model=client.model, response_model=answer_schema(call.response_model).model(),
            messages=call.messages, max_retries=1, temperature=call.temperature,
            max_tokens=call.max_tokens, extra_headers=headers)
    except InstructorError as error:
        if any(isinstance(c, openai.APIError | httpx2.HTTPError) for c in causes(error)):
            raise
        last = getattr(error, "last_completion", None)
        usage = error.total_usage if isinstance(error, InstructorRetryException) else \
            getattr(last, "usage", None)
        return CallAnswer(call.key, answer_text(last), *_usage(usage),
                          error=f"{type(error).__name__}: {' '.join(str(error).split())[:300]}")
    return CallAnswer(call.key, answer_text(completion), *_usage(completion.usage))


def _completion(content: str | None, finish: str = "stop", tool: bool = False) -> bytes:
    message: dict[str, Any] = {"role": "assistant", "content": None if tool else content}
    if tool:
        message["tool_calls"] = [{"id": "c", "type": "function", "function": {
            "name": "Entities", "arguments": content}}]
    return json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                       "choices": [{"index": 0, "finish_reason": finish, "message": message}],
                       "usage": {"prompt_tokens": 7, "completion_tokens": 3}}).encode()


def _scenarios(good: str, tool: bool) -> dict[str, list[Any]]:
    """Replies to successive requests: a status and body, or an exception to raise."""
    ok = (200, _completion(good, tool=tool))
    return {
        "fits": [ok],
        "bad JSON, then fits": [(200, _completion('{"a": ', tool=tool)), ok],
        "bad JSON twice": [(200, _completion('{"a": ', tool=tool))] * 2,
        "wrong shape, then fits": [(200, _completion('{"other": "x"}', tool=tool)), ok],
        "cut off": [(200, _completion(good[:-2], "length", tool=tool))],
        "fenced": [(200, _completion(f"```json\n{good}\n```", tool=tool)), ok],
        "content instead of a tool call": [(200, _completion(good)), ok],
        "no choices": [(200, b'{"id": "x", "choices": []}'), ok],
        "null content": [(200, _completion(None)), ok],
        "not JSON": [(200, b"<html>"), (200, b"<html>")],
        "unauthorised": [(401, b'{"error": {"message": "no"}}')],
        "server error": [(500, b'{"error": {"message": "down"}}')],
        "no connection": [httpx2.ConnectError("refused")],
    }


@pytest.mark.parametrize("mode", ["json_schema", "tools", "md_json"])
def test_every_outcome_is_the_instructor_paths(mode: str) -> None:
    """Odd answers, errors and lost connections: the same requests go out (instructor's
    re-ask included) and the plan gets the same answer, or the same error is raised."""
    call = _calls()[0]
    names = answer_schema(call.response_model).json_schema()["properties"]
    good = json.dumps(dict.fromkeys(names, "person"))
    for name, replies in _scenarios(good, mode == "tools").items():
        outcomes, requests = [], []
        for path in (_as_instructor_did, send):
            queue, sent = list(replies), []

            def handler(request: httpx2.Request, queue: list[Any] = queue,
                        sent: list[bytes] = sent) -> httpx2.Response:
                sent.append(request.content)
                reply = queue.pop(0) if queue else (500, b"{}")
                if isinstance(reply, Exception):
                    raise reply
                return httpx2.Response(reply[0], content=reply[1])

            settings = Settings(backend="openai", base_url=URL, api_key="k", model="m",
                                mode=mode, use_cache=False, transport_retries=0)

            async def go(path: Any = path, handler: Any = handler,
                         settings: Settings = settings) -> Any:
                client = build_client(settings, URL, "k", None,
                                      inner=httpx2.MockTransport(handler))
                try:
                    answer = await path(client, call, {})
                    return (answer.content, answer.prompt_tokens, answer.completion_tokens,
                            answer.error)
                except Exception as error:
                    return (type(error).__name__, str(error))
                finally:
                    await client.aclose()

            outcomes.append(asyncio.run(go()))
            requests.append(sent)
        assert outcomes[1] == outcomes[0], name
        assert requests[1] == requests[0], name
