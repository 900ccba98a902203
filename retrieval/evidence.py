"""Scoring the sentences of retrieved passages as answers, and deciding when none is good enough.

Cosines from multilingual-e5 bunch together (0.74–0.84 for nearly anything) and run lower
across languages than within one, so neither a fixed cut-off nor a raw comparison between an
Arabic and an English sentence means much. Each sentence's cosine is therefore turned into a
z-score against the same question's cosines with background sentences *of the sentence's own
language* (everyday news nobody asks about): it says how far the sentence stands out for this
question, on a scale that is comparable across languages. Keyword overlap, weighted by rarity
and bridged across languages by the glossary, adds evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from index.arabic import detect_language, keyword_tokens

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from retrieval.hybrid_retriever import Passage

# All of a question's keywords in one sentence is worth this many background deviations; the
# square makes a full match count far more than scattered partial ones.
KEYWORD_STRENGTH = 4.0
MIN_WORDS = 6


@dataclass
class Retrieved:
    """What retrieval found for one question, with what the answer step needs to score it."""

    query_vector: np.ndarray
    passages: list[Passage]
    terms: dict[str, set[str]]  # question keywords → themselves and their translations
    document_frequency: dict[str, int]
    # per sentence language, the query vector to score it with (see `query_vectors`)
    language_vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def vector_for(self, language: str) -> np.ndarray:
        return self.language_vectors.get(language, self.query_vector)


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with offsets into the passage text."""

    passage: Passage
    start: int
    end: int
    cosine: float = 0.0
    z: float = 0.0  # cosine against the background of the sentence's language
    keyword: float = 0.0  # share of the question's keyword weight found in the sentence

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def score(self) -> float:
        """Evidence strength, in background deviations."""
        return self.z + KEYWORD_STRENGTH * self.keyword**2


def background_sentences() -> list[str]:
    text = resources.files("retrieval").joinpath("background.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class SentenceScorer:
    """Scores the sentences of retrieved passages (their vectors come with them) against a
    question, calibrated by background sentences it embeds once."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._background: dict[str, np.ndarray] | None = None

    def set_background(self) -> None:
        """Embed the background sentences once, grouped by language."""
        texts = background_sentences()
        vectors = self.embedder.embed_passages(texts)
        languages = np.array([detect_language(t) for t in texts])
        self._background = {"all": vectors}
        for lang in ("ar", "en"):
            self._background[lang] = vectors[languages == lang]

    def calibration(self, query_vector: np.ndarray) -> dict[str, tuple[float, float]]:
        """(mean, std) of the question's cosines with each language's background."""
        if self._background is None:
            self.set_background()
        assert self._background is not None
        out = {}
        for lang, vectors in self._background.items():
            cos = vectors @ query_vector
            out[lang] = (float(cos.mean()), max(float(cos.std()), 1e-3))
        return out

    def candidates(
        self, retrieved: Retrieved, passages: Sequence[Passage] | None = None
    ) -> list[Candidate]:
        """Every distinct sentence of the passages worth quoting, scored, best first.

        Very short sentences (bylines, captions, "Source: TASS") are left out: they are never
        an answer, and their embeddings sit close to everything.
        """
        passages = retrieved.passages if passages is None else passages
        found, vectors = self._sentences(passages)
        if not found:
            return []
        calibrations: dict[int, dict[str, tuple[float, float]]] = {}
        weights = _idf_weights(retrieved.terms, retrieved.document_frequency)
        total = sum(weights.values())
        for cand, vector in zip(found, vectors, strict=True):
            # each sentence against the query vector for its language, and that vector's
            # cosines with the same language's background
            language = str(cand.passage.metadata.get("language"))
            query = retrieved.vector_for(language)
            if id(query) not in calibrations:
                calibrations[id(query)] = self.calibration(query)
            calibration = calibrations[id(query)]
            mean, std = calibration.get(language, calibration["all"])
            cand.cosine = float(vector @ query)
            cand.z = (cand.cosine - mean) / std
            if total:
                present = set(keyword_tokens(cand.text))
                matched = sum(w for t, w in weights.items() if retrieved.terms[t] & present)
                cand.keyword = matched / total
        return sorted(found, key=lambda c: c.score, reverse=True)

    def _sentences(self, passages: Sequence[Passage]) -> tuple[list[Candidate], np.ndarray]:
        """The passages' distinct sentences worth quoting, with the vectors stored for them."""
        stored: list[Candidate] = []
        rows: list[np.ndarray] = []
        seen: set[tuple[str, int]] = set()

        def sentence(passage: Passage, start: int, end: int) -> Candidate | None:
            """A sentence (offsets in the passage) once per article, if long enough."""
            key = (passage.article, start + int(passage.metadata.get("start", 0)))
            if key in seen or len(passage.text[start:end].split()) < MIN_WORDS:
                return None
            seen.add(key)
            return Candidate(passage, start, end)

        for passage in passages:
            offset = int(passage.metadata.get("start", 0))
            if passage.sentence_vectors is None:
                continue
            for (start, end), vector in zip(
                passage.sentence_spans, passage.sentence_vectors, strict=True
            ):
                if cand := sentence(passage, start - offset, end - offset):
                    stored.append(cand)
                    rows.append(vector)
        if not rows:
            return [], np.zeros((0, 1), dtype=np.float32)
        return stored, np.stack(rows)


def _idf_weights(terms: dict[str, set[str]], df: dict[str, int]) -> dict[str, float]:
    """Rarity of each question term; a term is as common as its most common translation."""
    n = max(df.get("", 0), 1)
    return {
        t: math.log(1 + n / (1 + max(df.get(f, 0) for f in forms))) for t, forms in terms.items()
    }
