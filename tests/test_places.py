"""City names across scripts from the packaged GeoNames gazetteer (`retrieval.places`): the
real package data, no model."""

from __future__ import annotations

from index.arabic import keyword_tokens
from retrieval.glossary import default_glossary
from retrieval.hybrid_retriever import glossed_question, question_terms
from retrieval.places import name_tokens, place_glossary


def test_cities_the_hand_glossary_lacks_have_their_arabic_names() -> None:
    places, hand = place_glossary(), default_glossary()
    assert not hand.translations("aqaba") and not hand.translations("salalah")
    assert "عقبه" in places.translations("aqaba")  # العقبة, as a keyword token
    assert "aqaba" in places.translations("عقبه")
    assert "صلاله" in places.translations("salalah")  # "Şalālah" with its marks dropped
    assert "طنجه" in places.translations("tanger") & places.translations("tangier")


def test_only_the_citys_own_latin_spellings_and_arabic_letters_are_taken() -> None:
    places = place_glossary()
    assert "salem" in places.translations("سالم")
    assert "chemeketa" not in places.translations("سالم")  # another people's name for Salem
    assert all("ی" not in form for form in places.translations("beijing"))  # Persian yeh


def test_a_place_name_applies_only_to_a_word_that_may_be_a_name() -> None:
    question = "How many mobile teams did the campaign send?"
    assert "mobile" not in name_tokens(question, keyword_tokens(question))
    assert "موبيل" not in question_terms(question)["mobile"]  # Mobile, Alabama
    assert "موبيل" in question_terms("How many teams did Mobile send?")["mobile"]
    named = "How many containers did Aqaba handle in January 2024?"
    assert "عقبه" in question_terms(named)["aqaba"]
    arabic = "كم حاوية تعاملت معها محطة حاويات العقبة في يناير 2024؟"
    assert "aqaba" in question_terms(arabic)["عقبه"]


def test_the_glossed_question_carries_the_city_in_the_other_script() -> None:
    glossed = glossed_question("كم حاوية تعاملت معها محطة حاويات العقبة في يناير 2024؟")
    assert glossed is not None and glossed[1] == "en" and "Aqaba" in glossed[0].split()
    english = glossed_question("Who won the Lusaka mayoral by-election?")
    assert english is not None and "لوساكا" in english[0].split()
