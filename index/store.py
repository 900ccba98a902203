"""The Chroma side of the index: a cosine collection of chunks and one of their sentences.

Chunk ids are ``<file hash>:<n>``; sentence ids ``<file hash>:s<n>``. Every sentence is
embedded once, and a chunk's vector is built from its sentences' vectors, so overlapping
chunks never embed the same text twice and the answer step finds each sentence's vector
ready. Chunk 0 of every file is its *marker*: it carries the chunk and sentence counts and
is written last, so a file whose marker is present is complete. That is what lets a sync
killed at any moment be repaired by the next one (see `index.folder_sync`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
FORMAT_VERSION = 2
SENTENCES_SUFFIX = "-sentences"


class NewsqaIndexError(NewsqaError):
    """Base for index errors whose message is meant for the user."""


class ModelMismatchError(NewsqaIndexError):
    """The collection was built with another embedding model; vectors would not compare."""


class IndexNotFoundError(NewsqaIndexError):
    """There is no index yet: the user has to run `newsqa index` first."""


def chunk_id(file_hash: str, number: int) -> str:
    return f"{file_hash}{ID_SEP}{number}"


def sentence_id(file_hash: str, number: int) -> str:
    return f"{file_hash}{ID_SEP}s{number}"


def file_hash_of(record_id: str) -> str:
    return record_id.split(ID_SEP, 1)[0]


@dataclass(frozen=True)
class IndexedFile:
    """What the index knows of one file, read from its marker chunk."""

    file_hash: str
    source: str
    n_chunks: int
    n_sentences: int = 0

    def chunk_ids(self) -> list[str]:
        return [chunk_id(self.file_hash, n) for n in range(self.n_chunks)]

    def sentence_ids(self) -> list[str]:
        return [sentence_id(self.file_hash, n) for n in range(self.n_sentences)]


@dataclass
class Records:
    """Rows for one collection: ids with their vectors, texts and metadata."""

    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    embeddings: np.ndarray | None = None


def make_client(settings: IndexSettings) -> ClientAPI:
    """Embedded `PersistentClient` by default; an `HttpClient` when NEWSQA_CHROMA_URL is set."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise NewsqaIndexError(f"NEWSQA_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=ssl, settings=chroma_settings
            )
        except Exception as exc:  # chromadb checks the server on connect
            raise NewsqaIndexError(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}). "
                "Is `chroma run` up? Unset NEWSQA_CHROMA_URL to use the embedded database."
            ) from exc
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class ChunkStore:
    """The chunk and sentence collections, checked against the model that reads and writes."""

    def __init__(
        self, client: ClientAPI, collection: Collection, sentences: Collection, batch_size: int
    ) -> None:
        self.client = client
        self.collection = collection
        self.sentences = sentences
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
        names = (settings.collection, settings.collection + SENTENCES_SUFFIX)
        if create:
            chunks, sentences = (
                client.get_or_create_collection(
                    name,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={**expected, "format": FORMAT_VERSION, "generation": 0},
                    embedding_function=None,
                )
                for name in names
            )
        else:
            try:
                chunks, sentences = (
                    client.get_collection(name, embedding_function=None) for name in names
                )
            except Exception as exc:  # chromadb raises NotFoundError or ValueError by version
                raise IndexNotFoundError(
                    f"No newsqa index in {_where(settings)} yet. "
                    "Build it with: newsqa index <folder>"
                ) from exc
        meta = chunks.metadata or {}
        found = (meta.get("embedding_model"), meta.get("dimension"))
        if found != (model_name, dimension):
            raise ModelMismatchError(
                f"The index in {_where(settings)} was built with the embedding model "
                f"{found[0]!r} ({found[1]} dimensions), but NEWSQA_EMBEDDING_MODEL is "
                f"{model_name!r} ({dimension} dimensions). Either set NEWSQA_EMBEDDING_MODEL="
                f"{found[0]} again, or rebuild the index: newsqa index <folder> --rebuild"
            )
        if meta.get("format") != FORMAT_VERSION:
            raise NewsqaIndexError(
                f"The index in {_where(settings)} was made by an older newsqa. "
                "Rebuild it: newsqa index <folder> --rebuild"
            )
        return cls(client, chunks, sentences, min(client.get_max_batch_size(), 1000))

    @staticmethod
    def drop(settings: IndexSettings, client: ClientAPI | None = None) -> None:
        """Delete both collections (for `--rebuild`)."""
        client = client or make_client(settings)
        existing = {c.name for c in client.list_collections()}
        for name in (settings.collection, settings.collection + SENTENCES_SUFFIX):
            if name in existing:
                client.delete_collection(name)

    # -- reading -------------------------------------------------------------------------

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete file in the index, by file hash, from the marker chunks."""
        got = self.collection.get(where={"chunk": 0}, include=["metadatas"])
        files: dict[str, IndexedFile] = {}
        for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            fh = file_hash_of(cid)
            files[fh] = IndexedFile(
                fh, str(meta["source"]), int(meta["n_chunks"]), int(meta.get("n_sentences", 0))
            )
        return files

    def all_ids(self, collection: Collection | None = None) -> list[str]:
        collection = collection or self.collection
        ids: list[str] = []
        offset, page = 0, 20_000
        while True:
            got = collection.get(include=[], limit=page, offset=offset)
            ids.extend(got["ids"])
            if len(got["ids"]) < page:
                return ids
            offset += page

    def metadatas(self, ids: Sequence[str], collection: Collection | None = None) -> list[dict]:
        collection = collection or self.collection
        out: list[dict[str, Any]] = []
        for batch in _batches(list(ids), self.batch_size):
            got = collection.get(ids=batch, include=["metadatas"])
            out.extend(dict(m) for m in got["metadatas"] or [])
        return out

    def count(self) -> int:
        return self.collection.count()

    def generation(self) -> int:
        """The sync generation as stored now (another process may have synced since)."""
        fresh = self.client.get_collection(self.collection.name, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    # -- writing -------------------------------------------------------------------------

    def write_files(self, files: Sequence[tuple[Records, Records]]) -> None:
        """Upsert several files' (chunks, sentences): all sentences, all non-marker chunks,
        then the markers (chunk 0 of each file) last, so a marker still means 'complete'.

        One upsert per kind for a whole batch of files: Chroma's per-call cost would otherwise
        rival the embedding time on short articles.
        """
        sentences = _concat([s for _, s in files])
        self._upsert(self.sentences, sentences, list(range(len(sentences.ids))))
        chunks = _concat([c for c, _ in files])
        markers = {i for i, cid in enumerate(chunks.ids) if cid.endswith(f"{ID_SEP}0")}
        rest = [i for i in range(len(chunks.ids)) if i not in markers]
        self._upsert(self.collection, chunks, rest + sorted(markers))

    def _upsert(self, collection: Collection, rows: Records, order: list[int]) -> None:
        assert rows.embeddings is not None
        for batch in _batches(order, self.batch_size):
            if batch:
                collection.upsert(
                    ids=[rows.ids[i] for i in batch],
                    embeddings=rows.embeddings[batch],
                    documents=[rows.documents[i] for i in batch],
                    metadatas=[rows.metadatas[i] for i in batch],
                )

    def delete_files(self, files: Iterable[IndexedFile]) -> None:
        """Delete files, markers first, so an interrupted delete leaves only orphans."""
        files = list(files)
        self.delete(cid for f in files for cid in f.chunk_ids())
        self.delete_sentences(sid for f in files for sid in f.sentence_ids())

    def delete(self, ids: Iterable[str]) -> None:
        ordered = sorted(set(ids), key=lambda i: not i.endswith(f"{ID_SEP}0"))
        for batch in _batches(ordered, self.batch_size):
            self.collection.delete(ids=batch)

    def delete_sentences(self, ids: Iterable[str]) -> None:
        for batch in _batches(sorted(set(ids)), self.batch_size):
            self.sentences.delete(ids=batch)

    def set_source(self, file: IndexedFile, source: str) -> None:
        """Record a renamed file's new path without embedding it again."""
        for collection, ids, order in (
            (self.sentences, file.sentence_ids(), list(range(file.n_sentences))),
            (self.collection, file.chunk_ids(), list(range(1, file.n_chunks)) + [0]),
        ):
            metas = self.metadatas(ids, collection)
            for meta in metas:
                meta["source"] = source
            for batch in _batches(order, self.batch_size):
                collection.update(ids=[ids[i] for i in batch], metadatas=[metas[i] for i in batch])

    def bump_generation(self) -> None:
        """Tell open retrievers (this process or another) that the chunks changed."""
        fresh = self.client.get_collection(self.collection.name, embedding_function=None)
        meta = dict(fresh.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.collection.modify(metadata=meta)


def _concat(parts: Sequence[Records]) -> Records:
    import numpy as np

    vectors = [p.embeddings for p in parts if p.embeddings is not None and len(p.ids)]
    return Records(
        ids=[i for p in parts for i in p.ids],
        documents=[d for p in parts for d in p.documents],
        metadatas=[m for p in parts for m in p.metadatas],
        embeddings=np.concatenate(vectors) if vectors else np.zeros((0, 1), dtype=np.float32),
    )


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _where(settings: IndexSettings) -> str:
    return settings.chroma_url or str(settings.chroma_path)
