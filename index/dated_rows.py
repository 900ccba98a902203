"""Reading chunks by date from Chroma: the `where` filters on `date_num` (YYYYMMDD ints).

Why a module of its own: dated questions, timelines and "latest" all ask Chroma for rows of
a period, and the store (`index.store`) stays the one place that writes. A period becomes
``{"date_num": {"$in": [its days]}}`` (or a `$gte`/`$lte` pair for a long window), so Chroma
restricts the nearest-neighbour search itself: a month's article is found among thousands of
near-duplicates from other months, not picked out of the few the unrestricted search kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from index.date_numbers import DATE_FIELD, day_number
from index.store_rows import StoredChunk

if TYPE_CHECKING:
    import numpy as np

    from index.store import ChunkStore

IN_LIST_DAYS = 400  # a year and a month, or one day in each year of a long collection
_VECTOR_KEYS = ("s_vectors", "s_spans")


def period_where(periods: Sequence[tuple[date, date]]) -> dict[str, Any] | None:
    """The Chroma filter for chunks dated in any of `periods` (None for no period).

    Periods of up to IN_LIST_DAYS days in all are listed day by day (`$in`): Chroma answers
    that from its metadata index in ~50 ms at 50,000 chunks, where the same month as a
    `$gte`/`$lte` pair took ~250 ms (measured). Longer windows stay ranges.
    """
    if not periods:
        return None
    days = [
        start + timedelta(days=i) for start, end in periods for i in range((end - start).days + 1)
    ]
    if len(days) <= IN_LIST_DAYS:
        return {DATE_FIELD: {"$in": sorted({day_number(d) for d in days})}}
    ranges: list[dict[str, Any]] = [
        {"$and": [{DATE_FIELD: {"$gte": a}}, {DATE_FIELD: {"$lte": b}}]}
        for a, b in period_numbers(periods)
    ]
    return ranges[0] if len(ranges) == 1 else {"$or": ranges}


def period_numbers(periods: Sequence[tuple[date, date]]) -> list[tuple[int, int]]:
    """Each period as (first, last) YYYYMMDD numbers, as the keyword index filters them."""
    return [(day_number(start), day_number(end)) for start, end in periods]


def both(*filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """All of the given filters (None ones left out)."""
    kept = [f for f in filters if f]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else {"$and": kept}


def query_where(
    store: ChunkStore, language: str, vector: np.ndarray, n: int, where: dict[str, Any]
) -> list[tuple[StoredChunk, float]]:
    """The `n` nearest chunks of one language among those matching `where`, with cosines."""
    part = store.parts[language]
    got = part.query(
        query_embeddings=[vector.tolist()],
        n_results=n,
        where=where,
        include=["documents", "metadatas", "distances", "embeddings"],  # type: ignore[list-item]
    )
    ids = got["ids"][0]
    vectors = got.get("embeddings")
    vectors = vectors[0] if vectors is not None else [None] * len(ids)
    return [
        (StoredChunk.from_chroma(cid, doc, meta, store.dimension, vec), 1.0 - dist)
        for cid, doc, meta, dist, vec in zip(
            ids,
            (got["documents"] or [[]])[0],
            (got["metadatas"] or [[]])[0],
            (got["distances"] or [[]])[0],
            vectors,
            strict=True,
        )
    ]


def metadata_where(
    store: ChunkStore, where: dict[str, Any], limit: int | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(chunk id, metadata without sentence vectors) of the chunks matching `where`."""
    out: list[tuple[str, dict[str, Any]]] = []
    for part in store.parts.values():
        got = part.get(where=where, limit=limit, include=["metadatas"])  # type: ignore[list-item]
        for cid, meta in zip(got["ids"], got.get("metadatas") or [], strict=True):
            meta = {k: v for k, v in dict(meta or {}).items() if k not in _VECTOR_KEYS}
            out.append((cid, meta))
    return out


def ids_where(store: ChunkStore, where: dict[str, Any], limit: int | None = None) -> list[str]:
    """Ids of the chunks matching `where`, in every language (up to `limit` per language)."""
    return [
        cid
        for part in store.parts.values()
        for cid in part.get(where=where, limit=limit, include=[])["ids"]
    ]


def article_documents(store: ChunkStore, source: str) -> list[str]:
    """The chunk texts of one file, in every language (a file of several articles: all of
    them). Only the texts: the metadata rows carry the sentence vectors."""
    return [
        doc or ""
        for part in store.parts.values()
        for doc in part.get(where={"source": source}, include=["documents"])["documents"] or []
    ]
