"""The EN↔AR glossary: keyword bridging for BM25 and glossed query vectors for e5."""

from __future__ import annotations

import numpy as np
import pytest
from index_fixtures import AGREEMENT

from index.arabic import keyword_tokens
from retrieval.glossary import default_glossary
from retrieval.hybrid_retriever import glossed_question, query_vectors

QUESTION = "What did the ministers agree on?"


def test_english_keywords_reach_the_arabic_forms_news_uses():
    terms = default_glossary().expand(keyword_tokens(QUESTION))
    agreement_tokens = set(keyword_tokens(AGREEMENT))
    assert any(forms & agreement_tokens for forms in terms.values())  # "agree" → "الاتفاق"
    (ministers,) = keyword_tokens("ministers")
    assert set(keyword_tokens("الوزراء")) & terms[ministers]


def test_a_question_is_glossed_into_the_other_language():
    glossed, language = glossed_question(QUESTION)
    assert language == "ar" and glossed.startswith(QUESTION)
    assert any("\u0600" <= ch <= "\u06ff" for ch in glossed[len(QUESTION) :])
    glossed, language = glossed_question("ما الذي اتفق عليه الوزيران؟")
    assert language == "en" and "agree" in glossed
    assert glossed_question("Xyzzy plugh?") is None  # no glossary word: nothing to add


@pytest.mark.slow  # the real model
def test_the_glossed_vector_brings_the_arabic_answer_closer(embedder):
    vectors = query_vectors(embedder, QUESTION)
    assert np.array_equal(vectors["en"], vectors["other"])
    assert not np.array_equal(vectors["ar"], vectors["en"])
    sentence = embedder.embed_passages([AGREEMENT])[0]
    assert float(sentence @ vectors["ar"]) > float(sentence @ vectors["en"])
