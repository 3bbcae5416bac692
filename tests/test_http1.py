"""HTTP/1.1 answers as summarizer/calls/http1.py reads them: every framing, split across
reads at any byte, and the bytes that are not an answer. Real connections are in
tests/test_plain_http.py; here the bytes are fed to the stream directly, so that each case
is exact."""

from __future__ import annotations

import asyncio

import pytest

from summarizer.calls import http1

_BODY = b'{"choices": [{"message": {"content": "Baghuz"}}]}'
_LENGTH = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
           + str(len(_BODY)).encode() + b"\r\n\r\n" + _BODY)
_CHUNKED = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5;name=value\r\n" + _BODY[:5] + b"\r\n"
            + b"%x\r\n" % (len(_BODY) - 5) + _BODY[5:] + b"\r\n"
            b"0\r\nx-trailer: 1\r\n\r\n")


def _read(pieces: list[bytes], eof: bool = True, head_only: bool = False,
          times: int = 1) -> tuple[list[http1.Response], bool]:
    """The answers read from ``pieces`` fed one read at a time, and whether bytes were left
    over."""
    async def go() -> tuple[list[http1.Response], bool]:
        stream = asyncio.StreamReader()
        reader = http1.ResponseReader(stream)

        async def feed() -> None:
            for piece in pieces:
                stream.feed_data(piece)
                await asyncio.sleep(0)
            if eof:
                stream.feed_eof()

        feeding = asyncio.create_task(feed())
        answers = [await reader.response(1.0, head_only=head_only) for _ in range(times)]
        await feeding
        return answers, reader.pending

    return asyncio.run(go())


def _split_everywhere(data: bytes) -> list[list[bytes]]:
    return [[data[:cut], data[cut:]] for cut in range(1, len(data))]


def test_an_answer_framed_by_its_length_split_at_any_byte() -> None:
    for pieces in [[_LENGTH], *_split_everywhere(_LENGTH)]:
        [answer], left = _read(pieces, eof=False)
        assert (answer.status, answer.reason, answer.version) == (200, b"OK", b"1.1")
        assert answer.body == _BODY and answer.reusable and not left
        assert (b"content-type", b"application/json") in answer.headers


def test_a_chunked_answer_with_extensions_and_trailers_split_at_any_byte() -> None:
    for pieces in [[_CHUNKED], *_split_everywhere(_CHUNKED)]:
        [answer], left = _read(pieces, eof=False)
        assert answer.body == _BODY and answer.reusable and not left


def test_an_answer_without_a_length_ends_with_the_connection() -> None:
    [answer], _ = _read([b"HTTP/1.1 200 OK\r\n\r\n", _BODY[:10], _BODY[10:]])
    assert answer.body == _BODY and not answer.reusable


def test_informational_answers_are_skipped_and_two_answers_in_turn_read_apart() -> None:
    data = b"HTTP/1.1 100 Continue\r\n\r\n" + _LENGTH + _CHUNKED
    answers, left = _read([data], eof=False, times=2)
    assert [a.body for a in answers] == [_BODY, _BODY] and not left


def test_no_body_after_204_304_and_a_head_request() -> None:
    for head in (b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n",
                 b"HTTP/1.1 304 Not Modified\r\ncontent-length: 99\r\n\r\n"):
        [answer], left = _read([head], eof=False)
        assert answer.body == b"" and answer.reusable and not left
    [answer], left = _read([_LENGTH.split(b"\r\n\r\n")[0] + b"\r\n\r\n"], eof=False,
                           head_only=True)
    assert answer.body == b"" and answer.reusable and not left


def test_when_the_connection_may_carry_another_request() -> None:
    def reusable(head: bytes) -> bool:
        [answer], _ = _read([head + b"content-length: 2\r\n\r\n{}"])
        return answer.reusable

    assert reusable(b"HTTP/1.1 200 OK\r\n")
    assert not reusable(b"HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n")
    assert not reusable(b"HTTP/1.0 200 OK\r\n")
    both = _CHUNKED.replace(b"\r\n\r\n", b"\r\ncontent-length: 3\r\n\r\n", 1)
    [answer], _ = _read([both], eof=False)
    assert answer.body == _BODY and not answer.reusable  # chunked wins; nothing after it
    _, left = _read([_LENGTH + b"HTTP/1.1 200 OK\r\n"], eof=False)
    assert left  # the server sent more than it was asked: the caller closes the connection


def test_bare_line_feeds_folded_headers_and_a_status_without_a_reason() -> None:
    data = (b"HTTP/1.1 503\nRetry-After: 2\nx-note: one\n  two\ncontent-length: 2\n\n{}")
    [answer], _ = _read([data], eof=False)
    assert answer.status == 503 and answer.reason == b"" and answer.body == b"{}"
    assert (b"x-note", b"one two") in answer.headers and (b"Retry-After", b"2") in answer.headers


@pytest.mark.parametrize("data, message", [
    (b"", "without sending a response"),
    (b"HTTP/1.1 200 OK\r\ncontent-le", "inside the head"),
    (b"SSH-2.0-OpenSSH_9.6\r\n\r\n", "not an HTTP/1.1 status line"),
    (b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "not a header line"),
    (b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nabcdef",
     "bad Content-Length"),
    (b"HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n", "bad Content-Length"),
    (b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{\"cut", "inside the body"),
    (b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n", "not a chunk size"),
    (b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n",
     "does not end where its size says"),
    (b"HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"),
    (b"HTTP/1.1 200 OK\r\n" + b"x-long: " + b"a" * (http1.MAX_HEAD + 10), "too long"),
])
def test_bytes_that_are_not_a_whole_answer(data: bytes, message: str) -> None:
    with pytest.raises(http1.ProtocolError, match=message):
        _read([data])


def test_nothing_at_all_is_told_apart_from_a_broken_answer() -> None:
    with pytest.raises(http1.Disconnected):
        _read([b""])


def test_a_read_that_waits_too_long_times_out() -> None:
    async def go() -> None:
        stream = asyncio.StreamReader()
        stream.feed_data(b"HTTP/1.1 200 OK\r\n")
        await http1.ResponseReader(stream).response(0.05)

    with pytest.raises(TimeoutError):
        asyncio.run(go())


def test_the_request_on_the_wire() -> None:
    wire = http1.request_bytes(b"POST", b"/v1/chat/completions?x=1",
                               [(b"Host", b"127.0.0.1:8080"), (b"Content-Length", b"999"),
                                (b"Transfer-Encoding", b"chunked"), (b"x-a", b"b")], b"{}")
    assert wire == (b"POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                    b"x-a: b\r\nContent-Length: 2\r\n\r\n{}")
    assert http1.request_bytes(b"GET", b"/", [], b"") == b"GET / HTTP/1.1\r\n\r\n"
    with pytest.raises(http1.LocalProtocolError):
        http1.request_bytes(b"POST", b"/", [(b"x-a", b"b\r\nInjected: 1")], b"")
    with pytest.raises(http1.LocalProtocolError):
        http1.request_bytes(b"POST", b"/", [(b"bad name", b"b")], b"")
