"""The Chroma side of the index: one cosine collection of chunks with stable ids.

Chunk ids are ``<file hash>:<n>``. Chunk 0 of every file is its *marker*: it carries the chunk
count and is written last, so a file whose marker is present is complete. That is what lets a
sync killed at any moment be repaired by the next one (see `index.folder_sync`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from index.errors import NewsqaError
from index.settings import IndexSettings

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

ID_SEP = ":"
FORMAT_VERSION = 1


class NewsqaIndexError(NewsqaError):
    """Base for index errors whose message is meant for the user."""


class ModelMismatchError(NewsqaIndexError):
    """The collection was built with another embedding model; vectors would not compare."""


class IndexNotFoundError(NewsqaIndexError):
    """There is no index yet: the user has to run `newsqa index` first."""


def chunk_id(file_hash: str, number: int) -> str:
    return f"{file_hash}{ID_SEP}{number}"


def file_hash_of(chunk_id_: str) -> str:
    return chunk_id_.split(ID_SEP, 1)[0]


@dataclass(frozen=True)
class IndexedFile:
    """What the index knows of one file, read from its marker chunk."""

    file_hash: str
    source: str
    n_chunks: int

    def chunk_ids(self) -> list[str]:
        return [chunk_id(self.file_hash, n) for n in range(self.n_chunks)]


def make_client(settings: IndexSettings) -> ClientAPI:
    """Embedded `PersistentClient` by default; an `HttpClient` when NEWSQA_CHROMA_URL is set."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise NewsqaIndexError(f"NEWSQA_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        ssl = url.scheme == "https"
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if ssl else 8000),
            ssl=ssl,
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class ChunkStore:
    """The chunk collection, checked against the embedding model that reads and writes it."""

    def __init__(self, client: ClientAPI, collection: Collection, batch_size: int) -> None:
        self.client = client
        self.collection = collection
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
        """Open (or with `create`, create) the collection and refuse a different model."""
        client = client or make_client(settings)
        expected = {"embedding_model": model_name, "dimension": dimension}
        if create:
            collection = client.get_or_create_collection(
                settings.collection,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={**expected, "format": FORMAT_VERSION, "generation": 0},
                embedding_function=None,
            )
        else:
            try:
                collection = client.get_collection(settings.collection, embedding_function=None)
            except Exception as exc:  # chromadb raises NotFoundError or ValueError by version
                raise IndexNotFoundError(
                    f"No newsqa index in {_where(settings)} yet. "
                    "Build it with: newsqa index <folder>"
                ) from exc
        meta = collection.metadata or {}
        found = (meta.get("embedding_model"), meta.get("dimension"))
        if found != (model_name, dimension):
            raise ModelMismatchError(
                f"The index in {_where(settings)} was built with the embedding model "
                f"{found[0]!r} ({found[1]} dimensions), but NEWSQA_EMBEDDING_MODEL is "
                f"{model_name!r} ({dimension} dimensions). Either set NEWSQA_EMBEDDING_MODEL="
                f"{found[0]} again, or rebuild the index: newsqa index <folder> --rebuild"
            )
        batch = min(client.get_max_batch_size(), 1000)
        return cls(client, collection, batch)

    @staticmethod
    def drop(settings: IndexSettings, client: ClientAPI | None = None) -> None:
        """Delete the whole collection (for `--rebuild`)."""
        client = client or make_client(settings)
        if settings.collection in {c.name for c in client.list_collections()}:
            client.delete_collection(settings.collection)

    # -- reading -------------------------------------------------------------------------

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete file in the index, by file hash, from the marker chunks."""
        got = self.collection.get(where={"chunk": 0}, include=["metadatas"])
        files: dict[str, IndexedFile] = {}
        for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            fh = file_hash_of(cid)
            files[fh] = IndexedFile(fh, str(meta["source"]), int(meta["n_chunks"]))
        return files

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        offset, page = 0, 20_000
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)
            ids.extend(got["ids"])
            if len(got["ids"]) < page:
                return ids
            offset += page

    def metadatas(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for batch in _batches(list(ids), self.batch_size):
            got = self.collection.get(ids=batch, include=["metadatas"])
            out.extend(dict(m) for m in got["metadatas"] or [])
        return out

    def count(self) -> int:
        return self.collection.count()

    def generation(self) -> int:
        """The sync generation as stored now (another process may have synced since)."""
        fresh = self.client.get_collection(self.collection.name, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    # -- writing -------------------------------------------------------------------------

    def write_file(
        self,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Upsert one file's chunks, the marker (index 0) last so it means 'complete'."""
        order = list(range(1, len(ids))) + [0]
        for batch in _batches(order, self.batch_size):
            self.collection.upsert(
                ids=[ids[i] for i in batch],
                embeddings=embeddings[batch],
                documents=[documents[i] for i in batch],
                metadatas=[metadatas[i] for i in batch],
            )

    def delete(self, ids: Iterable[str]) -> None:
        """Delete chunks, the markers first so an interrupted delete leaves only orphans."""
        ordered = sorted(set(ids), key=lambda i: not i.endswith(f"{ID_SEP}0"))
        for batch in _batches(ordered, self.batch_size):
            self.collection.delete(ids=batch)

    def set_source(self, file: IndexedFile, source: str) -> None:
        """Record a renamed file's new path without embedding it again."""
        ids = file.chunk_ids()
        metas = self.metadatas(ids)
        for meta in metas:
            meta["source"] = source
        order = list(range(1, len(ids))) + [0]
        for batch in _batches(order, self.batch_size):
            self.collection.update(ids=[ids[i] for i in batch], metadatas=[metas[i] for i in batch])

    def bump_generation(self) -> None:
        """Tell open retrievers (this process or another) that the chunks changed."""
        meta = dict(self.collection.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.collection.modify(metadata=meta)


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _where(settings: IndexSettings) -> str:
    return settings.chroma_url or str(settings.chroma_path)
