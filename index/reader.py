"""The read side of the index for a long-lived process: the bot, `newsqa chat`, a Python shell.

Why a reader: a process that answers questions keeps Chroma collection handles, a keyword
index and a chunk count between questions, while syncs, and rebuilds, run elsewhere. Before
each question `refresh` makes one Chroma call, for the catalog's id and sync generation: a new
id means the index was rebuilt, so the collections are opened again; a new generation means a
sync changed chunks, so the keyword index catches up. Nothing else is bookkeeping: a warm
question costs that call plus its dense queries, each a round trip to a Chroma server.

It opens without the embedding model: the model and dimension are the catalog's, so counting
what the index holds (`stats`) loads no model. Rows come back as `StoredChunk`s.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from index.chroma_client import make_client
from index.index_stats import IndexStats, read_stats
from index.keyword_index import KeywordIndex
from index.sentence_vectors import pop_sentences
from index.settings import IndexSettings
from index.store import ChunkStore, IndexNotFoundError, catalog_state

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI

    from index.store_rows import StoredChunk


class IndexReader:
    """Searches and counts the index as it is now; safe to share between threads."""

    def __init__(self, settings: IndexSettings) -> None:
        self.settings = settings
        state = settings.data_dir / "state"
        self.keywords = KeywordIndex(state / f"{settings.collection}.keywords.sqlite")
        self.chunks = 0  # in the index as of the last refresh
        self._client: ClientAPI | None = None
        self._store: ChunkStore | None = None
        self._seen: str | None = None
        self._model: tuple[str, int] | None = None
        self._stats: tuple[str | None, IndexStats] | None = None
        self._lock = threading.Lock()

    def refresh(self) -> bool:
        """Catch up with the index as stored now; False while there is none (yet or mid-rebuild)."""
        from chromadb.errors import NotFoundError

        with self._lock:
            if self._client is None:
                self._client = make_client(self.settings)
            try:
                catalog = self._client.get_collection(
                    self.settings.collection, embedding_function=None
                )
            except (NotFoundError, ValueError):  # ValueError in older chromadb
                self._store, self._seen, self.chunks = None, None, 0
                return False
            state = catalog_state(catalog)
            if state == self._seen:
                return True
            if self._store is None or self._store.catalog.id != catalog.id:
                self._store = ChunkStore.attach(self.settings, self._client, catalog)
                if self._model is not None:
                    self._store.check_model(*self._model, self.settings)
            self.keywords.refresh(self._store, state)
            self.chunks = self._store.count()
            self._seen = state
            return True

    def expect_model(self, name: str, dimension: int) -> None:
        """Refuse, now and after any rebuild, an index built with another model than this."""
        with self._lock:
            self._model = (name, dimension)
            if self._store is not None:
                self._store.check_model(name, dimension, self.settings)

    @property
    def store(self) -> ChunkStore:
        if self._store is None:
            raise IndexNotFoundError("The index is not open: call refresh() first.")
        return self._store

    def query(self, language: str, vector: np.ndarray, n: int) -> list[tuple[StoredChunk, float]]:
        """The `n` nearest chunks of one language, each with its cosine."""
        return self.store.query(language, vector, n)

    def get(self, ids: Sequence[str], vectors: bool = True) -> dict[str, StoredChunk]:
        """Chunks by id; ids that a sync removed since the last refresh are left out."""
        return self.store.get(ids, vectors)

    @property
    def state(self) -> str | None:
        """The catalog state seen by the last refresh: changes with every sync and rebuild."""
        return self._seen

    def sample_vectors(self, n: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Up to `n` chunks per language: their vectors and their sentences' vectors.

        Retrieval measures each language's candidates against such a sample of the same
        language (`retrieval.language_background`); one read per language and sync.
        """
        import numpy as np

        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        dimension = self.store.dimension
        for lang, part in self.store.parts.items():
            got = part.get(limit=n, include=["embeddings", "metadatas"])  # type: ignore[list-item]
            embeddings = got.get("embeddings")
            if embeddings is None or len(embeddings) == 0:
                continue
            chunks = np.asarray(embeddings, dtype=np.float32)
            metas = got["metadatas"] or []
            rows = [pop_sentences(dict(meta or {}), dimension)[1] for meta in metas]
            sentences = np.concatenate(rows) if rows else chunks[:0]
            out[lang] = (chunks, sentences)
        return out

    def stats(self) -> IndexStats:
        """What the index holds; an absent index is an empty one.

        Remembered until the next sync: dated questions ask for the dates the articles cover,
        and reading every file's marker takes a second at 25,000 files.
        """
        if not self.refresh():
            return read_stats(None)
        state = self._seen
        cached = self._stats
        if cached is None or cached[0] != state:
            cached = self._stats = (state, read_stats(self.store))
        return cached[1]

    def close(self) -> None:
        self.keywords.close()
