"""The chat request posted from the SDK's template (summarizer/calls/posting.py) is the request the
SDK's own ``post`` sends: the same method, URL, headers and body bytes."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest
from openai import AsyncOpenAI

from summarizer.briefing.driver import _post
from summarizer.calllog import CallLog
from summarizer.calls.client import build_client
from summarizer.calls.posting import chat_post
from summarizer.calls.transport import meta_headers, request_hash
from summarizer.settings import Settings

BODY: dict[str, Any] = {
    "messages": [{"role": "user", "content": "Briefe: “Zürich” – 3 ½ tonnes"}],
    "model": "m", "max_tokens": 300,
    "response_format": {"type": "json_schema", "json_schema": {"name": "A", "schema": {
        "type": "object", "properties": {"z": {"type": "string"}, "a": {"type": "number"}}}}},
    "temperature": 0.0,
}


def _sent(status: int = 200, log: CallLog | None = None) -> tuple[list[httpx2.Request], Any]:
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(status, json={"choices": []})

    settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1/", api_key="sk-t",
                        model="m", use_cache=False, transport_retries=0)
    client = build_client(settings, settings.base_url, "sk-t", log,
                          inner=httpx2.MockTransport(answer))
    return seen, client


def _post_both_ways(client: Any, headers: dict[str, str]) -> None:
    """BODY through the SDK's own post, then through the template."""

    async def both() -> None:
        await client.openai.post("/chat/completions", cast_to=httpx2.Response, body=BODY,
                                 options={"headers": headers, "security": {"bearer_auth": True}})
        await _post(client, BODY, headers)

    asyncio.run(both())


def test_the_template_request_is_the_sdks_own() -> None:
    seen, client = _sent()
    _post_both_ways(client, meta_headers(run="r1", article="a1", prompt_version="p",
                                         schema_hash="h"))
    assert client.chat_post is not None  # the template was used
    by_sdk, by_template = seen
    assert by_template.method == by_sdk.method == "POST"
    assert str(by_template.url) == str(by_sdk.url) == "http://127.0.0.1:9/v1/chat/completions"
    assert sorted(by_template.headers.multi_items()) == sorted(by_sdk.headers.multi_items())
    assert by_template.headers["authorization"] == "Bearer sk-t"
    assert by_template.content == by_sdk.content
    assert by_template.extensions["timeout"] == by_sdk.extensions["timeout"]


def test_an_error_status_and_a_lost_connection_come_back_as_the_sdk_path_gives_them() -> None:
    _, client = _sent(status=503)
    response = asyncio.run(_post(client, BODY, {}))
    assert isinstance(response, httpx2.Response) and response.status_code == 503

    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("refused", request=request)

    settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", api_key="k",
                        model="m", use_cache=False, transport_retries=0)
    lost = build_client(settings, settings.base_url, "k", None,
                        inner=httpx2.MockTransport(refuse))
    for through_sdk in (False, True):  # the template path, then the SDK's post
        if through_sdk:
            lost.chat_post, lost.chat_post_checked = None, True
        failed = asyncio.run(_post(lost, BODY, {}))
        assert isinstance(failed, httpx2.ConnectError)
        assert (lost.chat_post is None) == through_sdk


@pytest.mark.parametrize("make", [
    lambda: AsyncOpenAI(base_url="http://127.0.0.1:9/v1", api_key=lambda: "sk-rotating"),
])
def test_a_client_whose_requests_change_per_call_posts_through_the_sdk(make: Any) -> None:
    assert chat_post(make()) is None


def test_the_call_log_keeps_the_same_identity_and_metadata_for_either_path(
        tmp_path: Any) -> None:
    """A template request hands the call log its body and metadata as extensions, not as
    bytes and headers: what the log stores, and the cache key, must not change with it."""
    seen, client = _sent(log=(log := CallLog(tmp_path / "calls.db")))
    _post_both_ways(client, meta_headers(run="run 1", article="a/1 “x”", prompt_version="p",
                                         schema_hash="h"))
    assert client.chat_post is not None
    assert all(not name.startswith("x-summarizer-") for r in seen for name in r.headers)
    rows = log._rows("SELECT run_id, article_id, prompt_version, schema_hash, request_hash,"
                     " model FROM calls ORDER BY id", ())
    assert len(rows) == 2 and rows[0] == rows[1]
    assert rows[0]["article_id"] == "a/1 “x”" and rows[0]["run_id"] == "run 1"
    assert rows[0]["request_hash"] == request_hash(seen[0], seen[0].content)
