"""The Chroma side of the index: one cosine collection of chunks per language, plus a catalog.

Why per language: newsqa ranks chunks per language (an English question must still see the best
Arabic chunks, whose cross-lingual cosines are lower). A `where={"language": …}` filter makes
Chroma scan its metadata on every question (a quarter of a second at 100k chunks); a collection
per language answers the same ranking from its own HNSW graph in milliseconds.

The catalog collection (`NEWSQA_COLLECTION`) records the embedding model, dimension, store
format and sync generation, and holds one small row per indexed file (its *marker*); the
chunks live in `<name>-ar`, `<name>-en`, `<name>-other`.

Chunk ids are ``<file hash>:<n>``. A chunk's vector is built from its sentences' vectors, which
travel in its metadata (`index.sentence_vectors`) and come back decoded in a `StoredChunk`:
no second lookup and no second vector collection in memory. A file's marker (source,
chunk count, article languages and dates) is written after all its chunks and deleted before
them, so a file whose marker is present is complete: a sync killed at any moment is repaired
by the next one (`index.folder_sync`), and reading 10,000 markers drags no vectors along.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from core.errors import NewsqaIndexError
from index.chroma_calls import batches, pages, when_unlocked
from index.chroma_client import make_client, where_is
from index.format_upgrade import refuse_older, upgrade
from index.hnsw_search import SEARCH_EF, widen_search
from index.settings import IndexSettings
from index.store_rows import (
    LANGUAGES,
    IndexedFile,
    Records,
    StoredChunk,
    concat_records,
    file_hash_of,
    language_of,
)

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

FORMAT_VERSION = 4  # 4: chunks carry `date_num` (YYYYMMDD) for Chroma period filters


class ModelMismatchError(NewsqaIndexError):
    """The collection was built with another embedding model; vectors would not compare."""


class IndexNotFoundError(NewsqaIndexError):
    """There is no index yet: the user has to run `newsqa index` first."""


class ChunkStore:
    """The catalog and per-language chunk collections, with the model they were built with."""

    def __init__(
        self, client: ClientAPI, catalog: Collection, parts: dict[str, Collection], batch_size: int
    ) -> None:
        self.client = client
        self.catalog = catalog
        self.parts = parts
        self.batch_size = batch_size
        meta = catalog.metadata or {}
        self.model_name = str(meta.get("embedding_model"))
        self.dimension = int(meta.get("dimension") or 0)

    @classmethod
    def open(
        cls,
        settings: IndexSettings,
        model_name: str | None = None,
        dimension: int | None = None,
        *,
        create: bool,
        client: ClientAPI | None = None,
    ) -> ChunkStore:
        """Open (or with `create`, create) the collections; a model other than the one named
        is refused. Readers name none: the catalog records it (`self.model_name`)."""
        client = client or make_client(settings)
        try:
            catalog = client.get_collection(settings.collection, embedding_function=None)
        except Exception as exc:  # chromadb raises NotFoundError or ValueError by version
            if not create:
                raise IndexNotFoundError(
                    f"No newsqa index in {where_is(settings)} yet. "
                    "Build it with: newsqa index <folder>"
                ) from exc
            catalog = client.get_or_create_collection(
                settings.collection,
                metadata={
                    "embedding_model": model_name,
                    "dimension": dimension,
                    "format": FORMAT_VERSION,
                    "generation": 0,
                },
                embedding_function=None,
            )
        store = cls.attach(settings, client, catalog)
        if model_name is not None:
            store.check_model(model_name, dimension, settings)
        return store

    @classmethod
    def attach(cls, settings: IndexSettings, client: ClientAPI, catalog: Collection) -> ChunkStore:
        """The store around a catalog already fetched: its chunk collections, format checked."""
        meta = catalog.metadata or {}
        refuse_older(meta, FORMAT_VERSION, where_is(settings))
        model = {"embedding_model": meta.get("embedding_model"), "dimension": meta.get("dimension")}
        parts = {
            lang: client.get_or_create_collection(
                f"{settings.collection}-{lang}",
                configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
                metadata=model,
                embedding_function=None,
            )
            for lang in LANGUAGES
        }
        for part in parts.values():
            widen_search(part)
        if meta.get("format") != FORMAT_VERSION:
            upgrade(client, catalog, parts, FORMAT_VERSION)
        return cls(client, catalog, parts, min(client.get_max_batch_size(), 1000))

    def check_model(self, model_name: str, dimension: int | None, settings: IndexSettings) -> None:
        """Refuse a model other than the index's: its vectors would not compare."""
        if (self.model_name, self.dimension) != (model_name, dimension):
            raise ModelMismatchError(
                f"The index in {where_is(settings)} was built with the embedding model "
                f"{self.model_name!r} ({self.dimension} dimensions), but NEWSQA_EMBEDDING_MODEL "
                f"is {model_name!r} ({dimension} dimensions). Either set NEWSQA_EMBEDDING_MODEL="
                f"{self.model_name} again, or rebuild the index: newsqa index <folder> --rebuild"
            )

    @staticmethod
    def drop(settings: IndexSettings, client: ClientAPI | None = None) -> None:
        """Delete the catalog and chunk collections (for `--rebuild`), older layouts too."""
        client = client or make_client(settings)
        existing = {c.name for c in client.list_collections()}
        names = [settings.collection, f"{settings.collection}-sentences"]
        names += [f"{settings.collection}-{lang}" for lang in LANGUAGES]
        for name in names:
            if name in existing:
                client.delete_collection(name)

    # -- reading -------------------------------------------------------------------------

    def get(self, ids: Sequence[str], vectors: bool = True) -> dict[str, StoredChunk]:
        """Chunks by id, with their vectors unless not wanted (ids not in the index are left
        out); deciding what an article is about needs its text, not its vectors."""
        include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
        return {
            cid: StoredChunk.from_chroma(cid, doc, meta, self.dimension, vec, vectors)
            for cid, (doc, meta, vec) in self._get(ids, include).items()
        }

    def _get(self, ids: Sequence[str], include: list[str]) -> dict[str, tuple[str, dict, Any]]:
        """Raw rows (text, metadata, vector or None) by id, trying each language in turn."""
        out: dict[str, tuple[str, dict, Any]] = {}
        wanted = list(dict.fromkeys(ids))
        for part in self.parts.values():
            for batch in batches(wanted, self.batch_size):
                got = when_unlocked(part.get, ids=batch, include=include)
                n, vecs = len(got["ids"]), got.get("embeddings")
                docs, metas = got.get("documents") or [""] * n, got.get("metadatas") or [{}] * n
                vecs = [None] * n if vecs is None else vecs
                for cid, doc, meta, vec in zip(got["ids"], docs, metas, vecs, strict=True):
                    out[cid] = (doc or "", dict(meta or {}), vec)
            wanted = [cid for cid in wanted if cid not in out]
            if not wanted:
                break
        return out

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete file in the index, by file hash, from the markers."""
        files: dict[str, IndexedFile] = {}
        for fh, meta in pages(self.catalog, ["metadatas"]):
            files[fh] = IndexedFile(fh, str(meta["source"]), int(meta["n_chunks"]), meta)
        return files

    def all_ids(self) -> list[str]:
        return [cid for part in self.parts.values() for cid, _ in pages(part, [])]

    def query(self, language: str, vector: np.ndarray, n: int) -> list[tuple[StoredChunk, float]]:
        """The `n` nearest chunks of one language, each with its cosine."""
        got = when_unlocked(
            self.parts[language].query,
            query_embeddings=[vector.tolist()],
            n_results=n,
            include=["documents", "metadatas", "distances", "embeddings"],  # type: ignore[list-item]
        )
        vectors = got.get("embeddings")
        return [
            (StoredChunk.from_chroma(cid, doc, meta, self.dimension, vec), 1.0 - dist)
            for cid, doc, meta, dist, vec in zip(
                got["ids"][0],
                (got["documents"] or [[]])[0],
                (got["metadatas"] or [[]])[0],
                (got["distances"] or [[]])[0],
                vectors[0] if vectors is not None else [None] * len(got["ids"][0]),
                strict=True,
            )
        ]

    def count(self) -> int:
        return sum(part.count() for part in self.parts.values())

    def generation(self) -> str:
        """What changes whenever the chunks change, as stored now (any process may write)."""
        return catalog_state(self.client.get_collection(self.catalog.name, embedding_function=None))

    # -- writing -------------------------------------------------------------------------

    def write_files(self, files: Sequence[tuple[Records, dict[str, Any]]]) -> None:
        """Upsert several files' (chunks, marker): every chunk first, then the markers.

        One upsert per language for a whole batch of files: Chroma's per-call cost would
        otherwise rival the embedding time on short articles.
        """
        rows = concat_records([chunks for chunks, _ in files])
        for lang, part in self.parts.items():
            mine = [i for i, meta in enumerate(rows.metadatas) if language_of(meta) == lang]
            for batch in batches(mine, self.batch_size):
                when_unlocked(
                    part.upsert,
                    ids=[rows.ids[i] for i in batch],
                    embeddings=rows.embeddings[batch],  # type: ignore[index]
                    documents=[rows.documents[i] for i in batch],
                    metadatas=[rows.metadatas[i] for i in batch],
                )
        markers = [(file_hash_of(chunks.ids[0]), marker) for chunks, marker in files]
        for batch in batches(markers, self.batch_size):
            self._put_markers(batch)

    def _put_markers(self, markers: Sequence[tuple[str, dict[str, Any]]]) -> None:
        # Chroma rows need a vector; markers are only ever read by id, so one number will do.
        when_unlocked(
            self.catalog.upsert,
            ids=[fh for fh, _ in markers],
            embeddings=[[1.0]] * len(markers),
            metadatas=[meta for _, meta in markers],  # type: ignore[misc]
        )

    def delete_files(self, files: Iterable[IndexedFile]) -> None:
        """Markers first, so an interrupted delete leaves only orphan chunks."""
        files = list(files)
        for batch in batches([f.file_hash for f in files], self.batch_size):
            when_unlocked(self.catalog.delete, ids=batch)
        self.delete(cid for f in files for cid in f.chunk_ids())

    def delete(self, ids: Iterable[str]) -> None:
        for batch in batches(sorted(set(ids)), self.batch_size):
            for part in self.parts.values():
                when_unlocked(part.delete, ids=batch)

    def set_source(self, file: IndexedFile, source: str) -> None:
        """Record a renamed file's new path without embedding it again (marker last)."""
        rows = self._get(file.chunk_ids(), include=["metadatas"])
        for lang, part in self.parts.items():
            mine = [cid for cid in rows if language_of(rows[cid][1]) == lang]
            for batch in batches(mine, self.batch_size):
                metas = [{**rows[cid][1], "source": source} for cid in batch]
                when_unlocked(part.update, ids=batch, metadatas=metas)
        self._put_markers([(file.file_hash, {**file.marker, "source": source})])

    def bump_generation(self) -> None:
        """Tell open readers (this process or another) that the chunks changed.

        The count is for people; readers compare `sync_id`, new at every bump, so two workers
        that bump at once from the same count are still both seen.
        """
        fresh = self.client.get_collection(self.catalog.name, embedding_function=None)
        meta = dict(fresh.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        meta["sync_id"] = uuid.uuid4().hex
        when_unlocked(self.catalog.modify, metadata=meta)


def catalog_state(catalog: Collection) -> str:
    """The catalog's id (new after a rebuild) and sync generation, as one comparable token."""
    meta = catalog.metadata or {}
    return f"{catalog.id}/{meta.get('generation', 0)}/{meta.get('sync_id', '')}"
