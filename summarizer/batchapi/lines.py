"""Batch request lines: a plan's ``ModelCall`` as the chat-completions body the on-demand
path sends, tied to its article and request by ``custom_id``.

The body comes from instructor's own request preparation for the configured mode, so the
tools, response format and schema text are those of an on-demand call.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import instructor
from instructor.processing.response import handle_response_model

from summarizer.briefing.answers import answer_schema
from summarizer.briefing.plan import ModelCall

ENDPOINT = "/v1/chat/completions"

MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


@dataclass(frozen=True)
class RequestLine:
    """One line of a batch input file, and what it answers."""

    custom_id: str
    article_id: str
    key: str
    text: bytes  # the JSONL line, newline included; the body is kept only in here

    @property
    def size(self) -> int:
        return len(self.text)

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(self.text)["body"]  # type: ignore[no-any-return]


def request_body(call: ModelCall, model: str, mode: str) -> dict[str, Any]:
    """The chat-completions body instructor would send for ``call`` in ``mode``."""
    _, kwargs = handle_response_model(
        answer_schema(call.response_model).model(), mode=MODES[mode],
        messages=[dict(m) for m in call.messages], max_tokens=call.max_tokens,
        temperature=call.temperature, model=model)
    return kwargs


def canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def custom_id_for(article_id: str, key: str, body: dict[str, Any]) -> str:
    """Stable id of one request of one article: the same call gets the same id in every
    run (a resumed run finds its answers by it), a changed prompt or schema a new one.
    Short, because providers cap its length (64 characters at OpenAI)."""
    article = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]
    request = hashlib.sha256(f"{key}\n{canonical(body)}".encode()).hexdigest()[:24]
    return f"a{article}-r{request}"


def request_line(article_id: str, call: ModelCall, model: str, mode: str) -> RequestLine:
    body = request_body(call, model, mode)
    custom_id = custom_id_for(article_id, call.key, body)
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    text = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return RequestLine(custom_id, article_id, call.key, text)
