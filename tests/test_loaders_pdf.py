"""PDF loading: Arabic in reading order whether the PDF stores it logically or visually,
shaped glyphs folded to letters, wrapped English lines joined, scans skipped with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest
from loader_helpers import read, skip_reason, write
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def _font() -> str:
    name = "DejaVuSans"
    if name not in pdfmetrics.getRegisteredFontNames():
        ttf = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(name, str(ttf)))
    return name


def write_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), invariant=True)
    if title:
        pdf.setTitle(title)
    pdf.setFont(_font(), 12)
    for n, line in enumerate(lines):
        pdf.drawRightString(520, 700 - 18 * n, line)
    pdf.save()
    return path


def to_visual(line: str) -> str:
    """How a visual-order PDF stores an RTL line: reversed, Latin and digit runs kept."""
    flipped = re.sub(r"[0-9A-Za-z]+(?:[.\-/][0-9A-Za-z]+)*", lambda m: m.group()[::-1], line[::-1])
    return flipped.translate(str.maketrans("()", ")("))


ARABIC_LINES = [
    "قال مسؤول في NATO إن الاجتماع عقد يوم 2021-10-01 في بروكسل.",
    "وارتفع المؤشر بنسبة 1.5 في المئة (وفق وكالة Reuters) أمس.",
]


@pytest.mark.parametrize("order", ["logical", "visual"])
def test_pdf_arabic_comes_out_in_reading_order(tmp_path: Path, order: str) -> None:
    stored = ARABIC_LINES if order == "logical" else [to_visual(x) for x in ARABIC_LINES]
    path = write_pdf(tmp_path / f"{order}.pdf", stored, title="Brussels meeting")
    [article], warnings = read(path)
    assert article.text == "\n".join(ARABIC_LINES)
    assert (article.title, article.language, warnings) == ("Brussels meeting", "ar", [])


def test_pdf_shaped_visual_glyphs_become_plain_letters(tmp_path: Path) -> None:
    # "الوزير في موسكو" as shaped presentation forms in visual order, as Word/Chrome write it.
    shaped = "ﻮﻜﺴﻮﻣ ﻲﻓ ﺮﻳﺯﻮﻟﺍ"
    [article], _ = read(write_pdf(tmp_path / "shaped.pdf", [shaped]))
    assert article.text == "الوزير في موسكو"


def test_pdf_english_wrapped_lines_are_joined(tmp_path: Path) -> None:
    lines = [
        "Russian Foreign Minister Sergei Lavrov and his Armenian",
        "counterpart discussed the agreements on Friday 1 October 2021.",
        "Short closing line.",
    ]
    [article], _ = read(write_pdf(tmp_path / "talks-2021-10-01.pdf", lines))
    assert article.text == f"{lines[0]} {lines[1]}\n{lines[2]}"
    assert article.language == "en" and article.date == "2000-01-01"  # reportlab invariant date


def test_pdf_without_text_layer_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)  # an image-like page with no text
    pdf.save()
    assert skip_reason(path) == "PDF has no text layer (scanned?)"
    assert skip_reason(write(tmp_path, "broken.pdf", b"%PDF-1.4\n garbage")).startswith(
        "not a readable PDF"
    )
