"""Compact JSON decoding for llama.cpp: a GBNF grammar from a pass's JSON schema.

llama.cpp's own schema-to-grammar conversion lets the model put newlines and indentation
between tokens, and small models do: on a two-core machine every such token costs as much
as a word of the answer. This grammar admits the same JSON with no whitespace outside
strings, so the output is as short as the answer allows. It covers the shapes the passes
use (objects with required keys in order, arrays, enums and consts, bounded strings).
"""

from __future__ import annotations

import json
from typing import Any

_STRING_CHAR = r'[^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})'


class _Builder:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.rules: dict[str, str] = {"char": _STRING_CHAR}
        self.count = 0

    def rule(self, body: str) -> str:
        for name, existing in self.rules.items():
            if existing == body:
                return name
        self.count += 1
        name = f"r{self.count}"
        self.rules[name] = body
        return name

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = self.root
            for key in ref[2:].split("/"):
                target = target[key]
            return dict(target)
        return node

    def visit(self, node: dict[str, Any]) -> str:
        node = self.resolve(node)
        if "const" in node:
            return _literal(json.dumps(node["const"]))
        if "enum" in node:
            return self.rule(" | ".join(_literal(json.dumps(v)) for v in node["enum"]))
        if "anyOf" in node:
            return "(" + " | ".join(self.visit(v) for v in node["anyOf"]) + ")"
        kind = node.get("type")
        if kind == "object":
            parts = []
            for index, (key, child) in enumerate(node.get("properties", {}).items()):
                lead = '","' if index else '"{"'
                parts.append(f"{lead} {_literal(json.dumps(key) + ':')} {self.visit(child)}")
            if not parts:
                return '"{}"'
            return self.rule(" ".join(parts) + ' "}"')
        if kind == "array":
            item = self.rule(self.visit(node.get("items", {})))
            most = node.get("maxItems")
            least = node.get("minItems", 0)
            if most == 0:
                return '"[]"'
            rest = f'("," {item})' + (f"{{0,{most - 1}}}" if most else "*")
            body = f'"[" {item} {rest} "]"'
            return self.rule(body if least else f'"[]" | {body}')
        if kind == "string":
            most = node.get("maxLength")
            repeat = f"{{0,{most}}}" if most else "*"
            return self.rule(f'"\\"" char{repeat} "\\""')
        if kind == "integer":
            return self.rule('"-"? [0-9]{1,15}')
        if kind == "number":
            return self.rule('"-"? [0-9]{1,15} ("." [0-9]{1,15})?')
        if kind == "boolean":
            return '("true" | "false")'
        return self.rule('"null"')


def _literal(text: str) -> str:
    """A GBNF literal for ``text``."""
    return json.dumps(text)


def compact_grammar(schema: dict[str, Any]) -> str:
    """A GBNF grammar for JSON that fits ``schema``, written without whitespace."""
    builder = _Builder(schema)
    root = builder.visit(schema)
    lines = [f"root ::= {root}"]
    lines += [f"{name} ::= {body}" for name, body in builder.rules.items()]
    return "\n".join(lines) + "\n"
