"""HTTP/1.1 over plain TCP for model endpoints on ``http://``: keep-alive connections on
asyncio streams, the protocol itself left to h11.

A call through httpcore's pool costs the client about three times the CPU of the request
itself: the pool goes over all its connections, several times, before each request and as
each response closes, and every read and write passes through anyio's cancel scopes. In a
loopback test with 96 calls in flight a call cost 1.37-1.45 ms of client CPU through
httpcore and about 0.5 ms on bare asyncio streams. Local servers (vLLM, llama.cpp, Ollama,
the embedded engine) speak plain HTTP, and that is where a run's calls are many and fast;
``https://`` endpoints keep httpx's own transport, TLS and all.

What the pool keeps from httpcore: connections reused while the server keeps them open
(never one it has closed or that has been idle past the keep-alive expiry), the request's
timeouts (connect, write, read), and httpx's exceptions for each failure, so that the retry
layer above sees what it saw before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import h11
import httpx2
from httpcore2._utils import is_socket_readable

KEEPALIVE_EXPIRY_S = 5.0  # httpx's default: an idle connection older than this is closed
MAX_IDLE = 100  # idle connections kept per server, the most recently used
_READ_SIZE = 64 * 1024


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    protocol: h11.Connection = field(default_factory=lambda: h11.Connection(h11.CLIENT))
    idle_since: float = 0.0

    def reusable(self, now: float) -> bool:
        """Open at both ends, and not idle past the keep-alive expiry. A server that closed
        the connection has sent its FIN: the stream has seen it as end of file, or, if the
        event loop has not read it yet, the socket is readable (as httpcore checks)."""
        return (not self.reader.at_eof() and not self.writer.is_closing()
                and now - self.idle_since < KEEPALIVE_EXPIRY_S
                and not is_socket_readable(self.writer.get_extra_info("socket")))

    def close(self) -> None:
        self.writer.close()


@contextmanager
def _mapped(timeout_error: type[httpx2.TimeoutException], other: type[httpx2.TransportError],
            request: httpx2.Request) -> Iterator[None]:
    """httpx's exception for a failure in one phase of a request."""
    try:
        yield
    except TimeoutError as error:
        raise timeout_error(str(error) or timeout_error.__name__, request=request) from error
    except h11.RemoteProtocolError as error:
        raise httpx2.RemoteProtocolError(str(error), request=request) from error
    except (OSError, asyncio.IncompleteReadError) as error:
        raise other(str(error) or type(error).__name__, request=request) from error


class PlainHTTPTransport(httpx2.AsyncBaseTransport):
    """Keep-alive HTTP/1.1 connections to ``http://`` endpoints, at most ``max_connections``
    open at once (None: no limit)."""

    def __init__(self, max_connections: int | None = None) -> None:
        self._idle: dict[tuple[str, int], list[_Connection]] = {}
        self._slots = asyncio.Semaphore(max_connections) if max_connections else None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.scheme != "http":
            raise httpx2.UnsupportedProtocol(
                f"plain HTTP only, not {request.url.scheme!r}", request=request)
        if self._slots is None:
            return await self._send(request)
        with _mapped(httpx2.PoolTimeout, httpx2.ConnectError, request):
            async with asyncio.timeout(request.extensions.get("timeout", {}).get("pool")):
                await self._slots.acquire()
        try:
            return await self._send(request)
        finally:
            self._slots.release()

    async def _send(self, request: httpx2.Request) -> httpx2.Response:
        timeouts = request.extensions.get("timeout", {})
        connection = await self._connection(request, timeouts.get("connect"))
        kept = False
        try:
            response = await self._exchange(connection, request, timeouts)
            kept = self._release(connection, request)
            return response
        finally:
            if not kept:
                connection.close()

    async def _connection(self, request: httpx2.Request,
                          timeout: float | None) -> _Connection:
        host, port = request.url.host, request.url.port or 80
        idle = self._idle.get((host, port), [])
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if connection.reusable(now):
                return connection
            connection.close()
        with _mapped(httpx2.ConnectTimeout, httpx2.ConnectError, request):
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(host, port, limit=_READ_SIZE)
        return _Connection(reader, writer)

    async def _exchange(self, connection: _Connection, request: httpx2.Request,
                        timeouts: dict[str, float | None]) -> httpx2.Response:
        protocol = connection.protocol
        body = await request.aread()
        headers = list(request.headers.raw)
        if b"host" not in {name.lower() for name, _ in headers}:
            headers.insert(0, (b"Host", request.url.netloc))
        target = request.url.raw_path
        with _mapped(httpx2.WriteTimeout, httpx2.WriteError, request):
            events = [h11.Request(method=request.method.encode(), target=target,
                                  headers=headers),
                      *([h11.Data(data=body)] if body else []), h11.EndOfMessage()]
            connection.writer.write(b"".join(protocol.send(event) or b"" for event in events))
            async with asyncio.timeout(timeouts.get("write")):
                await connection.writer.drain()
        read_timeout = timeouts.get("read")
        with _mapped(httpx2.ReadTimeout, httpx2.ReadError, request):
            head = await self._next_event(connection, read_timeout)
            while isinstance(head, h11.InformationalResponse):  # "100 Continue" and the like
                head = await self._next_event(connection, read_timeout)
            if not isinstance(head, h11.Response):
                raise httpx2.RemoteProtocolError(
                    "Server disconnected without sending a response.", request=request)
            chunks: list[bytes] = []
            while True:
                event = await self._next_event(connection, read_timeout)
                if isinstance(event, h11.Data):
                    chunks.append(bytes(event.data))
                elif isinstance(event, h11.EndOfMessage):
                    break
                else:
                    raise httpx2.RemoteProtocolError(
                        "Server disconnected before the response ended.", request=request)
        return httpx2.Response(
            head.status_code, headers=list(head.headers), content=b"".join(chunks),
            request=request, extensions={"http_version": b"HTTP/" + head.http_version,
                                         "reason_phrase": head.reason})

    async def _next_event(self, connection: _Connection, timeout: float | None) -> object:
        protocol = connection.protocol
        while True:
            event = protocol.next_event()
            if event is not h11.NEED_DATA:
                return event
            async with asyncio.timeout(timeout):
                data = await connection.reader.read(_READ_SIZE)
            protocol.receive_data(data)  # b"" is the server closing: h11 says what it means

    def _release(self, connection: _Connection, request: httpx2.Request) -> bool:
        """Keep the connection for the next request if both ends agreed to (h11 knows)."""
        protocol = connection.protocol
        if protocol.our_state is not h11.DONE or protocol.their_state is not h11.DONE:
            return False
        protocol.start_next_cycle()
        now = connection.idle_since = time.monotonic()
        idle = self._idle.setdefault((request.url.host, request.url.port or 80), [])
        # Oldest first: close those past the expiry, and any beyond MAX_IDLE.
        while idle and (len(idle) >= MAX_IDLE or not idle[0].reusable(now)):
            idle.pop(0).close()
        idle.append(connection)
        return True

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
