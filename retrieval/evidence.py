"""Scoring the sentences of retrieved passages as answers, and deciding when none is good enough.

Cosines from multilingual-e5 bunch together (0.74–0.84 for nearly anything), so a fixed cut-off
cannot tell an answer from a near miss. Instead the best sentence's cosine is compared with the
same question's cosines against background sentences (everyday news no one asks about, plus a
sample of the user's own chunks): the z-score says how far the answer stands out for *this*
question. Keyword overlap, weighted by rarity, adds evidence within a language.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from index.arabic import keyword_tokens
from index.chunking import split_sentences

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from retrieval.hybrid_retriever import Passage

KEYWORD_WEIGHT = 0.15
MIN_WORDS = 4


@dataclass
class Retrieved:
    """What retrieval found for one question, with what the answer step needs to score it."""

    query_vector: np.ndarray
    passages: list[Passage]
    terms: dict[str, set[str]]  # question keywords → themselves and their translations
    document_frequency: dict[str, int]


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with offsets into the passage text."""

    passage: Passage
    start: int
    end: int
    cosine: float = 0.0
    keyword: float = 0.0

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def score(self) -> float:
        return self.cosine + KEYWORD_WEIGHT * self.keyword


def background_sentences() -> list[str]:
    text = resources.files("retrieval").joinpath("background.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class SentenceScorer:
    """Embeds candidate sentences (with a small cache) and scores them against a question."""

    def __init__(self, embedder: Embedder, cache_size: int = 20_000) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._background: np.ndarray | None = None

    def set_background(self, extra_texts: Sequence[str] = ()) -> None:
        """Embed the background once; `extra_texts` is a sample of the user's own chunks."""
        texts = background_sentences() + list(extra_texts)
        self._background = self.embedder.embed_passages(texts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = self.embedder.embed_passages(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            for t in texts:
                self._cache.move_to_end(t)
            return np.stack([self._cache[t] for t in texts])

    def strength(self, query_vector: np.ndarray, cosine: float) -> float:
        """How many background standard deviations `cosine` stands above the background."""
        if self._background is None:
            self.set_background()
        assert self._background is not None
        bg = self._background @ query_vector
        return float((cosine - bg.mean()) / max(float(bg.std()), 1e-3))

    def candidates(
        self, retrieved: Retrieved, passages: Sequence[Passage] | None = None
    ) -> list[Candidate]:
        """Every distinct sentence of the passages worth quoting, scored, best first.

        Very short sentences (bylines, captions, "Source: TASS") are left out: they are never
        an answer, and their embeddings sit close to everything.
        """
        query_vector = retrieved.query_vector
        passages = retrieved.passages if passages is None else passages
        seen: set[tuple[str, int]] = set()
        found: list[Candidate] = []
        for passage in passages:
            offset = int(passage.metadata.get("start", 0))
            for start, end in split_sentences(passage.text):
                key = (passage.article, offset + start)
                words = len(passage.text[start:end].split())
                if key not in seen and words >= MIN_WORDS:
                    seen.add(key)
                    found.append(Candidate(passage, start, end))
        if not found:
            return []
        vectors = self.embed([c.text for c in found])
        cosines = vectors @ query_vector
        weights = _idf_weights(retrieved.terms, retrieved.document_frequency)
        total = sum(weights.values())
        for cand, cos in zip(found, cosines, strict=True):
            cand.cosine = float(cos)
            if total:
                present = set(keyword_tokens(cand.text))
                cand.keyword = (
                    sum(w for t, w in weights.items() if retrieved.terms[t] & present) / total
                )
        return sorted(found, key=lambda c: c.score, reverse=True)


def _idf_weights(terms: dict[str, set[str]], df: dict[str, int]) -> dict[str, float]:
    """Rarity of each question term; a term is as common as its most common translation."""
    n = max(df.get("", 0), 1)
    return {
        t: math.log(1 + n / (1 + max(df.get(f, 0) for f in forms))) for t, forms in terms.items()
    }
