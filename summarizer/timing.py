"""Where an article's time goes: working model versus waiting for a free model slot.

The HTTP layer reports every model call here; the batch opens one ``ArticleClock`` per
article. A call's round trip splits into the time the endpoint says its model worked
(llama.cpp answers with ``timings``) and the rest, which is waiting in the endpoint's queue
(and transport back-off). Endpoints that report no timings count the whole round trip as
model time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleClock:
    """Seconds one article spent in model calls (re-asks included) and queued for a slot.

    An article's passes may be in flight together, so the calls' times are not added up:
    ``model_s`` is the time during which the model worked on at least one of them, and
    ``queued_s`` the rest of the time during which at least one was out. Both are parts
    of the article's latency; for calls made one after another they are plain sums.
    """

    _calls: list[tuple[float, float, float]] = field(default_factory=list)

    def add_call(self, round_trip_s: float, model_s: float | None,
                 ended: float | None = None) -> None:
        """A call that ended at ``ended`` (``time.perf_counter()``, default now); the
        model's work is the end of its round trip, after any wait for a slot."""
        end = time.perf_counter() if ended is None else ended
        worked = round_trip_s if model_s is None else min(model_s, round_trip_s)
        self._calls.append((end - round_trip_s, end - worked, end))

    @property
    def model_s(self) -> float:
        return _covered([(working, end) for _, working, end in self._calls])

    @property
    def queued_s(self) -> float:
        return max(0.0, _covered([(start, end) for start, _, end in self._calls]) - self.model_s)


def _covered(spans: list[tuple[float, float]]) -> float:
    """Seconds covered by at least one of ``spans``."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


_current: ContextVar[ArticleClock | None] = ContextVar("summarizer_article_clock", default=None)


@contextmanager
def article_clock() -> Iterator[ArticleClock]:
    """Counts the model calls made in this block (in this task) to a fresh clock."""
    clock = ArticleClock()
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)


def record_call(round_trip_s: float, model_s: float | None) -> None:
    """Called by the HTTP layer for each model call that reached the endpoint."""
    clock = _current.get()
    if clock is not None:
        clock.add_call(round_trip_s, model_s)


def model_seconds_in(data: Any) -> float | None:
    """The model's own working time from a llama.cpp answer's ``timings`` (the answer's
    parsed JSON), if it has one."""
    try:
        timings = data.get("timings")
        if not isinstance(timings, dict):
            return None
        worked_ms = float(timings.get("prompt_ms") or 0) + float(timings.get("predicted_ms") or 0)
    except (ValueError, AttributeError, TypeError):
        return None
    return worked_ms / 1000 if worked_ms > 0 else None
