"""The terminal's rendering of an answer (`newsqa ask`)."""

from __future__ import annotations

from retrieval.answer import Answer, Source
from retrieval.display import format_answer


def test_see_also_articles_come_under_their_own_heading_with_their_sentence() -> None:
    quoted = Source("a.ar.txt", "Lavrov Mirzoyan Call", "2021-10-01", "تم الاتفاق", 6.2)
    other = Source("b.en.txt", "Wheat deal", None, "Egypt bought wheat.", 5.9, see_also=True)
    lines = format_answer(Answer("«تم الاتفاق»", True, [quoted, other])).splitlines()
    assert lines[2:] == [
        "Sources:",
        "  [1] Lavrov Mirzoyan Call, 2021-10-01 — a.ar.txt (score 6.200)",
        "",
        "See also:",
        "  [2] Wheat deal — b.en.txt (score 5.900)",
        "      «Egypt bought wheat.»",
    ]


def test_an_answer_without_see_also_prints_as_before() -> None:
    quoted = Source("a.ar.txt", "Lavrov Mirzoyan Call", "2021-10-01", "تم الاتفاق", 6.2)
    text = format_answer(Answer("«تم الاتفاق»", True, [quoted]))
    assert "See also" not in text and text.endswith("(score 6.200)")
