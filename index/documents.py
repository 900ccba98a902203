"""The records that flow from a file on disk to Chroma: articles and their chunks."""

from __future__ import annotations

from dataclasses import dataclass, field


class SkipFile(Exception):
    """A file that cannot be indexed; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Article:
    """One article's text as read from a file, kept verbatim so quotes can be shown exactly.

    A `.jsonl` or `.json` file may hold many articles; `record` numbers them within the file.
    """

    source: str  # path relative to the indexed folder, with forward slashes
    text: str
    title: str
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    language: str = "other"  # "ar", "en" or "other"
    url: str | None = None
    record: int = 0


@dataclass(frozen=True)
class Chunk:
    """A few consecutive sentences of an article; `start`/`end` index into `Article.text`."""

    text: str
    start: int
    end: int
    number: int = 0
    sentences: list[tuple[int, int]] = field(default_factory=list)
