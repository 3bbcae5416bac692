"""A loopback stand-in for the provider's files and batches API, for tests.

Real HTTP on 127.0.0.1 in a background thread: ``/v1/files`` (upload, content),
``/v1/batches`` (create, retrieve, list, cancel) and ``/v1/chat/completions`` for direct
calls. A batch moves on each time it is looked up: ``validating``, then ``in_progress``
for ``polls_before_done`` look-ups, then the outcome its scenario names. A ``Responder``
answers each request line; it gets the body and how often that custom id was seen.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (status code, body) for one line, or None: the line never ran (it stays unanswered).
LineReply = tuple[int, dict[str, Any]] | None
Responder = Callable[[dict[str, Any], int], LineReply]


def completion(content: str | None = None, *, tool_arguments: str | None = None,
               prompt_tokens: int = 100, completion_tokens: int = 20,
               finish_reason: str = "stop") -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_arguments is not None:
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": "DraftBrief",
                                               "arguments": tool_arguments}}]
    return {"id": "chatcmpl-standin", "object": "chat.completion", "created": 0,
            "model": "standin", "choices": [{"index": 0, "finish_reason": finish_reason,
                                             "message": message}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


@dataclass
class StandinBatch:
    id: str
    input_file_id: str
    metadata: dict[str, str]
    outcome: str
    created_at: int
    lookups: int = 0
    status: str = "validating"
    output_file_id: str | None = None
    error_file_id: str | None = None
    total: int = 0
    completed: int = 0
    failed: int = 0
    usage: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "batch", "endpoint": "/v1/chat/completions",
                "errors": None, "input_file_id": self.input_file_id,
                "completion_window": "24h", "status": self.status,
                "output_file_id": self.output_file_id, "error_file_id": self.error_file_id,
                "created_at": self.created_at, "metadata": self.metadata,
                "request_counts": {"total": self.total, "completed": self.completed,
                                   "failed": self.failed},
                "usage": self.usage}


@dataclass
class BatchStandin:
    """The provider's state; tests read ``batches``, ``uploads`` and ``chat_calls``."""

    responder: Responder
    polls_before_done: int = 1
    outcomes: list[str] = field(default_factory=list)  # per batch, in creation order
    malformed_output: bool = False
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, StandinBatch] = field(default_factory=dict)
    uploads: list[str] = field(default_factory=list)
    chat_calls: int = 0
    seen: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _new_file(self, content: bytes, prefix: str = "file") -> str:
        file_id = f"{prefix}-{len(self.files) + 1}"
        self.files[file_id] = content
        return file_id

    def _finish(self, batch: StandinBatch) -> None:
        """Run the batch's lines and write its output and error files."""
        lines = [json.loads(raw) for raw in self.files[batch.input_file_id].splitlines()
                 if raw.strip()]
        expire = batch.outcome == "expired"
        cancel = batch.outcome == "cancelled"
        output, errors = [], []
        prompt = completion_tokens = 0
        for number, line in enumerate(lines):
            custom_id = line["custom_id"]
            if (expire and number >= len(lines) // 2) or (cancel and number >= 1):
                code = "batch_expired" if expire else "batch_cancelled"
                errors.append({"id": f"req-{number}", "custom_id": custom_id, "response": None,
                               "error": {"code": code, "message": "not run"}})
                continue
            self.seen[custom_id] += 1
            reply = self.responder(line["body"], self.seen[custom_id])
            if reply is None:
                continue
            status, body = reply
            row = {"id": f"req-{number}", "custom_id": custom_id,
                   "response": {"status_code": status, "request_id": f"r{number}",
                                "body": body}, "error": None}
            if status == 200:
                output.append(row)
                usage = body.get("usage") or {}
                prompt += int(usage.get("prompt_tokens") or 0)
                completion_tokens += int(usage.get("completion_tokens") or 0)
            else:
                errors.append(row)
        text = [json.dumps(row) for row in output]
        if self.malformed_output and text:
            # One line cut short, as a damaged download would leave it: its answer is lost.
            middle = len(text) // 2
            text[middle] = text[middle][: len(text[middle]) // 2]
            self.malformed_output = False
        batch.total = len(lines)
        batch.completed, batch.failed = len(output), len(errors)
        batch.usage = {"input_tokens": prompt, "output_tokens": completion_tokens,
                       "total_tokens": prompt + completion_tokens,
                       "input_tokens_details": {"cached_tokens": 0},
                       "output_tokens_details": {"reasoning_tokens": 0}}
        if text:
            batch.output_file_id = self._new_file(("\n".join(text) + "\n").encode(), "out")
        if errors:
            batch.error_file_id = self._new_file(
                ("\n".join(json.dumps(e) for e in errors) + "\n").encode(), "err")
        batch.status = batch.outcome

    def lookup(self, batch_id: str) -> StandinBatch | None:
        batch = self.batches.get(batch_id)
        if batch is None or batch.status in ("completed", "expired", "cancelled", "failed"):
            return batch
        batch.lookups += 1
        if batch.status == "cancelling" or batch.lookups > self.polls_before_done:
            self._finish(batch)
        elif batch.lookups >= 1:
            batch.status = "in_progress"
            batch.total = len(self.files[batch.input_file_id].splitlines())
        return batch

    def create(self, request: dict[str, Any]) -> StandinBatch:
        number = len(self.batches) + 1
        outcome = self.outcomes[number - 1] if number <= len(self.outcomes) else "completed"
        batch = StandinBatch(f"batch-{number}", request["input_file_id"],
                             dict(request.get("metadata") or {}), outcome, int(time.time()))
        self.batches[batch.id] = batch
        return batch

    def cancel(self, batch_id: str) -> StandinBatch | None:
        batch = self.batches.get(batch_id)
        if batch is not None and batch.status in ("validating", "in_progress"):
            batch.status, batch.outcome = "cancelling", "cancelled"
        return batch

    def upload(self, content_type: str, body: bytes) -> dict[str, Any]:
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        purpose, content, name = "", b"", "upload"
        for part in message.iter_parts():
            field_name = part.get_param("name", header="content-disposition")
            if field_name == "purpose":
                purpose = part.get_content().strip()
            elif field_name == "file":
                content = part.get_payload(decode=True) or b""
                name = str(part.get_filename() or name)
        file_id = self._new_file(content)
        self.uploads.append(purpose)
        return {"id": file_id, "object": "file", "bytes": len(content), "created_at": 0,
                "filename": name, "purpose": purpose, "status": "processed"}


class _Handler(BaseHTTPRequestHandler):
    standin: BatchStandin

    def log_message(self, *_args: Any) -> None:
        pass

    def _send(self, status: int, data: Any, raw: bytes | None = None) -> None:
        payload = raw if raw is not None else json.dumps(data).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def do_GET(self) -> None:
        standin = self.standin
        path = self.path.split("?", 1)[0].rstrip("/")
        with standin.lock:
            if path.startswith("/v1/files/") and path.endswith("/content"):
                content = standin.files.get(path.split("/")[3])
                if content is None:
                    self._send(404, {"error": {"message": "no such file"}})
                else:
                    self._send(200, None, raw=content)
                return
            if path == "/v1/batches":
                data = [b.as_json() for b in reversed(standin.batches.values())]
                self._send(200, {"object": "list", "data": data, "has_more": False})
                return
            if path.startswith("/v1/batches/"):
                batch = standin.lookup(path.split("/")[3])
                if batch is None:
                    self._send(404, {"error": {"message": "no such batch"}})
                else:
                    self._send(200, batch.as_json())
                return
        self._send(404, {"error": {"message": f"no route {path}"}})

    def do_POST(self) -> None:
        standin = self.standin
        path = self.path.split("?", 1)[0].rstrip("/")
        body = self._body()
        with standin.lock:
            if path == "/v1/files":
                self._send(200, standin.upload(self.headers.get("content-type", ""), body))
                return
            if path == "/v1/batches":
                self._send(200, standin.create(json.loads(body)).as_json())
                return
            if path.startswith("/v1/batches/") and path.endswith("/cancel"):
                batch = standin.cancel(path.split("/")[3])
                if batch is None:
                    self._send(404, {"error": {"message": "no such batch"}})
                else:
                    self._send(200, batch.as_json())
                return
            if path == "/v1/chat/completions":
                standin.chat_calls += 1
                request = json.loads(body)
                reply = standin.responder(request, 1)
                status, answer = reply if reply else (500, {"error": {"message": "none"}})
                self._send(status, answer)
                return
        self._send(404, {"error": {"message": f"no route {path}"}})


class StandinServer:
    """Serves a ``BatchStandin`` on 127.0.0.1 until ``close``."""

    def __init__(self, standin: BatchStandin) -> None:
        handler = type("Handler", (_Handler,), {"standin": standin})
        self.standin = standin
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
