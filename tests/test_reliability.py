"""Crash-safe sync, one sync at a time, hostile files, and re-indexing while answering."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from index_fixtures import REPO

from index import sync
from index.settings import IndexSettings
from index.store import ChunkStore
from index.sync_lock import SyncBusyError, SyncLock
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow  # the real model, in this process and in killed ones

EVAL_ARTICLES = REPO / "tests" / "data" / "articles"

KILLABLE_SYNC = """
import os, sys, time
from pathlib import Path
from chromadb.api.models.Collection import Collection
from index.embedder_factory import load_embedder
from index.settings import IndexSettings
from index import sync

pause_at, mode = int(sys.argv[2]), sys.argv[3]
writes = 0

def announced(write):
    def wrapper(self, *args, **kwargs):
        global writes
        writes += 1
        if writes == pause_at:
            print("write", writes, write.__name__, self.name, flush=True)
            if mode == "before":
                time.sleep(600)
        return write(self, *args, **kwargs)
    return wrapper

for name in ("upsert", "update", "delete", "modify"):
    setattr(Collection, name, announced(getattr(Collection, name)))
settings = IndexSettings()
load_embedder(settings).embed_passages(["warm up"])
print("ready", flush=True)
sync(Path(sys.argv[1]), settings, progress=False)
print("finished", flush=True)
"""


def snapshot(settings: IndexSettings, embedder) -> dict[str, tuple[str, str]]:
    """Every chunk id with its source and text: what 'the same index' means."""
    store = ChunkStore.open(settings, embedder.name, embedder.dimension, create=False)
    rows = store.get(store.all_ids())
    return {cid: (row.metadata["source"], row.text) for cid, row in rows.items()}


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory, model_cache_dir, embedder) -> dict[str, tuple[str, str]]:
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("clean"), model_cache_dir=model_cache_dir
    )
    sync(EVAL_ARTICLES, settings, embedder=embedder)
    return snapshot(settings, embedder)


def kill_sync_at_write(folder, settings: IndexSettings, pause_at: int, mode: str) -> str:
    """Run a sync in a child process and SIGKILL it at its `pause_at`-th write to Chroma.

    mode "before": the child stops just before that write, so the kill lands there for sure;
    mode "during": the kill races the write itself. Returns what the child printed after
    "ready" (it contains "finished" only if the sync completed first).
    """
    env = {
        **os.environ,
        "NEWSQA_DATA_DIR": str(settings.data_dir),
        "NEWSQA_MODEL_CACHE_DIR": str(settings.model_cache_dir),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE_SYNC, str(folder), str(pause_at), mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    line = proc.stdout.readline()  # "write N ..." or "finished" / "" if there was no such write
    proc.send_signal(signal.SIGKILL)
    return line + proc.communicate(timeout=60)[0]


@pytest.mark.parametrize(
    "pause_at,mode", [(1, "before"), (2, "before"), (2, "during"), (3, "before")]
)
def test_sync_killed_mid_write_is_repaired_to_a_clean_build(
    tmp_path, model_cache_dir, embedder, clean_build, pause_at, mode
):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    printed = kill_sync_at_write(EVAL_ARTICLES, settings, pause_at, mode)
    if mode == "before":
        assert printed.startswith(f"write {pause_at} ") and "finished" not in printed
    # the next sync repairs whatever the kill left
    sync(EVAL_ARTICLES, settings, embedder=embedder)
    assert snapshot(settings, embedder) == clean_build


def test_update_killed_mid_write_is_repaired(tmp_path, model_cache_dir, embedder):
    """A sync that removes, changes and adds files, killed before each of its first writes."""
    edited = tmp_path / "edited"
    shutil.copytree(EVAL_ARTICLES, edited)
    files = sorted(edited.iterdir())
    files[0].unlink()
    files[1].write_text(files[1].read_text() + "\nA closing line added by the editor.\n")
    shutil.copy(REPO / "examples" / "articles" / "lavrov-mirzoyan-call-2021-10-01.ar.txt", edited)
    reference = IndexSettings(data_dir=tmp_path / "reference", model_cache_dir=model_cache_dir)
    sync(edited, reference, embedder=embedder)
    for pause_at in (1, 2, 3):
        settings = IndexSettings(
            data_dir=tmp_path / f"data{pause_at}", model_cache_dir=model_cache_dir
        )
        sync(EVAL_ARTICLES, settings, embedder=embedder)
        printed = kill_sync_at_write(edited, settings, pause_at, "before")
        assert printed.startswith(f"write {pause_at} ") and "finished" not in printed
        sync(edited, settings, embedder=embedder)
        assert snapshot(settings, embedder) == snapshot(reference, embedder)


def test_a_second_sync_waits_or_exits_with_a_clear_message(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "examples" / "articles", folder)
    results = []
    with SyncLock(settings.data_dir, settings.collection):
        with pytest.raises(SyncBusyError, match="Another newsqa sync is running"):
            sync(folder, settings, embedder=embedder, wait=False)
        waiter = threading.Thread(
            target=lambda: results.append(sync(folder, settings, embedder=embedder))
        )
        waiter.start()
        time.sleep(1.0)
        assert waiter.is_alive() and not results  # it is waiting for the lock
    waiter.join(timeout=120)
    assert results and results[0].added == ["lavrov-mirzoyan-call-2021-10-01.ar.txt"]


def test_hostile_files_are_skipped_and_the_rest_indexed(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "examples" / "articles", folder)
    with (folder / "huge.txt").open("w") as fh:  # 50 MB
        fh.write(("A long line of text about nothing in particular. " * 20 + "\n") * 52_000)
    (folder / "nested.html").write_text("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    (folder / "bad.json").write_text('{"title": "x", "text": ')
    (folder / "lines.jsonl").write_text(
        '{"title": "Good record", "text": "Oman opened a desalination plant in Sohar on '
        'Monday, officials said."}\n{not json}\n'
    )
    (folder / "scan.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
        b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    (folder / "invalid-utf8.txt").write_bytes(b"\xc3\x28\xa0\xa1 " * 100)
    (folder / "loop").mkdir()
    (folder / "loop" / "again").symlink_to(folder, target_is_directory=True)

    summary = sync(folder, settings, embedder=embedder)
    reasons = dict(summary.skipped)
    for name in ("huge.txt", "bad.json", "scan.pdf", "invalid-utf8.txt"):
        assert name in reasons, name
    assert "over the 20 MB limit" in reasons["huge.txt"]
    assert "loop/again" in reasons and "loop" in reasons["loop/again"]
    assert any(path == "lines.jsonl" for path, _ in summary.warnings)
    assert "lavrov-mirzoyan-call-2021-10-01.ar.txt" in summary.added
    assert "lines.jsonl" in summary.added
    assert "nested more than 256 levels" in reasons["nested.html"]


def test_reindex_while_questions_are_answered(tmp_path, model_cache_dir, embedder):
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "examples" / "articles", folder)
    sync(folder, settings, embedder=embedder)
    service = QAService(settings, RetrievalSettings(), embedder=embedder)
    service.warm()
    for path in sorted(EVAL_ARTICLES.glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    errors: list[BaseException] = []
    answers = []
    stop = threading.Event()

    def ask_in_a_loop() -> None:
        while not stop.is_set():
            try:
                answers.append(service.ask("When did Lavrov and Mirzoyan talk on the phone?"))
            except BaseException as exc:  # noqa: BLE001 - the test reports any failure
                errors.append(exc)

    askers = [threading.Thread(target=ask_in_a_loop) for _ in range(2)]
    for t in askers:
        t.start()
    summary = service.reindex(folder)
    stop.set()
    for t in askers:
        t.join(timeout=60)
    assert errors == []
    assert len(answers) >= 2 and all(a.found for a in answers)
    assert len(summary.added) >= 5
    assert service.stats().files == 1 + len(summary.added)
    service.close()
