"""The one place that builds the OpenAI client and wraps it with instructor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx2
import instructor
from openai import AsyncOpenAI

from summarizer.calllog import CallLog
from summarizer.calls.network import network_for
from summarizer.calls.posting import ChatPost, chat_post
from summarizer.calls.retry import RetryingTransport, RetryPolicy
from summarizer.calls.transport import CallLogTransport
from summarizer.settings import Settings

INSTRUCTOR_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


@dataclass
class ModelClient:
    """An instructor-wrapped async OpenAI client plus the transport that logs its calls."""

    instructor: Any
    openai: AsyncOpenAI
    transport: CallLogTransport
    model: str
    http: httpx2.AsyncClient  # the SDK's HTTP client (its timeouts, its transport)
    mode: str = "json_schema"  # the instructor mode: how a call's schema reaches the endpoint
    chat_post: ChatPost | None = None  # the SDK's chat request, to post without its work
    chat_post_checked: bool = False

    def chat_template(self) -> ChatPost | None:
        """The SDK's chat request as a template (``posting``), made at the first call: in
        the event loop, as the SDK names the running async library in a header."""
        if not self.chat_post_checked:
            self.chat_post_checked = True
            self.chat_post = chat_post(self.openai)
        return self.chat_post

    async def aclose(self) -> None:
        await self.openai.close()


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(transport_retries=settings.transport_retries,
                       max_seconds=settings.retry_max_seconds)


def build_client(settings: Settings, base_url: str, api_key: str, log: CallLog | None,
                 inner: httpx2.AsyncBaseTransport | None = None,
                 endpoint: str | None = None,
                 limits: httpx2.Limits | None = None) -> ModelClient:
    """The client for one endpoint; ``inner`` replaces the network (tests, benchmarks).
    ``endpoint`` is what the answer cache knows the endpoint by, when its URL is not stable
    (the embedded engine listens on a new port each start). ``limits`` bound the network's
    connections."""
    # An article's passes go out together (up to three at once), re-asks beside them.
    network = inner or network_for(
        base_url, limits or httpx2.Limits(max_connections=max(settings.concurrency, 1) * 4))
    transport = CallLogTransport(RetryingTransport(network, retry_policy(settings)), log,
                                 use_cache=settings.use_cache, secret=api_key, endpoint=endpoint)
    http = httpx2.AsyncClient(transport=transport,
                              timeout=httpx2.Timeout(settings.request_timeout, connect=10.0))
    # The SDK's own retries are off: RetryingTransport is the one place that retries.
    client = AsyncOpenAI(base_url=base_url, api_key=api_key or "not-needed", http_client=http,
                         max_retries=0)
    mode = settings.instructor_mode
    wrapped = instructor.from_openai(client, mode=INSTRUCTOR_MODES[mode])
    return ModelClient(wrapped, client, transport, settings.model_name, http, mode)
