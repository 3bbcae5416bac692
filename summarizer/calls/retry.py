"""The one place that decides retries.

Two kinds, kept apart on purpose:
- transport retries (this module's ``RetryingTransport``, with tenacity): 429 honouring
  Retry-After, 5xx, timeouts, dropped connections, a 200 whose body is cut off; exponential
  backoff with jitter, bounded in count and in time;
- validation re-asks (instructor's ``max_retries``): the model's answer parsed but failed
  the schema or grounding, so the model is asked again with the errors. ``reasks`` below.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_random_exponential,
)
from tenacity.stop import stop_base

from summarizer.calls.answer_json import is_json

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
RETRIES_EXTENSION = "summarizer_transport_retries"


@dataclass(frozen=True)
class RetryPolicy:
    transport_retries: int = 5
    max_seconds: float = 120.0
    backoff_base: float = 0.5
    backoff_cap: float = 20.0


def retry_after_seconds(headers: httpx2.Headers) -> float | None:
    """Seconds to wait from a Retry-After header: a number, or an HTTP date."""
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _needs_retry(response: httpx2.Response) -> bool:
    if response.status_code in RETRY_STATUS:
        return True
    # A cut-off or garbled body: the same request may well succeed.
    return response.status_code == 200 and not is_json(response)


class _StopAfterDelaySince(stop_base):
    """tenacity's ``stop_after_delay``, counted from ``started`` (the first attempt,
    made before tenacity took over) rather than from tenacity's own start."""

    def __init__(self, started: float, max_delay: float) -> None:
        self.started = started
        self.max_delay = max_delay

    def __call__(self, retry_state: RetryCallState) -> bool:
        if retry_state.outcome_timestamp is None:
            raise RuntimeError("__call__() called but outcome_timestamp is not set")
        return retry_state.outcome_timestamp - self.started >= self.max_delay


class RetryingTransport(httpx2.AsyncBaseTransport):
    """Retries one HTTP request on transient failures; the caller sees one answer."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner = inner
        self._policy = policy

    def _wait(self, state: RetryCallState) -> float:
        backoff = wait_random_exponential(multiplier=self._policy.backoff_base,
                                          max=self._policy.backoff_cap)(state)
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            after = retry_after_seconds(outcome.result().headers)
            if after is not None:
                return min(after, self._policy.max_seconds)
        return float(backoff)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.monotonic()  # where tenacity would start counting max_seconds
        tries = 0

        async def send() -> httpx2.Response:
            nonlocal tries
            tries += 1
            response = await self._inner.handle_async_request(request)
            await response.aread()
            return response

        # Nearly every request is answered at once, and taking that answer needs none of
        # tenacity's machinery (some 60 us a call). A first outcome that may be retried
        # goes to tenacity below as its first attempt, replayed, not sent again.
        first: httpx2.Response | httpx2.TransportError | None
        try:
            first = await send()
        except httpx2.TransportError as error:
            first = error
        else:
            if not _needs_retry(first):
                first.extensions[RETRIES_EXTENSION] = 0
                return first

        async def attempt() -> httpx2.Response:
            nonlocal first
            replayed, first = first, None
            if replayed is None:
                return await send()
            if isinstance(replayed, httpx2.TransportError):
                raise replayed
            return replayed

        def give_up(state: RetryCallState) -> httpx2.Response:
            assert state.outcome is not None
            last: httpx2.Response = state.outcome.result()  # or its exception, re-raised
            return last

        retrying = AsyncRetrying(
            retry=retry_if_exception_type(httpx2.TransportError) | retry_if_result(_needs_retry),
            stop=stop_after_attempt(self._policy.transport_retries + 1)
            | _StopAfterDelaySince(started, self._policy.max_seconds),
            wait=self._wait,
            retry_error_callback=give_up,
        )
        try:
            response: httpx2.Response = await retrying(attempt)
        except httpx2.TransportError as error:
            error.add_note(f"after {tries} tries")
            raise
        response.extensions[RETRIES_EXTENSION] = tries - 1
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
