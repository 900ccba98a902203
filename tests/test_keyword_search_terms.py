"""Which question words go into the BM25 search: the distinctive ones, never none."""

from __future__ import annotations

from retrieval.hybrid_retriever import distinctive_terms

COUNTS = {"": 1000, "said": 400, "minister": 80, "lavrov": 12, "مرزويان": 3, "agree": 49}


def test_common_words_are_left_out_of_the_keyword_search():
    forms = {"said", "minister", "lavrov", "مرزويان", "agree"}
    assert distinctive_terms(forms, COUNTS, keep_rarest=1) == {"lavrov", "مرزويان", "agree"}


def test_a_question_of_common_words_still_searches_its_rarest():
    assert distinctive_terms({"said", "minister"}, COUNTS, keep_rarest=1) == {"minister"}
    assert distinctive_terms({"said", "minister"}, COUNTS) == {"said", "minister"}


def test_unknown_words_and_an_empty_index_are_kept():
    assert distinctive_terms({"zanzibar"}, {"": 0}) == {"zanzibar"}
    assert distinctive_terms(set(), COUNTS) == set()
