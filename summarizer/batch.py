"""The batch run: many articles, bounded concurrency, resumable, with a manifest.

Articles stream through a bounded queue so memory stays flat however many there are.
Each brief is written atomically as soon as it is done; a brief already present for the
same article text, model, prompt and schema is skipped unless ``force`` is set.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from summarizer import __version__
from summarizer.brief import SCHEMA_VERSION, Brief
from summarizer.output import path_inside, remove_stale_temps, write_atomic
from summarizer.pipeline import Summariser, text_sha256
from summarizer.reading import Article, ReadFailure
from summarizer.redaction import redact
from summarizer.render import brief_markdown
from summarizer.timing import article_clock

MANIFEST = "run.json"
MANIFEST_EVERY_SECONDS = 2.0


@dataclass
class Outcome:
    article_id: str
    source: str
    status: str  # done | failed | skipped
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0  # from a worker taking the article to its brief written
    queued_s: float = 0.0  # part of latency_s spent waiting for a free model slot
    model_s: float = 0.0  # part of latency_s spent in model calls, re-asks included
    dropped: int = 0
    error: str | None = None


@dataclass
class RunReport:
    """Per-article outcomes, kept as their JSON text: a run of 10,000 articles then costs a
    few MB, and the manifest is rewritten without re-serialising every entry."""

    run_id: str
    started: str
    ended: str = ""
    entries: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.entries.append(json.dumps(asdict(outcome), ensure_ascii=False))
        self.counts[outcome.status] += 1

    def count(self, status: str) -> int:
        return self.counts[status]

    @property
    def outcomes(self) -> list[Outcome]:
        return [Outcome(**json.loads(entry)) for entry in self.entries]


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_current(path: Path, article: Article, model: str, prompt_version: str) -> bool:
    """A brief on disk that was made from this text with this model, prompt and schema."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        Brief.model_validate(data)
        meta = data["provenance"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(meta.get("article_sha256") == text_sha256(article.text)
            and meta.get("model") == model and meta.get("prompt_version") == prompt_version
            and meta.get("schema_version") == SCHEMA_VERSION)


def count_inputs(paths: list[Path]) -> int:
    """A quick estimate of the number of articles, for the progress bar."""
    from summarizer.reading import discover

    total = 0
    for path in discover(paths):
        if path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


class BatchRun:
    """One ``summarise`` run over many inputs into one output folder."""

    def __init__(self, summariser: Summariser, out_dir: Path, *, concurrency: int,
                 force: bool = False, stream: TextIO | None = None, stream_format: str = "",
                 secret: str = "", settings_public: dict[str, Any] | None = None,
                 on_outcome: Callable[[Outcome], None] | None = None,
                 run_id: str | None = None) -> None:
        self.summariser = summariser
        self.out_dir = out_dir
        self.concurrency = concurrency
        self.force = force
        self.stream = stream
        self.stream_format = stream_format
        self.secret = secret
        self.settings_public = settings_public or {}
        self.on_outcome = on_outcome
        self.report = RunReport(run_id or new_run_id(), _now())
        self._last_manifest = 0.0
        self._clock = time.monotonic()

    def _manifest(self) -> str:
        report = self.report
        head = {
            "run_id": report.run_id,
            "started": report.started,
            "ended": report.ended or None,
            "elapsed_s": round(time.monotonic() - self._clock, 3),
            "summarizer_version": __version__,
            "prompt_version": self.summariser.prompts.version,
            "schema_version": SCHEMA_VERSION,
            "settings": self.settings_public,
            "counts": {s: report.count(s) for s in ("done", "failed", "skipped")},
        }
        # "articles" goes last, spliced in from the entries' ready-made JSON text.
        text = json.dumps(head, indent=2, ensure_ascii=False).removesuffix("\n}")
        articles = ",\n    ".join(report.entries)
        body = f"\n    {articles}\n  " if articles else ""
        return f'{text},\n  "articles": [{body}]\n}}\n'

    def write_manifest(self, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self._last_manifest < MANIFEST_EVERY_SECONDS:
            return
        self._last_manifest = now
        write_atomic(self.out_dir / MANIFEST, redact(self._manifest(), self.secret))

    def _record(self, outcome: Outcome) -> None:
        if outcome.error:
            outcome.error = redact(outcome.error, self.secret)
        self.report.add(outcome)
        if self.on_outcome:
            self.on_outcome(outcome)
        self.write_manifest()

    def _emit(self, brief: Brief) -> None:
        if self.stream is None or not self.stream_format:
            return
        if self.stream_format == "jsonl":
            self.stream.write(brief.model_dump_json() + "\n")
        elif self.stream_format == "md":
            self.stream.write(brief_markdown(brief) + "\n")
        self.stream.flush()

    async def _one(self, article: Article) -> None:
        try:
            target = path_inside(self.out_dir, f"{article.article_id}.json")
        except ValueError as error:
            self._record(Outcome(article.article_id, article.source, "failed", error=str(error)))
            return
        model, prompt_version = self.summariser.client.model, self.summariser.prompts.version
        if not self.force and is_current(target, article, model, prompt_version):
            self._record(Outcome(article.article_id, article.source, "skipped"))
            return
        started = time.perf_counter()
        with article_clock() as clock:
            try:
                brief = await self.summariser.summarise(article, self.report.run_id)
            except Exception as error:  # one article's failure must not stop the batch
                self._record(Outcome(article.article_id, article.source, "failed",
                                     latency_s=round(time.perf_counter() - started, 3),
                                     queued_s=round(clock.queued_s, 3),
                                     model_s=round(clock.model_s, 3),
                                     error=f"{type(error).__name__}: {error}"))
                return
        # In a thread: the open, fsync and rename would otherwise hold up every other
        # article's network I/O on the event loop.
        await asyncio.to_thread(write_atomic, target, brief.model_dump_json(indent=2) + "\n")
        self._emit(brief)
        meta = brief.provenance
        self._record(Outcome(
            article.article_id, article.source, "done", attempts=meta.attempts,
            prompt_tokens=meta.usage.prompt_tokens,
            completion_tokens=meta.usage.completion_tokens,
            latency_s=round(time.perf_counter() - started, 3), queued_s=round(clock.queued_s, 3),
            model_s=round(clock.model_s, 3), dropped=len(meta.dropped)))

    async def run(self, items: Iterator[Article | ReadFailure]) -> RunReport:
        self._clock = time.monotonic()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.out_dir)
        self.write_manifest(final=True)
        queue: asyncio.Queue[Article | None] = asyncio.Queue(maxsize=self.concurrency * 2)

        async def worker() -> None:
            while (article := await queue.get()) is not None:
                await self._one(article)

        workers = [asyncio.create_task(worker()) for _ in range(self.concurrency)]
        try:
            for item in items:
                if isinstance(item, ReadFailure):
                    self._record(Outcome(item.article_id, item.source, "failed",
                                         error=item.reason))
                    continue
                await queue.put(item)
            for _ in workers:
                await queue.put(None)
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            self.report.ended = _now()
            self.write_manifest(final=True)
        return self.report
