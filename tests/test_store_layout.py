"""What the index stores: chunks per language, each with its sentences' vectors and offsets."""

from __future__ import annotations

import json

import numpy as np
import pytest
from index_fixtures import REPO, SEED_FILE

from core.errors import NewsqaIndexError
from index import sync
from index.hnsw_search import SEARCH_EF
from index.sentence_vectors import (
    decode_spans,
    decode_vectors,
    encode_sentences,
    encode_spans,
    encode_vectors,
)
from index.settings import IndexSettings
from index.store import FORMAT_VERSION, ChunkStore
from index.store_rows import LANGUAGES, StoredChunk
from retrieval.hybrid_retriever import HybridRetriever
from retrieval.passage import Passage
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow  # the real model's vectors are what is checked

EVAL_ARTICLES = REPO / "tests" / "data" / "articles"


@pytest.fixture(scope="module")
def eval_store(tmp_path_factory, model_cache_dir, embedder) -> ChunkStore:
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("layout"), model_cache_dir=model_cache_dir
    )
    sync(EVAL_ARTICLES, settings, embedder=embedder)
    return ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)


def test_each_language_has_its_own_collection(eval_store):
    files = eval_store.indexed_files()
    assert eval_store.catalog.count() == len(files) == len(list(EVAL_ARTICLES.iterdir()))
    assert sum(f.n_chunks for f in files.values()) == eval_store.count()
    counts = {lang: eval_store.parts[lang].count() for lang in LANGUAGES}
    assert counts["ar"] > 0 and counts["en"] > 0
    assert sum(counts.values()) == eval_store.count()
    for lang in ("ar", "en"):
        metas = eval_store.parts[lang].get(include=["metadatas"])["metadatas"]
        assert {m["language"] for m in metas} == {lang}


def test_sentence_vectors_in_chunk_metadata_are_the_sentence_embeddings(eval_store, embedder):
    rows = eval_store.get(eval_store.all_ids())
    checked = 0
    for row in list(rows.values())[:40]:
        text, meta, spans, vectors = row.text, row.metadata, row.spans, row.vectors
        assert len(spans) == len(vectors) >= 1
        # the spans tile the chunk: its text is exactly its sentences, in order
        assert spans[0][0] == meta["start"] and spans[-1][1] == meta["end"]
        sentences = [text[s - meta["start"] : e - meta["start"]] for s, e in spans]
        fresh = embedder.embed_passages(sentences)
        cosines = (fresh * vectors).sum(axis=1) / np.linalg.norm(vectors, axis=1)
        assert cosines.min() > 0.999  # float16 storage costs nothing measurable
        checked += len(sentences)
    assert checked >= 40


def test_codecs_round_trip():
    vectors = np.random.default_rng(0).normal(size=(3, 384)).astype(np.float32)
    back = decode_vectors(encode_vectors(vectors), 384)
    assert back.shape == (3, 384) and np.abs(back - vectors).max() < 5e-3
    assert decode_spans(encode_spans([(0, 12), (13, 40)])) == [(0, 12), (13, 40)]


def test_users_never_see_the_stored_vectors(qa_service):
    stored = {"x": 1, **encode_sentences([(0, 4)], np.ones((1, 2)))}
    passage = Passage.from_row(StoredChunk.from_chroma("ab:1", "text", stored, 2))
    assert passage.metadata == {"x": 1} and passage.sentence_spans == [(0, 4)]
    parts = qa_service._ready()
    docs = HybridRetriever(search=parts.search).invoke("What did the ministers agree on?")
    assert docs and docs[0].metadata["source"] == SEED_FILE
    assert not any(k.startswith("s_") for d in docs for k in d.metadata)


def test_an_index_from_an_older_newsqa_asks_for_a_rebuild(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    folder = REPO / "examples" / "articles"
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=True)
    meta = {**(store.catalog.metadata or {}), "format": 2}
    store.catalog.modify(metadata=meta)  # what the layout with a sentence collection left
    store.client.get_or_create_collection(f"{settings.collection}-sentences")
    with pytest.raises(NewsqaIndexError, match="--rebuild"):
        sync(folder, settings, embedder=embedder)
    summary = sync(folder, settings, embedder=embedder, rebuild=True)
    assert summary.added == [SEED_FILE]
    names = {c.name for c in store.client.list_collections()}
    assert f"{settings.collection}-sentences" not in names


