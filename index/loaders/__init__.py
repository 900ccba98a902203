"""Read one file of the articles folder into :class:`~index.documents.Article` records.

The API is :func:`read_articles`, which returns the articles *and* warnings about parts
of the file that were dropped (e.g. "2 malformed lines skipped (lines 3, 7)"), so the
sync summary can tell the user without failing the whole file.

A file that cannot be indexed at all raises :class:`~index.documents.SkipFile` whose
message is the reason to show: unsupported extension, too big, empty, binary, not
UTF-8, malformed JSON, a PDF without a text layer, unreadable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.documents import Article, SkipFile
from index.loaders.html import read_html
from index.loaders.jsonl import read_json, read_jsonl
from index.loaders.pdf import read_pdf
from index.loaders.text import read_markdown, read_txt

__all__ = ["SUPPORTED_EXTENSIONS", "MB", "read_articles"]

MB = 1024 * 1024  # max_bytes is settings.max_file_mb * MB

Reader = Callable[[bytes, Path, Path], tuple[list[Article], list[str]]]


def _single(read: Callable[[bytes, Path, Path], Article]) -> Reader:
    return lambda data, path, root: ([read(data, path, root)], [])


def _pdf(data: bytes, path: Path, root: Path) -> tuple[list[Article], list[str]]:
    article, warnings = read_pdf(data, path, root)
    return [article], warnings


_READERS: dict[str, Reader] = {
    ".txt": _single(read_txt),
    ".md": _single(read_markdown),
    ".html": _single(read_html),
    ".htm": _single(read_html),
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".pdf": _pdf,
}
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(_READERS)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SkipFile(
                f"{size / MB:.1f} MB is over the {max_bytes / MB:g} MB limit (NEWSQA_MAX_FILE_MB)"
            )
        if size == 0:
            raise SkipFile("empty file (0 bytes)")
        return path.read_bytes()
    except PermissionError:
        raise SkipFile("cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise SkipFile("is a directory, not a file") from None
    except OSError as exc:
        raise SkipFile(f"cannot read the file: {exc.strerror or exc}") from None


def read_articles(path: Path, root: Path, max_bytes: int) -> tuple[list[Article], list[str]]:
    """The articles in ``path`` and warnings about skipped parts of it.

    ``root`` is the indexed folder (``Article.source`` is ``path`` relative to it, with
    ``/``); ``max_bytes`` is the size limit. The reader is chosen by extension,
    case-insensitively. Raises SkipFile when the file yields no article.
    """
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        shown = path.suffix or "no extension"
        supported = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise SkipFile(f"unsupported file type ({shown}); supported: {supported}")
    return reader(_read_bytes(path, max_bytes), path, root)
