"""Similarity of free text (open questions, what a figure counts): embeddings or words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

STOPWORDS = {
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "is", "are", "was", "were", "be", "been", "will", "would", "can", "could", "do", "does",
    "did", "who", "what", "when", "where", "why", "how", "which", "that", "this", "it", "its",
    "their", "there", "as", "than", "people", "number", "total", "persons", "some", "has",
    "have", "had", "into", "out", "still", "yet",
}


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.casefold())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words
            if w not in STOPWORDS and len(w) > 1}


def overlap(a: str, b: str) -> float:
    """Share of the smaller side's content words found in the other (0 when either is empty)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


EMBEDDINGS = "sentence embeddings (all-MiniLM-L6-v2)"
WORD_OVERLAP = "word overlap"


class TextSimilarity:
    """Cosine of sentence embeddings when asked for and installed, else word overlap;
    embeddings cached. ``notice`` says why embeddings were asked for but not used."""

    def __init__(self, use_embeddings: bool = True) -> None:
        from summarizer.eval.embedding import INSTALL_HINT, embedding_model_available

        self.notice = ""
        if use_embeddings and not embedding_model_available():
            use_embeddings = False
            self.notice = ("open questions and what figures count matched by word overlap: the "
                           f"embedding model is not installed ({INSTALL_HINT} to use it)")
        self.use_embeddings = use_embeddings
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}

    @property
    def matching(self) -> str:
        """How free text is matched, in words for reports."""
        return EMBEDDINGS if self.use_embeddings else WORD_OVERLAP

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        from summarizer.eval.embedding import shared_model

        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, shared_model().encode(missing), strict=True):
                self._vectors[text] = vector
        return np.stack([self._vectors[t] for t in texts])

    def matrix(self, left: list[str], right: list[str]) -> npt.NDArray[np.float64]:
        import numpy as np  # here: briefing uses this module's word overlap, not numpy

        if not left or not right:
            return np.zeros((len(left), len(right)))
        if not self.use_embeddings:
            return np.array([[overlap(a, b) for b in right] for a in left])
        vectors = self._embed(left + right)
        cosine = vectors[: len(left)] @ vectors[len(left):].T
        return cosine.astype(np.float64)
