"""The batch machinery: many articles, bounded concurrency, resumable, with a manifest.

:func:`in_completion_order` is the one scheduler: it keeps at most N articles in flight,
reads the next one only when a slot frees (so memory stays flat however many there are)
and hands back results as they finish. The Python API's ``summarise_many`` and
:class:`BatchRun` (``summarise_paths`` and the CLI's ``summarise``) both run on it.

A batch writes each brief atomically as soon as it is done; a brief already present for
the same article text, model, prompt and schema is skipped unless ``force`` is set.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from summarizer import __version__
from summarizer.brief import SCHEMA_VERSION, Brief
from summarizer.output import (
    BriefWriter,
    WrittenThenCancelled,
    path_inside_real,
    remove_stale_temps,
    write_atomic,
)
from summarizer.reading import Article, ReadFailure
from summarizer.redaction import redact
from summarizer.timing import article_clock

if TYPE_CHECKING:
    from summarizer.pipeline import Summariser

MANIFEST = "run.json"
MANIFEST_EVERY_SECONDS = 2.0

Status = Literal["done", "failed", "skipped"]
Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class ArticleOutcome:
    """What happened to one article of a batch: one entry of ``run.json``'s ``articles``.

    ``status`` is ``done`` (brief written), ``skipped`` (a current brief was already there)
    or ``failed`` (``error`` says why; the other articles went on). ``latency_s`` is the
    article's time in its slot, of which ``model_s`` was spent in model calls and
    ``queued_s`` waiting for the endpoint's model to be free.

    >>> from pathlib import Path
    >>> from summarizer import Summarizer
    >>> _ = Path("articles/blank.txt").write_text("   ")
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> for outcome in sorted(run.outcomes, key=lambda o: o.article_id):
    ...     print(outcome.article_id, outcome.status, outcome.attempts, outcome.error)
    blank failed 0 file is empty
    quake done 3 None
    storm done 3 None
    """

    article_id: str
    source: str
    status: Status
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0  # from a worker taking the article to its brief written
    queued_s: float = 0.0  # part of latency_s spent waiting for a free model slot
    model_s: float = 0.0  # part of latency_s spent in model calls, re-asks included
    dropped: int = 0
    error: str | None = None


_OUTCOME_FIELDS = tuple(f.name for f in fields(ArticleOutcome))


@dataclass
class RunReport:
    """The run manifest of one batch (``run.json``), as returned by ``summarise_paths``.

    ``count(status)`` gives how many articles ended ``done``, ``failed`` or ``skipped``;
    ``outcomes`` lists every article's :class:`ArticleOutcome` (``run.json``'s
    ``articles``); ``out`` is the folder that holds the briefs and ``run.json``. The other
    fields are ``run.json``'s own: ``run_id``, ``started`` and ``ended`` (ISO 8601 times),
    ``elapsed_s``, ``summarizer_version``, ``prompt_version``, ``schema_version`` and
    ``settings`` (the settings without the API key).

    >>> import json
    >>> from summarizer import Summarizer
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> run.count("done"), run.count("failed"), run.ok
    (2, 0, True)
    >>> manifest = json.loads((run.out / "run.json").read_text())
    >>> manifest["run_id"] == run.run_id, manifest["prompt_version"] == run.prompt_version
    (True, True)
    >>> run.settings["model"], "api_key" in run.settings
    ('fake-model', False)
    """

    run_id: str
    started: str
    out: Path = field(default_factory=Path)
    ended: str = ""
    # Kept as their JSON text: a run of 10,000 articles then costs a few MB, and the
    # manifest is rewritten without re-serialising every entry.
    entries: list[str] = field(default_factory=list, repr=False)
    counts: Counter[str] = field(default_factory=Counter)
    elapsed_s: float = 0.0
    summarizer_version: str = __version__
    prompt_version: str = ""
    schema_version: str = SCHEMA_VERSION
    settings: dict[str, Any] = field(default_factory=dict, repr=False)

    def add(self, outcome: ArticleOutcome) -> None:
        # Its fields are plain values, so no deep copy (dataclasses.asdict: 8 µs an article).
        entry = {name: getattr(outcome, name) for name in _OUTCOME_FIELDS}
        self.entries.append(json.dumps(entry, ensure_ascii=False))
        self.counts[outcome.status] += 1

    def count(self, status: Status) -> int:
        """How many articles ended with ``status``."""
        return self.counts[status]

    @property
    def ok(self) -> bool:
        """True when no article failed (the CLI's exit code 0)."""
        return self.counts["failed"] == 0

    @property
    def outcomes(self) -> list[ArticleOutcome]:
        """Every article's outcome, in the order they finished."""
        return [ArticleOutcome(**json.loads(entry)) for entry in self.entries]

    @property
    def failures(self) -> list[ArticleOutcome]:
        """The failed articles' outcomes."""
        return [o for o in self.outcomes if o.status == "failed"]


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_current(path: Path, article: Article, model: str, prompt_version: str) -> bool:
    """A brief on disk that was made from this text with this model, prompt and schema."""
    from summarizer.pipeline import text_sha256

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


async def in_completion_order(items: Iterable[Item], work: Callable[[Item], Awaitable[Result]],
                              concurrency: int) -> AsyncIterator[Result]:
    """``work(item)`` for every item, at most ``concurrency`` at once, results as they finish.

    The next item is taken from ``items`` only when a slot is free. Closing the iterator
    early, or cancelling the task that drives it, cancels the work still in flight and
    waits for it to unwind before returning.
    """
    source = iter(items)
    pending: set[asyncio.Task[Result]] = set()

    def fill() -> None:
        while len(pending) < concurrency:
            try:
                item = next(source)
            except StopIteration:
                return
            pending.add(asyncio.ensure_future(work(item)))

    try:
        fill()
        while pending:
            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            pending.difference_update(done)
            fill()  # the freed slots start their next article before results are handed back
            for task in done:
                yield task.result()
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)


