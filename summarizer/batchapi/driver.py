"""Drives article plans to completion through provider batches.

Each round asks every unfinished plan for its next calls, answers the ones already
collected (a resumed run replays them from the run folder), and sends the rest as
batches, unless a batch already in flight holds them. Then it polls until a batch ends,
collects its output and error files, and feeds the answers to the plans. Lines that
failed go into the next round's batch (up to ``line_retries`` times), as do the plans'
re-asks; with ``direct_followups`` those are sent as direct calls instead.

How plans are driven: ``next_calls`` is asked again only once every call it returned
has been answered, so it never sees calls still in flight; ``brief`` is asked once, when
``next_calls`` returns nothing. A plan that raises ends with that error, and its article
fails alone.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from summarizer.batchapi.answers import ParsedFile, parse_lines
from summarizer.batchapi.chunks import chunk_lines
from summarizer.batchapi.cost import Usage
from summarizer.batchapi.lines import RequestLine, request_line
from summarizer.batchapi.provider import BatchProvider, BatchStatus
from summarizer.batchapi.state import BatchRecord, RunState, StateStore
from summarizer.briefing.plan import ArticlePlan, CallAnswer

# A plan re-asks a few times at most; more rounds than this mean it is stuck in a loop.
MAX_STEPS = 50


@dataclass(frozen=True)
class BatchOptions:
    model: str
    mode: str
    max_requests: int = 50_000
    max_bytes: int = 200_000_000
    poll_seconds: float = 10.0
    poll_max_seconds: float = 300.0
    line_retries: int = 1
    direct_followups: bool = False
    direct_concurrency: int = 4


@dataclass
class _Track:
    """One plan and the calls it waits for (custom_id -> line)."""

    plan: ArticlePlan
    outstanding: dict[str, RequestLine] = field(default_factory=dict)
    steps: int = 0
    finished: bool = False


class BatchCancelled(RuntimeError):
    """The run's batches were cancelled (``--cancel``); it cannot go on."""


Finished = Callable[[ArticlePlan, Exception | None], None]
# Hooks for the caller: record a collected answer (the call log), and progress text.
# Called with the answers collected together (one batch's, or the direct calls'), and
# the batch's id ("direct" for those).
AnswerHook = Callable[[list[tuple[RequestLine, CallAnswer]], str], None]


