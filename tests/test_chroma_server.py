"""Sync and answers against a real `chroma run` server through NEWSQA_CHROMA_URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from chroma_server import ChromaServer
from index_fixtures import AGREEMENT, REPO, SEED_FILE

from index import sync
from index.settings import IndexSettings
from index.store import ChunkStore
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

EVAL_ARTICLES = REPO / "tests" / "data" / "articles"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    yield server
    server.stop()


def server_settings(server: ChromaServer, tmp_path, model_cache_dir, collection: str):
    return IndexSettings(
        data_dir=tmp_path,
        chroma_url=server.url,
        collection=collection,
        model_cache_dir=model_cache_dir,
    )


def ids(settings: IndexSettings, embedder) -> list[str]:
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)
    return sorted(store.all_ids())


def test_sync_and_ask_through_the_server(
    chroma_server, seed_folder, tmp_path, model_cache_dir, embedder
):
    settings = server_settings(chroma_server, tmp_path, model_cache_dir, "seed-on-server")
    first = sync(seed_folder, settings, embedder=embedder)
    assert first.added == [SEED_FILE] and first.total_chunks > 3
    assert sync(seed_folder, settings, embedder=embedder).embedded_chunks == 0
    with QAService(settings, RetrievalSettings(), embedder=embedder) as service:
        answer = service.ask("ما الذي اتفق عليه الوزيران؟")
    assert answer.found and AGREEMENT in answer.sources[0].quote
    # nothing was written to the local embedded database
    assert not settings.chroma_path.exists()


def test_two_workers_share_a_folder_into_one_server(
    chroma_server, tmp_path, model_cache_dir, embedder
):
    """Each worker (its own data dir, as on its own machine) takes a deterministic share."""
    env = {
        **os.environ,
        "NEWSQA_CHROMA_URL": chroma_server.url,
        "NEWSQA_COLLECTION": "shared-on-server",
        "NEWSQA_MODEL_CACHE_DIR": str(model_cache_dir),
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "newsqa",
                "index",
                str(EVAL_ARTICLES),
                "--share",
                f"{i}/2",
                "--json",
            ],
            env={**env, "NEWSQA_DATA_DIR": str(tmp_path / f"worker{i}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    outputs = [w.communicate(timeout=900) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    added = [json.loads(out)["added"] for out, _ in outputs]
    assert added[0] and added[1] and not set(added[0]) & set(added[1])

    shared = server_settings(
        chroma_server, tmp_path / "reader", model_cache_dir, "shared-on-server"
    )
    single = IndexSettings(data_dir=tmp_path / "single", model_cache_dir=model_cache_dir)
    sync(EVAL_ARTICLES, single, embedder=embedder)
    assert ids(shared, embedder) == ids(single, embedder)
