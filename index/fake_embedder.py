"""A deterministic stand-in for the embedding model, for fast tests: words hashed into a vector.

Why: the real model takes seconds to load and milliseconds a sentence on 2 cores. Tests of the
sync, the store and the reader need vectors that are the same on every run and close for texts
that share words; meaning does not matter to them. Never for real use: it knows no language.
It is the `fake` backend (``NEWSQA_EMBEDDING_BACKEND=fake``, see `index.embedder_factory`).
"""

from __future__ import annotations

import zlib

import numpy as np

from index.arabic import keyword_tokens
from index.embeddings import SortedBatchEmbedder

FAKE_MODEL, FAKE_DIMENSION = "newsqa-fake-words", 64


class FakeEmbedder(SortedBatchEmbedder):
    """Each keyword token (Arabic-normalized) adds one to a hashed dimension; L2-normalized."""

    def __init__(self, name: str = FAKE_MODEL, dimension: int = FAKE_DIMENSION) -> None:
        self.name = name
        self.dimension = dimension

    def _encode_sorted(self, texts: list[str], kind: str) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in keyword_tokens(text) or [""]:
                out[row, zlib.crc32(token.encode("utf-8")) % self.dimension] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def __repr__(self) -> str:
        return f"FakeEmbedder({self.name!r}, dimension={self.dimension})"
