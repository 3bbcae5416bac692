"""Where an article's time goes: working model versus waiting for a free model slot.

The HTTP layer reports every model call here; the batch opens one ``ArticleClock`` per
article. A call's round trip splits into the time the endpoint says its model worked
(llama.cpp answers with ``timings``) and the rest, which is waiting in the endpoint's queue
(and transport back-off). Endpoints that report no timings count the whole round trip as
model time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class ArticleClock:
    """Seconds one article spent in model calls (re-asks included) and queued for a slot."""

    model_s: float = 0.0
    queued_s: float = 0.0

    def add_call(self, round_trip_s: float, model_s: float | None) -> None:
        worked = round_trip_s if model_s is None else min(model_s, round_trip_s)
        self.model_s += worked
        self.queued_s += round_trip_s - worked


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


def endpoint_model_seconds(content: bytes) -> float | None:
    """The model's own working time from a llama.cpp answer's ``timings``, if it has one."""
    try:
        timings = json.loads(content).get("timings")
        if not isinstance(timings, dict):
            return None
        worked_ms = float(timings.get("prompt_ms") or 0) + float(timings.get("predicted_ms") or 0)
    except (ValueError, AttributeError, TypeError):
        return None
    return worked_ms / 1000 if worked_ms > 0 else None
