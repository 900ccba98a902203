"""A stand-in embedder for filling 100k-chunk benchmark indexes in minutes instead of hours.

Used by `bench_answer.py`, whose numbers speak for speed and memory, not retrieval quality:
the texts are real, the first `budget` distinct ones are embedded by the real model, and the
rest get a close real vector plus small noise (see `ApproxEmbedder`).
"""

from __future__ import annotations

import re
import time
import zlib
from typing import Any

import numpy as np


def hashed_bow(texts: list[str], dim: int = 4096) -> np.ndarray:
    """L2-normalized bag of words hashed into `dim` buckets (a cheap similarity for pairing)."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in re.findall(r"\w+", text.casefold()):
            out[i, zlib.crc32(word.encode("utf-8")) % dim] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


class ApproxEmbedder:
    """The real model for the first `budget` distinct texts, then real-neighbour + noise.

    A text seen before gets the vector it got then (identical text, identical embedding).
    A new text after the budget is spent gets the real vector of the most similar embedded
    text (hashed bag of words: same language, same template) plus N(0, noise^2) per
    dimension, re-normalized; the noise is seeded by the text, so runs repeat.
    """

    def __init__(self, real: Any, budget: int, noise: float) -> None:
        self.real, self.budget, self.noise = real, budget, noise
        self.name, self.dimension = real.name, real.dimension
        self.cache: dict[str, np.ndarray] = {}
        self.real_texts: list[str] = []
        self.real_vectors = np.zeros((0, real.dimension), dtype=np.float32)
        self.bow: np.ndarray | None = None
        self.embed_s = 0.0
        self.approx_cosines: list[float] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        fresh = new[: max(0, self.budget - len(self.real_texts))]
        if fresh:
            started = time.perf_counter()
            vectors = self.real.embed_passages(fresh)
            self.embed_s += time.perf_counter() - started
            self.cache.update(zip(fresh, vectors, strict=True))
            self.real_texts += fresh
            self.real_vectors = np.concatenate([self.real_vectors, vectors])
            self.bow = None
        rest = new[len(fresh) :]
        if rest:
            if self.bow is None:
                self.bow = hashed_bow(self.real_texts)
            base = self.real_vectors[(hashed_bow(rest) @ self.bow.T).argmax(axis=1)]
            for text, vector in zip(rest, base, strict=True):
                rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
                noisy = vector + rng.normal(0.0, self.noise, vector.shape).astype(np.float32)
                self.cache[text] = noisy / np.linalg.norm(noisy)
                self.approx_cosines.append(float(self.cache[text] @ vector))
        return np.stack([self.cache[t] for t in texts])

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.embed_queries(texts)

    def stats(self) -> dict[str, float]:
        """What this run embedded; a reused `--work` index may have needed nothing new."""
        nearest = float("nan")
        if len(self.real_texts) > 1:
            sims = self.real_vectors @ self.real_vectors.T
            np.fill_diagonal(sims, -1.0)
            nearest = float(sims.max(axis=1).mean())
        return {
            "real_texts": len(self.real_texts),
            "approx_texts": len(self.approx_cosines),
            "real_texts_per_s": len(self.real_texts) / max(self.embed_s, 1e-9),
            "real_nearest_neighbour_cosine_mean": nearest,
            "approx_cosine_to_base_mean": float(np.mean(self.approx_cosines or [1.0])),
        }
