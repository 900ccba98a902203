"""A retrieved passage: one stored chunk with the scores that brought it up.

Its own module because every step reads it: the search that fills it
(`retrieval.hybrid_retriever`), the cross-language scoring (`retrieval.language_merge`) and
the answer steps that quote it (`retrieval.evidence`, `retrieval.llm_answer`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.documents import Document

from index.store_rows import StoredChunk, article_key


@dataclass
class Passage:
    """A retrieved chunk with the evidence that brought it up."""

    chunk_id: str
    text: str
    metadata: dict[str, Any]
    fused: float = 0.0
    dense: float | None = None  # cosine similarity with the question
    keyword: float | None = None  # BM25 score
    ranks: dict[str, int] = field(default_factory=dict)
    # each sentence's (start, end) in the article text, and its vector (one row per span)
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)
    sentence_vectors: np.ndarray | None = None
    vector: np.ndarray | None = None  # the chunk's own vector
    z: float | None = None  # cosine against its language's background (language_merge)
    sentence_z: float | None = None  # the same for its best sentence
    coverage: float = 0.0  # share of the question's matchable keyword weight it holds
    # what the cross-language correction added to `fused` (language_merge); 0 in the
    # question's own language
    cross_language: float = 0.0
    standing: float = 0.0  # its dense stand-out before the correction (language_merge)
    # what the period the question names added to `fused` or took from it (language_merge)
    period: float = 0.0

    @classmethod
    def from_row(cls, row: StoredChunk) -> Passage:
        """A stored chunk, its sentences already decoded by the store."""
        meta = dict(row.metadata)
        return cls(
            row.id,
            row.text,
            meta,
            sentence_spans=row.spans,
            sentence_vectors=row.vectors,
            vector=row.vector,
        )

    @property
    def strength(self) -> float:
        """How far the passage stands out on its own, before the cross-language correction
        and the period preference.

        Both decide *between* candidates; whether anything answers at all (abstention, and
        whether a follow-up stands on its own) is judged on the scale `NEWSQA_ABSTAIN_Z` was
        set in. An article from outside the period the question names is not silenced by
        its date: the chain says the articles don't cover that period and shows it
        (`retrieval.period_coverage`).
        """
        return self.fused - self.cross_language - self.period

    @property
    def article(self) -> str:
        return article_key(self.metadata)

    def to_document(self) -> Document:
        meta = {**self.metadata, "chunk_id": self.chunk_id, "score": self.fused}
        meta.update(dense=self.dense, keyword=self.keyword)
        return Document(page_content=self.text, metadata=meta)
