"""RetryingTransport: a first answer that needs no retry skips tenacity; any other goes
through tenacity as its first attempt (not sent again), with the time limit counted from
the first attempt."""

from __future__ import annotations

import asyncio
import json
import time

import httpx2
import pytest

from summarizer.calls.retry import RETRIES_EXTENSION, RetryingTransport, RetryPolicy

OK = json.dumps({"choices": [{"message": {"content": "{}"}}]}).encode()


class Scripted(httpx2.AsyncBaseTransport):
    """Answers each request with the next outcome of its script (the last one repeats)."""

    def __init__(self, *script: str, delay: float = 0.0) -> None:
        self.script = script
        self.delay = delay
        self.calls = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        kind = self.script[min(self.calls, len(self.script) - 1)]
        self.calls += 1
        time.sleep(self.delay)
        if kind == "connect":
            raise httpx2.ConnectError("refused")
        if kind == "value":
            raise ValueError("not a transport error")
        if kind == "cut":
            return httpx2.Response(200, content=OK[:10])
        return httpx2.Response(int(kind), content=OK)


def send(inner: Scripted, retries: int = 2, max_seconds: float = 60.0) -> httpx2.Response:
    transport = RetryingTransport(inner, RetryPolicy(transport_retries=retries,
                                                     max_seconds=max_seconds,
                                                     backoff_base=0.0, backoff_cap=0.0))
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions", content=b"{}")
    return asyncio.run(transport.handle_async_request(request))


@pytest.mark.parametrize(("script", "calls", "status", "retries"), [
    (("200",), 1, 200, 0),
    (("400",), 1, 400, 0),  # not retryable: returned as it came
    (("503", "200"), 2, 200, 1),
    (("cut", "503", "200"), 3, 200, 2),
    (("503",), 3, 503, 2),  # out of tries: the last answer
    (("connect", "200"), 2, 200, 1),
])
def test_answers_after_retries(script: tuple[str, ...], calls: int, status: int,
                               retries: int) -> None:
    inner = Scripted(*script)
    response = send(inner)
    assert (inner.calls, response.status_code, response.extensions[RETRIES_EXTENSION]) == (
        calls, status, retries)


def test_a_lost_connection_each_time_raises_with_the_tries() -> None:
    inner = Scripted("connect")
    with pytest.raises(httpx2.ConnectError) as raised:
        send(inner)
    assert inner.calls == 3
    assert raised.value.__notes__ == ["after 3 tries"]


def test_other_errors_are_not_retried() -> None:
    inner = Scripted("value", "200")
    with pytest.raises(ValueError, match="not a transport error"):
        send(inner)
    assert inner.calls == 1


def test_time_limit_counts_the_first_attempt() -> None:
    inner = Scripted("503", "200", delay=0.15)
    assert send(inner, max_seconds=0.1).status_code == 503
    assert inner.calls == 1
