"""The Chroma side of the index: one cosine collection of chunks per language, plus a catalog.

Why per language: newsqa ranks chunks per language (an English question must still see the best
Arabic chunks, whose cross-lingual cosines are lower). A `where={"language": …}` filter makes
Chroma scan its metadata on every question (a quarter of a second at 100k chunks); a collection
per language answers the same ranking from its own HNSW graph in milliseconds.

The catalog collection (`NEWSQA_COLLECTION`, no rows) records the embedding model, dimension,
store format and sync generation; the chunks live in `<name>-ar`, `<name>-en`, `<name>-other`.

Chunk ids are ``<file hash>:<n>``. Every sentence is embedded once; a chunk's vector is built
from its sentences' vectors, and those sentence vectors travel in the chunk's metadata
(`s_vectors`, float16, with their offsets in `s_spans`), so the answer step gets them with the
chunk itself: no second lookup and no second vector collection in memory. Chunk 0 of every file
is its *marker*: it carries the chunk count and is written last, so a file whose marker is
present is complete. That is what lets a sync killed at any moment be repaired by the next one
(see `index.folder_sync`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from index.chroma_client import make_client, where_is
from index.errors import NewsqaIndexError
from index.settings import IndexSettings

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

ID_SEP = ":"
FORMAT_VERSION = 3
LANGUAGES = ("ar", "en", "other")


class ModelMismatchError(NewsqaIndexError):
    """The collection was built with another embedding model; vectors would not compare."""


class IndexNotFoundError(NewsqaIndexError):
    """There is no index yet: the user has to run `newsqa index` first."""


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
    """What the index knows of one file, read from its marker chunk."""

    file_hash: str
    source: str
    n_chunks: int

    def chunk_ids(self) -> list[str]:
        return [chunk_id(self.file_hash, n) for n in range(self.n_chunks)]


@dataclass
class Records:
    """Rows to write: ids with their vectors, texts and metadata."""

    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[dict[str, Any]] = field(default_factory=list)
    embeddings: np.ndarray | None = None


class ChunkStore:
    """The catalog and per-language chunk collections, checked against the model in use."""

    def __init__(
        self,
        client: ClientAPI,
        catalog: Collection,
        parts: dict[str, Collection],
        dimension: int,
        batch_size: int,
    ) -> None:
        self.client = client
        self.catalog = catalog
        self.parts = parts
        self.dimension = dimension
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
        return cls(client, catalog, parts, dimension, min(client.get_max_batch_size(), 1000))

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
        out: dict[str, tuple[str, dict]] = {}
        wanted = list(dict.fromkeys(ids))
        for part in self.parts.values():
            for batch in _batches(wanted, self.batch_size):
                got = part.get(ids=batch, include=include)  # type: ignore[arg-type]
                docs = got.get("documents") or [""] * len(got["ids"])
                metas = got.get("metadatas") or [{}] * len(got["ids"])
                for cid, doc, meta in zip(got["ids"], docs, metas, strict=True):
                    out[cid] = (doc or "", dict(meta or {}))
            wanted = [cid for cid in wanted if cid not in out]
            if not wanted:
                break
        return out

    def where(
        self, where: dict[str, Any], include: Sequence[str] = ("metadatas",)
    ) -> dict[str, dict]:
        """Metadata of every chunk matching a metadata filter, by id (for markers and stats)."""
        out: dict[str, dict] = {}
        for part in self.parts.values():
            got = part.get(where=where, include=list(include))  # type: ignore[arg-type]
            metas = got.get("metadatas") or [{}] * len(got["ids"])
            for cid, meta in zip(got["ids"], metas, strict=True):
                out[cid] = dict(meta or {})
        return out

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete file in the index, by file hash, from the marker chunks."""
        files: dict[str, IndexedFile] = {}
        for cid, meta in self.where({"chunk": 0}).items():
            fh = file_hash_of(cid)
            files[fh] = IndexedFile(fh, str(meta["source"]), int(meta["n_chunks"]))
        return files

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        page = 20_000
        for part in self.parts.values():
            offset = 0
            while True:
                got = part.get(include=[], limit=page, offset=offset)
                ids.extend(got["ids"])
                if len(got["ids"]) < page:
                    break
                offset += page
        return ids

    def query(
        self, language: str, vector: np.ndarray, n: int
    ) -> list[tuple[str, str, dict, float]]:
        """The `n` nearest chunks of one language: (id, text, metadata, cosine)."""
        got = self.parts[language].query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            include=["documents", "metadatas", "distances"],  # type: ignore[list-item]
        )
        return [
            (cid, doc or "", dict(meta or {}), 1.0 - dist)
            for cid, doc, meta, dist in zip(
                got["ids"][0],
                (got["documents"] or [[]])[0],
                (got["metadatas"] or [[]])[0],
                (got["distances"] or [[]])[0],
                strict=True,
            )
        ]

    def count(self) -> int:
        return sum(part.count() for part in self.parts.values())

    def generation(self) -> int:
        """The sync generation as stored now (another process may have synced since)."""
        fresh = self.client.get_collection(self.catalog.name, embedding_function=None)
        return int((fresh.metadata or {}).get("generation", 0))

    # -- writing -------------------------------------------------------------------------

    def write_files(self, files: Sequence[Records]) -> None:
        """Upsert several files' chunks: all non-marker chunks first, then the markers
        (chunk 0 of each file) last, so a marker still means 'complete'.

        One upsert per language for a whole batch of files: Chroma's per-call cost would
        otherwise rival the embedding time on short articles.
        """
        rows = _concat(files)
        markers = [i for i, cid in enumerate(rows.ids) if cid.endswith(f"{ID_SEP}0")]
        is_marker = set(markers)
        rest = [i for i in range(len(rows.ids)) if i not in is_marker]
        for order in (rest, markers):
            for lang, part in self.parts.items():
                mine = [i for i in order if language_of(rows.metadatas[i]) == lang]
                for batch in _batches(mine, self.batch_size):
                    part.upsert(
                        ids=[rows.ids[i] for i in batch],
                        embeddings=rows.embeddings[batch],  # type: ignore[index]
                        documents=[rows.documents[i] for i in batch],
                        metadatas=[rows.metadatas[i] for i in batch],
                    )

    def delete_files(self, files: Iterable[IndexedFile]) -> None:
        """Delete files, markers first, so an interrupted delete leaves only orphans."""
        self.delete(cid for f in files for cid in f.chunk_ids())

    def delete(self, ids: Iterable[str]) -> None:
        """Markers first: a file loses its 'complete' mark before any of its chunks."""
        ids = set(ids)
        markers = sorted(i for i in ids if i.endswith(f"{ID_SEP}0"))
        for group in (markers, sorted(ids.difference(markers))):
            for batch in _batches(group, self.batch_size):
                for part in self.parts.values():
                    part.delete(ids=batch)

    def set_source(self, file: IndexedFile, source: str) -> None:
        """Record a renamed file's new path without embedding it again (marker last)."""
        rows = self.get(file.chunk_ids(), include=["metadatas"])
        marker = chunk_id(file.file_hash, 0)
        for group in ([cid for cid in rows if cid != marker], [marker] if marker in rows else []):
            for lang, part in self.parts.items():
                mine = [cid for cid in group if language_of(rows[cid][1]) == lang]
                for batch in _batches(mine, self.batch_size):
                    metas = [{**rows[cid][1], "source": source} for cid in batch]
                    part.update(ids=batch, metadatas=metas)  # type: ignore[arg-type]

    def bump_generation(self) -> None:
        """Tell open retrievers (this process or another) that the chunks changed."""
        fresh = self.client.get_collection(self.catalog.name, embedding_function=None)
        meta = dict(fresh.metadata or {})
        meta["generation"] = int(meta.get("generation", 0)) + 1
        self.catalog.modify(metadata=meta)


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
