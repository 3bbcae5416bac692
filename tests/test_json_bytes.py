"""summarizer/calls/json_bytes.py writes what json.dumps writes, in the forms a call uses:
the body on the wire, the batch line's sorted form and the request hash's canonical one."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

import pytest

from summarizer.calls import json_bytes

# Every escape json knows, characters on both sides of each boundary it treats apart,
# and characters beyond the Basic Multilingual Plane.
_CHARACTERS = ([chr(c) for c in range(0x00, 0x100)]
               + ["\u2019", "\u201c", "\u2028", "\u2029", "\ufeff", "\uffff", "\u4e2d",
                  "\U0001f600", "\U0010ffff"])


def _value(rng: random.Random, depth: int = 0) -> Any:
    def text() -> str:
        return "".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(0, 8)))

    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return text()
    if kind == 1:
        return rng.choice([0, -1, 7, 2**63 - 1, -(2**63), 2**64 - 1])
    if kind == 2:
        return rng.choice([0.0, -0.0, 0.5, 0.1, 100.0, 1e15, 123456.789, 1e300])
    if kind == 3:
        return rng.choice([True, False])
    if kind == 4:
        return None
    if kind == 5:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {text(): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _dumps(value: Any, **options: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), **options).encode()


def test_the_same_bytes_as_json_dumps_for_random_values() -> None:
    rng = random.Random(20261125)
    for _ in range(3000):
        value = _value(rng)
        assert json_bytes.compact(value) == _dumps(value, ensure_ascii=False,
                                                    allow_nan=False)
        assert json_bytes.sorted_compact(value) == _dumps(value, sort_keys=True,
                                                          ensure_ascii=False)
        assert json_bytes.canonical(value) == _dumps(value, sort_keys=True)


def test_ascii_bodies_take_orjson_and_match_json_dumps_there_too() -> None:
    body = {"messages": [{"role": "user", "content": "Baghuz \x7f \"quoted\" \\ \n\t"}],
            "model": "m", "max_tokens": 300, "temperature": 0.2,
            "response_format": {"b": 1, "a": [True, False]}}
    assert json_bytes.canonical(body) == _dumps(body, sort_keys=True)
    assert b"\\u007f" in json_bytes.canonical(body)
    assert json_bytes.compact(body) == _dumps(body, ensure_ascii=False, allow_nan=False)


@dataclass
class _Point:
    x: int


@pytest.mark.parametrize("value", [float("nan"), {"t": float("inf")}, {1: "a"}, 2**70,
                                   _Point(1), {"note": None}])
def test_what_orjson_writes_otherwise_is_written_or_refused_as_json_dumps_does(
        value: Any) -> None:
    def outcome(write: Any, **options: Any) -> Any:
        try:
            return write(value, **options)
        except (TypeError, ValueError) as error:
            return type(error)

    assert outcome(json_bytes.compact) == outcome(_dumps, ensure_ascii=False,
                                                  allow_nan=False)
    assert outcome(json_bytes.sorted_compact) == outcome(_dumps, sort_keys=True,
                                                         ensure_ascii=False)
    assert outcome(json_bytes.canonical) == outcome(_dumps, sort_keys=True)


def test_a_float_json_writes_with_an_exponent_is_the_same_number_spelt_otherwise() -> None:
    value = {"temperature": 1.5e-05}
    assert json_bytes.compact(value) != _dumps(value, ensure_ascii=False)
    assert json.loads(json_bytes.compact(value)) == value
