"""Article dumps from scrapers and feeds: ``.json`` (one object or a list) and ``.jsonl``.

Scraper output is often slightly broken (a truncated last line, a record without text).
One bad record should not cost the whole file, so those are skipped and reported as
warnings; only a file with nothing usable is skipped outright.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from index.documents import Article, SkipFile
from index.loaders.base import decode_text, make_article, require_text
from index.loaders.dates import parse_date

__all__ = ["read_json", "read_jsonl", "TEXT_FIELDS"]

TEXT_FIELDS = ("text", "content", "body")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "publishedAt", "datePublished")
URL_FIELDS = ("url", "link")
LANGUAGE_FIELDS = ("language", "lang")


def _first(record: dict[str, Any], fields: Iterable[str]) -> Any:
    return next((record[f] for f in fields if record.get(f) not in (None, "", [])), None)


def _text(record: dict[str, Any]) -> str | None:
    value = _first(record, TEXT_FIELDS)
    if isinstance(value, list):  # some scrapers keep paragraphs as a list
        value = "\n".join(p for p in value if isinstance(p, str))
    return value if isinstance(value, str) and value.strip() else None


def _language(record: dict[str, Any]) -> str | None:
    value = _first(record, LANGUAGE_FIELDS)
    if not isinstance(value, str):
        return None
    code = value.strip().lower()[:2]
    return code if code in ("ar", "en") else "other"


def _article(record: dict[str, Any], number: int, path: Path, root: Path) -> Article | None:
    text = _text(record)
    if text is None:
        return None
    title = _first(record, TITLE_FIELDS)
    url = _first(record, URL_FIELDS)
    return make_article(
        path,
        root,
        text.replace("\r\n", "\n"),
        title=title if isinstance(title, str) else None,
        date=parse_date(_first(record, DATE_FIELDS)),
        url=url if isinstance(url, str) else None,
        record=number,
        language=_language(record),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _where(numbers: list[int], unit: str) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return (
        f"({unit}{'s' if len(numbers) > 1 else ''} {shown}{', ...' if len(numbers) > 10 else ''})"
    )


def _collect(
    records: Iterable[tuple[int, Any]], path: Path, root: Path, unit: str
) -> tuple[list[Article], list[int]]:
    """Articles from (number, record) pairs, and the numbers of records without text."""
    articles: list[Article] = []
    empty: list[int] = []
    for number, record in records:
        article = _article(record, number, path, root) if isinstance(record, dict) else None
        if article is None:
            empty.append(number + 1 if unit == "line" else number)
        else:
            articles.append(article)
    return articles, empty


def _no_text_warning(empty: list[int], unit: str) -> str:
    fields = "/".join(TEXT_FIELDS)
    return f"{_plural(len(empty), 'record')} without {fields} skipped {_where(empty, unit)}"


def read_json(data: bytes, path: Path, root: Path) -> tuple[list[Article], list[str]]:
    """A JSON object or a list of objects; ``record`` is the list index (0 for an object)."""
    text = require_text(decode_text(data))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkipFile(f"malformed JSON: {exc}") from None
    items = list(enumerate(value)) if isinstance(value, list) else [(0, value)]
    articles, empty = _collect(items, path, root, "record")
    if not articles:
        raise SkipFile(f"no JSON object with a {'/'.join(TEXT_FIELDS)} field")
    return articles, [_no_text_warning(empty, "record")] if empty else []


def read_jsonl(data: bytes, path: Path, root: Path) -> tuple[list[Article], list[str]]:
    """One JSON object per line; ``record`` is the 0-based line index, stable across edits
    of other lines. Malformed lines and records without text are skipped with a warning."""
    lines = require_text(decode_text(data)).split("\n")
    records: list[tuple[int, Any]] = []
    malformed: list[int] = []
    for index, line in enumerate(lines):
        if line.strip():
            try:
                records.append((index, json.loads(line)))
            except json.JSONDecodeError:
                malformed.append(index + 1)
    articles, empty = _collect(records, path, root, "line")
    warnings = []
    if malformed:
        warnings.append(
            f"{_plural(len(malformed), 'malformed line')} skipped {_where(malformed, 'line')}"
        )
    if empty:
        warnings.append(_no_text_warning(empty, "line"))
    if not articles:
        raise SkipFile(
            "no valid JSON line with text" + (f": {'; '.join(warnings)}" if warnings else "")
        )
    return articles, warnings
