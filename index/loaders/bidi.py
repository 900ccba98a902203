"""Put Arabic text taken from a PDF back into logical (reading) order.

A PDF stores glyphs where they are drawn, not in reading order. Many producers draw
right-to-left text as a left-to-right glyph sequence ("visual order"), so extracted
Arabic comes out reversed: "الوزير" reads "ريزولا". Others store logical order. Nothing in
the file says which, so :func:`looks_visual` tells them apart from the letters
themselves: Arabic words often start with the article "ال" and end with "ة"/"ى", and never
the other way round. :func:`visual_to_logical` then undoes the display reordering of one
line, keeping Latin words and numbers (which are drawn left to right) intact.
"""

from __future__ import annotations

import re
import unicodedata

from core.language import is_arabic_letter

__all__ = ["looks_visual", "visual_to_logical", "fold_presentation_forms"]

_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]{2,}")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def fold_presentation_forms(text: str) -> str:
    """Turn shaped glyph codes (U+FB50–FDFF, U+FE70–FEFF) into ordinary Arabic letters.

    Only those blocks are folded, so the rest of the text stays exactly as extracted.
    """
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def looks_visual(text: str) -> bool:
    """True when the Arabic words in ``text`` read backwards (visual order)."""
    words = _WORD.findall(_MARKS.sub("", fold_presentation_forms(text)))
    forward = sum((w.startswith("ال") and len(w) > 3) + w.endswith(("ة", "ى")) for w in words)
    backward = sum((w.endswith("لا") and len(w) > 3) + w.startswith(("ة", "ى")) for w in words)
    return backward > forward


def _strength(char: str) -> str | None:
    """ "R" for Arabic letters and marks, "L" for Latin letters and all digits, else None."""
    if is_arabic_letter(char) or "\u0610" <= char <= "\u061a" or "\u064b" <= char <= "\u065f":
        return "R"
    if char.isalnum():  # Latin, digits (Arabic-Indic too: they are drawn left to right)
        return "L"
    return None


def visual_to_logical(line: str) -> str:
    """Reorder one visually ordered line into reading order.

    A simplified inverse of the Unicode bidi algorithm: the line's base direction is its
    majority script; neutral characters between two runs of one direction take it, other
    neutrals take the base direction; right-to-left runs are reversed (and brackets
    mirrored), and for a right-to-left line the order of the runs is reversed too.
    """
    types = [_strength(char) for char in line]
    right, left = types.count("R"), types.count("L")
    if not right:
        return line
    base = "R" if right >= left else "L"
    resolved: list[str] = []
    i = 0
    while i < len(line):
        if types[i] is not None:
            resolved.append(types[i] or base)
            i += 1
            continue
        j = i
        while j < len(line) and types[j] is None:
            j += 1
        before = resolved[-1] if resolved else base
        after = types[j] if j < len(line) else base
        resolved.extend([before if before == after else base] * (j - i))
        i = j
    runs: list[tuple[str, str]] = []
    start = 0
    for k in range(1, len(line) + 1):
        if k == len(line) or resolved[k] != resolved[start]:
            runs.append((resolved[start], line[start:k]))
            start = k
    if base == "R":
        runs.reverse()
    return "".join(text[::-1].translate(_MIRROR) if kind == "R" else text for kind, text in runs)
