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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.documents import Article, SkipFile
from index.folder_scan import FoundFile, hash_file, in_share, walk
from index.settings import IndexSettings
from index.store import ChunkStore, IndexedFile, NewsqaIndexError, chunk_id, make_client
from index.sync_lock import SyncLock
from index.sync_summary import SyncSummary

if TYPE_CHECKING:
    from index.embeddings import Embedder

log = logging.getLogger(__name__)

EMBED_BATCH_CHUNKS = 256


class FolderNotFoundError(NewsqaIndexError):
    """The folder to index does not exist or is not a folder."""


@dataclass
class _Pending:
    """A new or changed file, loaded and chunked, waiting for its embeddings."""

    found: FoundFile
    file_hash: str
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    embed_texts: list[str]


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
    if embedder is None:
        from index.embeddings import load_embedder

        embedder = load_embedder(settings)
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
    log.info("%s", summary.format().splitlines()[0])
    return summary


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
    desired: dict[str, FoundFile] = {}
    source_of_hash: dict[str, str] = {}
    max_bytes = int(settings.max_file_mb * 1024 * 1024)

    for found in walk(root, summary.skipped):
        if not in_share(found.source, share):
            continue
        if found.size > max_bytes:
            summary.skipped.append((found.source, _too_big(found.size, settings.max_file_mb)))
            continue
        try:
            file_hash = hash_file(found.path)
        except OSError as exc:
            summary.skipped.append((found.source, f"cannot read: {exc.strerror or exc}"))
            continue
        if file_hash in source_of_hash:
            summary.skipped.append(
                (found.source, f"same content as {source_of_hash[file_hash]} (indexed once)")
            )
            continue
        source_of_hash[file_hash] = found.source
        desired[file_hash] = found

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
    store.delete(cid for old in stale for cid in old.chunk_ids())
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

    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(to_embed), unit="file", desc="Indexing", disable=not show)
    batch: list[_Pending] = []

    def flush() -> None:
        texts = [t for p in batch for t in p.embed_texts]
        if texts:
            vectors = embedder.embed_passages(texts)
            at = 0
            for pending in batch:
                n = len(pending.ids)
                store.write_file(
                    pending.ids, vectors[at : at + n], pending.documents, pending.metadatas
                )
                at += n
                summary.embedded_chunks += n
                added = pending.found.source not in old_sources
                (summary.added if added else summary.updated).append(pending.found.source)
        bar.update(len(batch))
        bar.set_postfix(chunks=summary.embedded_chunks)
        batch.clear()

    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    for file_hash, found in to_embed:
        try:
            pending = _prepare(found, file_hash, root, settings, max_bytes, summary)
        except SkipFile as exc:
            summary.skipped.append((found.source, str(exc)))
            bar.update(1)
            continue
        batch.append(pending)
        if sum(len(p.ids) for p in batch) >= EMBED_BATCH_CHUNKS:
            flush()
    flush()
    bar.close()


def _prepare(
    found: FoundFile,
    file_hash: str,
    root: Path,
    settings: IndexSettings,
    max_bytes: int,
    summary: SyncSummary,
) -> _Pending:
    from index.chunking import chunk_text
    from index.loaders import read_articles

    articles, warnings = read_articles(found.path, root, max_bytes)
    summary.warnings.extend((found.source, w) for w in warnings)
    pending = _Pending(found, file_hash, [], [], [], [])
    for article in articles:
        chunks = chunk_text(
            article.text,
            sentences_per_chunk=settings.chunk_sentences,
            max_tokens=settings.chunk_max_tokens,
        )
        for chunk in chunks:
            number = len(pending.ids)
            pending.ids.append(chunk_id(file_hash, number))
            pending.documents.append(chunk.text)
            pending.metadatas.append(_metadata(article, chunk.number, chunk.start, chunk.end))
            pending.metadatas[-1]["chunk"] = number
            pending.embed_texts.append(f"{article.title}\n{chunk.text}")
    if not pending.ids:
        raise SkipFile("no text to index")
    pending.metadatas[0]["n_chunks"] = len(pending.ids)
    return pending


def _metadata(article: Article, article_chunk: int, start: int, end: int) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "source": article.source,
        "record": article.record,
        "article_chunk": article_chunk,
        "title": article.title,
        "language": article.language,
        "start": start,
        "end": end,
    }
    if article.date:
        meta["date"] = article.date
    if article.url:
        meta["url"] = article.url
    return meta


def _remove_orphans(store: ChunkStore, share: tuple[int, int] | None) -> int:
    """Delete chunks no complete file owns: what a killed sync leaves behind."""
    valid = {cid for f in store.indexed_files().values() for cid in f.chunk_ids()}
    orphans = [cid for cid in store.all_ids() if cid not in valid]
    if share is not None and orphans:
        metas = store.metadatas(orphans)
        orphans = [c for c, m in zip(orphans, metas, strict=True) if in_share(m["source"], share)]
    if orphans:
        log.warning("Removing %d chunks left by an interrupted sync", len(orphans))
        store.delete(orphans)
    return len(orphans)


def _count_articles(store: ChunkStore) -> int:
    return len(store.collection.get(where={"article_chunk": 0}, include=[])["ids"])


def _too_big(size: int, limit_mb: float) -> str:
    return f"{size / 1e6:.1f} MB is over the {limit_mb:g} MB limit (NEWSQA_MAX_FILE_MB)"


__all__ = ["sync", "SyncSummary", "FolderNotFoundError", "IndexedFile"]
