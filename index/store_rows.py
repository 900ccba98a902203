"""What the index's rows are: chunk ids, their language collection, files and rows to write.

Kept apart from `index.store` (which talks to Chroma) because the file-to-rows code
(`index.file_records`) and retrieval need these shapes without the Chroma side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

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
    import numpy as np

    vectors = [p.embeddings for p in parts if p.embeddings is not None and len(p.ids)]
    return Records(
        ids=[i for p in parts for i in p.ids],
        documents=[d for p in parts for d in p.documents],
        metadatas=[m for p in parts for m in p.metadatas],
        embeddings=np.concatenate(vectors) if vectors else np.zeros((0, 1), dtype=np.float32),
    )
