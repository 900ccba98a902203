"""`sync(folder)`: make the index hold exactly the articles in a folder, embedding only changes.

Files are compared by content hash against the marker chunks in Chroma, so an unchanged
folder costs a directory walk and a hash per file and nothing else. New versions are written
before old ones are deleted, and a journal marks a sync in progress: if a sync is killed, the
next one removes whatever it left half-written (see `index.store`).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from index.chroma_client import make_client
from index.documents import SkipFile
from index.errors import NewsqaIndexError
from index.folder_scan import FoundFile, hash_file, in_share, walk
from index.settings import DEFAULT_MODEL, IndexSettings
from index.store import ChunkStore
from index.store_rows import IndexedFile
from index.sync_lock import SyncLock
from index.sync_summary import SyncSummary

if TYPE_CHECKING:
    import numpy as np

    from index.embeddings import Embedder

log = logging.getLogger(__name__)

EMBED_BATCH_SENTENCES = 512


class FolderNotFoundError(NewsqaIndexError):
    """The folder to index does not exist or is not a folder."""


def sync(
    folder: str | Path,
    settings: IndexSettings | None = None,
    *,
    rebuild: bool = False,
    repair: bool = False,
    progress: bool | None = None,
    wait: bool = True,
    share: tuple[int, int] | None = None,
    embedder: Embedder | None = None,
) -> SyncSummary:
    """Bring the index in step with `folder` and say what changed.

    Args:
        folder: the articles folder (any depth; hidden files are ignored).
        settings: index settings; read from the environment when omitted.
        rebuild: drop the collection first and embed everything again.
        repair: check every chunk id even if the last sync finished cleanly.
        progress: show a progress bar; by default only when stderr is a terminal.
        wait: if another sync holds the index, wait (True) or raise `SyncBusyError`.
        share: `(i, n)` to handle only worker i's share of the files out of n workers.
        embedder: an already loaded embedder (the bot passes its own).
    """
    started = time.monotonic()
    root = Path(folder).expanduser()
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise FolderNotFoundError(f"The articles folder {root} {what}.")
    settings = settings or IndexSettings()
    embedder = embedder or LazyEmbedder(settings)
    summary = SyncSummary(folder=str(root))
    with SyncLock(settings.data_dir, settings.collection, wait=wait) as lock:
        client = make_client(settings)
        if rebuild:
            ChunkStore.drop(settings, client)
        store = ChunkStore.open(
            settings, embedder.name, embedder.dimension, create=True, client=client
        )
        interrupted = lock.previous_run_interrupted
        lock.begin()
        if interrupted or repair:
            summary.repaired_chunks = _remove_orphans(store, share)
        _sync_files(root, settings, store, embedder, summary, share, progress)
        if summary.changed:
            store.bump_generation()
        summary.total_chunks = store.count()
        lock.finish()
    summary.seconds = time.monotonic() - started
    log.debug("%s", summary.format().splitlines()[0])
    return summary


class LazyEmbedder:
    """Loads the model only when a file needs embedding, so an unchanged folder syncs fast."""

    KNOWN_DIMENSIONS = {DEFAULT_MODEL: 384}

    def __init__(self, settings: IndexSettings) -> None:
        self.settings = settings
        self.name = settings.embedding_model
        self._loaded: Embedder | None = None

    def _model(self) -> Embedder:
        if self._loaded is None:
            from index.embeddings import load_embedder

            self._loaded = load_embedder(self.settings)
        return self._loaded

    @property
    def dimension(self) -> int:
        known = self.KNOWN_DIMENSIONS.get(self.name)
        return known if known is not None else self._model().dimension

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._model().embed_passages(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._model().embed_queries(texts)


def _sync_files(
    root: Path,
    settings: IndexSettings,
    store: ChunkStore,
    embedder: Embedder,
    summary: SyncSummary,
    share: tuple[int, int] | None,
    progress: bool | None,
) -> None:
    indexed = store.indexed_files()
    mine = {h: f for h, f in indexed.items() if in_share(f.source, share)}
    old_sources = {f.source for f in mine.values()}
    copies: dict[str, list[FoundFile]] = {}
    max_bytes = int(settings.max_file_mb * 1024 * 1024)

    for found in walk(root, summary.skipped):
        if not in_share(found.source, share):
            continue
        if found.size > max_bytes:
            summary.skipped.append((found.source, _too_big(found.size, settings.max_file_mb)))
            continue
        try:
            copies.setdefault(hash_file(found.path), []).append(found)
        except OSError as exc:
            summary.skipped.append((found.source, f"cannot read: {exc.strerror or exc}"))

    # Identical files are indexed once; the copy already in the index keeps its place.
    desired: dict[str, FoundFile] = {}
    for file_hash, same in copies.items():
        known = indexed.get(file_hash)
        keep = next((f for f in same if known and f.source == known.source), same[0])
        desired[file_hash] = keep
        for other in same:
            if other is not keep:
                summary.skipped.append(
                    (other.source, f"same content as {keep.source} (indexed once)")
                )

    to_embed: list[tuple[str, FoundFile]] = []
    for file_hash, found in desired.items():
        known = indexed.get(file_hash)
        if known is None:
            to_embed.append((file_hash, found))
        elif known.source == found.source:
            summary.unchanged += 1
        else:
            store.set_source(known, found.source)
            summary.renamed.append((known.source, found.source))

    _embed_and_write(root, to_embed, old_sources, settings, store, embedder, summary, progress)

    kept_sources = {f.source for f in desired.values()}
    stale = [f for h, f in mine.items() if h not in desired]
    for old in stale:
        if old.source not in kept_sources:
            summary.removed.append(old.source)
    store.delete_files(stale)
    summary.articles = _count_articles(store)


def _embed_and_write(
    root: Path,
    to_embed: list[tuple[str, FoundFile]],
    old_sources: set[str],
    settings: IndexSettings,
    store: ChunkStore,
    embedder: Embedder,
    summary: SyncSummary,
    progress: bool | None,
) -> None:
    """Load, chunk and embed new files in batches of chunks, writing each file when done."""
    from tqdm import tqdm

    from index.file_records import FileRecords, embed_files, prepare_file

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(to_embed), unit="file", desc="Indexing", disable=not show)
    batch: list[FileRecords] = []

    def flush() -> None:
        embed_files(batch, embedder)
        store.write_files([(records.chunks, records.marker) for records in batch])
        for records in batch:
            summary.embedded_chunks += len(records.chunks.ids)
            summary.embedded_sentences += len(records.sentences)
            added = records.source not in old_sources
            (summary.added if added else summary.updated).append(records.source)
        bar.update(len(batch))
        bar.set_postfix(chunks=summary.embedded_chunks)
        batch.clear()

    for file_hash, found in to_embed:
        try:
            records = prepare_file(found.path, found.source, root, file_hash, settings)
        except SkipFile as exc:
            summary.skipped.append((found.source, str(exc)))
            bar.update(1)
            continue
        except Exception as exc:  # a loader bug or a pathological file must not stop the sync
            log.warning("Could not read %s", found.source, exc_info=True)
            summary.skipped.append((found.source, f"could not be read ({type(exc).__name__})"))
            bar.update(1)
            continue
        summary.warnings.extend((found.source, w) for w in records.warnings)
        batch.append(records)
        if sum(len(r.sentences) for r in batch) >= EMBED_BATCH_SENTENCES:
            flush()
    flush()
    bar.close()


def _remove_orphans(store: ChunkStore, share: tuple[int, int] | None) -> int:
    """Delete chunks no complete file owns: what a killed sync leaves behind."""
    valid = {cid for f in store.indexed_files().values() for cid in f.chunk_ids()}
    orphans = [cid for cid in store.all_ids() if cid not in valid]
    if share is not None and orphans:
        rows = store.get(orphans, include=["metadatas"])
        orphans = [cid for cid, (_, meta) in rows.items() if in_share(meta["source"], share)]
    if orphans:
        log.warning("Removing %d chunks left by an interrupted sync", len(orphans))
        store.delete(orphans)
    return len(orphans)


def _count_articles(store: ChunkStore) -> int:
    return sum(int(f.marker.get("n_articles", 1)) for f in store.indexed_files().values())


def _too_big(size: int, limit_mb: float) -> str:
    return f"{size / 1e6:.1f} MB is over the {limit_mb:g} MB limit (NEWSQA_MAX_FILE_MB)"


__all__ = ["sync", "SyncSummary", "FolderNotFoundError", "IndexedFile"]