class BatchDriver:
    def __init__(self, provider: BatchProvider, store: StateStore, options: BatchOptions,
                 say: Callable[[str], None], on_answer: AnswerHook | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 on_batch: Callable[[BatchRecord], None] | None = None) -> None:
        self.provider = provider
        self.store = store
        self.options = options
        self.say = say
        self.on_answer = on_answer
        self.sleep = sleep
        self.on_batch = on_batch
        self.state: RunState = store.load()
        self.answers: dict[str, CallAnswer] = store.load_answers()
        self._lines: dict[str, RequestLine] = {}

    # -- plans ---------------------------------------------------------------------------

    def _advance(self, track: _Track, on_finished: Finished) -> None:
        """Feed the plan what is answered; stop when it waits for something or is done.
        A plan that raises is finished with that error: one article must not stop a run."""
        try:
            self._step(track, on_finished)
        except Exception as error:
            track.finished, track.outstanding = True, {}
            on_finished(track.plan, error)

    def _step(self, track: _Track, on_finished: Finished) -> None:
        while True:
            if track.outstanding:
                if any(cid not in self.answers for cid in track.outstanding):
                    return
                for cid in track.outstanding:
                    track.plan.answer(self.answers[cid])
                    self._lines.pop(cid, None)  # answered: its text is no longer needed
                track.outstanding = {}
            calls = track.plan.next_calls()
            if not calls:
                track.finished = True
                on_finished(track.plan, None)
                return
            track.steps += 1
            if track.steps > MAX_STEPS:
                raise RuntimeError(f"the plan asked for calls {MAX_STEPS} times; stopped")
            for call in calls:
                line = request_line(track.plan.article_id, call, self.options.model,
                                    self.options.mode)
                track.outstanding[line.custom_id] = line
                self._lines[line.custom_id] = line

    def run(self, plans: list[ArticlePlan], on_finished: Finished) -> None:
        """Drive every plan to its end; ``on_finished`` gets each plan as it ends, with the
        exception it raised, if any."""
        if self.state.cancelled:
            raise BatchCancelled("this run's batches were cancelled; use a new --out folder "
                                 "or remove its .batchapi folder to start again")
        tracks = [_Track(plan) for plan in plans]
        while True:
            waiting: dict[str, RequestLine] = {}
            followups: set[str] = set()
            for track in tracks:
                if not track.finished:
                    self._advance(track, on_finished)
                if not track.finished:
                    waiting.update(track.outstanding)
                    if track.steps > 1:
                        followups.update(track.outstanding)
            if not waiting:
                return
            in_flight = self._in_flight()
            fresh = [line for cid, line in waiting.items() if cid not in in_flight]
            followups.update(cid for cid in waiting if cid in self.state.failures)
            if self.options.direct_followups:
                direct = [line for line in fresh if line.custom_id in followups]
                fresh = [line for line in fresh if line.custom_id not in followups]
                self._answer_directly(direct)
            if fresh:
                self._submit(fresh)
            if self._in_flight():
                self._wait_and_collect()

    # -- batches -------------------------------------------------------------------------

    def _live(self) -> list[BatchRecord]:
        return [b for b in self.state.batches if not b.collected]

    def _in_flight(self) -> set[str]:
        ids: set[str] = set()
        for record in self._live():
            ids.update(self.store.read_ids(record))
        return ids

    def _submit(self, lines: list[RequestLine]) -> None:
        round_number = 1 + max((b.round for b in self.state.batches), default=0)
        for chunk in chunk_lines(lines, self.options.max_requests, self.options.max_bytes):
            ids = [line.custom_id for line in chunk]
            key = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:32]
            record = BatchRecord(number=len(self.state.batches) + 1, round=round_number,
                                 chunk_key=key, requests=len(chunk))
            self.store.write_ids(record, ids)
            self.store.write_input(record, [line.text for line in chunk])
            self.state.batches.append(record)
            self.store.save(self.state)  # noted before it exists: see _create
            self._create(record)

    def _create(self, record: BatchRecord) -> None:
        metadata = self.store.metadata(self.state, record)
        found = self.provider.find(metadata) if record.input_file_id else None
        if found is None:
            if record.input_file_id is None:
                record.input_file_id = self.provider.upload(self.store.input_path(record))
                self.store.save(self.state)
            found = self.provider.create(record.input_file_id, metadata)
        record.batch_id = found.batch_id
        self._note(record, found)
        if self.on_batch:
            self.on_batch(record)
        self.say(f"batch {record.number} ({found.batch_id}): {record.requests} requests, "
                 f"round {record.round}")

    def _note(self, record: BatchRecord, status: BatchStatus) -> None:
        record.status = status.status
        record.completed, record.failed = status.completed, status.failed
        record.output_file_id, record.error_file_id = status.output_file_id, status.error_file_id
        record.usage = status.usage
        self.store.save(self.state)

    def resume_pending_creations(self) -> None:
        """Batches noted but never confirmed created: find them at the provider, or create."""
        for record in self._live():
            if record.batch_id is None:
                self._create(record)

    def _wait_and_collect(self) -> None:
        self.resume_pending_creations()
        interval = self.options.poll_seconds
        seen: dict[str, tuple[str, int, int]] = {}
        while True:
            ended = []
            for record in self._live():
                assert record.batch_id is not None
                status = self.provider.retrieve(record.batch_id)
                self._note(record, status)
                shown = (status.status, status.completed, status.failed)
                if seen.get(record.batch_id) != shown:
                    seen[record.batch_id] = shown
                    self.say(f"batch {record.number} ({record.batch_id}): {status.status}, "
                             f"{status.completed}/{status.total or record.requests} completed, "
                             f"{status.failed} failed")
                if status.terminal:
                    ended.append((record, status))
            if ended:
                for record, status in ended:
                    self._collect(record, status)
                return
            self.sleep(interval)
            interval = min(interval * 1.5, self.options.poll_max_seconds)

    def _collect(self, record: BatchRecord, status: BatchStatus) -> None:
        ids = self.store.read_ids(record)
        key_of = {cid: cid for cid in ids}  # answers keep the custom id; the key is set below
        tools = self.options.mode == "tools"
        parsed = ParsedFile()
        for file_id in (status.output_file_id, status.error_file_id):
            if file_id:
                # Streamed to disk and read line by line: an output file can be large.
                path = self.provider.download(file_id, self.store.download_path(record))
                with path.open("rb") as lines:
                    part = parse_lines(lines, tools, key_of)
                path.unlink()
                parsed.answers.update(part.answers)
                parsed.completed.update(part.completed)
                parsed.malformed.extend(part.malformed)
        for problem in parsed.malformed:
            self.say(f"batch {record.number}: unreadable output {problem}")
        final: dict[str, CallAnswer] = {}
        for cid in ids:
            answer = parsed.answers.get(cid)
            key = self._lines[cid].key if cid in self._lines else ""
            if answer is not None and (answer.content is not None or cid in parsed.completed):
                # An answer, or a completed one the plan must judge (a length cut-off, a
                # refusal): asking the same again would give the same.
                final[cid] = CallAnswer(key=key, content=answer.content,
                                        prompt_tokens=answer.prompt_tokens,
                                        completion_tokens=answer.completion_tokens,
                                        error=answer.error)
            else:
                why = answer.error if answer and answer.error else (
                    f"no answer in batch {record.batch_id} ({status.status})")
                tries = self.state.failures.get(cid, 0) + 1
                self.state.failures[cid] = tries
                if status.status == "cancelled" or tries > self.options.line_retries:
                    final[cid] = CallAnswer(key=key, content=None, error=why)
        if self.on_answer:
            self.on_answer([(self._lines[cid], answer) for cid, answer in final.items()
                            if cid in self._lines], record.batch_id or "")
        # Answers first, then the mark: a kill in between collects this batch again.
        self.store.append_answers(final)
        self.answers.update(final)
        record.collected = True
        self.store.save(self.state)
        self.store.input_path(record).unlink(missing_ok=True)  # the provider has its copy
        if self.on_batch:
            self.on_batch(record)
        retry = len(ids) - len(final)
        self.say(f"batch {record.number} ({record.batch_id}) {status.status}: "
                 f"{sum(1 for a in final.values() if a.content is not None)} answers, "
                 f"{retry} to ask again"
                 + (f" ({status.errors})" if status.errors else ""))

    def _answer_directly(self, lines: list[RequestLine]) -> None:
        if not lines:
            return
        tools = self.options.mode == "tools"

        def one(line: RequestLine) -> tuple[RequestLine, CallAnswer]:
            try:
                body = self.provider.chat(line.body)
            except Exception as error:  # reported as this call's failure, like a batch line
                return line, CallAnswer(key=line.key, content=None,
                                        error=f"{type(error).__name__}: {error}"[:400])
            row = {"custom_id": line.custom_id, "response": {"status_code": 200, "body": body}}
            parsed = parse_lines([json.dumps(row).encode()], tools, {line.custom_id: line.key})
            return line, parsed.answers[line.custom_id]

        self.say(f"{len(lines)} follow-up calls sent directly")
        with ThreadPoolExecutor(max_workers=self.options.direct_concurrency) as pool:
            results = list(pool.map(one, lines))
        final: dict[str, CallAnswer] = {}
        for line, answer in results:
            final[line.custom_id] = answer
            used = self.state.direct_usage
            used[0] += answer.prompt_tokens
            used[1] += answer.completion_tokens
            used[2] += 1
        if self.on_answer:
            self.on_answer(results, "direct")
        self.store.append_answers(final)
        self.answers.update(final)
        self.store.save(self.state)

    # -- cancel --------------------------------------------------------------------------

    def cancel(self) -> list[str]:
        """Cancel every batch of this run still in flight; the run is then closed."""
        cancelled = []
        for record in self._live():
            if record.batch_id is None:
                found = self.provider.find(self.store.metadata(self.state, record))
                if found is None:
                    record.collected = True
                    continue
                record.batch_id = found.batch_id
            status = self.provider.cancel(record.batch_id)
            self._note(record, status)
            cancelled.append(record.batch_id)
        self.state.cancelled = True
        self.store.save(self.state)
        return cancelled

    def live_batch_ids(self) -> list[str]:
        return [b.batch_id for b in self._live() if b.batch_id]

    def usage(self) -> Usage:
        """Tokens of every answer this run's batches (and direct calls) gave."""
        total = Usage()
        for answer in self.answers.values():
            if answer.content is not None:
                total.add(answer.prompt_tokens, answer.completion_tokens)
        return total

    def billed_usage(self) -> tuple[Usage, str]:
        """What the provider bills: its own usage figures for every batch (failed and
        re-sent lines included) plus direct calls; where a batch reports none, the
        answers' own usage instead."""
        created = [b for b in self.state.batches if b.batch_id]
        if not created or any(b.usage is None for b in created):
            return self.usage(), "answer lines"
        total = Usage(*self.state.direct_usage)
        for batch in created:
            usage = batch.usage or {}
            total.prompt_tokens += int(usage.get("input_tokens") or 0)
            total.completion_tokens += int(usage.get("output_tokens") or 0)
            total.requests += batch.completed
        return total, "batch usage figures"

    def batches_summary(self) -> list[dict[str, object]]:
        return [{"batch_id": b.batch_id, "input_file_id": b.input_file_id,
                 "output_file_id": b.output_file_id, "error_file_id": b.error_file_id,
                 "status": b.status, "round": b.round, "requests": b.requests,
                 "completed": b.completed, "failed": b.failed, "usage": b.usage}
                for b in self.state.batches]
