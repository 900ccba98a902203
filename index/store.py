"""The Chroma side of the index: one cosine collection of chunks per language, plus a catalog.

Why per language: newsqa ranks chunks per language (an English question must still see the best
Arabic chunks, whose cross-lingual cosines are lower). A `where={"language": …}` filter makes
Chroma scan its metadata on every question (a quarter of a second at 100k chunks); a collection
per language answers the same ranking from its own HNSW graph in milliseconds.

The catalog collection (`NEWSQA_COLLECTION`) records the embedding model, dimension, store
format and sync generation, and holds one small row per indexed file (its *marker*); the
chunks live in `<name>-ar`, `<name>-en`, `<name>-other`.

Chunk ids are ``<file hash>:<n>``. Every sentence is embedded once; a chunk's vector is built
from its sentences' vectors, and those sentence vectors travel in the chunk's metadata
(`s_vectors`, float16, with their offsets in `s_spans`), so the answer step gets them with the
chunk itself: no second lookup and no second vector collection in memory. A file's marker
(source, chunk count, article languages and dates) is written after all its chunks and
deleted before them, so a file whose marker is present is complete. That is what lets a sync
killed at any moment be repaired by the next one (see `index.folder_sync`), and it keeps a
re-sync cheap: reading 10,000 markers does not drag the chunks' sentence vectors along.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from index.chroma_client import make_client, where_is
from index.errors import NewsqaIndexError
from index.sentence_vectors import decode_vectors
from index.settings import IndexSettings
from index.store_rows import (
    LANGUAGES,
    IndexedFile,
    Records,
    concat_records,
    file_hash_of,
    language_of,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

FORMAT_VERSION = 3


class ModelMismatchError(NewsqaIndexError):
    """The collection was built with another embedding model; vectors would not compare."""


class IndexNotFoundError(NewsqaIndexError):
    """There is no index yet: the user has to run `newsqa index` first."""


class ChunkStore:
    """The catalog and per-language chunk collections, checked against the model in use."""

    def __init__(
        self,
        client: ClientAPI,
        catalog: Collection,
        parts: dict[str, Collection],
        batch_size: int,
    ) -> None:
        self.client = client
        self.catalog = catalog
        self.parts = parts
        self.batch_size = batch_size

    @classmethod
    def open(
        cls,
        settings: IndexSettings,
        model_name: str,
        dimension: int,
        *,
        create: bool,
        client: ClientAPI | None = None,
    ) -> ChunkStore:
        """Open (or with `create`, create) the collections and refuse a different model."""
        client = client or make_client(settings)
        expected = {"embedding_model": model_name, "dimension": dimension}
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
                metadata={**expected, "format": FORMAT_VERSION, "generation": 0},
                embedding_function=None,
            )
        meta = catalog.metadata or {}
        found = (meta.get("embedding_model"), meta.get("dimension"))
        if found != (model_name, dimension):
            raise ModelMismatchError(
                f"The index in {where_is(settings)} was built with the embedding model "
                f"{found[0]!r} ({found[1]} dimensions), but NEWSQA_EMBEDDING_MODEL is "
                f"{model_name!r} ({dimension} dimensions). Either set NEWSQA_EMBEDDING_MODEL="
                f"{found[0]} again, or rebuild the index: newsqa index <folder> --rebuild"
            )
        if meta.get("format") != FORMAT_VERSION:
            raise NewsqaIndexError(
                f"The index in {where_is(settings)} was made by an older newsqa. "
                "Rebuild it: newsqa index <folder> --rebuild"
            )
        parts = {
            lang: client.get_or_create_collection(
                f"{settings.collection}-{lang}",
                configuration={"hnsw": {"space": "cosine"}},
                metadata=expected,
                embedding_function=None,
            )
            for lang in LANGUAGES
        }
        return cls(client, catalog, parts, min(client.get_max_batch_size(), 1000))

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

    def get(self, ids: Sequence[str], include: list[str]) -> dict[str, tuple[str, dict]]:
        """Chunk text and metadata by id (ids not in the index are left out)."""
        return {cid: (doc, meta) for cid, (doc, meta, _) in self.get_rows(ids, include).items()}

    def get_rows(
        self, ids: Sequence[str], include: list[str]
    ) -> dict[str, tuple[str, dict, np.ndarray | None]]:
        """Chunk text, metadata and (if included) vector by id; unknown ids are left out."""
        out: dict[str, tuple[str, dict, np.ndarray | None]] = {}
        wanted = list(dict.fromkeys(ids))
        for part in self.parts.values():
            for batch in _batches(wanted, self.batch_size):
                got = part.get(ids=batch, include=include)  # type: ignore[arg-type]
                docs = got.get("documents") or [""] * len(got["ids"])
                metas = got.get("metadatas") or [{}] * len(got["ids"])
                embeddings = got.get("embeddings")
                vecs = [None] * len(got["ids"]) if embeddings is None else list(embeddings)
                for cid, doc, meta, vec in zip(got["ids"], docs, metas, vecs, strict=True):
                    vector = None if vec is None else np.asarray(vec, dtype=np.float32)
                    out[cid] = (doc or "", dict(meta or {}), vector)
            wanted = [cid for cid in wanted if cid not in out]
            if not wanted:
                break
        return out

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete file in the index, by file hash, from the markers."""
        files: dict[str, IndexedFile] = {}
        for fh, meta in _pages(self.catalog, ["metadatas"]):
            files[fh] = IndexedFile(fh, str(meta["source"]), int(meta["n_chunks"]), meta)
        return files

    def all_ids(self) -> list[str]:
        return [cid for part in self.parts.values() for cid, _ in _pages(part, [])]

    def query(
        self, language: str, vector: np.ndarray, n: int
    ) -> list[tuple[str, str, dict, float, np.ndarray]]:
        """The `n` nearest chunks of one language: (id, text, metadata, cosine, vector)."""
        got = self.parts[language].query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            include=["documents", "metadatas", "distances", "embeddings"],  # type: ignore[list-item]
        )
        embeddings = got.get("embeddings")
        vectors = embeddings[0] if embeddings is not None else []
        return [
            (cid, doc or "", dict(meta or {}), 1.0 - dist, np.asarray(vec, dtype=np.float32))
            for cid, doc, meta, dist, vec in zip(
                got["ids"][0],
                (got["documents"] or [[]])[0],
                (got["metadatas"] or [[]])[0],
                (got["distances"] or [[]])[0],
                vectors,
                strict=True,
            )
        ]

    def count(self) -> int:
        return sum(part.count() for part in self.parts.values())

    def sample_vectors(self, n: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Up to `n` chunks per language: their vectors and their sentences' vectors.

        Retrieval measures each language's candidates against such a sample of the same
        language (see `retrieval.language_background`); one read per language and sync.
        """
        out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for lang, part in self.parts.items():
            got = part.get(limit=n, include=["embeddings", "metadatas"])  # type: ignore[list-item]
            embeddings = got.get("embeddings")
            if embeddings is None or len(embeddings) == 0:
                continue
            chunks = np.asarray(embeddings, dtype=np.float32)
            dimension = chunks.shape[1]
            sentences = [
                decode_vectors(str(meta["s_vectors"]), dimension)
                for meta in got.get("metadatas") or []
                if meta and meta.get("s_vectors")
            ]
            out[lang] = (chunks, np.concatenate(sentences) if sentences else chunks[:0])
        return out

    def generation(self) -> int:
        """The sync generation as stored now (another process may have synced since)."""
        fresh = self.client.get_collection(self.catalog.name, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    # -- writing -------------------------------------------------------------------------

    def write_files(self, files: Sequence[tuple[Records, dict[str, Any]]]) -> None:
        """Upsert several files' (chunks, marker): every chunk first, then the markers.

        One upsert per language for a whole batch of files: Chroma's per-call cost would
        otherwise rival the embedding time on short articles.
        """
        rows = concat_records([chunks for chunks, _ in files])
        for lang, part in self.parts.items():
            mine = [i for i, meta in enumerate(rows.metadatas) if language_of(meta) == lang]
            for batch in _batches(mine, self.batch_size):
                part.upsert(
                    ids=[rows.ids[i] for i in batch],
                    embeddings=rows.embeddings[batch],  # type: ignore[index]
                    documents=[rows.documents[i] for i in batch],
                    metadatas=[rows.metadatas[i] for i in batch],
                )
        markers = [(file_hash_of(chunks.ids[0]), marker) for chunks, marker in files]
        for batch in _batches(markers, self.batch_size):
            self._put_markers(batch)

    def _put_markers(self, markers: Sequence[tuple[str, dict[str, Any]]]) -> None:
        # Chroma rows need a vector; markers are only ever read by id, so one number will do.
        self.catalog.upsert(
            ids=[fh for fh, _ in markers],
            embeddings=[[1.0]] * len(markers),
            metadatas=[meta for _, meta in markers],  # type: ignore[misc]
        )

    def delete_files(self, files: Iterable[IndexedFile]) -> None:
        """Markers first, so an interrupted delete leaves only orphan chunks."""
        files = list(files)
        for batch in _batches([f.file_hash for f in files], self.batch_size):
            self.catalog.delete(ids=batch)
        self.delete(cid for f in files for cid in f.chunk_ids())

    def delete(self, ids: Iterable[str]) -> None:
        for batch in _batches(sorted(set(ids)), self.batch_size):
            for part in self.parts.values():
                part.delete(ids=batch)

    def set_source(self, file: IndexedFile, source: str) -> None:
        """Record a renamed file's new path without embedding it again (marker last)."""
        rows = self.get(file.chunk_ids(), include=["metadatas"])
        for lang, part in self.parts.items():
            mine = [cid for cid in rows if language_of(rows[cid][1]) == lang]
            for batch in _batches(mine, self.batch_size):
                metas = [{**rows[cid][1], "source": source} for cid in batch]
                part.update(ids=batch, metadatas=metas)  # type: ignore[arg-type]
        self._put_markers([(file.file_hash, {**file.marker, "source": source})])

    def bump_generation(self) -> None:
        """Tell open retrievers (this process or another) that the chunks changed."""
        fresh = self.client.get_collection(self.catalog.name, embedding_function=None)
        meta = dict(fresh.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.catalog.modify(metadata=meta)


def _pages(collection: Collection, include: list[str], page: int = 20_000) -> Iterable:
    """(id, metadata) of every row, a page at a time."""
    offset = 0
    while True:
        got = collection.get(include=include, limit=page, offset=offset)  # type: ignore[arg-type]
        metas = got.get("metadatas") or [{}] * len(got["ids"])
        yield from ((rid, dict(meta or {})) for rid, meta in zip(got["ids"], metas, strict=True))
        if len(got["ids"]) < page:
            return
        offset += page


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
