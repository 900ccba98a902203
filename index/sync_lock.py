"""One sync at a time per index, and a journal that says whether the last one finished.

The lock is an OS file lock, so it is released even when a sync is killed; the journal file
outlives a kill, which is how the next sync knows it must repair.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from core.errors import NewsqaError

log = logging.getLogger(__name__)


class SyncBusyError(NewsqaError):
    """Another sync holds the index and the caller asked not to wait."""


class SyncLock:
    """Exclusive lock on one collection's state, plus its 'sync in progress' journal."""

    def __init__(self, data_dir: Path, name: str, *, wait: bool = True) -> None:
        state = data_dir / "state"
        state.mkdir(parents=True, exist_ok=True)
        self.lock_path = state / f"{name}.lock"
        self.journal_path = state / f"{name}.sync-in-progress"
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> SyncLock:
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not self.wait:
                os.close(fd)
                raise SyncBusyError(
                    "Another newsqa sync is running on this index; try again when it ends."
                ) from None
            log.warning("Another newsqa sync is running on this index; waiting for it to end")
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._fd = fd
        return self

    @property
    def previous_run_interrupted(self) -> bool:
        return self.journal_path.exists()

    def begin(self) -> None:
        self.journal_path.write_text(f"{os.getpid()}\n")

    def finish(self) -> None:
        self.journal_path.unlink(missing_ok=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
