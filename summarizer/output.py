"""Writing into the user's output folder: atomic, and never outside it."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEMP_PREFIX = ".summarizer-tmp-"


def path_inside(folder: Path, name: str) -> Path:
    """``folder/name``, refusing any name that would land elsewhere."""
    return path_inside_real(folder.resolve(), name)


def path_inside_real(root: Path, name: str) -> Path:
    """``path_inside`` for a folder already resolved (``Path.resolve``), as a run that
    writes many files resolves its folder once."""
    target = root / name
    # A plain file name that is no link needs no resolving (about 30 us, twice an
    # article on the batch API path); anything else is resolved and checked.
    if not _plain_name(name) or target.is_symlink():
        target = target.resolve()
    if target.parent != root:
        raise ValueError(f"refusing to write {name!r} outside {root}")
    return target


def _plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\0" not in name \
        and (os.altsep is None or os.altsep not in name)


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder, then rename: never a partial file.
    Plain os calls, not mkstemp and a file object: the brief writer's thread releases the
    interpreter at each call, and fewer calls cost the event loop fewer switches."""
    data = content.encode("utf-8")
    handle, temp = _new_temp(path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)
        finally:
            os.close(handle)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_TEMP_NUMBERS = itertools.count()
# Binary (no newline translation, where the platform has one) and not inherited by a
# child process, as mkstemp opened its files; either flag is 0 where the platform lacks it.
_TEMP_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
               | getattr(os, "O_CLOEXEC", 0))


def _new_temp(folder: Path) -> tuple[int, str]:
    """A new file of this process's own in ``folder``, open for writing, with the
    permissions any new file gets (the umask's)."""
    while True:
        temp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{next(_TEMP_NUMBERS)}.part")
        try:
            return os.open(temp, _TEMP_FLAGS, 0o666), temp
        except FileExistsError:
            continue  # left by a killed process that had the same id


def write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def remove_stale_temps(folder: Path) -> int:
    """Delete temporary files a killed run left behind (only this tool's own)."""
    removed = 0
    for stale in folder.glob(f"{TEMP_PREFIX}*.part"):
        stale.unlink(missing_ok=True)
        removed += 1
    return removed


_Job = tuple[Path, str, "asyncio.Future[None]"]
_Outcome = tuple["asyncio.Future[None]", Exception | None]


class WriterThread:
    """Writes files (``write_atomic``) for an event loop in one thread of its own, so their
    open, fsync and rename hold up no other work on the loop.

    One long-lived thread rather than a hand-off to a thread pool a file. Where the loop is
    never idle (32 articles in flight answered from the call log) the pool's threads and
    the loop fought over the interpreter lock: 0.2-0.3 ms of CPU an article more, and about
    eight context switches more in any run (docs/SCALE.md). Files asked for while one is
    written are written one after another on the thread's next turn, and their waiters
    woken with one call into the loop.

    ``write`` is called from the loop's own thread; the future it gives is settled with the
    write's outcome whatever happens to its waiter, so a file asked for is written whole or
    not at all. ``close``, once every write has been awaited, ends the thread.
    """

    def __init__(self, write: Callable[[Path, str], None] = write_atomic) -> None:
        self._write = write
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def write(self, path: Path, content: str) -> asyncio.Future[None]:
        """Write ``content`` to ``path``; the future ends when the file is in place, or
        with the error that stopped it."""
        loop = asyncio.get_running_loop()
        if self._thread is None:
            # A daemon, so that a hung disk cannot keep the interpreter from exiting: a
            # write cut short leaves a temporary file (removed by the next run), never part
            # of a file.
            self._thread = threading.Thread(target=self._run, args=(loop,),
                                            name="summarizer-writer", daemon=True)
            self._thread.start()
        done: asyncio.Future[None] = loop.create_future()
        self._jobs.put((path, content, done))
        return done

    def close(self) -> None:
        """End the thread after what it was given (all of it awaited by then, so this
        waits on no write)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        ending = False
        while not ending:
            jobs: list[_Job] = []
            job = self._jobs.get()
            while job is not None:
                jobs.append(job)
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
            ending = job is None
            outcomes: list[_Outcome] = []
            for path, content, done in jobs:
                try:
                    self._write(path, content)
                    outcomes.append((done, None))
                except Exception as error:  # the waiter's to handle
                    outcomes.append((done, error))
            if outcomes:
                with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits
                    loop.call_soon_threadsafe(_settle, outcomes)


def _settle(outcomes: list[_Outcome]) -> None:
    for done, error in outcomes:
        if done.cancelled():
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)
