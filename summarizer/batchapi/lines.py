"""Batch request lines: a plan's ``ModelCall`` as the chat-completions body the on-demand
path sends, tied to its article and request by ``custom_id``.

The body is the on-demand driver's own (``briefing.bodies.chat_body``): the tools, response
format and schema text instructor writes for the configured mode, without a pydantic model
built and a JSON schema generated for every line (instructor's own preparation cost about
5 ms an article, most of writing the lines; the bodies are the same, key for key, on every
call of the dev set and seeds in all four modes).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from summarizer.briefing.bodies import chat_body
from summarizer.briefing.plan import ModelCall
from summarizer.calls import json_bytes
from summarizer.calls.client import INSTRUCTOR_MODES

ENDPOINT = "/v1/chat/completions"


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
    if mode not in INSTRUCTOR_MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(INSTRUCTOR_MODES)}")
    return chat_body(call, model, mode)


def custom_id_for(article_id: str, key: str, body: dict[str, Any]) -> str:
    """Stable id of one request of one article: the same call gets the same id in every
    run (a resumed run finds its answers by it), a changed prompt or schema a new one.
    Short, because providers cap its length (64 characters at OpenAI)."""
    article = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]
    request = hashlib.sha256(f"{key}\n".encode() + json_bytes.sorted_compact(body)
                             ).hexdigest()[:24]
    return f"a{article}-r{request}"


def request_line(article_id: str, call: ModelCall, model: str, mode: str) -> RequestLine:
    body = request_body(call, model, mode)
    custom_id = custom_id_for(article_id, call.key, body)
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    text = json_bytes.compact(line) + b"\n"
    return RequestLine(custom_id, article_id, call.key, text)
