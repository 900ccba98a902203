"""Sentence vectors and offsets as compact text, so they travel in a chunk's Chroma metadata.

Only the store layer sees this encoding: `encode_sentences` when a chunk is written,
`pop_sentences` when it is read back into a `StoredChunk` (`index.store_rows`).

The answer step scores every sentence of the retrieved chunks against the question. Keeping
those vectors next to the chunk means they arrive with the search results: no second lookup,
and no second vector collection for Chroma to hold in memory. float16 keeps cosines within
~1e-4 of the float32 vectors at half the size.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np


def encode_vectors(vectors: np.ndarray) -> str:
    """Sentence vectors as compact text for Chroma metadata (float16: cosine error ~1e-4)."""
    return base64.b64encode(np.ascontiguousarray(vectors, dtype=np.float16).tobytes()).decode()


def decode_vectors(text: str, dimension: int) -> np.ndarray:
    flat = np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32)
    return flat.reshape(-1, dimension)


def encode_spans(spans: Sequence[tuple[int, int]]) -> str:
    return ";".join(f"{start}-{end}" for start, end in spans)


def decode_spans(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split("-") for part in text.split(";") if part)]


def encode_sentences(spans: Sequence[tuple[int, int]], vectors: np.ndarray) -> dict[str, str]:
    """The metadata entries that carry a chunk's sentences."""
    return {"s_vectors": encode_vectors(vectors), "s_spans": encode_spans(spans)}


def pop_sentences(
    metadata: dict[str, object], dimension: int, with_vectors: bool = True
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Take a chunk's sentences (offsets, float32 vectors) out of its metadata; without
    `with_vectors` the vectors are dropped undecoded (reading text only costs less)."""
    vectors, spans = metadata.pop("s_vectors", None), metadata.pop("s_spans", None)
    return (
        decode_spans(str(spans)) if spans else [],
        decode_vectors(str(vectors), dimension)
        if vectors and with_vectors
        else np.zeros((0, dimension), dtype=np.float32),
    )
