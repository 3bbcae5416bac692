"""An OpenAI-compatible chat server on 127.0.0.1 for tests and benchmarks.

Real HTTP in a background thread. A ``responder`` decides each answer; helpers build the
usual ones: a grounded draft brief made from the article in the request, faults, delays.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARTICLE_RE = re.compile(r"<article[^>]*>\n(.*)\n</article>", re.DOTALL)
NUMBER_RE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


Responder = Callable[[dict[str, Any], int], Reply]


def chat_completion(content: str, prompt_tokens: int = 100, completion_tokens: int = 50,
                    finish_reason: str = "stop") -> bytes:
    return json.dumps({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }).encode()


def article_of(body: dict[str, Any]) -> str:
    """The article text inside the first user message of a request."""
    for message in body.get("messages", []):
        if message.get("role") == "user":
            match = ARTICLE_RE.search(str(message.get("content", "")))
            if match:
                return match.group(1)
    return ""


def grounded_draft(article: str) -> dict[str, Any]:
    """A small draft brief that passes grounding: its quotes are the article's words."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", article) if s.strip()]
    first = sentences[0] if sentences else article.strip()
    summary = re.sub(r"\d", "", first)[:300] or "An article."
    figures = []
    for sentence in sentences:
        number = NUMBER_RE.search(sentence)
        if number:
            figures.append({"text": number.group(0), "counts": "things counted", "unit": "",
                            "attributed_to": "", "quote": sentence[:200]})
            break
    actors = []
    name = re.search(r"\b([A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})*)\b", article)
    if name:
        actors.append({"name": name.group(1), "aliases": [], "kind": "other",
                       "role": "mentioned", "quote": name.group(1)})
    return {"summary": summary, "actors": actors, "figures": figures, "locations": [],
            "open_questions": []}


def grounded_responder(body: dict[str, Any], _index: int) -> Reply:
    content = json.dumps(grounded_draft(article_of(body)))
    return Reply(body=chat_completion(content))


def delayed(seconds: float) -> Responder:
    """Grounded answers, each after ``seconds``."""

    def responder(body: dict[str, Any], index: int) -> Reply:
        reply = grounded_responder(body, index)
        reply.delay = seconds
        return reply

    return responder


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) drops simultaneous connects beyond it, and each dropped
    # SYN costs the client a 1 s retransmit; real servers use hundreds.
    request_queue_size = 256
    daemon_threads = True


class FakeEndpoint:
    """Start with ``with FakeEndpoint(responder) as server: server.base_url``."""

    def __init__(self, responder: Responder = grounded_responder) -> None:
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, the body waits for the
            # client's delayed ACK (~40 ms). Real servers (uvicorn, vLLM) turn it off too.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                received = time.monotonic()
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                with endpoint._lock:
                    index = len(endpoint.requests)
                    endpoint.requests.append(body)
                    endpoint.headers.append(dict(self.headers.items()))
                    endpoint.in_flight += 1
                    endpoint.max_in_flight = max(endpoint.max_in_flight, endpoint.in_flight)
                try:
                    reply = endpoint.responder(body, index)
                    if reply.delay:
                        # The delay counts from the request's arrival, so the time this
                        # server spends parsing and building the answer is not added to it.
                        time.sleep(max(0.0, reply.delay - (time.monotonic() - received)))
                    if reply.drop:
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    self.send_response(reply.status)
                    headers = {"content-type": "application/json", **reply.headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True
                finally:
                    with endpoint._lock:
                        endpoint.in_flight -= 1

        return Handler

    def __enter__(self) -> FakeEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def main() -> None:
    """Serve grounded answers after a fixed latency, in its own process (benchmarks)."""
    import argparse
    import signal
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per answer")
    args = parser.parse_args()

    endpoint = FakeEndpoint(delayed(args.latency))
    endpoint.requests = _Discard()  # type: ignore[assignment]  # keep memory flat
    endpoint.headers = _Discard()  # type: ignore[assignment]
    print(endpoint.base_url, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    endpoint._server.serve_forever()


class _Discard(list):  # type: ignore[type-arg]
    """A list that forgets what is appended but counts it."""

    count = 0

    def append(self, item: Any) -> None:
        type(self).count += 1

    def __len__(self) -> int:
        return self.count


if __name__ == "__main__":
    main()
