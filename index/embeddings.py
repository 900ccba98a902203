"""What an embedder is: the one small interface the index, the retriever and the bot embed through.

Why an interface: they only need "turn these texts into unit vectors", with passages and
queries embedded differently (multilingual-e5 wants ``passage: `` / ``query: `` prefixes).
The backends behind it (`index.torch_encoder`, `index.onnx_encoder`, `index.fake_embedder`)
import this module and nothing above it; `index.embedder_factory` picks one by name, so
sentence-transformers' 11–18 s import stays out of every code path that does not embed.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from core.e5 import PASSAGE_PROMPT, QUERY_PROMPT


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32, L2-normalized vectors of shape ``(len(texts), dimension)``."""

    name: str
    dimension: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed texts to be searched (chunks of articles)."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search questions."""
        ...


class SortedBatchEmbedder:
    """What every embedder here shares: passages vs queries, length-sorted input, order kept.

    Sorting by length before batching makes each batch pad to similar lengths (much less
    wasted attention on 2 cores); results come back in the caller's order. Subclasses set
    `name` and `dimension` and embed an already sorted list in `_encode_sorted`.
    """

    name: str
    dimension: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed texts to be searched, with the ``passage: `` prompt when the model has one."""
        return self._embed(texts, PASSAGE_PROMPT)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search questions, with the ``query: `` prompt when the model has one."""
        return self._embed(texts, QUERY_PROMPT)

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if isinstance(texts, str):  # a bare string would be embedded character by character
            raise TypeError("pass a list of texts, not a single string")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if texts:
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            out[order] = self._encode_sorted([texts[i] for i in order], kind)
        return out

    def _encode_sorted(self, texts: list[str], kind: str) -> np.ndarray:
        raise NotImplementedError
