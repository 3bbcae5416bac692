"""A private event loop on its own thread, for the blocking API.

Blocking calls run their coroutine there and wait for it, so they work the same in a
script, in a thread, or in a notebook whose own loop is already running. A
``KeyboardInterrupt`` (Ctrl-C) while waiting cancels the coroutine and waits for it to
unwind (in-flight calls stopped, files closed) before it is raised again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

Result = TypeVar("Result")

UNWIND_SECONDS = 30.0
WAKE_SECONDS = 0.1


class LoopThread:
    """Runs coroutines on one event loop in a daemon thread until ``stop()``."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever,
                                        name="summarizer-session", daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Result]) -> Result:
        """The coroutine's result (or exception), run on the loop thread."""
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("a blocking session call cannot run inside its own loop")
        finished = threading.Event()
        holder: list[asyncio.Task[Result]] = []

        def start() -> None:
            task = self._loop.create_task(coroutine)
            task.add_done_callback(lambda _: finished.set())
            holder.append(task)

        def cancel() -> None:
            if holder:
                holder[0].cancel()

        self._loop.call_soon_threadsafe(start)
        try:
            # In short waits: a signal that lands on another thread (or interrupt_main)
            # only takes effect when this thread runs Python code again.
            while not finished.wait(WAKE_SECONDS):
                pass
        except BaseException:
            # Ctrl-C lands here, in the waiting thread: stop the work and let it unwind.
            self._loop.call_soon_threadsafe(cancel)
            finished.wait(UNWIND_SECONDS)
            raise
        return holder[0].result()

    def stop(self) -> None:
        """Close abandoned iterators, finish pending thread work (brief writes), then stop
        and close the loop."""
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            # Abandoned async iterators first: closing them cancels their work in flight.
            self.run(self._loop.shutdown_asyncgens())
            self.run(self._loop.shutdown_default_executor())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
        self._loop.close()
