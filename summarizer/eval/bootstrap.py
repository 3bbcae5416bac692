"""Paired bootstrap over articles: is a change in F1 more than noise?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summarizer.eval.scoring import Counts

SAMPLES = 2000
SEED = 20190301


@dataclass(frozen=True)
class Difference:
    delta: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        if self.low > 0:
            return "better"
        if self.high < 0:
            return "worse"
        return "no clear change"


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 1.0)
        recall = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 1.0)
        total = precision + recall
        return np.where((precision > 0) & (recall > 0), 2 * precision * recall /
                        np.where(total > 0, total, 1), 0.0)


def paired_difference(current: list[Counts], baseline: list[Counts],
                      samples: int = SAMPLES, seed: int = SEED) -> Difference:
    """Micro F1 of ``current`` minus ``baseline``, with a 95% interval from resampling the
    same articles for both (pairs stay together)."""
    if len(current) != len(baseline):
        raise ValueError("paired bootstrap needs the same articles on both sides")
    if not current:
        return Difference(0.0, 0.0, 0.0)
    cur = np.array([[c.tp, c.fp, c.fn] for c in current], dtype=float)
    base = np.array([[c.tp, c.fp, c.fn] for c in baseline], dtype=float)
    delta = float(_f1(*cur.sum(0)[:, None]) [0] - _f1(*base.sum(0)[:, None])[0])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(current), size=(samples, len(current)))
    cur_s = cur[picks].sum(1)
    base_s = base[picks].sum(1)
    diffs = _f1(cur_s[:, 0], cur_s[:, 1], cur_s[:, 2]) - _f1(base_s[:, 0], base_s[:, 1],
                                                             base_s[:, 2])
    low, high = np.percentile(diffs, [2.5, 97.5])
    return Difference(delta, float(low), float(high))
