"""Posting a chat-completions body as the openai SDK posts it, without its work per call.

For each call the SDK's ``post`` builds request options (a pydantic model, copied twice),
merges the client's headers into new header objects, serialises the body and builds the
request: about 0.25 ms of CPU a call, half of the client's own work for a call (measured
in-process through a mock transport), for a request whose URL and headers are the same on
every call. ``chat_post`` takes those once from the SDK's own request building; each call
then builds its request from the body alone, serialised as the SDK serialises it.

Only for a client whose requests the SDK does not change from call to call: a fixed API key,
not a key provider that refreshes it, a provider runtime or a workload identity that signs
each request. For any other client, or an SDK that does not build requests as this module
expects, ``chat_post`` gives None and calls go through the SDK's ``post`` as before.
``tests/test_posting.py`` compares the two requests byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httpx2
from openai import AsyncOpenAI

from summarizer.calls import json_bytes
from summarizer.calls.transport import BODY_EXTENSION, META_EXTENSION, META_PREFIX

# What makes the SDK change a request per call; each must be there, and unset.
_PER_CALL_AUTH = ("_provider_runtime", "_api_key_provider", "_workload_identity_auth")


@dataclass(frozen=True)
class ChatPost:
    """The URL and headers of every chat-completions request of one SDK client."""

    url: httpx2.URL
    headers: httpx2.Headers  # the client's own among them, merged by the SDK; Host too

    def request(self, http: httpx2.AsyncClient, body: dict[str, Any],
                extra_headers: dict[str, str]) -> httpx2.Request:
        """The request ``http.build_request`` would give, made directly: the template's
        headers need no merging with the client's, and no encoding again (merging and
        encoding headers were most of a request's making). The call log's metadata and
        the body as a dict travel as extensions (``transport``): not as headers for the
        call log to strip, nor as bytes for it to parse again."""
        content = body_bytes(body)
        headers = httpx2.Headers(self.headers)
        meta: dict[str, str] = {}
        for name, value in extra_headers.items():
            if name.startswith(META_PREFIX):
                meta[name[len(META_PREFIX):]] = unquote(value)
            else:
                headers[name] = value
        headers["Content-Length"] = str(len(content))
        request = httpx2.Request(
            "POST", self.url, headers=headers, stream=httpx2.ByteStream(content),
            extensions={"timeout": http.timeout.as_dict(), BODY_EXTENSION: body,
                        META_EXTENSION: meta})
        request.read()  # as a request made with content= is: its content is readable
        return request


def body_bytes(body: dict[str, Any]) -> bytes:
    """A JSON body as the SDK serialises it (``openai._utils._json.openapi_dumps``)."""
    return json_bytes.compact(body)


def chat_post(sdk: AsyncOpenAI) -> ChatPost | None:
    """The SDK's own chat-completions request, without a body, as a template; None where
    the SDK may change a request per call or does not build one as expected."""
    if not all(hasattr(sdk, name) and getattr(sdk, name) is None for name in _PER_CALL_AUTH):
        return None
    try:
        from openai._models import FinalRequestOptions

        options = FinalRequestOptions.construct(
            method="post", url="/chat/completions", json_data={}, headers={},
            security={"bearer_auth": True})
        request = sdk._build_request(options)
    except Exception:  # an SDK that builds requests otherwise: post through it
        return None
    headers = [(name, value) for name, value in request.headers.multi_items()
               if name.lower() != "content-length"]  # the body's own, set per call
    return ChatPost(request.url, httpx2.Headers(headers))
