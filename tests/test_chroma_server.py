"""Sync and answers against a real `chroma run` server through NEWSQA_CHROMA_URL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from index_fixtures import AGREEMENT, REPO, SEED_FILE

from index import sync
from index.settings import IndexSettings
from index.store import ChunkStore
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow  # a `chroma run` server, and the real model in its workers

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


def run_workers(folder: Path, server: ChromaServer, collection: str, data: Path, model_cache_dir):
    """`newsqa index FOLDER --share i/2` for i = 0, 1 at once, each with its own data dir (as
    on its own machine) against one server; returns each worker's JSON summary."""
    env = {
        **os.environ,
        "NEWSQA_CHROMA_URL": server.url,
        "NEWSQA_COLLECTION": collection,
        "NEWSQA_MODEL_CACHE_DIR": str(model_cache_dir),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "newsqa", "index", str(folder), "--share", f"{i}/2", "--json"],
            env={**env, "NEWSQA_DATA_DIR": str(data / f"worker{i}")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    outputs = [w.communicate(timeout=900) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    return [json.loads(out) for out, _ in outputs]


def sources(settings: IndexSettings, embedder) -> dict[str, str]:
    """Every chunk id with the path it is indexed under."""
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)
    return {cid: row.metadata["source"] for cid, row in store.get(store.all_ids()).items()}


def test_two_workers_share_a_folder_into_one_server(
    chroma_server, tmp_path, model_cache_dir, embedder
):
    """Each worker (its own data dir, as on its own machine) takes a deterministic share."""
    summaries = run_workers(
        EVAL_ARTICLES, chroma_server, "shared-on-server", tmp_path, model_cache_dir
    )
    added = [summary["added"] for summary in summaries]
    assert added[0] and added[1] and not set(added[0]) & set(added[1])

    shared = server_settings(
        chroma_server, tmp_path / "reader", model_cache_dir, "shared-on-server"
    )
    single = IndexSettings(data_dir=tmp_path / "single", model_cache_dir=model_cache_dir)
    sync(EVAL_ARTICLES, single, embedder=embedder)
    assert ids(shared, embedder) == ids(single, embedder)


def test_two_workers_after_renames_lose_nothing_and_copies_stay_put(
    chroma_server, tmp_path, model_cache_dir, embedder
):
    """Renamed files change worker under a split by path; under a split by content they don't.

    The folder is indexed, every file renamed, new files and three copies of one new file
    added; two workers sync it at once, then once more. The index must be exactly what one
    worker builds, and the second round must find nothing to do.
    """
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(EVAL_ARTICLES.iterdir())[:8]:
        shutil.copy(path, folder / path.name)
    settings = server_settings(chroma_server, tmp_path / "first", model_cache_dir, "renamed")
    sync(folder, settings, embedder=embedder)

    for path in sorted(folder.iterdir()):
        path.rename(folder / f"renamed-{path.name}")
    for n, place in enumerate(["Aswan", "Basra", "Tangier", "Sfax"]):
        text = (
            f"Port reopens in {place}\n\nThe port of {place} reopened on Monday after {n + 2} days."
        )
        (folder / f"port-{place.lower()}.en.txt").write_text(text, encoding="utf-8")
    (folder / "copies").mkdir()
    copy = "Bridge opens\n\nA new bridge over the Nile opened in Cairo on Sunday, officials said."
    for name in ("copies/one.en.txt", "copies/two.en.txt", "four.en.txt"):
        (folder / name).write_text(copy, encoding="utf-8")

    first = run_workers(folder, chroma_server, "renamed", tmp_path / "run1", model_cache_dir)
    assert sum(len(s["renamed"]) for s in first) == 8
    single = IndexSettings(data_dir=tmp_path / "single", model_cache_dir=model_cache_dir)
    sync(folder, single, embedder=embedder)
    assert sources(settings, embedder) == sources(single, embedder)

    again = run_workers(folder, chroma_server, "renamed", tmp_path / "run2", model_cache_dir)
    for summary in again:
        assert (summary["added"], summary["updated"], summary["removed"]) == ([], [], [])
        assert summary["renamed"] == [] and summary["repaired_chunks"] == 0
    assert sources(settings, embedder) == sources(single, embedder)
