"""`sync(folder)`: make the index hold exactly the articles in a folder, embedding only changes.

A sync is a plan and an apply step. The folder is walked and every file hashed; `plan_sync`
(`index.sync_plan`) compares those hashes with the file markers in the catalog and decides
what to embed, relabel and delete, so an unchanged folder costs a directory walk and a hash
per file and nothing else. `SyncRun.apply` then writes new versions before it deletes old
ones, and a journal marks a sync in progress: if a sync is killed, the next one removes
whatever it left half-written (see `index.store`).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import NewsqaIndexError
from index.chroma_client import make_client
from index.documents import SkipFile
from index.embedder_factory import LazyEmbedder
from index.folder_scan import hash_file, walk
from index.settings import IndexSettings
from index.store import ChunkStore
from index.store_rows import file_hash_of
from index.sync_lock import SyncLock
from index.sync_plan import Share, SyncPlan, in_share, plan_sync
from index.sync_summary import SyncSummary

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from index.file_records import FileRecords

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
    share: Share | None = None,
    embedder: Embedder | None = None,
) -> SyncSummary:
    """Bring the index in step with `folder` and say what changed.

    Args:
        folder: the articles folder (any depth; hidden files are ignored).
        settings: index settings; read from the environment when omitted.
        rebuild: drop the collection first and embed everything again.
        repair: check every chunk and marker even if the last sync finished cleanly.
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
    with SyncLock(settings.data_dir, settings.collection, wait=wait) as lock:
        client = make_client(settings)
        if rebuild:
            ChunkStore.drop(settings, client)
        store = ChunkStore.open(
            settings, embedder.name, embedder.dimension, create=True, client=client
        )
        run = SyncRun(root, settings, store, embedder, share=share, progress=progress)
        interrupted = lock.previous_run_interrupted
        lock.begin()
        if interrupted or repair:
            run.repair()
        run.apply(plan_sync(run.scan(), store.indexed_files(), share))
        if run.summary.changed:
            store.bump_generation()
        run.summary.total_chunks = store.count()
        lock.finish()
    run.summary.seconds = time.monotonic() - started
    log.debug("%s", run.summary.format().splitlines()[0])
    return run.summary


class SyncRun:
    """One sync of one folder into one store: its scan, its writes and their summary.

    The steps share the folder, the settings, the store, the embedder and the worker's share;
    holding them here keeps each step a short method rather than a function of eight arguments.
    """

    def __init__(
        self,
        root: Path,
        settings: IndexSettings,
        store: ChunkStore,
        embedder: Embedder,
        *,
        share: Share | None = None,
        progress: bool | None = None,
    ) -> None:
        self.root, self.settings, self.store, self.embedder = root, settings, store, embedder
        self.share, self.progress = share, progress
        self.summary = SyncSummary(folder=str(root))
        self._paths: dict[str, Path] = {}

    def scan(self) -> dict[str, str]:
        """Every file of the folder that can be indexed, source → content hash.

        The whole folder, whatever the share: which copy of a content is indexed, and whether
        a path is gone, depend on all of it. Files that cannot be read or are too large are
        reported by every worker, since they have no content hash to be shared out by.
        """
        found: dict[str, str] = {}
        skipped = self.summary.skipped
        limit_mb = self.settings.max_file_mb
        for file in walk(self.root, skipped):
            if file.size > int(limit_mb * 1024 * 1024):
                skipped.append((file.source, _too_big(file.size, limit_mb)))
                continue
            try:
                found[file.source] = hash_file(file.path)
            except OSError as exc:
                skipped.append((file.source, f"cannot read: {exc.strerror or exc}"))
                continue
            self._paths[file.source] = file.path
        return found

    def apply(self, plan: SyncPlan) -> None:
        """Relabel renamed files, embed new content, then delete what left the folder."""
        summary = self.summary
        summary.unchanged = len(plan.unchanged)
        for source, kept in plan.duplicate:
            summary.skipped.append((source, f"same content as {kept} (indexed once)"))
        for file, source in plan.rename:
            self.store.set_source(file, source)
            summary.renamed.append((file.source, source))
        updated = {source for _, source in plan.update}
        self._embed_and_write(plan.to_embed, updated)
        self.store.delete_files(plan.delete)
        summary.removed.extend(plan.removed)
        summary.articles = sum(
            int(f.marker.get("n_articles", 1)) for f in self.store.indexed_files().values()
        )

    def repair(self) -> None:
        """Remove what a killed or clashing sync left, in this worker's share.

        Chunks no marker owns are deleted. So are markers whose chunks are not all there (and
        whatever chunks they still have): the file is then simply not indexed, and this sync
        embeds it again.
        """
        files = self.store.indexed_files()
        present = set(self.store.all_ids())
        broken = {
            h: f
            for h, f in files.items()
            if in_share(h, self.share) and not present.issuperset(f.chunk_ids())
        }
        owned = {cid for f in files.values() for cid in f.chunk_ids()}
        leftovers = [
            cid for cid in present if cid not in owned and in_share(file_hash_of(cid), self.share)
        ]
        if broken:
            log.warning("Indexing again %d files whose chunks went missing", len(broken))
            self.store.delete_files(broken.values())  # the marker first, then what chunks it has
        if leftovers:
            log.warning("Removing %d chunks left by an interrupted sync", len(leftovers))
            self.store.delete(leftovers)
        self.summary.repaired_chunks = len(leftovers)
        self.summary.repaired_files = len(broken)

    def _embed_and_write(self, to_embed: list[tuple[str, str]], updated: set[str]) -> None:
        """Load, chunk and embed files in batches of sentences, writing each batch when done."""
        from tqdm import tqdm

        from index.file_records import embed_files, prepare_file

        summary = self.summary
        show = sys.stderr.isatty() if self.progress is None else self.progress
        bar = tqdm(total=len(to_embed), unit="file", desc="Indexing", disable=not show)
        batch: list[FileRecords] = []

        def flush() -> None:
            embed_files(batch, self.embedder)
            self.store.write_files([(records.chunks, records.marker) for records in batch])
            for records in batch:
                summary.embedded_chunks += len(records.chunks.ids)
                summary.embedded_sentences += len(records.sentences)
                (summary.updated if records.source in updated else summary.added).append(
                    records.source
                )
            bar.update(len(batch))
            bar.set_postfix(chunks=summary.embedded_chunks)
            batch.clear()

        for file_hash, source in to_embed:
            path = self._paths[source]
            try:
                records = prepare_file(path, source, self.root, file_hash, self.settings)
            except SkipFile as exc:
                summary.skipped.append((source, str(exc)))
                bar.update(1)
                continue
            except Exception as exc:  # a loader bug or a pathological file must not stop the sync
                log.warning("Could not read %s", source, exc_info=True)
                summary.skipped.append((source, f"could not be read ({type(exc).__name__})"))
                bar.update(1)
                continue
            summary.warnings.extend((source, w) for w in records.warnings)
            batch.append(records)
            if sum(len(r.sentences) for r in batch) >= EMBED_BATCH_SENTENCES:
                flush()
        flush()
        bar.close()


def _too_big(size: int, limit_mb: float) -> str:
    return f"{size / 1e6:.1f} MB is over the {limit_mb:g} MB limit (NEWSQA_MAX_FILE_MB)"


__all__ = ["sync", "SyncRun", "SyncSummary", "FolderNotFoundError"]
