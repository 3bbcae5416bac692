from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import ConfigError, ModelFileError
from summarizer.model_store import ensure_model
from summarizer.settings import resolve


def test_flags_beat_environment_beat_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('concurrency = 3\nmodel = "from-file"\nmax_reasks = 2\n', "utf-8")
    env = {"SUMMARIZER_MODEL": "from-env", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    settings = resolve({"concurrency": 5, "model": None}, config, env)
    assert settings.concurrency == 5          # flag
    assert settings.model == "from-env"       # env over file
    assert settings.max_reasks == 2           # file over default
    assert settings.backend == "openai"       # an endpoint is configured
    assert resolve({}, tmp_path / "none.toml", {}).backend == "local"


def test_key_in_config_file_and_bad_values_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('api_key = "sk-x"\n', "utf-8")
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve({}, config, {})
    with pytest.raises(ConfigError, match="concurrency"):
        resolve({"concurrency": "many"}, tmp_path / "none.toml", {})
    with pytest.raises(ConfigError, match="mode"):
        resolve({"mode": "telepathy"}, tmp_path / "none.toml", {})


def test_public_settings_never_hold_the_key() -> None:
    settings = resolve({"api_key": "sk-live-abcdef123456"}, Path("/nonexistent"), {})
    assert "sk-live" not in repr(settings)
    assert "sk-live" not in str(settings.public())
    assert settings.public()["api_key_set"] is True


def test_model_file_with_wrong_checksum_is_an_error(tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"GGUF" + b"\0" * 1024)
    with pytest.raises(ModelFileError, match="sha256"):
        ensure_model(fake)
    assert not (tmp_path / "model.gguf.sha256").exists()
