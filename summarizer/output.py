"""Writing into the user's output folder: atomic, and never outside it."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
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


class BriefWriter:
    """Writes a run's briefs (``write_atomic``) on the event loop while writes are quick,
    and in a thread while they are not.

    On a local disk a brief's write, fsync included, takes a fraction of a millisecond,
    and handing it to a thread cost more CPU than the write itself: about 0.3 ms an
    article on the seed articles, a twentieth of the client's work (the thread's hand-offs
    and its taking the interpreter back after each system call). A slow write (a network
    file system, a disk under load) would hold up every other article's network I/O while
    it waits. So each write is timed, and while the typical write (a moving average that
    weighs the last one by ``WEIGHT``) takes more than ``SLOW_S``, writes wait in a thread:
    after a write of 12 ms the next one does, after one of 50 ms the next eight (if quick).
    A disk that is slow all along holds up the event loop once."""

    SLOW_S = 0.002
    WEIGHT = 0.2

    def __init__(self) -> None:
        self.typical_s = 0.0

    @property
    def in_thread(self) -> bool:
        return self.typical_s > self.SLOW_S

    def _timed_write(self, path: Path, content: str) -> None:
        started = time.perf_counter()
        try:
            write_atomic(path, content)
        finally:
            took = time.perf_counter() - started
            self.typical_s += self.WEIGHT * (took - self.typical_s)

    async def write(self, path: Path, content: str) -> None:
        """The file appears whole or not at all, also when the caller is cancelled
        meanwhile: a write in a thread goes on, and this waits for it before the
        cancellation goes on (``WrittenThenCancelled`` when it landed)."""
        if not self.in_thread:
            self._timed_write(path, content)
            return
        writing = asyncio.ensure_future(asyncio.to_thread(self._timed_write, path, content))
        try:
            await asyncio.shield(writing)
        except asyncio.CancelledError:
            await asyncio.wait([writing])
            if writing.cancelled() or writing.exception() is not None:
                raise
            raise WrittenThenCancelled from None


class WrittenThenCancelled(asyncio.CancelledError):
    """Cancelled while the file was being written in a thread; the file was written."""


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
