"""Writing into the user's output folder: atomic, and never outside it."""

from __future__ import annotations

import itertools
import json
import os
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
