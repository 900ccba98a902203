"""Incremental sync against a real Chroma on a temp dir.

What a sync decides does not depend on the model, so most tests here take `any_embedder`: the
deterministic fake in the fast tier and the real packaged model in the full suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index import sync
from index.fake_embedder import FakeEmbedder
from index.folder_sync import FolderNotFoundError
from index.settings import IndexSettings
from index.store import ChunkStore, ModelMismatchError

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles"

EN_ARTICLE = """Solar farm opens in Morocco

Morocco opened a new solar farm near Ouarzazate on 3 March 2024. The plant will power
200,000 homes. Officials said a second phase would start next year.
"""
EN_ARTICLE_CHANGED = EN_ARTICLE + "\nThe second phase will add storage batteries.\n"
AR_ARTICLE = """افتتاح مكتبة جديدة في عمّان

افتتحت أمانة عمّان مكتبة عامة جديدة يوم الأحد 5 أيار/مايو 2024. وتضم المكتبة أكثر من عشرين ألف كتاب.
"""


class CountingEmbedder:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.passages = inner, 0
        self.name, self.dimension = inner.name, inner.dimension

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


@pytest.fixture(params=["fake", pytest.param("torch", marks=pytest.mark.slow)])
def any_embedder(request: pytest.FixtureRequest):
    """The fake embedder, or the real model (loaded once per session, as `embedder`)."""
    if request.param == "fake":
        return FakeEmbedder()
    return request.getfixturevalue("packaged_embedder")(request.param)


@pytest.fixture
def settings(tmp_path: Path) -> IndexSettings:
    return IndexSettings(data_dir=tmp_path / "data", model_cache_dir=tmp_path / "no-models")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    shutil.copytree(SEED, root)
    (root / "world").mkdir()
    (root / "world" / "solar-2024-03-03.en.txt").write_text(EN_ARTICLE, encoding="utf-8")
    (root / "library.ar.md").write_text(AR_ARTICLE, encoding="utf-8")
    return root


def chunk_ids(settings: IndexSettings, embedder) -> list[str]:
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)
    return sorted(store.all_ids())


def test_first_sync_indexes_everything_and_second_embeds_nothing(settings, folder, any_embedder):
    counting = CountingEmbedder(any_embedder)
    first = sync(folder, settings, embedder=counting)
    assert sorted(first.added) == [
        "lavrov-mirzoyan-call-2021-10-01.ar.txt",
        "library.ar.md",
        "world/solar-2024-03-03.en.txt",
    ]
    assert first.skipped == []
    assert first.total_chunks == first.embedded_chunks > 3
    # each sentence once, plus one title per article; overlapping chunks cost nothing extra
    assert counting.passages == first.embedded_sentences + 3

    counting.passages = 0
    second = sync(folder, settings, embedder=counting)
    assert (second.unchanged, second.embedded_chunks, counting.passages) == (3, 0, 0)
    assert not second.changed
    assert second.total_chunks == first.total_chunks


def test_change_add_delete_matches_a_clean_build(settings, folder, any_embedder, tmp_path):
    sync(folder, settings, embedder=any_embedder)
    (folder / "world" / "solar-2024-03-03.en.txt").write_text(EN_ARTICLE_CHANGED, "utf-8")
    (folder / "library.ar.md").unlink()
    (folder / "new.en.txt").write_text("Rain in Cairo\n\nIt rained in Cairo on Monday.", "utf-8")

    counting = CountingEmbedder(any_embedder)
    summary = sync(folder, settings, embedder=counting)
    assert summary.updated == ["world/solar-2024-03-03.en.txt"]
    assert summary.added == ["new.en.txt"]
    assert summary.removed == ["library.ar.md"]
    assert summary.unchanged == 1
    # only the changed and the new file were embedded (their sentences and two titles)
    assert counting.passages == summary.embedded_sentences + 2
    assert summary.embedded_chunks < summary.total_chunks

    clean = settings.model_copy(update={"data_dir": tmp_path / "clean"})
    sync(folder, clean, embedder=any_embedder)
    assert chunk_ids(settings, any_embedder) == chunk_ids(clean, any_embedder)


def test_rename_costs_no_embedding_and_duplicates_are_indexed_once(settings, folder, any_embedder):
    sync(folder, settings, embedder=any_embedder)
    (folder / "library.ar.md").rename(folder / "world" / "library-renamed.ar.md")
    shutil.copy(folder / "world" / "solar-2024-03-03.en.txt", folder / "solar-copy.txt")

    counting = CountingEmbedder(any_embedder)
    summary = sync(folder, settings, embedder=counting)
    assert summary.renamed == [("library.ar.md", "world/library-renamed.ar.md")]
    assert counting.passages == 0 and summary.removed == []
    assert summary.skipped == [
        ("solar-copy.txt", "same content as world/solar-2024-03-03.en.txt (indexed once)")
    ]
    store = ChunkStore.open(settings, any_embedder.name, any_embedder.dimension, create=False)
    sources = {f.source for f in store.indexed_files().values()}
    assert "world/library-renamed.ar.md" in sources and "library.ar.md" not in sources


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(settings, folder, any_embedder):
    (folder / "empty.txt").write_text("   \n", "utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "latin1.txt").write_bytes("caf\xe9 cr\xe8me \xff\xfe\xfd".encode("latin-1") * 3)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "huge.txt").write_text("word " * 300_000, "utf-8")
    limited = settings.model_copy(update={"max_file_mb": 1.0})

    summary = sync(folder, limited, embedder=any_embedder)
    reasons = dict(summary.skipped)
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "photo.png", "huge.txt"}
    assert "over the 1 MB limit" in reasons["huge.txt"]
    assert all(reasons.values())
    assert len(summary.added) == 3  # the three good articles


def test_missing_folder_is_a_clear_error(settings, any_embedder, tmp_path):
    with pytest.raises(FolderNotFoundError, match="does not exist"):
        sync(tmp_path / "nope", settings, embedder=any_embedder)
    env = {**os.environ, "NEWSQA_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "newsqa", "index", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow  # the real model
def test_another_model_is_refused_with_rebuild_advice(settings, folder, embedder):
    sync(folder, settings, embedder=embedder)
    with pytest.raises(ModelMismatchError, match="--rebuild") as err:
        ChunkStore.open(settings, "intfloat/other-model", 768, create=False)
    assert "multilingual-e5-small" in str(err.value)


def test_interrupted_sync_leftovers_are_repaired(settings, folder, any_embedder):
    first = sync(folder, settings, embedder=any_embedder)
    store = ChunkStore.open(settings, any_embedder.name, any_embedder.dimension, create=False)
    # What a sync killed mid-write leaves: chunks of a file whose marker was never written.
    vectors = any_embedder.embed_passages(["half-written chunk one", "half-written chunk two"])
    store.parts["en"].upsert(
        ids=["deadbeefdeadbeef:1", "deadbeefdeadbeef:2"],
        embeddings=vectors,
        documents=["one", "two"],
        metadatas=[{"source": "gone.txt", "chunk": 1}, {"source": "gone.txt", "chunk": 2}],
    )
    (settings.data_dir / "state" / f"{settings.collection}.sync-in-progress").write_text("1")

    summary = sync(folder, settings, embedder=any_embedder)
    assert summary.repaired_chunks == 2
    assert summary.total_chunks == first.total_chunks
    assert not (settings.data_dir / "state" / f"{settings.collection}.sync-in-progress").exists()


def test_repair_finds_markers_whose_chunks_went_missing(settings, folder, any_embedder, tmp_path):
    sync(folder, settings, embedder=any_embedder)
    store = ChunkStore.open(settings, any_embedder.name, any_embedder.dimension, create=False)
    library = next(f for f in store.indexed_files().values() if f.source == "library.ar.md")
    store.delete(library.chunk_ids()[:1])  # what two workers clashing over one file left

    summary = sync(folder, settings, embedder=any_embedder, repair=True)
    assert summary.repaired_files == 1 and summary.added == ["library.ar.md"]
    clean = settings.model_copy(update={"data_dir": tmp_path / "clean"})
    sync(folder, clean, embedder=any_embedder)
    assert chunk_ids(settings, any_embedder) == chunk_ids(clean, any_embedder)


@pytest.mark.slow  # the real model, in a `newsqa index` process
def test_cli_json_summary(folder, tmp_path, model_cache_dir):
    env = {
        **os.environ,
        "NEWSQA_DATA_DIR": str(tmp_path / "data"),
        "NEWSQA_MODEL_CACHE_DIR": str(model_cache_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "newsqa", "index", str(folder), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert len(summary["added"]) == 3 and summary["total_chunks"] > 3
    assert summary["skipped"] == []
