"""One-to-one alignment of predicted and gold items (Hungarian matching)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment


def align(similarity: npt.NDArray[np.floating], threshold: float) -> list[tuple[int, int]]:
    """Pairs (pred, gold) maximising total similarity, each at least ``threshold``."""
    if similarity.size == 0:
        return []
    # Pairs under the threshold are worth nothing, so they never displace a real match.
    worth = np.where(similarity >= threshold, similarity, 0.0)
    rows, cols = linear_sum_assignment(worth, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)
            if similarity[r, c] >= threshold]
