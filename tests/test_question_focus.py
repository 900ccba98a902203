"""The question without its article's topic words (`retrieval.question_focus`).

On the evaluation set, scoring sentences also with this vector moved the quote to the
sentence holding the evidence for 11 questions and away from it for 2 (README,
"Evaluation"). These tests pin what the focus question is and how the scorer uses it.
"""

from __future__ import annotations

import numpy as np
from test_sentence_choice import FlatBackground, passage, unit

from retrieval import evidence
from retrieval.evidence import Retrieved, SentenceScorer
from retrieval.hybrid_retriever import query_text_for
from retrieval.keyword_evidence import QuestionTerms
from retrieval.question_focus import FocusQueries, focus_question


def test_the_topic_words_leave_the_question():
    question = "How many electronic gates were installed on Cairo metro line 3?"
    assert focus_question(question, {"cairo", "metro"}) == (
        "How many electronic gates were installed on line 3?"
    )


def test_arabic_topic_words_leave_with_their_prefixes():
    # "لشركة" holds the token of the title's "شركة"; keyword tokens decide, not the spelling
    question = "ما اسم الرئيسة التنفيذية لشركة لسان لابس؟"
    topic = {"لسان", "لابس"}
    assert focus_question(question, topic) == "ما اسم الرئيسة التنفيذية لشركة"


def test_no_focus_when_nothing_or_nearly_everything_is_topic():
    assert focus_question("How fast were the winds?", {"storm"}) is None
    assert focus_question("Lavrov Mirzoyan?", {"lavrov", "mirzoyan"}) is None


def test_each_focus_question_is_embedded_once_per_language():
    calls: list[tuple[str, str]] = []

    def embed(text: str, language: str) -> np.ndarray:
        calls.append((text, language))
        return unit(1, 0)

    focus = FocusQueries(embed)
    first = focus.vector("Who led the Yemeni delegation?", {"yemeni"}, "ar")
    again = focus.vector("Who led the Yemeni delegation?", {"yemeni"}, "ar")
    assert first is again
    assert calls == [("Who led the delegation?", "ar")]
    focus.vector("Who led the Yemeni delegation?", {"yemeni"}, "en")
    assert calls[-1] == ("Who led the delegation?", "en")
    assert focus.vector("Who led it?", {"yemeni"}, "ar") is None
    assert len(calls) == 2


def test_the_focus_vector_moves_the_quote_to_the_asked_detail(monkeypatch):
    # the focus vector alone: "420 electronic gates" is also a count next to its noun,
    # which by itself would pick that sentence (test_answer_type)
    monkeypatch.setattr(evidence, "COUNT_BONUS", 0.0)
    text = (
        # (a lead naming line 3 would make "line" and "3" the story's words, a quarter each)
        "The metro launched mobile tickets on Sunday in Cairo.\n"
        "Line 3 links Adly Mansour in the east with Cairo University in the west.\n"
        "The authority installed 420 electronic gates at the stations of the line."
    )
    # axis 0: the article's topic; 1: line 3's route; 2: the gates
    vectors = [unit(1, 0.2, 0.1), unit(1, 0.9, 0.1), unit(1, 0.1, 0.6)]
    question = "How many electronic gates were installed on Cairo metro line 3?"
    whole = unit(1, 0.55, 0.2)  # the topic words pull the whole question to the route
    terms = QuestionTerms.build(question, None, {"metro": 1, "cairo": 1}, {"metro": {"metro"}})
    found = passage(text, vectors)
    found.metadata["title"] = "Cairo metro launches mobile tickets"
    plain = Retrieved(whole, [found], terms, question)
    ranked = SentenceScorer(FlatBackground()).candidates(plain)
    assert ranked[0].text.startswith("Line 3 links")

    asked = FocusQueries(lambda text, language: unit(1, 0, 1))
    focused = Retrieved(whole, [found], terms, question, focus=asked)
    ranked = SentenceScorer(FlatBackground()).candidates(focused)
    assert ranked[0].text.startswith("The authority installed 420")


def test_the_other_language_gets_the_glossed_focus_question():
    # the glossary translates "agree"; an English question's Arabic vector carries the Arabic
    question = "What did the ministers agree on?"
    assert query_text_for(question, "en") == question
    glossed = query_text_for(question, "ar")
    assert glossed.startswith(question) and glossed != question
    assert query_text_for(question, "other") == question
