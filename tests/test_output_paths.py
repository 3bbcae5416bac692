"""Files land inside the output folder the user gave, whatever the name asks for."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from summarizer import output
from summarizer.output import (
    TEMP_PREFIX,
    WriterThread,
    path_inside,
    path_inside_real,
    write_atomic,
)


@pytest.mark.parametrize("name", ["../x.json", "a/b.json", "..", ".", "", "x\0y.json",
                                  "/etc/passwd"])
def test_a_name_that_leaves_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        path_inside(tmp_path, name)
    with pytest.raises(ValueError):
        path_inside_real(tmp_path.resolve(), name)


def test_a_plain_name_lands_in_the_resolved_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert path_inside(tmp_path / "link", "a.json") == real.resolve() / "a.json"


def test_a_brief_named_like_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "s1.json").symlink_to(tmp_path / "elsewhere.json")
    (out / "s2.json").symlink_to(out / "s1-real.json")  # a link inside: followed
    with pytest.raises(ValueError):
        path_inside_real(out.resolve(), "s1.json")
    assert path_inside_real(out.resolve(), "s2.json") == out.resolve() / "s1-real.json"


def test_a_written_file_is_whole_with_the_umasks_permissions_and_no_temp_left(
        tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        text = "“Zürich” " * 20_000  # larger than one write may take
        write_atomic(tmp_path / "b.json", text)
        write_atomic(tmp_path / "b.json", "again\n")  # replaces it
    finally:
        os.umask(old)
    assert (tmp_path / "b.json").read_text("utf-8") == "again\n"
    assert (tmp_path / "b.json").stat().st_mode & 0o777 == 0o640
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def test_a_write_that_fails_leaves_neither_file_nor_temp(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(OSError):
        output.write_atomic(tmp_path / "b.json", "text")
    assert os.listdir(tmp_path) == []


async def test_the_writer_thread_lands_every_file_whole_and_says_which_failed(
        tmp_path: Path) -> None:
    """Many writes asked for at once, from many tasks: each file whole, one thread for all,
    and a failed write's error goes to its own waiter only."""
    threads: set[threading.Thread] = set()

    def write(path: Path, content: str) -> None:
        threads.add(threading.current_thread())
        if path.name == "bad.json":
            raise OSError(28, "No space left on device")
        write_atomic(path, content)

    writer = WriterThread(write)
    names = [f"b{i}.json" for i in range(40)] + ["bad.json"]
    results = await asyncio.gather(
        *(writer.write(tmp_path / name, name * 1000) for name in names), return_exceptions=True)
    writer.close()
    assert [type(r).__name__ for r in results] == ["NoneType"] * 40 + ["OSError"]
    assert [t.name for t in threads] == ["summarizer-writer"]
    for name in names[:40]:
        assert (tmp_path / name).read_text("utf-8") == name * 1000
    assert not (tmp_path / "bad.json").exists()
    assert not any(t.is_alive() for t in threads)  # close ended it


async def test_a_write_whose_waiter_is_cancelled_still_lands(tmp_path: Path) -> None:
    started = threading.Event()

    def slow_write(path: Path, content: str) -> None:
        started.set()
        time.sleep(0.2)
        write_atomic(path, content)

    writer = WriterThread(slow_write)

    async def wait_for_it() -> None:
        await writer.write(tmp_path / "b.json", "whole\n")

    waiting = asyncio.ensure_future(wait_for_it())
    while not started.is_set():
        await asyncio.sleep(0.01)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    writer.close()  # after the write it was given
    assert (tmp_path / "b.json").read_text("utf-8") == "whole\n"
