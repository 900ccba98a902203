"""How newsqa calls Chroma: in batches, a page at a time, waiting out "database is locked".

Embedded Chroma keeps its log and metadata in SQLite, used from its own worker threads.
SQLite answers "database is locked" (SQLITE_BUSY) at once, without waiting, when a
connection that has read wants to write while another holds the write lock. Seen once in
six CI runs: re-opening an index right after a sync, in the same process, failed on a
one-line configuration change; it did not happen again in three runs here. SQLite rolls
the failed statement back whole and its advice is to try again, and every call newsqa
retries (get, query, upsert, update, delete, modify) gives the same result when repeated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

T = TypeVar("T")

PATIENCE_S = 30.0  # how long a call keeps trying before the error reaches the user
FIRST_WAIT_S = 0.05


def is_locked(exc: BaseException) -> bool:
    """Whether an error is SQLite's busy answer, which a later try can get past."""
    return "database is locked" in str(exc)


def when_unlocked(call: Callable[..., T], *args, patience: float = PATIENCE_S, **kwargs) -> T:
    """`call(*args, **kwargs)`, tried again with growing waits while the database is locked.

    Any other error, and a lock outlasting `patience` seconds, is raised as it is.
    """
    deadline = time.monotonic() + patience
    wait = FIRST_WAIT_S
    while True:
        try:
            return call(*args, **kwargs)
        except Exception as exc:
            left = deadline - time.monotonic()
            if not is_locked(exc) or left <= 0:
                raise
            log.debug("Chroma's database is locked; trying again in %.2f s", min(wait, left))
            time.sleep(min(wait, left))
            wait = min(wait * 2, 1.0)


def pages(collection: Collection, include: list[str], page: int = 20_000) -> Iterable:
    """(id, metadata) of every row, a page at a time."""
    offset = 0
    while True:
        got = when_unlocked(collection.get, include=include, limit=page, offset=offset)
        metas = got.get("metadatas") or [{}] * len(got["ids"])
        yield from ((rid, dict(meta or {})) for rid, meta in zip(got["ids"], metas, strict=True))
        if len(got["ids"]) < page:
            return
        offset += page


def batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    """`items` in lists of at most `size` (Chroma refuses calls over its batch size)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
