"""A response body's JSON, parsed once for the layers that read it.

The retry layer parses a 200 answer to see whether it came whole, the call log reads its
usage and timings, and the driver its message: three parses of every answer. The first
layer to ask parses it and leaves the result on the response (``response.extensions``),
where the others find it.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2

ANSWER_EXTENSION = "summarizer_answer_json"
_NOT_JSON: Any = object()


def _parse(response: httpx2.Response) -> Any:
    if ANSWER_EXTENSION not in response.extensions:
        try:
            data = json.loads(response.content)
        except ValueError:
            data = _NOT_JSON
        response.extensions[ANSWER_EXTENSION] = data
    return response.extensions[ANSWER_EXTENSION]


def answer_json(response: httpx2.Response) -> Any:
    """The body's JSON; None where it is not JSON."""
    data = _parse(response)
    return None if data is _NOT_JSON else data


def is_json(response: httpx2.Response) -> bool:
    return _parse(response) is not _NOT_JSON
