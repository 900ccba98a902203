"""The keyword index follows the Chroma collection as syncs add and remove articles."""

from __future__ import annotations

import shutil

import pytest
from index_fixtures import SEED_DIR

from index import sync
from index.keyword_index import KeywordIndex
from index.settings import IndexSettings
from index.store import ChunkStore

pytestmark = pytest.mark.slow  # the real model

FERRY = "Zanzibar ferry resumes\n\nThe Zanzibar ferry to Dar es Salaam resumed on Monday."


def test_keyword_index_follows_syncs(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    folder = tmp_path / "articles"
    shutil.copytree(SEED_DIR, folder)
    sync(folder, settings, embedder=embedder)
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)
    keywords = KeywordIndex(tmp_path / "keywords.sqlite")

    keywords.refresh(store, store.generation())
    assert keywords.search(["zanzibar"], 5) == []
    assert keywords.search(["لافروف"], 5)  # the seed article, Arabic-normalized
    before = keywords.document_frequency(["zanzibar", "لافروف"])
    assert before["zanzibar"] == 0 and before["لافروف"] > 0 and before[""] == store.count()
    # a second process on the same file: it finds the keyword index already caught up
    other = KeywordIndex(tmp_path / "keywords.sqlite")
    other.refresh(store, store.generation())
    assert other.document_frequency(["zanzibar"])["zanzibar"] == 0

    (folder / "ferry.en.txt").write_text(FERRY, encoding="utf-8")
    sync(folder, settings, embedder=embedder)
    assert keywords.refresh(store, store.generation()) > 0
    # counts remembered from before the sync are not served after it, in either process
    assert keywords.document_frequency(["zanzibar"])["zanzibar"] > 0
    assert other.refresh(store, store.generation()) == 0  # nothing left for it to apply
    assert other.document_frequency(["zanzibar"]) == keywords.document_frequency(["zanzibar"])
    assert keywords.document_frequency([])[""] == store.count()
    other.close()
    hits = keywords.search(["zanzibar"], 5)
    assert hits
    ferry_ids = {
        cid
        for f in store.indexed_files().values()
        if f.source == "ferry.en.txt"
        for cid in f.chunk_ids()
    }
    assert {cid for cid, _ in hits} <= ferry_ids

    assert keywords.refresh(store, store.generation()) == 0  # nothing changed: no work
    (folder / "ferry.en.txt").unlink()
    sync(folder, settings, embedder=embedder)
    keywords.refresh(store, store.generation())
    assert keywords.search(["zanzibar"], 5) == []
    keywords.close()
