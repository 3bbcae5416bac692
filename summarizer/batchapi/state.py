"""What a batch run keeps in its output folder so that a killed run can re-attach.

``OUT/.batchapi/state.json`` lists every batch (input file, batch id, status, whether
its results were collected); ``ids-<n>.txt`` holds each batch's custom ids,
``input-<n>.jsonl`` its request lines until it is collected (uploaded from disk, so a
200 MB file is never held in memory), and ``answers.jsonl`` every final answer collected
so far. A batch is noted *before* it is
created (with the metadata that identifies it at the provider) and again after, so a run
killed in between finds it by its metadata instead of creating it twice.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer.briefing.plan import CallAnswer
from summarizer.output import write_atomic

FOLDER = ".batchapi"


@dataclass
class BatchRecord:
    number: int
    round: int
    chunk_key: str  # identifies the batch's work; also sent as its metadata
    requests: int
    input_file_id: str | None = None
    batch_id: str | None = None
    status: str = "preparing"
    collected: bool = False
    output_file_id: str | None = None
    error_file_id: str | None = None
    usage: dict[str, Any] | None = None
    completed: int = 0
    failed: int = 0


@dataclass
class RunState:
    run_key: str = field(default_factory=lambda: uuid.uuid4().hex)
    batches: list[BatchRecord] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)  # custom_id -> failed tries
    cancelled: bool = False
    # Tokens and requests of follow-ups sent as direct calls (batches carry their own).
    direct_usage: list[int] = field(default_factory=lambda: [0, 0, 0])


class StateStore:
    """The run folder's batch state: load, save atomically, append answers."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / FOLDER
        self.path = self.folder / "state.json"
        self.answers_path = self.folder / "answers.jsonl"

    def load(self) -> RunState:
        if not self.path.is_file():
            return RunState()
        data = json.loads(self.path.read_text(encoding="utf-8"))
        batches = [BatchRecord(**b) for b in data.get("batches", [])]
        return RunState(run_key=data["run_key"], batches=batches,
                        failures=dict(data.get("failures", {})),
                        cancelled=bool(data.get("cancelled", False)),
                        direct_usage=list(data.get("direct_usage", [0, 0, 0])))

    def save(self, state: RunState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(asdict(state), indent=1) + "\n")

    def metadata(self, state: RunState, record: BatchRecord) -> dict[str, str]:
        return {"summarizer_run": state.run_key, "summarizer_chunk": record.chunk_key}

    def write_ids(self, record: BatchRecord, custom_ids: list[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / f"ids-{record.number}.txt", "\n".join(custom_ids) + "\n")

    def input_path(self, record: BatchRecord) -> Path:
        """The batch's input file, kept until its results are collected."""
        return self.folder / f"input-{record.number}.jsonl"

    def write_input(self, record: BatchRecord, lines: list[bytes]) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.input_path(record)
        partial = path.with_suffix(".part")
        with partial.open("wb") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
        return path

    def download_path(self, record: BatchRecord) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"download-{record.number}.jsonl"

    def read_ids(self, record: BatchRecord) -> list[str]:
        text = (self.folder / f"ids-{record.number}.txt").read_text(encoding="utf-8")
        return [line for line in text.splitlines() if line]

    def load_answers(self) -> dict[str, CallAnswer]:
        answers: dict[str, CallAnswer] = {}
        if not self.answers_path.is_file():
            return answers
        self._drop_partial_tail()
        with self.answers_path.open(encoding="utf-8") as handle:
            for raw in handle:
                try:
                    row = json.loads(raw)
                except ValueError:
                    continue  # a line cut short by a kill: that answer is collected again
                custom_id = row.pop("custom_id")
                answers[custom_id] = CallAnswer(**row)
        return answers

    def _drop_partial_tail(self) -> None:
        """A kill mid-append leaves a line without its newline; cut it, or the next
        append would fuse it with a good line. Its batch was not marked collected yet,
        so that answer is collected again."""
        data = self.answers_path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.answers_path.open("r+b") as handle:
                handle.truncate(data.rfind(b"\n") + 1)

    def append_answers(self, answers: dict[str, CallAnswer]) -> None:
        if not answers:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        text = "".join(json.dumps({"custom_id": cid, **_stored(answer)}, ensure_ascii=False)
                       + "\n" for cid, answer in answers.items())
        with self.answers_path.open("a", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())


def _stored(answer: CallAnswer) -> dict[str, Any]:
    """An answer as the answers file holds it: every field but the on-demand driver's
    parse (``CallAnswer.parsed``), which no batch answer has."""
    row = asdict(answer)
    del row["parsed"]
    return row
