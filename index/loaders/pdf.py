"""PDF articles from their text layer (no OCR), with Arabic put back in reading order.

pypdf's default extraction assumes right-to-left text is stored in visual order and
reverses it, which garbles PDFs that store logical order, and it keeps visual run order
for mixed lines ("2021" lands on the wrong side). So for PDFs containing Arabic we take
the raw glyph order (pypdf's layout mode does no reordering), decide once per document
whether it is visual or logical (:func:`index.loaders.bidi.looks_visual`) and fix each
line ourselves. Line wraps inside paragraphs are then joined so sentences are whole.
"""

from __future__ import annotations

import io
import re
import statistics
from pathlib import Path

from pypdf import PageObject, PdfReader

from index.documents import Article, SkipFile
from index.loaders.base import make_article
from index.loaders.bidi import fold_presentation_forms, looks_visual, visual_to_logical
from index.loaders.dates import parse_date

__all__ = ["read_pdf"]

_JUNK_TITLE = re.compile(
    r"^(?:untitled.*|microsoft word.*|document\d*|.*\.(?:docx?|pdf|indd|rtf|txt|odt))$", re.I
)
_SENTENCE_END = re.compile(r"[.!?؟:;؛…][\"'”’»)\]]*$")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SkipFile("PDF is password-protected")
        _ = len(reader.pages)
    except SkipFile:
        raise
    except Exception as exc:  # pypdf raises many types on broken or encrypted files
        if "crypt" in str(exc).lower():
            raise SkipFile("PDF is encrypted and cannot be opened") from None
        raise SkipFile(f"not a readable PDF ({exc})") from None
    return reader


def _page_text(page: PageObject, layout: bool) -> str | None:
    """One page's text, or None when pypdf fails on it (a broken font, say)."""
    try:
        if layout:
            return page.extract_text(extraction_mode="layout", layout_mode_space_vertically=False)
        return page.extract_text()
    except Exception:  # one bad page should not lose the rest of the document
        return None


def _unwrap(page: str) -> str:
    """Join lines that a paragraph was merely wrapped on, so sentences stay whole.

    A line ending without sentence punctuation and running to near the usual line width
    continues on the next line; short lines (headings, last lines) keep their break.
    """
    lines = [line.strip() for line in page.split("\n")]
    long_lengths = [len(line) for line in lines if len(line) >= 20]
    width = statistics.median(long_lengths) if long_lengths else 0
    out: list[str] = []
    previous = ""  # the last physical line, before any joining
    for line in lines:
        wrapped = previous and line and not _SENTENCE_END.search(previous)
        if wrapped and len(previous) >= 0.6 * width:
            glue = "" if previous.endswith("-") and previous[-2:-1].isalpha() else " "
            out[-1] += glue + line
        else:
            out.append(line)
        previous = line
    return "\n".join(out).strip()


def _extract(reader: PdfReader) -> tuple[str, list[str]]:
    plain = [_page_text(page, layout=False) for page in reader.pages]
    pages = [text or "" for text in plain]
    if any(_ARABIC.search(text) for text in pages):
        raw = [_page_text(page, layout=True) for page in reader.pages]
        raw = [_SPACES.sub(" ", text) if text is not None else None for text in raw]
        visual = looks_visual("\n".join(text for text in raw if text))
        pages = [
            fold_presentation_forms(
                "\n".join(map(visual_to_logical, text.split("\n"))) if visual else text
            )
            if text is not None
            else pages[n]  # layout mode failed: keep pypdf's own ordering for this page
            for n, text in enumerate(raw)
        ]
    failed = sum(text is None for text in plain)
    warnings = [f"text of {failed} of {len(pages)} pages could not be extracted"] if failed else []
    text = "\n\n".join(t for page in pages if (t := _unwrap(page)))
    return text, warnings


def _metadata(reader: PdfReader) -> tuple[str | None, str | None]:
    try:
        info = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
        created = info.get("/CreationDate")
    except Exception:  # a damaged info dictionary is not worth skipping the file
        return None, None
    title = "" if _JUNK_TITLE.match(title) or len(title) < 3 else title
    return title or None, parse_date(str(created)) if created else None


def read_pdf(data: bytes, path: Path, root: Path) -> tuple[Article, list[str]]:
    """A PDF's text layer as one article; a PDF without one (a scan) is skipped."""
    reader = _open(data)
    text, warnings = _extract(reader)
    if not text.strip():
        raise SkipFile("PDF has no text layer (scanned?)")
    title, date = _metadata(reader)
    return make_article(path, root, text, title=title, date=date), warnings
