"""A request body's JSON, written by orjson in the forms ``json.dumps`` gives them.

Every call serialises its body twice: compact for the wire, as the openai SDK does, and
sorted with non-ASCII escaped for the call log's request hash. With ``json.dumps`` that was
about 47 and 32 microseconds for a 7 KB body of the seed articles; orjson writes the same
bytes in about 3. For every body whose numbers are integers or floats written without an
exponent (a brief's are: token limits and a temperature), the bytes are those of
``json.dumps``, so the request hash is the one earlier versions gave. orjson writes a float
such as 1e-05 as 0.00001: the same number, another spelling, and so another request hash.

What orjson does not write as ``json.dumps`` would (a value that is not plain JSON, an
integer wider than 64 bits, NaN, which orjson turns into null) falls back to ``json.dumps``,
with its errors.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any

import orjson

# Values orjson writes but json.dumps refuses: refused here too, so that json.dumps says why.
_PLAIN = (orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
          | orjson.OPT_PASSTHROUGH_SUBCLASS)


def compact(value: Any) -> bytes:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)``
    in UTF-8: how the openai SDK writes a request body."""
    return _by_orjson(value, 0) or json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def sorted_compact(value: Any) -> bytes:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in
    UTF-8."""
    return _by_orjson(value, orjson.OPT_SORT_KEYS) or json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical(value: Any) -> bytes:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"))``: keys sorted, every
    character outside printable ASCII escaped. orjson writes the parts that have no such
    character to escape (escaping in Python cost more than json's C encoder once a body
    had a dozen curly quotes): each value of an object at the top on its own, so that a
    body's schema is orjson's work even where its messages hold an article's curly
    quotes."""
    if type(value) is dict and all(type(key) is str for key in value):
        return b"{" + b",".join(
            encode_basestring_ascii(key).encode() + b":" + _canonical_part(value[key])
            for key in sorted(value)) + b"}"
    return _canonical_part(value)


def _canonical_part(value: Any) -> bytes:
    written = _by_orjson(value, orjson.OPT_SORT_KEYS)
    if written is None or not written.isascii():
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    # json escapes DEL too (ASCII, but not printable); orjson leaves it as it is.
    return written.replace(b"\x7f", b"\\u007f")


def _by_orjson(value: Any, option: int) -> bytes | None:
    """orjson's bytes for ``value``; None where ``json.dumps`` must write it: a value orjson
    refuses, or a null in what it wrote (a None, or a NaN that orjson turns into null)."""
    try:
        written = orjson.dumps(value, option=_PLAIN | option)
    except orjson.JSONEncodeError:
        return None
    return None if b"null" in written else written
