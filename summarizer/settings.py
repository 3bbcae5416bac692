"""Settings: flags over environment variables over the config file over defaults.

The API key is held but never rendered: ``public()`` is what manifests and logs see.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import ConfigError
from summarizer.paths import config_file

Backend = Literal["local", "openai"]
MODES = ("json_schema", "tools", "json", "md_json")
LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
ENDPOINT_CONCURRENCY = 2

ENV_VARS = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "SUMMARIZER_MODEL",
    "backend": "SUMMARIZER_BACKEND",
    "mode": "SUMMARIZER_MODE",
    "concurrency": "SUMMARIZER_CONCURRENCY",
    "timeout": "SUMMARIZER_TIMEOUT",
}


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run. Every field can come from flags, env or the file.

    Made in code, it takes what it is given and the defaults for the rest, and reads no
    environment variable or file; a session given no settings resolves them as the command
    line does. A value out of range or of the wrong type is a ``ConfigError``. The API key
    is kept out of ``repr()`` and of ``public()``, which is what ``run.json`` records.

    >>> from summarizer import Settings
    >>> settings = Settings(backend="openai", base_url="http://127.0.0.1:8080/v1",
    ...                     model="qwen2.5", api_key="sk-not-shown", concurrency=4)
    >>> settings.concurrency, settings.model_name, settings.embedded
    (4, 'qwen2.5', False)
    >>> "sk-not-shown" in repr(settings), settings.public()["api_key_set"]
    (False, True)
    >>> from dataclasses import replace
    >>> replace(settings, max_reasks=0).max_reasks
    0
    """

    backend: Backend = "local"
    model: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    mode: str = ""
    # 0 means "not chosen": the embedded engine's slots (more would only wait in its queue),
    # else ENDPOINT_CONCURRENCY. Resolved when the settings are made.
    concurrency: int = 0
    timeout: float = 0.0
    max_reasks: int = 1
    transport_retries: int = 5
    retry_max_seconds: float = 120.0
    temperature: float = 0.0
    max_tokens: int = 2048
    max_chars: int = 400_000
    part_chars: int = 12_000
    # Measured on 2 cores: two slots gave no more throughput than one (docs/BENCHMARKS.md).
    n_parallel: int = 1
    context_per_slot: int = 8192
    use_cache: bool = True
    # Provider batch API (--batch-api). Defaults are OpenAI's limits for one batch input
    # file, as the openai SDK documents batches.create: 50,000 requests and 200 MB.
    batch_max_requests: int = 50_000
    batch_max_bytes: int = 200_000_000
    batch_poll_seconds: float = 10.0  # first wait between status checks; grows 1.5x a check
    batch_poll_max_seconds: float = 300.0
    batch_line_retries: int = 1  # follow-up batches for a line that failed
    batch_direct_followups: bool = False  # send re-asks and failed lines as direct calls
    # On-demand prices in USD per million tokens; 0 means none configured, so no cost is
    # computed. batch_discount is the batch API's reduction on them (OpenAI: 50%).
    price_prompt_per_mtok: float = 0.0
    price_completion_per_mtok: float = 0.0
    batch_discount: float = 0.5

    def __post_init__(self) -> None:
        _check_types(self)
        if self.base_url and not _URL.match(self.base_url):
            raise ConfigError(f"base_url must be an http:// or https:// URL, "
                              f"not {self.base_url!r}")
        if self.concurrency == 0:
            default = self.n_parallel if self.embedded else ENDPOINT_CONCURRENCY
            object.__setattr__(self, "concurrency", default)
        if self.backend not in ("local", "openai"):
            raise ConfigError(f"backend must be 'local' or 'openai', not {self.backend!r}")
        if self.mode and self.mode not in MODES:
            raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        for name in ("concurrency", "n_parallel", "max_tokens", "part_chars", "max_chars"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1")
        if self.batch_max_requests < 1 or self.batch_max_bytes < 1 or self.batch_line_retries < 0:
            raise ConfigError("batch_max_requests and batch_max_bytes must be at least 1, "
                              "batch_line_retries not negative")
        if not 0.0 <= self.batch_discount < 1.0 or self.batch_poll_seconds <= 0:
            raise ConfigError("batch_discount must be in [0, 1), batch_poll_seconds above 0")
        if self.max_reasks < 0 or self.transport_retries < 0:
            raise ConfigError("max_reasks and transport_retries must not be negative")
        if self.backend == "openai" and not self.base_url and not self.api_key:
            raise ConfigError("backend 'openai' needs OPENAI_API_KEY or a base URL")

    @property
    def embedded(self) -> bool:
        """Whether the run starts the embedded engine (local backend, no endpoint URL)."""
        return self.backend == "local" and not self.base_url

    @property
    def model_name(self) -> str:
        return self.model or (LOCAL_MODEL_NAME if self.backend == "local" else "gpt-4o-mini")

    @property
    def instructor_mode(self) -> str:
        """JSON_SCHEMA suits llama.cpp-style servers; TOOLS suits OpenAI itself."""
        if self.mode:
            return self.mode
        if self.backend == "local":
            return "json_schema"
        return "tools" if "api.openai.com" in (self.base_url or "api.openai.com") else (
            "json_schema")

    @property
    def request_timeout(self) -> float:
        if self.timeout > 0:
            return self.timeout
        # Two CPU cores generate about 30 tokens/s: a long brief can take minutes.
        return 900.0 if self.backend == "local" else 120.0

    def public(self) -> dict[str, Any]:
        """Settings safe to store or print: no key, only whether one was given."""
        values = asdict(self)
        values.pop("api_key")
        values["api_key_set"] = bool(self.api_key)
        values["model"] = self.model_name
        values["mode"] = self.instructor_mode
        return values


_URL = re.compile(r"https?://[^/\s]", re.IGNORECASE)
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "int": ((int,), "an int"), "float": ((int, float), "a number"),
    "bool": ((bool,), "True or False"), "str": ((str,), "a str"), "Backend": ((str,), "a str")}


