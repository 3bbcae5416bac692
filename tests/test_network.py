"""The connection pool's cheap idle check (summarizer/calls/network.py), against a real server on
127.0.0.1 that closes a kept-alive connection after answering once."""

from __future__ import annotations

import asyncio

import httpx2

from summarizer.calls.network import _Backend, _Stream, network_transport

_ANSWER = (b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n"
           b"connection: keep-alive\r\n\r\nok")


async def _serve_once_then_close(connections: list[int]) -> asyncio.Server:
    """Answers one request a connection, says keep-alive, then closes it anyway."""
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await reader.readuntil(b"\r\n\r\n")
        writer.write(_ANSWER)
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()
        await writer.wait_closed()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


def test_the_pool_uses_the_cheap_idle_check() -> None:
    transport = network_transport(httpx2.Limits(max_connections=8))
    assert isinstance(transport._pool._network_backend, _Backend)


def test_a_connection_the_server_closed_is_seen_as_readable_and_not_reused() -> None:
    async def scenario() -> tuple[list[bool], list[str], int]:
        connections: list[int] = []
        server = await _serve_once_then_close(connections)
        port = server.sockets[0].getsockname()[1]
        transport = network_transport(httpx2.Limits(max_connections=8))
        readable: list[bool] = []
        bodies: list[str] = []
        async with httpx2.AsyncClient(transport=transport) as client:
            bodies.append((await client.get(f"http://127.0.0.1:{port}/")).text)
            pool = transport._pool
            stream = pool.connections[0]._connection._network_stream
            assert isinstance(stream, _Stream)
            readable.append(stream.get_extra_info("is_readable"))  # idle, open: False
            await asyncio.sleep(0.3)  # the server closes it
            readable.append(stream.get_extra_info("is_readable"))  # closed: True
            # The pool sees the closed connection at once and opens a new one.
            bodies.append((await client.get(f"http://127.0.0.1:{port}/")).text)
            await asyncio.sleep(0.3)  # the server closes the second one too
        server.close()
        await server.wait_closed()
        return readable, bodies, len(connections)

    readable, bodies, opened = asyncio.run(scenario())
    assert readable == [False, True]
    assert bodies == ["ok", "ok"]
    assert opened == 2
