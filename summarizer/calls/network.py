"""The connections under the model calls (``network_for``): plain HTTP on asyncio streams
for ``http://`` endpoints (``plain_http``), and for the others (TLS) httpx's connection
pool, with its idle check made cheap.

Before each request, and again as each response is closed, httpcore's pool asks every
connection it holds whether it has expired; an idle HTTP/1.1 connection answers by asking
its stream whether the socket is readable (the server closed it). On the anyio stream that
question rebuilds the socket's attribute table, with a ``getpeername`` system call, each
time it is asked. At 32 articles in flight (96 connections) that was about 2 ms of CPU an
article, a sixth of the client's work (py-spy, ``bench.client_cpu``'s run). Here the stream
keeps its socket from the start and answers with one ``poll``: the same check, at the same
moments, without the table.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore2
import httpx2
from httpcore2._utils import is_socket_readable

from summarizer.calls.plain_http import PlainHTTPTransport

_SocketOption = Any  # httpcore's socket option tuples, passed through untouched


class _Stream(httpcore2.AsyncNetworkStream):
    """A network stream that answers "is_readable" from the socket it was opened on."""

    def __init__(self, inner: httpcore2.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore2.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable" and self._socket is not None:
            return is_socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class _Backend(httpcore2.AsyncNetworkBackend):
    """httpcore's own backend, its streams wrapped in ``_Stream``."""

    def __init__(self, inner: httpcore2.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[_SocketOption] | None = None,
                          ) -> httpcore2.AsyncNetworkStream:
        return _Stream(await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options))

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[_SocketOption] | None = None,
                                  ) -> httpcore2.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def network_transport(limits: httpx2.Limits) -> httpx2.AsyncHTTPTransport:
    """httpx's transport with these limits, its pool's streams made cheap to check.

    httpx takes no network backend, so the pool's is swapped after construction; should
    a later httpx or httpcore build the pool another way, the transport is left as it
    came (tests/test_network.py says which), still correct, only slower."""
    transport = httpx2.AsyncHTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(pool, httpcore2.AsyncConnectionPool) and isinstance(
            backend, httpcore2.AsyncNetworkBackend):
        pool._network_backend = _Backend(backend)
    return transport


def network_for(base_url: str, limits: httpx2.Limits) -> httpx2.AsyncBaseTransport:
    """The network for an endpoint: plain HTTP on asyncio streams for ``http://`` (local
    servers, the embedded engine), httpx's own pool for anything else (TLS)."""
    if base_url.lower().startswith("http://"):
        return PlainHTTPTransport(limits.max_connections)
    return network_transport(limits)
