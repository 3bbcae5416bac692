"""Where user state lives: one root folder, moved by one environment variable.

``SUMMARIZER_HOME`` moves everything (call log, model cache, config); without it the
platform's usual user folders are used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "SUMMARIZER_HOME"


def _root(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / kind
    if kind == "data":
        return Path(platformdirs.user_data_dir("summarizer"))
    if kind == "cache":
        return Path(platformdirs.user_cache_dir("summarizer"))
    return Path(platformdirs.user_config_dir("summarizer"))


def data_dir() -> Path:
    """Folder of the call log (SQLite)."""
    return _root("data")


def cache_dir() -> Path:
    """Folder of the assembled model file; survives ``SUMMARIZER_HOME`` changes only if set."""
    override = os.environ.get("SUMMARIZER_MODEL_CACHE")
    return Path(override).expanduser() if override else _root("cache")


def config_file() -> Path:
    """The optional TOML config file."""
    return _root("config") / "config.toml"


def call_log_path() -> Path:
    return data_dir() / "calls.sqlite3"
