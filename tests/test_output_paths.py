"""Files land inside the output folder the user gave, whatever the name asks for."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

import pytest

from summarizer import output
from summarizer.output import TEMP_PREFIX, path_inside, path_inside_real, write_atomic


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
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def short_write(fd: int, data: bytes | memoryview) -> int:
        return real_write(fd, data[:1000])  # as a pipe or a full buffer may: part of it

    monkeypatch.setattr(output.os, "write", short_write)
    old = os.umask(0o027)
    try:
        text = "“Zürich” " * 20_000
        write_atomic(tmp_path / "b.json", text)
        assert (tmp_path / "b.json").read_text("utf-8") == text
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


def test_briefs_are_written_on_the_event_loop_while_writes_are_quick_and_in_a_thread_while_slow(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each write is timed; the typical write (a moving average) decides where the next
    one goes. The writer's clock is the test's: each write advances it by that write's
    delay, so a busy machine's real pauses cannot move a write."""
    delays: list[float] = []
    threads: list[int] = []
    real_write = output.write_atomic
    clock = [0.0]

    class _Clock:
        @staticmethod
        def perf_counter() -> float:
            return clock[0]

    def timed(path: Path, content: str) -> None:
        threads.append(threading.get_ident())
        clock[0] += delays.pop(0)
        real_write(path, content)

    monkeypatch.setattr(output, "time", _Clock)
    monkeypatch.setattr(output, "write_atomic", timed)
    writer = output.BriefWriter()

    async def run(plan: list[float]) -> list[bool]:
        """For each write, whether it ran away from the event loop's thread."""
        delays.extend(plan)
        threads.clear()
        for number in range(len(plan)):
            await writer.write(tmp_path / f"b{number}.json", f"{number}\n")
        return [ident != threading.get_ident() for ident in threads]

    assert asyncio.run(run([0.0] * 3)) == [False] * 3
    assert asyncio.run(run([0.012, 0.012, 0.012, 0.0])) == [False, True, True, True]
    # Quick writes in the thread bring the average back down, and the writes back.
    moved = asyncio.run(run([0.0] * 12))
    assert moved[0] and not moved[-1] and moved == sorted(moved, reverse=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"b{n}.json" for n in range(12))
    assert all((tmp_path / f"b{n}.json").read_text() == f"{n}\n" for n in range(3))
