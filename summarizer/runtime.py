"""Opening a backend: the embedded engine or a remote endpoint, behind one interface."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx2

from summarizer.calllog import CallLog
from summarizer.calls.client import build_client
from summarizer.engine import LocalEngine
from summarizer.model_store import Progress, ensure_model
from summarizer.pipeline import Summariser
from summarizer.settings import Settings


@asynccontextmanager
async def open_summariser(settings: Settings, log: CallLog | None = None,
                          progress: Progress | None = None,
                          inner: httpx2.AsyncBaseTransport | None = None,
                          on_status: Callable[[str], None] | None = None,
                          limits: httpx2.Limits | None = None,
                          ) -> AsyncIterator[Summariser]:
    """A ready Summariser; the embedded engine, if used, stops when the block ends."""
    engine: LocalEngine | None = None
    base_url, api_key = settings.base_url, settings.api_key
    endpoint: str | None = None
    if settings.backend == "local" and not base_url:
        model_path = ensure_model(progress=progress)
        if on_status:
            on_status(f"starting the embedded model ({model_path.name})")
        engine = LocalEngine(model_path, n_parallel=settings.n_parallel,
                             context_per_slot=settings.context_per_slot)
        base_url = engine.start()
        # A new port each start: the cache knows the engine by its weights instead, so a
        # rerun is answered from the call log.
        endpoint = f"embedded:{model_path.name}"
    client = build_client(settings, base_url or "https://api.openai.com/v1", api_key, log, inner,
                          endpoint, limits)
    try:
        yield Summariser(client, settings, settings.backend)
    finally:
        await client.aclose()
        if engine is not None:
            engine.stop()
