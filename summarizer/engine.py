"""The embedded engine: llama.cpp's server inside this process, on 127.0.0.1 only.

xllamacpp runs llama.cpp's own C++ HTTP server in background threads; it speaks the
OpenAI chat API with JSON-schema constrained decoding, so the rest of the tool talks to
it exactly as to any other endpoint. It dies with the process (Ctrl-C included).
"""

from __future__ import annotations

import gc
import os
import socket
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.errors import SummarizerError

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class LocalEngine:
    """Starts the model server on a free loopback port; ``base_url`` ends in /v1."""

    def __init__(self, model_path: Path, n_parallel: int = 1, context_per_slot: int = 8192,
                 threads: int | None = None) -> None:
        self.model_path = model_path
        self.n_parallel = n_parallel
        self.context_per_slot = context_per_slot
        self.threads = threads or max(1, os.cpu_count() or 1)
        self._server: Any = None
        self.base_url = ""

    def start(self) -> str:
        import xllamacpp as xlc

        params = xlc.CommonParams()
        params.model.path = str(self.model_path)
        params.n_ctx = self.context_per_slot * self.n_parallel
        params.n_parallel = self.n_parallel
        params.cpuparams.n_threads = self.threads
        params.cpuparams_batch.n_threads = self.threads
        params.hostnames = [HOST]
        params.port = free_port()
        params.cache_prompt = True
        # Only the slot's own cache: the prefix shared by every request is what pays, and a
        # host-memory cache of whole past prompts would grow with the batch.
        params.cache_ram_mib = 0
        params.warmup = False
        params.verbosity = -1
        try:
            self._server = xlc.Server(params)
        except Exception as error:  # the engine reports failures as plain exceptions
            raise SummarizerError(f"the embedded model server did not start: {error}") from error
        address = str(self._server.listening_address)
        if not address.startswith(("http://127.0.0.1:", f"http://{HOST}:")):
            raise SummarizerError(f"embedded server listens on {address}, not loopback")
        self.base_url = address.rstrip("/") + "/v1"
        self._wait_ready(address)
        return self.base_url

    def _wait_ready(self, address: str, seconds: float = 120.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(address + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SummarizerError("the embedded model server did not become ready")

    def stop(self) -> None:
        if self._server is not None:
            self._server = None
            gc.collect()  # the server shuts down when its object is freed

    def __enter__(self) -> LocalEngine:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

