"""Names across scripts: consonant keys, and the keys an Arabic question's names get."""

from __future__ import annotations

import pytest

from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import QuestionTerms, name_keys
from retrieval.names import keys_match, name_key


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("Lavrov", "لافروف"),
        ("Mirzoyan", "ميرزويان"),
        ("Bayramov", "بايراموف"),
        ("Sonatrach", "سوناطراك"),  # one slip allowed: ch/ك
    ],
)
def test_a_name_and_its_arabic_spelling_share_a_key(latin: str, arabic: str) -> None:
    assert keys_match(name_key(latin), name_key(arabic))


def test_an_arabic_question_name_is_keyed_as_written_not_as_its_stripped_token() -> None:
    """The tokenizer strips ـان ("ميرزويان" → "ميرزوي"); the key must keep the N, or the
    Arabic question misses "Mirzoyan" in English text and in an English title."""
    question = "ما الذي اتفق عليه لافروف وميرزويان؟"
    terms = QuestionTerms.build(question, default_glossary(), {"": 100})
    assert terms.names["وميرزوي"] == name_key("Mirzoyan") == "MRZN"
    english = "Lavrov and Mirzoyan agreed to expand contacts between their ministries."
    found = terms.found_in(english)
    assert terms.coverage("en", found, name_keys(english, "en")) == pytest.approx(1.0)


def test_words_the_glossary_translates_are_no_names() -> None:
    terms = QuestionTerms.build("ما الذي اتفق عليه الوزيران؟", default_glossary(), {"": 100})
    assert "اتفق" not in terms.names


def test_hyphenated_and_possessive_english_names_are_keyed_by_their_parts() -> None:
    """ "Bank Al-Maghrib's" keyed whole is LMGRBS and never meets the Arabic "بنك المغرب"
    (MGRB, the key drops the article); nor does "al-Jubouri", which is not capitalised."""
    terms = QuestionTerms.build(
        "When is Bank Al-Maghrib's next board meeting, says Haidar al-Jubouri?",
        default_glossary(),
        {"": 100},
    )
    assert terms.names["maghrib"] == name_key("المغرب") == "MGRB"
    assert terms.names["jubouri"] == name_key("الجبوري") == "GBR"
    arabic = "قرر مجلس بنك المغرب الإبقاء على سعر الفائدة، وقال حيدر الجبوري إن"
    found = terms.found_in(arabic)
    assert terms.coverage("ar", found, name_keys(arabic, "ar")) > 0.5
    english_keys = name_keys("Bank Al-Maghrib's council met al-Jubouri.", "en")
    assert {"MGRB", "GBR"} <= english_keys
    assert "LMGRBS" not in english_keys
