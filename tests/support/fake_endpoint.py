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


def request_schema(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema a request asks its answer to fit: response_format (json_schema
    mode), the first tool's parameters (tools mode), or a schema in the system message."""
    response_format = body.get("response_format") or {}
    if isinstance(response_format.get("json_schema"), dict):
        return dict(response_format["json_schema"].get("schema") or {})
    for tool in body.get("tools") or []:
        return dict(tool.get("function", {}).get("parameters") or {})
    for message in body.get("messages", []):
        text = str(message.get("content", ""))
        start = text.find("{")
        while start >= 0:
            try:
                found = json.loads(text[start:])
            except ValueError:
                end = text.rfind("}")
                try:
                    found = json.loads(text[start:end + 1])
                except ValueError:
                    break
            if isinstance(found, dict) and "properties" in found:
                return found
            break
    return {}


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for key in ref[2:].split("/"):
            target = target[key]
        return dict(target)
    return node


def instance_of(node: dict[str, Any], root: dict[str, Any], article: str, key: str = "") -> Any:
    """A small valid instance of a JSON schema node: the first choice of an enum, one item
    per list, short plain words for strings (no digits, so nothing is invented)."""
    node = _resolve(node, root)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    if "anyOf" in node:
        return instance_of(node["anyOf"][0], root, article, key)
    kind = node.get("type")
    if kind == "object":
        return {name: instance_of(child, root, article, name)
                for name, child in node.get("properties", {}).items()}
    if kind == "array":
        return [instance_of(node.get("items", {}), root, article, key)]
    if kind == "string":
        return _words_for(key, article)
    if kind in ("integer", "number"):
        return 0
    if kind == "boolean":
        return False
    return None


def _words_for(key: str, article: str) -> str:
    if key == "summary":
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", article) if s.strip()]
        first = sentences[1] if len(sentences) > 1 else (sentences[0] if sentences else "")
        return re.sub(r"\s+", " ", re.sub(r"\d", "", first)).strip()[:300] or "An article."
    if key == "question" or re.fullmatch(r"Q\d+", key):
        return "What happens next in this story?"
    if key == "counts":
        return "things counted"
    return "mentioned"


def pass_of(body: dict[str, Any]) -> str:
    """Which briefing pass a request is: the title of the schema it asks for
    ("Entities", "Figures", "Questions", "Summary")."""
    return str(request_schema(body).get("title", ""))


AMOUNT_LINE_RE = re.compile(r"^(F\d+) «(.*?)»", re.MULTILINE)


def listed_amounts(body: dict[str, Any]) -> dict[str, str]:
    """The amounts a request lists for the model, by id: {"F1": "about 300", ...}."""
    for message in body.get("messages", []):
        if message.get("role") == "user":
            return dict(AMOUNT_LINE_RE.findall(str(message.get("content", ""))))
    return {}


def grounded_answer(body: dict[str, Any]) -> dict[str, Any]:
    """An answer that fits the request's schema (or GBNF grammar, as the embedded engine
    gets) and states nothing the article does not."""
    if body.get("grammar"):
        return dict(json.loads(instance_of_grammar(str(body["grammar"]), article_of(body))))
    schema = request_schema(body)
    return dict(instance_of(schema, schema, article_of(body)) or {})


_GBNF_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{\d*,?\d*\}|[()|*+?]|[\w-]+')


def instance_of_grammar(grammar: str, article: str) -> str:
    """The first sentence of a GBNF grammar (as ``summarizer.briefing.grammar`` writes
    them): first alternatives, no optional repeats, and plain words in strings."""
    rules = {}
    for line in grammar.strip().splitlines():
        name, _, body = line.partition(" ::= ")
        rules[name.strip()] = body
    key = {"last": ""}

    def expand(body: str) -> str:
        tokens = _GBNF_TOKEN.findall(body)
        out: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token in ("(", ")"):
                continue
            if token == "|":
                # Take the first alternative: skip to the end of this group.
                level = 0
                while index < len(tokens):
                    if tokens[index] == "(":
                        level += 1
                    elif tokens[index] == ")":
                        if level == 0:
                            break
                        level -= 1
                    index += 1
                continue
            if token.startswith("{") or token in ("*", "?"):
                if out and (token in ("*", "?") or token.startswith("{0")):
                    out.pop()  # an optional repeat: leave it out
                continue
            if token == "+":
                continue
            if token.startswith('"'):
                text = json.loads(token)
                out.append(text)
                if text.endswith('":'):
                    key["last"] = text[1:-2]
            elif token.startswith("["):
                out.append("")
            elif token in rules:
                if token == "char":
                    out.append("")
                else:
                    out.append(expand(rules[token]))
        return "".join(out)

    text = expand(rules["root"])
    # Fill empty strings with plain words for their key.
    return re.sub(r'"([^"]*)":""', lambda m: f'"{m.group(1)}":'
                  + json.dumps(_words_for(m.group(1), article)), text)


def grounded_responder(body: dict[str, Any], _index: int) -> Reply:
    content = json.dumps(grounded_answer(body))
    if body.get("tools"):
        return Reply(body=tool_completion(body["tools"][0]["function"]["name"], content))
    return Reply(body=chat_completion(content))


def tool_completion(name: str, arguments: str) -> bytes:
    return json.dumps({
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {
            "role": "assistant", "content": None, "tool_calls": [{
                "id": "call-0", "type": "function",
                "function": {"name": name, "arguments": arguments}}]}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
    }).encode()


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
        # Requests in flight by the article they carry: how many articles were in flight.
        self._articles: dict[str, int] = {}
        self.max_articles_in_flight = 0
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
                article = article_of(body)
                with endpoint._lock:
                    index = len(endpoint.requests)
                    endpoint.requests.append(body)
                    endpoint.headers.append(dict(self.headers.items()))
                    endpoint.in_flight += 1
                    endpoint.max_in_flight = max(endpoint.max_in_flight, endpoint.in_flight)
                    endpoint._articles[article] = endpoint._articles.get(article, 0) + 1
                    endpoint.max_articles_in_flight = max(endpoint.max_articles_in_flight,
                                                          len(endpoint._articles))
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
                        endpoint._articles[article] -= 1
                        if not endpoint._articles[article]:
                            del endpoint._articles[article]

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
