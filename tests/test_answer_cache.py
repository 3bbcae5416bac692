"""The call log answers a repeated request. The embedded engine listens on a new port each
start, so it is known by a stable name: a rerun against a restarted engine is still
answered from the log, while two real endpoints on different ports stay apart."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx2

from summarizer.calllog import CallLog
from summarizer.calls.transport import CallLogTransport
from tests.support.fake_endpoint import chat_completion

BODY = {"model": "m", "messages": [{"role": "user", "content": "Brief this."}]}


def _calls_reaching_the_server(tmp_path: Path, endpoint: str | None) -> int:
    served: list[str] = []

    def server(request: httpx2.Request) -> httpx2.Response:
        served.append(str(request.url))
        return httpx2.Response(200, content=chat_completion('{"ok": true}'))

    async def ask(port: int) -> dict[str, object]:
        transport = CallLogTransport(httpx2.MockTransport(server), log,
                                     endpoint=endpoint)
        async with httpx2.AsyncClient(transport=transport) as client:
            reply = await client.post(f"http://127.0.0.1:{port}/v1/chat/completions",
                                      content=json.dumps(BODY))
            answer: dict[str, object] = reply.json()
            return answer

    log = CallLog(tmp_path / "calls.sqlite3")
    first = asyncio.run(ask(41001))
    second = asyncio.run(ask(41002))  # the same request after a restart on another port
    assert first["choices"] == second["choices"]
    return len(served)


def test_a_restarted_embedded_engine_is_answered_from_the_call_log(tmp_path: Path) -> None:
    assert _calls_reaching_the_server(tmp_path, "embedded:model.gguf") == 1


def test_endpoints_on_different_ports_are_different_endpoints(tmp_path: Path) -> None:
    assert _calls_reaching_the_server(tmp_path, None) == 2
