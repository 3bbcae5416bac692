"""The chat-completions body of a plan's call, as instructor shapes it for the endpoint's
mode and the openai SDK's ``chat.completions.create`` serialises it.

The on-demand driver used to send every call through instructor and the SDK's typed
``create``: for a pass whose schema is built per article that meant a pydantic model, its
JSON schema again inside instructor, instructor's retry and parse machinery (the plan
parses the answer itself) and the SDK's typed request and response objects, several
milliseconds of client CPU a call. In ``json_schema`` and ``tools`` modes this module
writes the body instructor would (the response format, or the tool and tool choice) from
the call's ``AnswerSchema``; in the ``json`` and ``md_json`` modes, whose schema goes into
the prompt as instructor's own text, instructor still prepares it. Keys are in the order the
SDK's ``create`` writes them, so the endpoint receives the same bytes and the call log the
same request hash. ``tests/test_bodies.py`` compares with what instructor and the SDK send.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from instructor.processing.response import handle_response_model
from instructor.v2.providers.openai.schema import generate_openai_schema
from pydantic import create_model

from summarizer.briefing.answers import AnswerSchema, KeyedAnswer, answer_schema
from summarizer.briefing.plan import ModelCall
from summarizer.calls.client import INSTRUCTOR_MODES

# The order of ``chat.completions.create``'s body, for the keys a brief's calls use.
_SDK_ORDER = ("messages", "model", "max_tokens", "response_format", "temperature",
              "tool_choice", "tools")


def chat_body(call: ModelCall, model: str, mode: str) -> dict[str, Any]:
    """What ``create_with_completion(model=model, response_model=..., messages=...,
    temperature=..., max_tokens=...)`` through instructor in ``mode`` puts in the body."""
    shape = answer_schema(call.response_model)
    body: dict[str, Any] = {"messages": call.messages, "model": model,
                            "max_tokens": call.max_tokens}
    if mode == "json_schema":
        body["response_format"] = {"type": "json_schema", "json_schema": {
            "name": shape.name, "schema": shape.json_schema()}}
        body["temperature"] = call.temperature
        return body
    if mode == "tools":
        function = _tool(shape)
        body["temperature"] = call.temperature
        body["tool_choice"] = {"type": "function", "function": {"name": function["name"]}}
        body["tools"] = [{"type": "function", "function": function}]
        return body
    _, kwargs = handle_response_model(
        shape.model(), mode=INSTRUCTOR_MODES[mode], messages=[dict(m) for m in call.messages],
        max_tokens=call.max_tokens, temperature=call.temperature, model=model)
    unknown = set(kwargs) - set(_SDK_ORDER)
    if unknown:
        raise ValueError(f"instructor added request fields this module does not order: "
                         f"{sorted(unknown)}")
    return {key: kwargs[key] for key in _SDK_ORDER if key in kwargs}


def _tool(shape: AnswerSchema) -> dict[str, Any]:
    """The function definition of tools mode (instructor's ``generate_openai_schema``)."""
    if not isinstance(shape, KeyedAnswer):
        # A fixed model: instructor's own definition (it caches it per model).
        return dict(generate_openai_schema(shape.model()))
    schema = shape.json_schema()
    parameters = {k: v for k, v in schema.items() if k not in ("title", "description")}
    parameters["required"] = sorted(schema.get("required", []))
    return {"name": shape.name, "description": _description(shape.name),
            "parameters": parameters}


@cache
def _description(name: str) -> str:
    """Instructor's description of a model without a docstring, taken from instructor
    itself for an empty model of that name (so its wording is never copied here)."""
    return str(generate_openai_schema(create_model(name))["description"])
