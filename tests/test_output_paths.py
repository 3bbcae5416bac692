"""Files land inside the output folder the user gave, whatever the name asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.output import path_inside, path_inside_real


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
