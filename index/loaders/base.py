"""What every loader shares: byte decoding and the title/date/language fill-in.

Titles from the text or the file name are worked out in `index.loaders.titles`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.language import detect_language, is_arabic_letter
from index.documents import Article, SkipFile
from index.loaders.dates import date_from_filename, find_date
from index.loaders.titles import headline, title_from_filename

__all__ = ["decode_text", "require_text", "headline", "title_from_filename", "make_article"]

# A date printed deep inside an article is rarely its publication date.
_DATE_SEARCH_CHARS = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (BOM or not), UTF-16/32 with BOM, else clean Windows-1256.

    Windows-1256 is what older Arabic Windows tools save; it is accepted only when the
    result reads as Arabic/Latin letters, because every byte string decodes as *something*.
    Line endings become ``\\n`` so offsets mean the same on every platform.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    encoding = next((enc for bom, enc in boms if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        raise SkipFile("binary file (contains NUL bytes), not text")
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        cp1256 = None if encoding else _decode_cp1256(data)
        if cp1256 is None:
            raise SkipFile("not valid UTF-8 text") from None
        text = cp1256
    if "\x00" in text:
        raise SkipFile("binary file (contains NUL bytes), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_cp1256(data: bytes) -> str | None:
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    visible = [c for c in text if not c.isspace()]
    letters = [c for c in visible if c.isalpha()]
    if not letters or len(letters) < 0.5 * len(visible):
        return None
    arabic = sum(map(is_arabic_letter, letters))
    latin = sum(ord(c) < 0x250 for c in letters)
    # Any bytes decode to *some* Arabic letters; real Arabic is full of alef and lam.
    alef_lam = sum(c in "اأإآل" for c in letters)
    if arabic and alef_lam < 0.12 * arabic:
        return None
    return text if arabic + latin >= 0.9 * len(letters) else None


def require_text(text: str) -> str:
    """Refuse a file whose text is only whitespace: there is nothing to index."""
    if not text.strip():
        raise SkipFile("empty file (no text)")
    return text


def make_article(
    path: Path,
    root: Path,
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    record: int = 0,
    language: str | None = None,
) -> Article:
    """Build an Article, filling a missing title, date and language the same way for all.

    Date order: the format's metadata (passed in), then the file name, then the first
    date in the opening of the text. Title order: metadata, headline, file name.
    """
    return Article(
        source=path.relative_to(root).as_posix(),
        text=text,
        title=" ".join((title or "").split()) or headline(text) or title_from_filename(path),
        date=date or date_from_filename(path.name) or find_date(text[:_DATE_SEARCH_CHARS]),
        language=language or detect_language(text),
        url=url or None,
        record=record,
    )
