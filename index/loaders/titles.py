"""An article's title: its own title line when the file has one, else one made from its name.

Saved news text often opens with a dateline ("Published 2 October 2021"), a byline or a
link before the headline; those lines are stepped over, and a labelled line ("Title: …",
"العنوان: …") wins outright. A title made from a file name
(``lavrov-mirzoyan-call-2021-10-01.ar.txt``) is written the way headlines are, "Lavrov
Mirzoyan Call": words capitalised, short function words and acronyms as a reader expects,
and words the file name already capitalised left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.filename_date import FILENAME_DATE
from index.arabic import normalize
from index.loaders.dates import find_date, without_dates

_HEADLINE_MAX_CHARS = 150
_TOP_LINES = 5  # a title line is among the first few non-empty lines
_LABELLED = re.compile(r"^(?:title|headline|العنوان)\s*[:：]\s*(?P<title>\S.*?)$", re.I)
_LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_BYLINE = re.compile(r"^(?:by|بقلم|كتب|كتبت|إعداد)\s", re.I)
_LABEL = re.compile(
    r"^(?:source|author|date|published|updated|posted|المصدر|الكاتب|التاريخ|نشر)\s*[:：]", re.I
)


def _set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


_DATELINE_WORDS = _set("published updated posted on at date by نشر نشرت بتاريخ تاريخ في آخر تحديث")
_WORD = re.compile(r"[^\W\d_]+")
_LANGUAGE_TAG = re.compile(r"\.[a-z]{2}(?:[-_][A-Za-z]{2})?$")
SMALL_WORDS = _set("a an and as at but by for from in into of on or over per the to via vs with")
ACRONYMS = _set("un us uk eu usa uae ussr nato osce csto opec imf iaea gcc g7 g20 bbc cnn tass afp")


def _preamble(line: str) -> bool:
    """A dateline, byline, link or "Source:" line that comes before a headline."""
    if _LINK.match(line) or _LABEL.match(line):
        return True
    if _BYLINE.match(line) and len(line.split()) <= 6:
        return True
    if find_date(line) is None:
        return False
    rest = [w for w in _WORD.findall(without_dates(line)) if w not in _DATELINE_WORDS]
    return len(rest) <= 2  # a place and an agency at most: "Moscow, 1 October 2021 (TASS)"


def headline(text: str) -> str | None:
    """The article's own title line: a labelled one, else the first line that reads like a
    headline (short, no final full stop) once datelines and bylines are stepped over."""
    top = [line.strip() for line in text.splitlines()[:50] if line.strip()][:_TOP_LINES]
    for line in top:
        labelled = _LABELLED.match(line)
        if labelled:
            return labelled.group("title")
    for line in top:
        if _preamble(line):
            continue
        short = len(line) <= _HEADLINE_MAX_CHARS
        if short and not line.endswith((".", "،", ",", ":", ";", "؛")):
            return line
        return None
    return None


def _headline_case(words: list[str]) -> str:
    out = []
    for i, word in enumerate(words):
        if any(ch.isupper() for ch in word):  # the file name's own capitals: keep them
            out.append(word)
        elif word in ACRONYMS:
            out.append(word.upper())
        elif i > 0 and word in SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def title_from_filename(path: Path) -> str:
    """A readable title from a name like ``lavrov-mirzoyan-call-2021-10-01.ar.txt``.

    The extension, a language tag and a date are dropped, separators become spaces, and the
    words are capitalised as in a headline: "Lavrov Mirzoyan Call".
    """
    stem = _LANGUAGE_TAG.sub("", path.name[: -len(path.suffix)] if path.suffix else path.name)
    words = re.sub(r"[-_.\s]+", " ", FILENAME_DATE.sub(" ", stem)).split()
    if not any(re.search(r"[^\W\d_]", w) for w in words):
        return path.stem
    return _headline_case(words)
