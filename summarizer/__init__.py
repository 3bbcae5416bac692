"""summarizer: structured, source-grounded briefs of news articles, and their evaluation.

Open a session once and brief through it; the embedded model (or the client of an
OpenAI-compatible endpoint) stays up until the block ends:

>>> from summarizer import Summarizer, evaluate
>>> with Summarizer() as s:
...     brief = s.summarise("Officials said 120 homes were flooded in Riverton.")
...     run = s.summarise_paths(["articles/"], out="briefs/")
>>> [figure.text for figure in brief.figures]
['120']
>>> run.count("done"), run.count("failed")
(2, 0)
>>> evaluate("briefs/", "gold/").fields["figures"].f1 > 0
True

With no settings given, a session uses what the command line would use with no flags:
``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` / ``SUMMARIZER_MODEL`` and the other environment
variables, then the config file, then the embedded local model. Pass a :class:`Settings`
to choose explicitly. Every error raised on purpose is a :class:`SummarizerError`.

Public names: the sessions (:class:`Summarizer`, :class:`AsyncSummarizer`) and one-call
shortcuts (:func:`summarise_text`, :func:`asummarise_text`); what they return
(:class:`Brief` and its items, :class:`RunReport`, :class:`ArticleOutcome`); reading
(:func:`read_articles`, :class:`Article`, :class:`ReadFailure`); scoring
(:func:`evaluate`, :class:`EvalReport` and its parts); the story builder
(:func:`build_story`, :class:`Story`); the errors.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion, Provenance
from summarizer.errors import (
    ArticleError,
    BackendError,
    ConfigError,
    ExtractionError,
    ModelFileError,
    SummarizerError,
)
from summarizer.settings import Settings

if TYPE_CHECKING:
    from summarizer.api.blocking import Summarizer
    from summarizer.api.inputs import read_articles
    from summarizer.api.scoring import (
        ArticleScore,
        Comparison,
        EvalReport,
        FieldChange,
        FieldScore,
        Grounding,
        evaluate,
    )
    from summarizer.api.session import AsyncSummarizer
    from summarizer.api.shortcuts import asummarise_text, summarise_text
    from summarizer.api.stories import build_story
    from summarizer.batch import ArticleOutcome, RunReport
    from summarizer.reading import Article, ReadFailure
    from summarizer.story.model import Story

__version__ = "0.1.0"

# Loaded on first use: the client stack (openai, instructor) takes seconds to import, and
# the command line imports this package for every command.
_LAZY = {
    "Summarizer": "summarizer.api.blocking",
    "AsyncSummarizer": "summarizer.api.session",
    "summarise_text": "summarizer.api.shortcuts",
    "asummarise_text": "summarizer.api.shortcuts",
    "read_articles": "summarizer.api.inputs",
    "evaluate": "summarizer.api.scoring",
    "EvalReport": "summarizer.api.scoring",
    "FieldScore": "summarizer.api.scoring",
    "ArticleScore": "summarizer.api.scoring",
    "Grounding": "summarizer.api.scoring",
    "Comparison": "summarizer.api.scoring",
    "FieldChange": "summarizer.api.scoring",
    "RunReport": "summarizer.batch",
    "ArticleOutcome": "summarizer.batch",
    "build_story": "summarizer.api.stories",
    "Story": "summarizer.story.model",
    "Article": "summarizer.reading",
    "ReadFailure": "summarizer.reading",
}

__all__ = [
    "Actor",
    "Article",
    "ArticleError",
    "ArticleOutcome",
    "ArticleScore",
    "AsyncSummarizer",
    "BackendError",
    "Brief",
    "Comparison",
    "ConfigError",
    "EvalReport",
    "Evidence",
    "ExtractionError",
    "FieldChange",
    "FieldScore",
    "Figure",
    "Grounding",
    "Location",
    "ModelFileError",
    "OpenQuestion",
    "Provenance",
    "ReadFailure",
    "RunReport",
    "Settings",
    "Story",
    "Summarizer",
    "SummarizerError",
    "asummarise_text",
    "build_story",
    "evaluate",
    "read_articles",
    "summarise_text",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
