"""Chroma calls wait out SQLite's "database is locked" rather than failing a sync or question.

The lock itself comes from a race inside embedded Chroma that no test can trigger on demand,
so these tests raise Chroma's own error, with the message CI printed, from the call.
"""

from __future__ import annotations

import logging
import time

import chromadb
import pytest
from chromadb.errors import InternalError

from index.chroma_calls import batches, pages, when_unlocked
from index.hnsw_search import SEARCH_EF, widen_search

LOCKED = "Database error: error returned from database: (code: 5) database is locked"


class LockedFor:
    """A call that finds the database locked its first `times` tries, then does `then()`."""

    def __init__(self, times: int, then=lambda **kwargs: "done") -> None:
        self.times, self.then, self.calls = times, then, 0

    def __call__(self, **kwargs):
        self.calls += 1
        if self.calls <= self.times:
            raise InternalError(LOCKED)
        return self.then(**kwargs)


def test_a_locked_call_is_tried_again_until_it_goes_through() -> None:
    call = LockedFor(3)
    assert when_unlocked(call, ids=["a"], patience=5.0) == "done"
    assert call.calls == 4


def test_other_errors_are_not_retried() -> None:
    calls = []

    def refused(**kwargs):
        calls.append(kwargs)
        raise InternalError("Collection expecting embedding with dimension of 384, got 3")

    with pytest.raises(InternalError, match="dimension"):
        when_unlocked(refused, ids=["a"], patience=5.0)
    assert len(calls) == 1


def test_a_lock_that_outlasts_the_patience_reaches_the_caller() -> None:
    call = LockedFor(10_000)
    started = time.monotonic()
    with pytest.raises(InternalError, match="database is locked"):
        when_unlocked(call, patience=0.3)
    assert 0.3 <= time.monotonic() - started < 2.0
    assert call.calls >= 2


def _narrow_collection(tmp_path):
    client = chromadb.PersistentClient(
        path=str(tmp_path), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection(
        "newsqa-ar",
        configuration={"hnsw": {"space": "cosine", "ef_search": 100}},
        embedding_function=None,
    )
    collection.upsert(ids=["a", "b"], embeddings=[[1.0, 0.0], [0.0, 1.0]])
    return client, collection


def test_widening_waits_out_a_short_lock(tmp_path) -> None:
    client, collection = _narrow_collection(tmp_path)
    real_modify = collection.modify
    collection.modify = LockedFor(2, then=real_modify)  # type: ignore[method-assign]
    assert widen_search(collection, patience=5.0)
    stored = client.get_collection("newsqa-ar").configuration_json["hnsw"]["ef_search"]
    assert stored == SEARCH_EF


def test_a_lasting_lock_leaves_the_search_narrow_and_the_index_usable(tmp_path, caplog) -> None:
    client, collection = _narrow_collection(tmp_path)
    real_modify = collection.modify
    collection.modify = LockedFor(10_000)  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING, logger="index.hnsw_search"):
        assert not widen_search(collection, patience=0.2)
    assert "tried again next time" in caplog.text
    assert client.get_collection("newsqa-ar").configuration_json["hnsw"]["ef_search"] == 100
    found = collection.query(query_embeddings=[[1.0, 0.1]], n_results=1)
    assert found["ids"] == [["a"]]

    collection.modify = real_modify  # type: ignore[method-assign]
    assert widen_search(collection)  # the next opening
    assert client.get_collection("newsqa-ar").configuration_json["hnsw"]["ef_search"] == SEARCH_EF


def test_pages_and_batches_cover_every_row_once(tmp_path) -> None:
    _, collection = _narrow_collection(tmp_path)
    ids = [f"c{i}" for i in range(25)]
    for batch in batches(ids, 10):
        assert len(batch) <= 10
        collection.upsert(
            ids=batch, embeddings=[[0.5, 0.5]] * len(batch), metadatas=[{"n": 1}] * len(batch)
        )
    seen = [rid for rid, _ in pages(collection, ["metadatas"], page=7)]
    assert sorted(seen) == sorted(ids + ["a", "b"])
