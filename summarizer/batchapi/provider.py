"""The provider's files and batches endpoints, through the OpenAI SDK.

Only what a batch run needs: upload an input file, create, look up, list and cancel
batches, download a file's content, and (for follow-ups the user wants right away) one
direct chat completion with a ready-made body.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openai import OpenAI

TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchStatus:
    batch_id: str
    status: str
    total: int
    completed: int
    failed: int
    output_file_id: str | None
    error_file_id: str | None
    usage: dict[str, Any] | None
    errors: str | None

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


def _status(batch: Any) -> BatchStatus:
    counts = batch.request_counts
    usage = batch.usage.model_dump() if getattr(batch, "usage", None) is not None else None
    errors = None
    if batch.errors is not None and batch.errors.data:
        errors = "; ".join(f"{e.code}: {e.message}" for e in batch.errors.data)[:400]
    return BatchStatus(batch.id, batch.status, counts.total if counts else 0,
                       counts.completed if counts else 0, counts.failed if counts else 0,
                       batch.output_file_id, batch.error_file_id, usage, errors)


class BatchProvider:
    """Files and batches at one OpenAI-compatible endpoint."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 120.0) -> None:
        # The SDK retries 429s, 5xx and dropped connections on these management calls.
        self._client = OpenAI(base_url=base_url or None, api_key=api_key or "not-needed",
                              timeout=timeout, max_retries=4)

    def close(self) -> None:
        self._client.close()

    def upload(self, path: Path) -> str:
        """Upload a batch input file from disk (streamed: a 200 MB file is not held)."""
        with path.open("rb") as handle:
            return self._client.files.create(file=(path.name, handle, "application/jsonl"),
                                             purpose="batch").id

    def create(self, input_file_id: str, metadata: dict[str, str]) -> BatchStatus:
        batch = self._client.batches.create(input_file_id=input_file_id,
                                            endpoint="/v1/chat/completions",
                                            completion_window="24h", metadata=metadata)
        return _status(batch)

    def retrieve(self, batch_id: str) -> BatchStatus:
        return _status(self._client.batches.retrieve(batch_id))

    def find(self, metadata: dict[str, str]) -> BatchStatus | None:
        """A batch created with exactly these metadata, if the provider has one: finds the
        batch of a run killed between creating it and noting its id."""
        # The newest page is enough: such a batch was created moments before the kill.
        for batch in self._client.batches.list(limit=100).data:
            found = batch.metadata or {}
            if all(found.get(k) == v for k, v in metadata.items()):
                return _status(batch)
        return None

    def cancel(self, batch_id: str) -> BatchStatus:
        return _status(self._client.batches.cancel(batch_id))

    def download(self, file_id: str, path: Path) -> Path:
        """A file's content, streamed to ``path``."""
        with self._client.files.with_streaming_response.content(file_id) as response:
            response.stream_to_file(path)
        return path

    def chat(self, body: dict[str, Any]) -> dict[str, Any]:
        """One on-demand chat completion with a batch line's body, as a plain dict."""
        response = self._client.post("/chat/completions", body=body, cast_to=object)
        return response if isinstance(response, dict) else {}
