"""Reading one file the way a sync does, for the loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Article, SkipFile
from index.loaders import read_articles

LIMIT = 20 * 1024 * 1024


def read(path: Path, max_bytes: int = LIMIT) -> tuple[list[Article], list[str]]:
    return read_articles(path, path.parent, max_bytes)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    (path := tmp_path / name).write_bytes(
        content if isinstance(content, bytes) else content.encode()
    )
    return path


def skip_reason(path: Path, max_bytes: int = LIMIT) -> str:
    with pytest.raises(SkipFile) as caught:
        read(path, max_bytes)
    return str(caught.value)
