"""The index reader: one cheap check per question, rebuilds elsewhere, stats without a model.

Real Chroma on a temp dir, with the deterministic fake embedder: what is checked here is which
Chroma calls a question makes and what survives another process's rebuild, not answer quality.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from index_fixtures import REPO, SEED_DIR

from index import sync
from index.fake_embedder import FakeEmbedder
from index.reader import IndexReader
from index.settings import IndexSettings
from index.store import ModelMismatchError
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

QUESTION = "What did Lavrov and Mirzoyan discuss on the phone?"
SOLAR = "Solar farm opens\n\nMorocco opened a solar farm near Ouarzazate on 3 March 2024."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(SEED_DIR, root)
    (root / "solar-2024-03-03.en.txt").write_text(SOLAR, encoding="utf-8")
    return root


@pytest.fixture
def settings(tmp_path: Path, folder: Path) -> IndexSettings:
    settings = IndexSettings(data_dir=tmp_path / "data")
    sync(folder, settings, embedder=FakeEmbedder())
    return settings


@pytest.fixture
def service(settings: IndexSettings):
    with QAService(settings, RetrievalSettings(llm="extractive"), embedder=FakeEmbedder()) as qa:
        yield qa


def chroma_calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every call newsqa makes on Chroma's client and collections from now on."""
    from chromadb.api.client import Client
    from chromadb.api.models.Collection import Collection

    calls: Counter[str] = Counter()

    def counted(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            calls[f"{cls.__name__}.{name}"] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    for name in ("get", "query", "count", "upsert", "update", "delete", "modify", "add", "peek"):
        counted(Collection, name)
    for name in ("get_collection", "get_or_create_collection", "list_collections", "heartbeat"):
        counted(Client, name)
    return calls


def test_a_warm_question_makes_at_most_four_chroma_calls(service, monkeypatch):
    """One catalog read to check the index, then one dense query per language (it was 10)."""
    first = service.ask(QUESTION)
    calls = chroma_calls(monkeypatch)
    assert service.ask(QUESTION) == first
    assert sum(calls.values()) <= 4, calls
    assert calls["Collection.query"] == 3


def newsqa(*args: str, settings: IndexSettings, **env: str) -> subprocess.CompletedProcess:
    """The `newsqa` command in another process, on this index, with the fake embedder."""
    return subprocess.run(
        [sys.executable, "-m", "newsqa", *args],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "NEWSQA_DATA_DIR": str(settings.data_dir),
            "NEWSQA_EMBEDDING_BACKEND": "fake",
            **env,
        },
        cwd=REPO,
        timeout=300,
    )


def test_a_live_service_keeps_answering_after_a_rebuild_elsewhere(service, settings, folder):
    before = service.ask(QUESTION)
    done = newsqa("index", str(folder), "--rebuild", "--json", settings=settings)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["embedded_chunks"] > 3
    assert service.ask(QUESTION) == before
    # ...and its keyword index follows the new collections: a file added and synced is found
    (folder / "ferry.en.txt").write_text("Ferry resumes\n\nThe Zanzibar ferry resumed.", "utf-8")
    sync(folder, settings, embedder=FakeEmbedder())
    service.ask("When did the Zanzibar ferry resume?")
    assert service.reader().keywords.search(["zanzibar"], 5)


def test_a_rebuild_with_another_model_is_refused_with_advice(service, settings, folder):
    service.ask(QUESTION)
    other = FakeEmbedder("another-model", 32)
    sync(folder, settings, embedder=other, rebuild=True)
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        service.ask(QUESTION)


def test_the_reader_opens_without_a_model_and_returns_decoded_rows(settings):
    reader = IndexReader(settings)
    assert reader.refresh() and reader.chunks > 3
    assert (reader.store.model_name, reader.store.dimension) == ("newsqa-fake-words", 64)
    vector = FakeEmbedder().embed_queries([QUESTION])[0]
    row, cosine = reader.query("ar", vector, 1)[0]
    assert 0 < cosine <= 1
    assert row.vectors.shape == (len(row.spans), 64) and row.vectors.dtype == "float32"
    assert not any(key.startswith("s_") for key in row.metadata)
    start = row.metadata["start"]
    assert row.spans[0][0] == start and row.spans[-1][1] == row.metadata["end"]
    reader.close()


def test_no_index_is_an_empty_one_until_it_is_built(tmp_path, folder):
    settings = IndexSettings(data_dir=tmp_path / "later")
    reader = IndexReader(settings)
    assert not reader.refresh() and reader.stats().chunks == 0
    sync(folder, settings, embedder=FakeEmbedder())
    assert reader.refresh() and reader.stats().files == 2
    reader.close()


def test_stats_load_no_embedding_model(settings, tmp_path):
    with QAService(settings) as service:
        stats = service.stats()
        assert stats.files == 2 and stats.chunks > 3
        assert service._embedder is None
    empty_cache = tmp_path / "models"
    empty_cache.mkdir()
    # the default backend and model, as a user has them: still nothing is loaded
    done = newsqa(
        "stats",
        "--json",
        settings=settings,
        NEWSQA_MODEL_CACHE_DIR=str(empty_cache),
        NEWSQA_EMBEDDING_BACKEND="onnx-int8",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == 2
    assert list(empty_cache.iterdir()) == []  # nothing converted or exported into it
