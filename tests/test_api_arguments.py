"""Arguments of the wrong type, through the public names: a ConfigError that names the
argument, before any request, never a bare TypeError or AttributeError from inside."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import (
    ConfigError,
    Settings,
    Summarizer,
    build_story,
    evaluate,
    read_articles,
)
from tests.support.fake_endpoint import FakeEndpoint

KEY = "sk-test-SECRET-0123456789abcdef"


@pytest.fixture
def session() -> Iterator[tuple[Summarizer, FakeEndpoint]]:
    with FakeEndpoint() as server, Summarizer(Settings(
            backend="openai", base_url=server.base_url, api_key=KEY, model="fake-model",
            mode="json_schema")) as s:
        yield s, server


CALLS: dict[str, tuple[Callable[[Summarizer, Path], Any], str]] = {
    "article_id int": (lambda s, _: s.summarise("Some 3 cats.", article_id=5),  # type: ignore[arg-type]
                       "article_id must be a str, not int"),
    "title int": (lambda s, _: s.summarise("Some 3 cats.", title=5),  # type: ignore[arg-type]
                  "title must be a str, not int"),
    "items None": (lambda s, _: list(s.summarise_many(None)),  # type: ignore[arg-type]
                   "items must be an iterable"),
    "items one text": (lambda s, _: list(s.summarise_many("Some 3 cats.")),
                       "not one str (for one text, call summarise()"),
    "items one record": (lambda s, _: list(s.summarise_many({"id": "a", "text": "3 cats."})),
                         "not one dict"),
    "concurrency str": (lambda s, _: list(s.summarise_many(["3 cats."], concurrency="2")),  # type: ignore[arg-type]
                        "concurrency must be an int, not str"),
    "paths None": (lambda s, tmp: s.summarise_paths(None, out=tmp / "out"),  # type: ignore[arg-type]
                   "paths must be a path (str or Path) or a list of them, not NoneType"),
    "paths of ints": (lambda s, tmp: s.summarise_paths([1, 2], out=tmp / "out"),  # type: ignore[list-item]
                      "paths must be paths (str or Path), not int"),
    "out None": (lambda s, tmp: s.summarise_paths(tmp, out=None),  # type: ignore[arg-type]
                 "out must be a path (str or Path), not NoneType"),
    "paths concurrency float": (
        lambda s, tmp: s.summarise_paths(tmp, out=tmp / "out", concurrency=2.5),  # type: ignore[arg-type]
        "concurrency must be an int, not float"),
    "read_articles None": (lambda s, _: read_articles(None),  # type: ignore[arg-type]
                           "paths must be a path"),
    "evaluate None": (lambda s, tmp: evaluate(None, tmp),  # type: ignore[arg-type]
                      "pred must be a path (str or Path), not NoneType"),
    "evaluate floors list": (lambda s, tmp: evaluate(tmp, tmp, fail_under=[0.5]),  # type: ignore[arg-type]
                             "fail_under must be a mapping"),
    "build_story int": (lambda s, _: build_story(5),  # type: ignore[arg-type]
                        "briefs must be Briefs, brief files or folders, not int"),
    "build_story list of ints": (lambda s, _: build_story([5]),  # type: ignore[list-item]
                                 "briefs must be a path (str or Path), not int"),
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_wrong_argument_type_is_a_config_error_naming_it(
        call: str, session: tuple[Summarizer, FakeEndpoint], tmp_path: Path) -> None:
    s, server = session
    run, message = CALLS[call]
    with pytest.raises(ConfigError) as raised:
        run(s, tmp_path)
    assert message in str(raised.value)
    assert not server.requests


@pytest.mark.parametrize("given", ["x", {"backend": "openai"}, 3])
def test_settings_that_are_not_settings_are_a_config_error(given: Any) -> None:
    with pytest.raises(ConfigError, match="settings must be a Settings"):
        Summarizer(given)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("concurrency", "3", "setting concurrency must be an int, not str ('3')"),
    ("timeout", "fast", "setting timeout must be a number, not str ('fast')"),
    ("use_cache", 1, "setting use_cache must be True or False, not int"),
    ("max_reasks", True, "setting max_reasks must be an int, not bool"),
    ("api_key", b"sk-bytes-key", "setting api_key must be a str, not bytes"),
    ("base_url", "localhost:8080/v1", "base_url must be an http:// or https:// URL"),
    ("base_url", "ftp://example.org/v1", "base_url must be an http:// or https:// URL"),
])
def test_settings_of_the_wrong_type_are_a_config_error(field: str, value: Any,
                                                      message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings(**{"backend": "openai", "base_url": "http://127.0.0.1:9/v1", field: value})
    assert message in str(raised.value)
    assert "sk-bytes-key" not in str(raised.value)


def test_settings_of_the_declared_types_are_taken() -> None:
    settings = Settings(backend="openai", base_url="HTTPS://example.org/v1", timeout=5,
                        retry_max_seconds=2.5, use_cache=False)
    assert (settings.timeout, settings.use_cache) == (5, False)
