"""Scoring from Python: ``evaluate()`` runs what ``summarizer eval`` runs and returns the
report as typed values (the same numbers as ``report.json``)."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.api.arguments import PathLike, as_path
from summarizer.api.failures import as_summarizer_error
from summarizer.errors import ConfigError


@dataclass(frozen=True)
class FieldScore:
    """Precision, recall and F1 of one field (actors, locations, figures, open_questions),
    with the true positives, false positives and misses they come from.

    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> figures = evaluate("briefs/", "gold/", embeddings=False).fields["figures"]
    >>> figures.tp, figures.fp, figures.fn, figures.precision, figures.recall
    (2, 1, 0, 0.6667, 1.0)
    """

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FieldScore:
        return cls(float(data["precision"]), float(data["recall"]), float(data["f1"]),
                   int(data["tp"]), int(data["fp"]), int(data["fn"]))


@dataclass(frozen=True)
class ArticleScore:
    """One article's scores. ``status`` is ``ok``, ``missing`` (no brief) or ``invalid``;
    ``missed`` and ``invented`` list, per field, the gold items not found and the brief's
    items that match no gold item.

    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> report = evaluate("briefs/", "gold/", embeddings=False)
    >>> quake = next(a for a in report.articles if a.article_id == "quake")
    >>> quake.status, quake.fields["figures"].f1, quake.missed["locations"]
    ('ok', 0.6667, ['Kobe'])
    """

    article_id: str
    status: str
    fields: dict[str, FieldScore]
    missed: dict[str, list[str]]
    invented: dict[str, list[str]]


@dataclass(frozen=True)
class Grounding:
    """How many of the briefs' items have evidence found verbatim in the article text
    (``checked`` is False when no article texts were available).

    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> grounding = evaluate("briefs/", "gold/", articles="articles/",
    ...                      embeddings=False).grounding
    >>> grounding.checked, grounding.rate, grounding.grounded == grounding.items
    (True, 1.0, True)
    """

    items: int
    grounded: int
    rate: float
    checked: bool


@dataclass(frozen=True)
class FieldChange:
    """One field against the baseline run: F1 both ways, the paired difference with its
    95% bootstrap interval, and the verdict (``better``, ``worse``, ``no clear change``).

    >>> from dataclasses import replace
    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     first = s.summarise_paths("articles/", out="runs/first/")
    >>> with Summarizer(replace(Summarizer().settings, max_reasks=0)) as s:
    ...     second = s.summarise_paths("articles/", out="runs/second/")
    >>> compared = evaluate("runs/second/", "gold/", baseline="runs/first/",
    ...                     embeddings=False).comparison
    >>> change = compared.fields["figures"]
    >>> change.baseline_f1, change.f1, change.delta, change.ci95, change.verdict
    (0.8, 0.8, 0.0, (0.0, 0.0), 'no clear change')
    """

    f1: float
    baseline_f1: float
    delta: float
    ci95: tuple[float, float]
    verdict: str


@dataclass(frozen=True)
class Comparison:
    """The scored run against a baseline run, paired per article: per field, a
    :class:`FieldChange`, and the gold items newly missed and the items newly invented.

    >>> from dataclasses import replace
    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     first = s.summarise_paths("articles/", out="runs/first/")
    >>> with Summarizer(replace(Summarizer().settings, max_reasks=0)) as s:
    ...     second = s.summarise_paths("articles/", out="runs/second/")
    >>> compared = evaluate("runs/second/", "gold/", baseline="runs/first/",
    ...                     embeddings=False).comparison
    >>> compared.baseline.name, sorted(compared.fields)
    ('first', ['actors', 'figures', 'locations', 'open_questions'])
    >>> compared.newly_missed["figures"], compared.newly_invented["figures"]
    ([], [])
    """

    baseline: Path
    fields: dict[str, FieldChange]
    newly_missed: dict[str, list[str]]
    newly_invented: dict[str, list[str]]


@dataclass(frozen=True)
class EvalReport:
    """An evaluation: headline scores micro-averaged over all articles, per-article scores,
    grounding, the baseline comparison (when one was given) and the F1 floors missed.
    ``matching`` says how open questions were matched; ``data`` is the whole
    ``report.json``; ``out`` the folder of the written reports.

    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> report = evaluate("briefs/", "gold/", out="report/", embeddings=False,
    ...                   fail_under={"figures": 0.5, "locations": 0.5})
    >>> report.f1("figures"), report.passed, report.failed_floors
    (0.8, False, ['locations F1 0.000 < 0.500'])
    >>> report.matching, sorted(p.name for p in report.out.iterdir())
    ('word overlap', ['report.html', 'report.json', 'report.md'])
    >>> report.data["fields"]["figures"]["f1"] == report.f1("figures")
    True
    """

    fields: dict[str, FieldScore]
    articles: list[ArticleScore]
    grounding: Grounding
    comparison: Comparison | None
    failed_floors: list[str]
    out: Path | None
    matching: str
    data: dict[str, Any] = field(repr=False)

    @property
    def passed(self) -> bool:
        """True when every ``fail_under`` floor was met."""
        return not self.failed_floors

    def f1(self, field_name: str) -> float:
        """The headline F1 of one field."""
        return self.fields[field_name].f1


def _report(data: dict[str, Any], failed: list[str], out: Path | None) -> EvalReport:
    fields = {name: FieldScore.from_json(v) for name, v in data["fields"].items()}
    articles = [ArticleScore(
        row["article_id"], row["status"],
        {name: FieldScore.from_json(v) for name, v in row["fields"].items()},
        {name: list(v.get("missed", [])) for name, v in row["fields"].items()},
        {name: list(v.get("invented", [])) for name, v in row["fields"].items()},
    ) for row in data["articles"]]
    grounding = data["grounding"]
    comparison = None
    if data.get("baseline"):
        base = data["baseline"]
        comparison = Comparison(
            Path(base["pred"]),
            {name: FieldChange(v["f1"], v["baseline_f1"], v["delta"],
                               (v["ci95"][0], v["ci95"][1]), v["verdict"])
             for name, v in base["fields"].items()},
            {k: list(v) for k, v in base["newly_missed"].items()},
            {k: list(v) for k, v in base["newly_invented"].items()})
    return EvalReport(fields, articles,
                      Grounding(int(grounding["items"]), int(grounding["grounded"]),
                                float(grounding["rate"]), bool(grounding.get("checked"))),
                      comparison, failed, out, str(data.get("settings", {}).get("matching", "")),
                      data)


def evaluate(pred: PathLike, gold: PathLike, *, out: PathLike | None = None,
             baseline: PathLike | None = None, articles: PathLike | None = None,
             embeddings: bool = True, fail_under: Mapping[str, float] | None = None,
             ) -> EvalReport:
    """Score the briefs in ``pred`` against the gold files in ``gold``.

    What ``summarizer eval`` does: with ``out``, ``report.json``, ``report.md`` and
    ``report.html`` are written there; ``baseline`` adds a paired comparison with another
    run's briefs; ``articles`` (default: ``gold/articles/`` if present) re-checks every
    item's evidence; ``embeddings=False`` matches open questions by word overlap;
    ``fail_under={"figures": 0.5}`` lists the fields under their floor in
    ``failed_floors``.

    >>> from summarizer import Summarizer, evaluate
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> report = evaluate("briefs/", "gold/", fail_under={"figures": 0.5})
    >>> sorted(report.fields)
    ['actors', 'figures', 'locations', 'open_questions']
    >>> report.fields["figures"].recall
    1.0
    >>> [(a.article_id, a.status) for a in report.articles]
    [('quake', 'ok'), ('storm', 'ok')]
    >>> report.passed
    True
    """
    from summarizer.eval.harness import parse_floors, run_eval

    pred_folder, gold_folder = as_path(pred, "pred"), as_path(gold, "gold")
    folder = _path(out, "out")
    compared, texts = _path(baseline, "baseline"), _path(articles, "articles")
    if fail_under is not None and not isinstance(fail_under, Mapping):
        raise ConfigError("fail_under must be a mapping of field to F1, "
                          f"not {type(fail_under).__name__}")
    floors = parse_floors([f"{k}={v}" for k, v in (fail_under or {}).items()])
    try:
        with tempfile.TemporaryDirectory(prefix="summarizer-eval-") as scratch:
            result = run_eval(pred_folder, gold_folder, folder or Path(scratch),
                              baseline=compared, articles=texts, use_embeddings=embeddings,
                              floors=floors)
    except ConfigError:
        raise
    except Exception as error:
        raise as_summarizer_error(error) from error
    return _report(result.report, list(result.failed_floors), folder)


def _path(value: PathLike | None, name: str) -> Path | None:
    return None if value is None else as_path(value, name)
