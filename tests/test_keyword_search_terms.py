"""Which question words go into the BM25 search: the distinctive ones, never none."""

from __future__ import annotations

from retrieval.hybrid_retriever import distinctive_terms, question_terms

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


def test_a_name_with_a_fused_and_also_searches_the_name_alone():
    # "ما الذي اتفق عليه لافروف وميرزويان؟": the index holds ميرزويان, never وميرزويان
    counts = {"ميرزوي": 40, "وميرزوي": 0, "": 1000}
    terms = question_terms("ما الذي اتفق عليه لافروف وميرزويان؟", lambda t: counts)
    assert "ميرزوي" in terms["وميرزوي"]


def test_a_word_whose_waw_is_its_own_keeps_it():
    # وزارة is a word of its own: the index holds it far more often than زارة
    counts = {"وزاره": 300, "زاره": 2, "": 1000}
    terms = question_terms("ما قالت وزارة الخارجية؟", lambda t: {k: counts.get(k, 0) for k in t})
    assert "وزاره" in terms and "زاره" not in terms["وزاره"]
    assert question_terms("وميرزويان") == {"وميرزوي": {"وميرزوي"}}  # no index: as written


def test_a_short_name_with_a_fused_and_is_freed_before_its_ending_is_cut():
    # "وبكين" (and Beijing) tokenizes to "وبك": the name is freed from the whole word, and
    # brings its glossary translation, so an English article's "Beijing" counts
    counts = {"beijing": 12, "بكين": 0, "وبك": 0, "": 1000}
    terms = question_terms("بين الدار البيضاء وبكين؟", lambda t: {k: counts.get(k, 0) for k in t})
    assert {"بكين", "beijing"} <= terms["وبك"]
