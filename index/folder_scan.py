"""Walking the articles folder: which files to consider, and each one's content hash."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HASH_CHARS = 16


@dataclass(frozen=True)
class FoundFile:
    path: Path
    source: str  # relative to the folder, forward slashes: the id users see
    size: int


def walk(folder: Path, skipped: list[tuple[str, str]]) -> Iterator[FoundFile]:
    """Yield regular files under `folder` in a stable order, following links without looping.

    Hidden files and folders (".git", ".DS_Store") are passed over silently; anything else that
    cannot be read is appended to `skipped` with its reason.
    """
    seen_dirs: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[FoundFile]:
        try:
            st = directory.stat()
        except OSError as exc:
            skipped.append((_rel(directory, folder), f"cannot open folder: {exc.strerror}"))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            skipped.append((_rel(directory, folder), "symbolic link loop (folder seen already)"))
            return
        seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            skipped.append((_rel(directory, folder), f"cannot list folder: {exc.strerror}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from visit(path)
                    continue
                if not entry.is_file():
                    reason = "broken symbolic link" if entry.is_symlink() else "not a file"
                    skipped.append((_rel(path, folder), reason))
                    continue
                size = entry.stat().st_size
            except OSError as exc:
                skipped.append((_rel(path, folder), f"cannot read: {exc.strerror or exc}"))
                continue
            yield FoundFile(path, _rel(path, folder), size)

    yield from visit(folder)


def hash_file(path: Path) -> str:
    """Content hash: the same bytes anywhere get the same id, so renames cost no embedding."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()[:HASH_CHARS]


def _rel(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return str(path)
