"""Sentence vectors and offsets as compact text, so they travel in a chunk's Chroma metadata.

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
