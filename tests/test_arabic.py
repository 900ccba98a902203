"""Arabic normalisation, BM25 tokens and language detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.language import detect_language
from index.arabic import keyword_tokens, normalize

SEED = Path(__file__).parents[1] / "examples/articles/lavrov-mirzoyan-call-2021-10-01.ar.txt"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("أكّدَ", "اكد"),  # shadda and fatha dropped, hamza-on-alef unified
        ("إيران", "ايران"),
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("القاهرة", "القاهره"),  # ta marbuta
        ("مسؤول", normalize("مسئول")),  # hamza seats fold together
        ("شـــــكرا", "شكرا"),  # tatweel
        ("٢٠٢١", "2021"),  # Arabic-Indic digits
        ("۱۴۰۰", "1400"),  # Persian digits
        ("Lavrov NATO", "lavrov nato"),
        ("ﺍﻟﻮﺯﻳﺮ", "الوزير"),  # presentation forms, as PDFs give them
    ],
)
def test_normalize_folds_spelling_variants(typed: str, printed: str) -> None:
    assert normalize(typed) == printed


def test_normalize_keeps_words_and_spaces() -> None:
    assert normalize("وزيرُ الخارجيةِ الروسيُّ") == "وزير الخارجيه الروسي"


def test_keyword_tokens_strip_article_prefixes() -> None:
    tokens = keyword_tokens("الوزير والوزير بالوزير للوزير وبالوزير")
    assert tokens == ["وزير"] * 5


def test_keyword_tokens_are_conservative() -> None:
    # Root letters that look like prefixes stay; stems shorter than 3 letters are kept whole.
    assert keyword_tokens("وزير بيان فتح لقاء") == ["وزير", "بيان", "فتح", "لقاء"]
    assert keyword_tokens("الله") == ["الله"]
    assert keyword_tokens("الأمن") == ["امن"]


def test_keyword_tokens_drop_stopwords_and_keep_numbers() -> None:
    tokens = keyword_tokens("اتصل لافروف في يوم الجمعة مع ميرزويان and the U.S. grew 1.5 %")
    assert "في" not in tokens and "مع" not in tokens and "the" not in tokens
    # "ميرزويان" loses its ان like a dual would: harmless, questions are tokenized the same way
    assert tokens == ["اتصل", "لافروف", "يوم", "جمعه", "ميرزوي", "us", "grew", "1.5"]


def test_keyword_tokens_meet_across_dual_plural_and_english_plural_forms() -> None:
    assert keyword_tokens("الوزيران الوزيرين وزيرا وزير") == ["وزير"] * 4
    assert keyword_tokens("الاتفاقات الاتفاق") == ["اتفاقات", "اتفاق"]
    assert keyword_tokens("ministers minister bus press") == [
        "minister",
        "minister",
        "bus",
        "press",
    ]


def test_query_and_article_spellings_share_tokens() -> None:
    query = keyword_tokens("ماذا قال وزير الخارجية الروسى عن قره باغ؟")
    article = set(keyword_tokens(SEED.read_text(encoding="utf-8")))
    assert {"وزير", "خارجيه", "روسي", "قره", "باغ"} <= article
    assert {"وزير", "خارجيه", "روسي", "قره", "باغ"} <= set(query)


def test_detect_language() -> None:
    assert detect_language(SEED.read_text(encoding="utf-8")) == "ar"
    assert detect_language("Lavrov and Mirzoyan discussed the Karabakh agreements.") == "en"
    assert detect_language("قال لافروف إن اتفاق NATO لم يعد قائما") == "ar"
    assert detect_language("2021-10-01 12:00") == "other"
    assert detect_language("") == "other"


def test_detect_language_other_scripts_and_latin_languages() -> None:
    french = (
        "Le ministre russe des Affaires étrangères a déclaré vendredi que les accords "
        "trilatéraux sur le Haut-Karabakh devaient être appliqués sans délai par les deux pays"
    )
    persian = "وزیر امور خارجه روسیه گفت که این توافق باید اجرا شود و کشورها پایبند بمانند"
    assert detect_language(french) == "other"
    assert detect_language(persian) == "other"
    assert detect_language("Москва и Ереван обсудили соглашения") == "other"
