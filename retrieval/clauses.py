"""Clauses of long sentences, embedded when needed: a long sentence's vector is a blur.

News sentences of fifty words and more carry several facts ("… discussed the agenda, and
it was agreed to raise ties … ahead of the 20th session …"); their one stored vector sits
between them, so a question about one fact scores the sentence low. For the few long
sentences of the article being quoted, the clauses (split at commas, semicolons and quotes)
are embedded at question time, cached, and the sentence counts as well as its best clause.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.embeddings import Embedder

LONG_SENTENCE = 35  # words; shorter sentences keep their stored vector alone
MIN_CLAUSE = 6  # words; shorter pieces join the next one
_BREAK = re.compile(r"\s*[،,؛;:«»\"“”]+\s*")


def clauses_of(sentence: str) -> list[str]:
    """The sentence's clauses of at least MIN_CLAUSE words (none for a short sentence)."""
    if len(sentence.split()) < LONG_SENTENCE:
        return []
    out: list[str] = []
    pending = ""
    for piece in _BREAK.split(sentence):
        pending = f"{pending} {piece}".strip()
        if len(pending.split()) >= MIN_CLAUSE:
            out.append(pending)
            pending = ""
    if pending and out:
        out[-1] = f"{out[-1]} {pending}"
    return out if len(out) > 1 else []


class ClauseVectors:
    """Clause vectors of long sentences, embedded once per sentence (LRU cache)."""

    def __init__(self, embedder: Embedder, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self._cache: OrderedDict[str, np.ndarray | None] = OrderedDict()
        self._size = cache_size
        self._lock = threading.Lock()

    def of(self, sentence: str) -> np.ndarray | None:
        with self._lock:
            if sentence in self._cache:
                self._cache.move_to_end(sentence)
                return self._cache[sentence]
        clauses = clauses_of(sentence)
        vectors = self.embedder.embed_passages(clauses) if clauses else None
        with self._lock:
            self._cache[sentence] = vectors
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vectors
