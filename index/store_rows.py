"""What the index's rows are: chunk ids, their language collection, files, rows to write and
chunks as read back.

Kept apart from `index.store` (which talks to Chroma) because the file-to-rows code
(`index.file_records`) and retrieval need these shapes without the Chroma side. A chunk read
back is a `StoredChunk` with its sentences already decoded: how they are encoded in Chroma
metadata (`index.sentence_vectors`) is the store's business and goes no further.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from index.sentence_vectors import pop_sentences

ID_SEP = ":"
LANGUAGES = ("ar", "en", "other")


def chunk_id(file_hash: str, number: int) -> str:
    return f"{file_hash}{ID_SEP}{number}"


def file_hash_of(record_id: str) -> str:
    return record_id.split(ID_SEP, 1)[0]


def language_of(meta: dict[str, Any]) -> str:
    """The chunk collection a row belongs to."""
    lang = str(meta.get("language", "other"))
    return lang if lang in LANGUAGES else "other"


def article_key(meta: dict[str, Any] | None) -> str:
    """One key per article: a file can hold several (JSONL records)."""
    meta = meta or {}
    return f"{meta.get('source', '')}#{meta.get('record', 0)}"


@dataclass(frozen=True)
class IndexedFile:
    """What the index knows of one file, read from its marker."""

    file_hash: str
    source: str
    n_chunks: int
    marker: dict[str, Any] = field(default_factory=dict, compare=False)

    def chunk_ids(self) -> list[str]:
        return [chunk_id(self.file_hash, n) for n in range(self.n_chunks)]


@dataclass
class Records:
    """Rows to write: ids with their vectors, texts and metadata."""

    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    embeddings: np.ndarray | None = None


def concat_records(parts: Sequence[Records]) -> Records:
    """Several files' rows as one batch, so the store writes them in a few calls."""
    vectors = [p.embeddings for p in parts if p.embeddings is not None and len(p.ids)]
    return Records(
        ids=[i for p in parts for i in p.ids],
        documents=[d for p in parts for d in p.documents],
        metadatas=[m for p in parts for m in p.metadatas],
        embeddings=np.concatenate(vectors) if vectors else np.zeros((0, 1), dtype=np.float32),
    )


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as the index holds it, with each of its sentences' offsets and vector."""

    id: str
    text: str
    metadata: dict[str, Any]  # source, title, date, language, start, end... (nothing encoded)
    spans: list[tuple[int, int]]  # each sentence's (start, end) in the article's text
    vectors: np.ndarray  # one float32 row per span (stored as float16)
    vector: np.ndarray | None = None  # the chunk's own vector, when it was read

    @classmethod
    def from_chroma(
        cls,
        chunk_id: str,
        document: str | None,
        metadata: dict[str, Any] | None,
        dimension: int,
        embedding: Any = None,
        sentence_vectors: bool = True,
    ) -> StoredChunk:
        """Decode one row as Chroma returns it (without `sentence_vectors`, spans only)."""
        meta = dict(metadata or {})
        spans, vectors = pop_sentences(meta, dimension, sentence_vectors)
        vector = None if embedding is None else np.asarray(embedding, dtype=np.float32)
        return cls(chunk_id, document or "", meta, spans, vectors, vector)

    @property
    def article(self) -> str:
        return article_key(self.metadata)