def _check_types(settings: Settings) -> None:
    """Each field of the type it is declared with (ConfigError otherwise): a value given in
    code, unlike one from flags, env or the file, is not converted on the way in."""
    for item in fields(settings):
        value = getattr(settings, item.name)
        wanted, described = _TYPES.get(str(item.type), ((), ""))
        wrong_bool = isinstance(value, bool) and bool not in wanted
        if wanted and (wrong_bool or not isinstance(value, wanted)):
            shown = "" if item.name == "api_key" else f" ({value!r})"  # never the key
            raise ConfigError(f"setting {item.name} must be {described}, "
                              f"not {type(value).__name__}{shown}")


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes")
    except (TypeError, ValueError) as error:
        raise ConfigError(f"setting {name}: {raw!r} is not a valid {kind}") from error
    return str(raw)


def _from_file(path: Path | None) -> dict[str, Any]:
    path = path or config_file()
    if not path.is_file():
        return {}
    try:
        loaded = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path}: {error}") from error
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(loaded) - known)
    if unknown:
        raise ConfigError(f"config file {path}: unknown settings {', '.join(unknown)}")
    if "api_key" in loaded:
        raise ConfigError(f"config file {path}: keep the API key in OPENAI_API_KEY, not a file")
    return {k: _coerce(k, v) for k, v in loaded.items()}


def _from_env(environ: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, variable in ENV_VARS.items():
        value = environ.get(variable)
        if value:
            found[name] = _coerce(name, value)
    return found


def resolve(flags: dict[str, Any] | None = None, config_path: Path | None = None,
            environ: dict[str, str] | None = None) -> Settings:
    """Merge the sources; flags set to None count as not given."""
    env = dict(os.environ) if environ is None else environ
    merged: dict[str, Any] = {}
    merged.update(_from_file(config_path))
    merged.update(_from_env(env))
    merged.update({k: _coerce(k, v) for k, v in (flags or {}).items() if v is not None})
    if "backend" not in merged:
        # Contract: with nothing chosen and no endpoint configured, use the embedded model.
        endpoint = merged.get("base_url") or merged.get("api_key")
        merged["backend"] = "openai" if endpoint else "local"
    # Built afresh, not replaced on a default instance: unset fields that depend on others
    # (concurrency) resolve from the merged values.
    return Settings(**merged)
