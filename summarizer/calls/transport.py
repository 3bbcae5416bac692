"""The HTTP layer under the OpenAI client: call log, response cache, retries.

Request metadata (run, article, prompt version, schema hash) travels as ``x-summarizer-*``
headers that this transport reads and strips, so the endpoint never sees them and the
pipeline needs no side channel (a request that ``posting`` makes carries the same values
as a request extension instead).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections import defaultdict
from typing import Any
from urllib.parse import quote, unquote

import httpx2

from summarizer.calllog import CallLog, CallRecord
from summarizer.calls import json_bytes
from summarizer.calls.answer_json import answer_json
from summarizer.calls.retry import RETRIES_EXTENSION
from summarizer.redaction import redact
from summarizer.timing import model_seconds_in, record_call

META_PREFIX = "x-summarizer-"
# What posting.ChatPost gives a request it makes, in place of work here: the metadata's
# values (no headers to strip) and the body as a dict (no JSON to parse again).
META_EXTENSION = "summarizer_meta"
BODY_EXTENSION = "summarizer_body"
_UNPARSED: Any = object()


def meta_headers(**values: str) -> dict[str, str]:
    """Metadata for the call log, as headers (percent-encoded: headers are ASCII)."""
    return {META_PREFIX + k.replace("_", "-"): quote(v, safe="") for k, v in values.items()}


def request_hash(request: httpx2.Request, body: bytes, parsed: Any = _UNPARSED,
                 endpoint: str | None = None) -> str:
    """Identity of a request: endpoint path and canonical JSON body (headers excluded).
    ``parsed`` is the body already parsed, if the caller has it (a 10 KB body takes
    tens of microseconds to parse, on every call). ``endpoint`` names the endpoint in
    place of the URL's host and port, for a server whose port changes between starts."""
    try:
        data = json.loads(body) if parsed is _UNPARSED else parsed
        canonical = json_bytes.canonical(data)
    except ValueError:
        canonical = body
    digest = hashlib.sha256()
    where = endpoint if endpoint is not None else f"{request.url.host}:{request.url.port}"
    digest.update(f"{where}{request.url.path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


def _usage(data: Any) -> tuple[int, int]:
    try:
        usage = data.get("usage") or {}
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    except (AttributeError, TypeError, ValueError):
        return 0, 0


def _cacheable(status: int, data: Any) -> bool:
    try:
        return status == 200 and bool(data.get("choices"))
    except AttributeError:
        return False


def _take_meta(request: httpx2.Request) -> dict[str, str]:
    """The metadata: from the request's extension where posting put it there, else the
    ``x-summarizer-*`` headers' values, removed from ``request`` itself: the request
    goes on as it is, not rebuilt without them (a new request and its headers were a
    tenth of this transport's time)."""
    given: dict[str, str] | None = request.extensions.get(META_EXTENSION)
    if given is not None:
        return given
    names = [name for name in request.headers if name.startswith(META_PREFIX)]
    meta = {name[len(META_PREFIX):]: unquote(request.headers[name]) for name in names}
    for name in names:
        del request.headers[name]
    return meta


class CallLogTransport(httpx2.AsyncBaseTransport):
    """Logs each model call to the call log and answers repeats from it."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, log: CallLog | None,
                 use_cache: bool = True, secret: str = "", endpoint: str | None = None) -> None:
        self._inner = inner
        self._endpoint = endpoint
        self._secret = secret
        self._log = log
        self._use_cache = use_cache and log is not None
        self._attempts: defaultdict[tuple[str, str], int] = defaultdict(int)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        meta = _take_meta(request)
        body = await request.aread()
        parsed: Any = request.extensions.get(BODY_EXTENSION, _UNPARSED)
        if parsed is _UNPARSED:
            with contextlib.suppress(ValueError):  # then request_hash hashes the raw bytes
                parsed = json.loads(body)
        key = request_hash(request, body, parsed, self._endpoint)
        run_id, article_id = meta.get("run", ""), meta.get("article", "")
        self._attempts[(run_id, article_id)] += 1
        model = ""
        with contextlib.suppress(AttributeError):
            model = str(parsed.get("model", ""))

        def record(status: int | None, content: bytes | None, latency: float, retries: int,
                   cached: bool, error: str | None, data: Any = None) -> None:
            model_s = model_seconds_in(data) if data is not None else None
            if not cached:
                record_call(latency, model_s)
            if self._log is None:
                return
            prompt_tokens, completion_tokens = _usage(data) if data is not None else (0, 0)
            # An endpoint may echo the key back (in an auth error, say): never store it.
            text = content.decode("utf-8", "replace") if content is not None else None
            self._log.record(CallRecord(
                run_id=run_id, article_id=article_id, request_hash=key, model=model,
                prompt_version=meta.get("prompt-version", ""),
                schema_hash=meta.get("schema-hash", ""), status=status,
                response=redact(text, self._secret) if text is not None else None,
                prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                latency_ms=latency * 1000, attempt=self._attempts[(run_id, article_id)],
                transport_retries=retries, cached=cached,
                error=redact(error, self._secret) if error else None,
                model_ms=model_s * 1000 if model_s is not None else None,
            ))

        if self._use_cache and self._log is not None:
            cached = self._log.cached_response(key)
            if cached is not None:
                answer = httpx2.Response(200, headers={"content-type": "application/json"},
                                         content=cached.encode("utf-8"), request=request)
                record(200, answer.content, 0.0, 0, True, None, answer_json(answer))
                return answer
        started = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
        except Exception as error:
            record(None, None, time.perf_counter() - started, 0, False,
                   f"{type(error).__name__}: {error}")
            raise
        retries = int(response.extensions.get(RETRIES_EXTENSION, 0))
        data = answer_json(response)
        error_text = None if _cacheable(response.status_code, data) else (
            f"HTTP {response.status_code}")
        record(response.status_code, response.content, time.perf_counter() - started, retries,
               False, error_text, data)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
