"""Plain HTTP on asyncio streams (summarizer/calls/plain_http.py) against real servers on
127.0.0.1: keep-alive and its limits, bodies of every framing, and httpx's exceptions."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Awaitable, Callable

import httpx2
import pytest

from summarizer.calls import plain_http
from summarizer.calls.network import network_for
from summarizer.calls.plain_http import PlainHTTPTransport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def _answer(body: bytes, extra: bytes = b"") -> bytes:
    return (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(body)).encode() + b"\r\n" + extra + b"\r\n" + body)


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return head + await reader.readexactly(length)


async def _run(handler: Handler, requests: Callable[[httpx2.AsyncClient, str],
                                                    Awaitable[object]],
               transport: PlainHTTPTransport | None = None) -> tuple[object, int]:
    """Serve ``handler`` on 127.0.0.1, run ``requests`` through the transport; the result
    and how many connections the server accepted."""
    accepted = 0

    async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        try:
            await handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(counted, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1/chat"
    try:
        async with httpx2.AsyncClient(transport=transport or PlainHTTPTransport(8),
                                      timeout=2.0) as client:
            result = await requests(client, url)
    finally:
        server.close()
        await server.wait_closed()
    return result, accepted


async def _keep_alive(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while True:
        request = await _read_request(reader)
        writer.write(_answer(b'{"echo": %d}' % len(request)))
        await writer.drain()


async def _once_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers one request, then closes the connection."""
    await _read_request(reader)
    writer.write(_answer(b"{}"))
    await writer.drain()


def test_requests_in_turn_share_one_connection_and_bodies_arrive_whole() -> None:
    async def two(client: httpx2.AsyncClient, url: str) -> list[int]:
        first = await client.post(url, content=b'{"a": 1}')
        second = await client.post(url, content=b'{"b": "' + b"x" * 200_000 + b'"}')
        return [first.status_code, second.status_code, len(second.content)]

    (statuses, accepted) = asyncio.run(_run(_keep_alive, two))
    assert statuses[:2] == [200, 200] and statuses[2] > 10
    assert accepted == 1


def test_a_connection_the_server_closed_is_not_reused() -> None:
    async def two(client: httpx2.AsyncClient, url: str) -> list[int]:
        first = await client.post(url, content=b"{}")
        await asyncio.sleep(0.1)  # the server has closed it by now
        second = await client.post(url, content=b"{}")
        return [first.status_code, second.status_code]

    statuses, accepted = asyncio.run(_run(_once_then_close, two))
    assert statuses == [200, 200] and accepted == 2


def test_a_close_the_event_loop_has_not_read_yet_is_seen_on_the_socket() -> None:
    async def two(client: httpx2.AsyncClient, url: str) -> list[int]:
        first = await client.post(url, content=b"{}")
        time.sleep(0.2)  # blocks the loop: the server's close reaches the socket, unread
        second = await client.post(url, content=b"{}")
        return [first.status_code, second.status_code]

    statuses, accepted = asyncio.run(_run(_once_then_close, two))
    assert statuses == [200, 200] and accepted == 2


def test_an_idle_connection_past_its_expiry_is_not_reused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plain_http, "KEEPALIVE_EXPIRY_S", 0.05)

    async def two(client: httpx2.AsyncClient, url: str) -> None:
        await client.post(url, content=b"{}")
        await asyncio.sleep(0.1)
        await client.post(url, content=b"{}")

    _, accepted = asyncio.run(_run(_keep_alive, two))
    assert accepted == 2


def test_chunked_gzipped_and_close_delimited_bodies() -> None:
    text = b'{"answer": "' + b"y" * 5000 + b'"}'
    packed = gzip.compress(text)

    async def framings(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)  # chunked, gzip-encoded
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n"
                     b"content-encoding: gzip\r\n\r\n")
        for start in range(0, len(packed), 700):
            piece = packed[start:start + 700]
            writer.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
        writer.write(b"0\r\n\r\n")
        await _read_request(reader)  # no length: the body ends when the server closes
        writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n" + text)
        await writer.drain()

    async def two(client: httpx2.AsyncClient, url: str) -> list[bytes]:
        first = await client.post(url, content=b"{}")
        second = await client.post(url, content=b"{}")
        return [first.content, second.content]

    bodies, accepted = asyncio.run(_run(framings, two))
    assert bodies == [text, text] and accepted == 1


def test_failures_are_httpx_exceptions_the_retry_layer_knows() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        await asyncio.sleep(5)

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)
        writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"cut")
        await writer.drain()

    async def nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _read_request(reader)

    async def post_short_timeout(client: httpx2.AsyncClient, url: str) -> object:
        try:
            await client.post(url, content=b"{}", timeout=0.2)
        except httpx2.TransportError as error:
            return type(error)
        return None

    assert asyncio.run(_run(silent, post_short_timeout))[0] is httpx2.ReadTimeout
    cut = asyncio.run(_run(hang_up, post_short_timeout))[0]
    assert cut in (httpx2.RemoteProtocolError, httpx2.ReadError)
    assert asyncio.run(_run(nothing, post_short_timeout))[0] is httpx2.RemoteProtocolError

    async def refused() -> object:
        server = await asyncio.start_server(nothing, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        async with httpx2.AsyncClient(transport=PlainHTTPTransport()) as client:
            try:
                await client.post(f"http://127.0.0.1:{port}/", content=b"{}")
            except httpx2.TransportError as error:
                return type(error)
        return None

    assert asyncio.run(refused()) is httpx2.ConnectError


def test_no_more_requests_in_flight_than_the_limit() -> None:
    in_flight = peak = 0

    async def slow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal in_flight, peak
        while True:
            await _read_request(reader)
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.05)
            in_flight -= 1
            writer.write(_answer(b"{}"))
            await writer.drain()

    async def many(client: httpx2.AsyncClient, url: str) -> list[int]:
        answers = await asyncio.gather(*(client.post(url, content=b"{}") for _ in range(12)))
        return [a.status_code for a in answers]

    statuses, accepted = asyncio.run(_run(slow, many, PlainHTTPTransport(3)))
    assert statuses == [200] * 12 and peak == 3 and accepted == 3


def test_plain_http_for_http_endpoints_httpx_for_https() -> None:
    limits = httpx2.Limits(max_connections=4)
    assert isinstance(network_for("http://127.0.0.1:8080/v1", limits), PlainHTTPTransport)
    assert not isinstance(network_for("https://api.openai.com/v1", limits),
                          PlainHTTPTransport)
