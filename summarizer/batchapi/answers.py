"""Batch output and error files back into ``CallAnswer``s, keyed by ``custom_id``.

An output line carries a chat completion, or an HTTP error the provider got for it; an
error-file line carries why the line never ran. A line that cannot be read at all is
reported and skipped: its request then counts as failed and is asked again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from summarizer.briefing.plan import CallAnswer


@dataclass
class ParsedFile:
    answers: dict[str, CallAnswer] = field(default_factory=dict)  # by custom_id
    completed: set[str] = field(default_factory=set)  # ids whose line carried a completion
    malformed: list[str] = field(default_factory=list)  # why each unreadable line was


def _content(body: dict[str, Any], tools: bool) -> tuple[str | None, str | None]:
    """(answer text, error) of one chat completion."""
    choices = body.get("choices") or []
    if not choices:
        return None, "no choices in the answer"
    choice = choices[0]
    message = choice.get("message") or {}
    if choice.get("finish_reason") == "length":
        return None, "length cut-off (finish_reason=length)"
    if message.get("refusal"):
        return None, f"refused: {message['refusal']}"
    if tools:
        calls = message.get("tool_calls") or []
        if not calls:
            return None, "no tool call in the answer"
        return str(calls[0].get("function", {}).get("arguments") or ""), None
    content = message.get("content")
    if content is None:
        return None, "empty answer"
    return str(content), None


def _error_text(line: dict[str, Any]) -> str:
    error = line.get("error")
    response = line.get("response") or {}
    if not error:
        error = (response.get("body") or {}).get("error") if isinstance(
            response.get("body"), dict) else None
    status = response.get("status_code")
    if isinstance(error, dict):
        text = f"{error.get('code') or 'error'}: {error.get('message') or ''}".strip()
    else:
        text = str(error) if error else "no answer"
    return f"HTTP {status}: {text}" if status else text


def parse_lines(lines: Iterable[bytes], tools: bool, key_of: dict[str, str]) -> ParsedFile:
    """Read an output or error file's lines (an open file streams them); ``key_of`` maps
    custom ids to the plans' call keys."""
    parsed = ParsedFile()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            custom_id = str(line["custom_id"])
        except (ValueError, KeyError, TypeError) as error:
            parsed.malformed.append(f"line {number}: {type(error).__name__}: {error}"[:200])
            continue
        key = key_of.get(custom_id)
        if key is None:
            parsed.malformed.append(f"line {number}: unknown custom_id {custom_id[:80]}")
            continue
        response = line.get("response") or {}
        body = response.get("body")
        if response.get("status_code") == 200 and isinstance(body, dict) and not line.get(
                "error"):
            text, error_text = _content(body, tools)
            usage = body.get("usage") or {}
            parsed.answers[custom_id] = CallAnswer(
                key=key, content=text, error=error_text,
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                completion_tokens=int(usage.get("completion_tokens") or 0))
            parsed.completed.add(custom_id)
        else:
            parsed.answers[custom_id] = CallAnswer(key=key, content=None,
                                                   error=_error_text(line)[:400])
    return parsed