def test_an_index_from_before_numeric_dates_is_upgraded_in_place(
    tmp_path, model_cache_dir, embedder
):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    sync(REPO / "examples" / "articles", settings, embedder=embedder)
    store = ChunkStore.open(settings, create=False)
    ids = store.all_ids()
    for part in store.parts.values():  # what format 3 wrote: a date, no date_num
        got = part.get(include=[])["ids"]
        if got:
            part.update(ids=got, metadatas=[{"date_num": None}] * len(got))
    store.catalog.modify(metadata={**(store.catalog.metadata or {}), "format": 3})
    generation = store.generation()

    upgraded = ChunkStore.open(settings, create=False)  # any process opening it upgrades it
    assert (upgraded.catalog.metadata or {})["format"] == FORMAT_VERSION
    rows = upgraded.get(ids)
    assert rows and all(row.metadata["date_num"] == 20211001 for row in rows.values())
    assert upgraded.all_ids() == ids and upgraded.generation() == generation  # nothing else
    summary = sync(REPO / "examples" / "articles", settings, embedder=embedder)
    assert summary.added == [] and summary.unchanged  # no re-embedding


def test_a_keyword_hit_removed_by_a_concurrent_sync_is_skipped(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    sync(REPO / "examples" / "articles", settings, embedder=embedder)
    with QAService(settings, RetrievalSettings(llm="extractive"), embedder=embedder) as service:
        search = service._ready().search  # keyword index refreshed here, once
        question = "ما الذي اتفق عليه الوزيران؟"
        top = search.search(question)[0].chunk_id
        # what another process's sync does between two refreshes
        ChunkStore.open(settings, create=False).delete([top])
        passages = search.search(question)
    assert passages and top not in {p.chunk_id for p in passages}


def test_the_nearest_chunks_found_are_the_true_nearest(eval_store, embedder):
    """Chroma's graph search is approximate. With its default search list it lost a few of
    the 30 nearest chunks, and which ones changed from process to process, so a question
    could get another answer on the next run (`index.hnsw_search`)."""
    questions = [
        json.loads(line)["question"]
        for line in (REPO / "tests" / "data" / "questions_fresh.jsonl").read_text().splitlines()
    ][:60]
    vectors = embedder.embed_queries(questions)
    for lang in ("ar", "en"):
        part = eval_store.parts[lang]
        assert part.configuration_json["hnsw"]["ef_search"] == SEARCH_EF
        stored = part.get(include=["embeddings"])
        matrix = np.asarray(stored["embeddings"], dtype=np.float32)
        for vector in vectors:
            found = eval_store.query(lang, vector, 30)
            exact = np.sort(matrix @ vector)[::-1][:30]
            # the same 30 cosines (ties aside, the same chunks), best first
            assert np.allclose([cosine for _, cosine in found], exact, atol=1e-4)


def test_an_index_searched_narrowly_is_widened_when_opened(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    sync(REPO / "examples" / "articles", settings, embedder=embedder)
    store = ChunkStore.open(settings, create=False)
    for part in store.parts.values():  # what newsqa before the wider search created
        part.modify(configuration={"hnsw": {"ef_search": 100}})
    assert (
        store.client.get_collection(store.parts["ar"].name).configuration_json["hnsw"]["ef_search"]
        == 100
    )

    reopened = ChunkStore.open(settings, create=False)  # a reader or a sync, either
    for part in reopened.parts.values():
        fetched = reopened.client.get_collection(part.name)
        assert fetched.configuration_json["hnsw"]["ef_search"] == SEARCH_EF
    summary = sync(REPO / "examples" / "articles", settings, embedder=embedder)
    assert summary.added == [] and summary.unchanged  # no re-embedding
