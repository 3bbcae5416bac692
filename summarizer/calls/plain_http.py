"""HTTP/1.1 over plain TCP for model endpoints on ``http://``: keep-alive connections on
asyncio streams, the messages written and read by ``http1``.

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
from dataclasses import dataclass, field
from types import TracebackType

import httpx2
from httpcore2._utils import is_socket_readable

from summarizer.calls import http1

KEEPALIVE_EXPIRY_S = 5.0  # httpx's default: an idle connection older than this is closed
MAX_IDLE = 100  # idle connections kept per server, the most recently used


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    answers: http1.ResponseReader = field(init=False)
    idle_since: float = 0.0

    def __post_init__(self) -> None:
        self.answers = http1.ResponseReader(self.reader)

    def reusable(self, now: float) -> bool:
        """Open at both ends, and not idle past the keep-alive expiry. A server that closed
        the connection has sent its FIN: the stream has seen it as end of file, or, if the
        event loop has not read it yet, the socket is readable (as httpcore checks)."""
        return (not self.reader.at_eof() and not self.writer.is_closing()
                and now - self.idle_since < KEEPALIVE_EXPIRY_S
                and not is_socket_readable(self.writer.get_extra_info("socket")))

    def close(self) -> None:
        self.writer.close()


class _mapped:
    """httpx's exception for a failure in one phase of a request. A class, not a
    generator-based context manager: three of these a call, each about a microsecond
    cheaper."""

    __slots__ = ("_other", "_request", "_timeout_error")

    def __init__(self, timeout_error: type[httpx2.TimeoutException],
                 other: type[httpx2.TransportError], request: httpx2.Request) -> None:
        self._timeout_error, self._other, self._request = timeout_error, other, request

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            return
        request = self._request
        if isinstance(error, TimeoutError):
            raise self._timeout_error(str(error) or self._timeout_error.__name__,
                                      request=request) from error
        if isinstance(error, http1.ProtocolError):
            raise httpx2.RemoteProtocolError(str(error), request=request) from error
        if isinstance(error, http1.LocalProtocolError):
            raise httpx2.LocalProtocolError(str(error), request=request) from error
        if isinstance(error, (OSError, asyncio.IncompleteReadError)):
            raise self._other(str(error) or type(error).__name__, request=request) from error


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
        if not self._slots.locked():
            await self._slots.acquire()  # a free slot is taken at once: no wait to time
        else:
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
            response, reusable = await self._exchange(connection, request, timeouts)
            if reusable and not connection.answers.pending:
                self._release(connection, request)
                kept = True
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
                reader, writer = await asyncio.open_connection(host, port,
                                                               limit=http1.READ_SIZE)
        return _Connection(reader, writer)

    async def _exchange(self, connection: _Connection, request: httpx2.Request,
                        timeouts: dict[str, float | None]) -> tuple[httpx2.Response, bool]:
        """The response, and whether the connection may carry another request."""
        body = await request.aread()
        headers = list(request.headers.raw)
        if not any(len(name) == 4 and name.lower() == b"host" for name, _ in headers):
            headers.insert(0, (b"Host", request.url.netloc))
        with _mapped(httpx2.WriteTimeout, httpx2.WriteError, request):
            connection.writer.write(http1.request_bytes(
                request.method.encode(), request.url.raw_path, headers, body))
            async with asyncio.timeout(timeouts.get("write")):
                await connection.writer.drain()
        with _mapped(httpx2.ReadTimeout, httpx2.ReadError, request):
            answer = await connection.answers.response(timeouts.get("read"),
                                                       head_only=request.method == "HEAD")
        response = httpx2.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request,
            extensions={"http_version": b"HTTP/" + answer.version,
                        "reason_phrase": answer.reason})
        return response, answer.reusable

    def _release(self, connection: _Connection, request: httpx2.Request) -> None:
        """Keep the connection for the next request."""
        now = connection.idle_since = time.monotonic()
        idle = self._idle.setdefault((request.url.host, request.url.port or 80), [])
        # Oldest first: close those past the expiry, and any beyond MAX_IDLE. One the server
        # has closed is found when it is taken (``reusable``), not here: no poll a call.
        while idle and (len(idle) >= MAX_IDLE
                        or now - idle[0].idle_since >= KEEPALIVE_EXPIRY_S):
            idle.pop(0).close()
        idle.append(connection)

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
