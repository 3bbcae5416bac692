"""An answer's JSON is parsed once and shared by the layers that read it."""

from __future__ import annotations

import httpx2

from summarizer.calls.answer_json import answer_json, is_json
from summarizer.calls.retry import _needs_retry


def test_the_parsed_answer_is_kept_on_the_response_and_handed_out_again() -> None:
    response = httpx2.Response(200, content=b'{"choices": [{"message": {"content": "x"}}]}')
    first = answer_json(response)
    assert first == {"choices": [{"message": {"content": "x"}}]}
    assert answer_json(response) is first and is_json(response)


def test_a_body_that_is_no_json_reads_as_none_and_is_retried_only_as_a_200() -> None:
    for body in (b"", b'{"choices": [', b"\xff\xfe garbled"):
        response = httpx2.Response(200, content=body)
        assert answer_json(response) is None and not is_json(response)
        assert _needs_retry(response)
        assert not _needs_retry(httpx2.Response(400, content=body))
    null = httpx2.Response(200, content=b"null")  # JSON, though empty of meaning
    assert answer_json(null) is None and is_json(null) and not _needs_retry(null)