class BatchRun:
    """One batch over many inputs into one output folder (``summarise_paths``)."""

    def __init__(self, summariser: Summariser, out_dir: Path, *, concurrency: int,
                 force: bool = False, secret: str = "",
                 settings_public: dict[str, Any] | None = None,
                 on_article: Callable[[ArticleOutcome, Brief | None], None] | None = None,
                 run_id: str | None = None,
                 describe: Callable[[Exception], str] | None = None) -> None:
        self.summariser = summariser
        self.out_dir = out_dir
        self.concurrency = concurrency
        self.force = force
        self.secret = secret
        self.on_article = on_article
        self.describe = describe or _describe
        self.report = RunReport(run_id or new_run_id(), _now(), out_dir,
                                prompt_version=summariser.prompts.version,
                                settings=settings_public or {})
        self._last_manifest = 0.0
        self._clock = time.monotonic()
        self._real_out: Path | None = None
        self._writer = BriefWriter()

    def brief_path(self, article_id: str) -> Path:
        """Where an article's brief goes, inside the output folder (ValueError where the id
        would put it elsewhere). The folder is resolved at the first brief, once a run."""
        if self._real_out is None:
            self._real_out = self.out_dir.resolve()
        return path_inside_real(self._real_out, f"{article_id}.json")

    def _manifest(self) -> str:
        report = self.report
        report.elapsed_s = round(time.monotonic() - self._clock, 3)
        head = {
            "run_id": report.run_id,
            "started": report.started,
            "ended": report.ended or None,
            "elapsed_s": report.elapsed_s,
            "summarizer_version": report.summarizer_version,
            "prompt_version": report.prompt_version,
            "schema_version": report.schema_version,
            "settings": report.settings,
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

    def _record(self, outcome: ArticleOutcome, brief: Brief | None = None) -> None:
        if outcome.error:
            outcome.error = redact(outcome.error, self.secret)
        self.report.add(outcome)
        if self.on_article:
            self.on_article(outcome, brief)
        self.write_manifest()

    async def _one(self, item: Article | ReadFailure) -> None:
        if isinstance(item, ReadFailure):
            self._record(ArticleOutcome(item.article_id, item.source, "failed",
                                        error=item.reason))
            return
        article = item
        try:
            target = self.brief_path(article.article_id)
        except ValueError as error:
            self._record(ArticleOutcome(article.article_id, article.source, "failed",
                                        error=str(error)))
            return
        model, prompt_version = self.summariser.client.model, self.summariser.prompts.version
        if not self.force and is_current(target, article, model, prompt_version):
            self._record(ArticleOutcome(article.article_id, article.source, "skipped"))
            return
        started = time.perf_counter()
        with article_clock() as clock:
            try:
                brief = await self.summariser.summarise(article, self.report.run_id)
            except Exception as error:  # one article's failure must not stop the batch
                self._record(ArticleOutcome(article.article_id, article.source, "failed",
                                            latency_s=round(time.perf_counter() - started, 3),
                                            queued_s=round(clock.queued_s, 3),
                                            model_s=round(clock.model_s, 3),
                                            error=self.describe(error)))
                return
        try:
            await self._writer.write(target, brief.model_dump_json(indent=2) + "\n")
        except WrittenThenCancelled:
            # Record a brief that landed, so that run.json lists every brief in the folder.
            self._record_done(article, brief, started, clock.queued_s, clock.model_s)
            raise
        self._record_done(article, brief, started, clock.queued_s, clock.model_s)

    def _record_done(self, article: Article, brief: Brief, started: float, queued_s: float,
                     model_s: float) -> None:
        meta = brief.provenance
        self._record(ArticleOutcome(
            article.article_id, article.source, "done", attempts=meta.attempts,
            prompt_tokens=meta.usage.prompt_tokens,
            completion_tokens=meta.usage.completion_tokens,
            latency_s=round(time.perf_counter() - started, 3), queued_s=round(queued_s, 3),
            model_s=round(model_s, 3), dropped=len(meta.dropped)), brief)

    async def run(self, items: Iterable[Article | ReadFailure]) -> RunReport:
        """Brief every item; the manifest is rewritten as articles finish and at the end,
        cancellation included."""
        self._clock = time.monotonic()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(self.out_dir)
        self.write_manifest(final=True)
        try:
            async for _ in in_completion_order(items, self._one, self.concurrency):
                pass
        finally:
            self.report.ended = _now()
            self.write_manifest(final=True)
        return self.report
