"""What a sync will do, decided before anything is written: the plan half of plan and apply.

`plan_sync` compares the folder (each file's path and content hash) with the index's file
markers and says which contents to embed, relabel or delete. It is pure: no Chroma, no model,
no disk, so every case (a rename, a copy, one worker's share) can be checked on its own.

Why shares go by content hash and not by path: a file's identity in the index is its content
hash, so the worker that owns a hash owns everything about that content — its chunks, its
marker, which of its copies is indexed and under which path. With shares by path, a file
renamed into another worker's share was relabelled by one worker and deleted as stale by the
other, and identical files in two shares took turns being the indexed copy.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from index.store_rows import IndexedFile

Share = tuple[int, int]  # (worker i, of n workers)


def in_share(file_hash: str, share: Share | None) -> bool:
    """Whether worker `share=(i, n)` owns this content; the split is the same on every machine."""
    if share is None:
        return True
    index, count = share
    return zlib.crc32(file_hash.encode("utf-8")) % count == index


@dataclass(frozen=True)
class SyncPlan:
    """The steps of one sync. Sources are paths relative to the folder, as users see them."""

    # (file hash, source) to embed: content at a path the index did not hold
    add: list[tuple[str, str]] = field(default_factory=list)
    # (file hash, source) to embed: new content at a path the index held
    update: list[tuple[str, str]] = field(default_factory=list)
    # known content found at another path: relabel it, embed nothing
    rename: list[tuple[IndexedFile, str]] = field(default_factory=list)
    # content no longer in the folder, old versions of updated files included
    delete: list[IndexedFile] = field(default_factory=list)
    # (source, the source indexed instead): identical content is indexed once
    duplicate: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # the paths of `delete` that hold no indexed content any more, for the summary
    removed: list[str] = field(default_factory=list)

    @property
    def to_embed(self) -> list[tuple[str, str]]:
        return self.add + self.update


def plan_sync(
    found: Mapping[str, str], indexed: Mapping[str, IndexedFile], share: Share | None = None
) -> SyncPlan:
    """Plan the sync of a folder into an index, for one worker's share or for all of it.

    Args:
        found: every file of the folder that can be indexed, source → content hash, in the
            folder's (stable) order. Every worker passes the whole folder: which copy of a
            content stands for it, and whether a path is gone, depend on all of it.
        indexed: the complete files the index holds, by content hash (from the markers).
        share: `(i, n)` for worker i of n; None for a single worker.
    """
    copies: dict[str, list[str]] = {}
    for source, file_hash in found.items():
        copies.setdefault(file_hash, []).append(source)
    # The copy the index already names keeps its place; otherwise the first in folder order.
    kept: dict[str, str] = {}
    for file_hash, sources in copies.items():
        known = indexed.get(file_hash)
        kept[file_hash] = known.source if known and known.source in sources else sources[0]
    kept_sources = set(kept.values())
    indexed_sources = {f.source for f in indexed.values()}

    plan = SyncPlan()
    for file_hash, source in kept.items():
        if not in_share(file_hash, share):
            continue
        plan.duplicate.extend((other, source) for other in copies[file_hash] if other != source)
        known = indexed.get(file_hash)
        if known is None:
            (plan.update if source in indexed_sources else plan.add).append((file_hash, source))
        elif known.source == source:
            plan.unchanged.append(source)
        else:
            plan.rename.append((known, source))
    for file_hash, old in indexed.items():
        if in_share(file_hash, share) and file_hash not in kept:
            plan.delete.append(old)
            if old.source not in kept_sources:
                plan.removed.append(old.source)
    return plan
