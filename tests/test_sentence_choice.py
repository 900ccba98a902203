"""Which sentence of the chosen article is quoted: the rules behind `retrieval.evidence`.

Measured on the evaluation set (README, "Evaluation"): the plain cosine quoted the lead —
the sentence that restates the whole story — for most detail questions ("Who refereed the
match?"); scoring what a sentence adds to its article, and a penalty for the lead, raised
the share of quotes holding the evidence from about three in five to three in four.
These tests pin each rule on small articles with hand-made vectors, so they say why.
"""

from __future__ import annotations

import numpy as np
import pytest

from index.arabic import keyword_tokens
from retrieval import evidence
from retrieval.dictionary import GeneralGlossary
from retrieval.evidence import (
    LEAD_PENALTY,
    Retrieved,
    SentenceScorer,
    _novelty,
    _topic,
    _weights_within,
)
from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import QuestionTerms
from retrieval.passage import Passage
from retrieval.quotable import is_heading, whole_sentences

DIM = 8


def unit(*weights: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[: len(weights)] = weights
    return v / np.linalg.norm(v)


class FlatBackground:
    """Standardizes nothing: the sentence choice does not read the background's scale."""

    def standardize(self, language, kind, query, cosine):
        return cosine


def passage(text: str, vectors: list[np.ndarray], start: int = 0) -> Passage:
    spans, at = [], 0
    for line in text.split("\n"):
        for piece in line.split("|"):
            begin = text.index(piece, at)
            spans.append((start + begin, start + begin + len(piece)))
            at = begin + len(piece)
    meta = {"source": "story.en.txt", "language": "en", "title": "Story", "start": start}
    return Passage(
        "c0",
        text.replace("|", " "),
        meta,
        sentence_spans=spans,
        sentence_vectors=np.stack(vectors),
    )


def no_terms(question: str) -> QuestionTerms:
    return QuestionTerms({}, {}, {}, question)


def test_novelty_ignores_the_topic_every_sentence_shares():
    # three sentences share the topic (axis 0); the question adds axis 2, as does sentence c
    rows = np.stack([unit(1, 0.6, 0), unit(1, 0, 0.2), unit(1, 0, 0.6)])
    query = unit(1, 0, 0.5)
    scores = _novelty(rows, query)
    assert int(np.argmax(scores)) == 2
    assert abs(float(scores.mean())) < 1e-6  # standardized among the article's sentences


def test_a_single_sentence_has_no_novelty_to_compare():
    assert _novelty(np.stack([unit(1, 1)]), unit(1, 0)).tolist() == [0.0]


def test_the_lead_gives_way_to_the_sentence_with_the_detail():
    text = (
        "Al Ahly beat Pyramids 3-1 in Cairo on Sunday in the league.\n"
        "The referee was Wael Farhat, helped by the video assistant.\n"
        "The win keeps Al Ahly top of the table with 40 points."
    )
    # the lead sits closest to the question in plain cosine, as leads do
    vectors = [unit(1, 0.1, 0.3, 0), unit(1, 0, 0.5, 0.5), unit(1, 0.3, 0, 0.6)]
    query = unit(1, 0, 0.4, 0)
    found = passage(text, vectors)
    retrieved = Retrieved(query, [found], no_terms("Who refereed the match?"), "Who refereed?")
    ranked = SentenceScorer(FlatBackground()).candidates(retrieved)
    assert [c.lead for c in ranked].count(True) == 1
    assert ranked[0].text.startswith("The referee")
    lead = next(c for c in ranked if c.lead)
    assert lead.text.startswith("Al Ahly beat")
    assert max(c.cosine for c in ranked) == lead.cosine  # it would have won on cosine


def test_the_leads_words_are_the_storys_like_the_titles():
    """The lead restates the story: its words say which article, not which sentence."""
    words = keyword_tokens("Cairo metro electronic gates installed")
    terms = QuestionTerms({w: frozenset({w}) for w in words}, {}, {}, "How many gates…")
    text = (
        "The Cairo metro opened the third line to passengers on Sunday, the ministry said.\n"
        "Workers installed electronic gates at all of the line's stations.\n"
        "The line is expected to carry half a million people a day."
    )
    found = passage(text, [unit(1, 0.2, 0), unit(1, 0, 0.2), unit(1, -0.2, -0.2)])
    found.metadata.update(title="Line 3 opens")  # none of the question's words
    ranked = SentenceScorer(FlatBackground()).candidates(
        Retrieved(unit(1, 0.1, 0.1), [found], terms, "q")
    )
    assert _topic(terms, ranked) == set(keyword_tokens("Cairo metro"))
    weights = _weights_within(
        terms, [terms.found_in(c.text) for c in ranked], _topic(terms, ranked)
    )
    assert weights[keyword_tokens("metro")[0]] == pytest.approx(
        evidence.TOPIC_SHARE * weights[keyword_tokens("gates")[0]]
    )  # both in one sentence of three: equally rare, but the lead's word counts a quarter
    assert ranked[0].text.startswith("Workers installed")


def test_only_the_first_chunk_has_a_lead():
    text = "The second paragraph goes on with more detail about it.\nAnd so does this one here."
    later = passage(text, [unit(1, 0), unit(0, 1)], start=400)
    retrieved = Retrieved(unit(1, 0), [later], no_terms("q"), "q")
    assert not any(c.lead for c in SentenceScorer(FlatBackground()).candidates(retrieved))
    assert LEAD_PENALTY > 0


def test_pieces_of_a_long_sentence_are_quoted_as_one():
    # the index cuts sentences of over ~60 words after Arabic commas; the quote is whole
    text = (
        "ناقش الوزيران التعاون في المحافل الدولية وفي إطار الاتحادات التكاملية،"
        "|بحسب ما أعلنته وزارة الخارجية الروسية."
        "\nوتم الاتفاق على زيادة العلاقات بين الإدارات قبل نهاية العام."
    )
    found = passage(text, [unit(1, 0), unit(0, 1), unit(1, 1)])
    glued = whole_sentences(found)
    assert len(glued) == 2
    (start, end, vector), _ = glued
    assert found.text[start:end].endswith("الروسية.")
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert np.allclose(vector, unit(1, 1), atol=1e-5)  # the mean of its pieces


def test_a_line_without_a_full_stop_is_a_heading_not_a_sentence():
    text = 'Strategic Vision Group "Russia - Islamic World"\nThe ministers agreed to meet.\n'
    assert is_heading(text, 0, text.index("\n"))
    start = text.index("The")
    assert not is_heading(text, start, text.index("\n", start))
    quoted = 'He said the talks "went well."'
    assert not is_heading(quoted, 0, len(quoted))
    # a cut piece ends with a comma but is not a whole line
    cut = "The ministers discussed the agenda, and agreed on more."
    assert not is_heading(cut, 0, cut.index(",") + 1)


def test_words_that_cannot_cross_scripts_still_count_in_the_keyword_share():
    # an English question about an Arabic article: only the story's place, year and exam
    # have Arabic forms, and the lead holds them all; "section" and "worst" have none
    terms = QuestionTerms(
        forms={
            "section": frozenset({"section"}),
            "worst": frozenset({"worst"}),
            "tunisia": frozenset({"tunisia", *keyword_tokens("تونس")}),
            "2023": frozenset({"2023"}),
            "baccalaureate": frozenset({"baccalaureate", *keyword_tokens("الباكالوريا")}),
        },
        weights={},
        names={},
        question="Which section did worst in Tunisia's 2023 baccalaureate?",
    )
    text = (
        "أعلنت وزارة التربية في تونس يوم السبت 1 يوليو 2023 نتائج امتحان الباكالوريا.\n"
        "وسجلت شعبة الآداب أدنى نسبة نجاح بلغت 18.6 في المئة هذا العام.\n"
        "وقالت الوزارة إن النتائج ستنشر على موقعها الرسمي خلال يومين."
    )
    # the detail sentence stands out for the question a little, as across languages it does
    found = passage(text, [unit(1, 0.2, 0), unit(1, 0, 0.3), unit(1, 0.1, 0.1)])
    found.metadata.update(language="ar", title="نتائج الباكالوريا", source="bac.ar.txt")
    query = unit(1, 0, 0.2)
    retrieved = Retrieved(query, [found], terms, terms.question)
    ranked = SentenceScorer(FlatBackground()).candidates(retrieved)
    assert ranked[0].text.startswith("وسجلت شعبة الآداب")
    lead = next(c for c in ranked if c.lead)
    # counted only among the words that can match, the lead would be a full match (1.0)
    assert 0 < lead.keyword < 0.5
    words = terms.found_in(lead.text)
    assert terms.coverage("ar", words, set(), {t: 1.0 for t in terms.forms}) == 1.0
    everything = terms.coverage(
        "ar", words, set(), {t: 1.0 for t in terms.forms}, matchable_only=False
    )
    assert everything == pytest.approx(3 / 5)


def quoted_first(text: str, vectors: list[np.ndarray], question: str) -> str:
    """The sentence the scorer ranks first, for a question vector near the first ones."""
    found = passage(text, vectors, start=400)
    retrieved = Retrieved(unit(1, 0.5, 0.2), [found], no_terms(question), question)
    return SentenceScorer(FlatBackground()).candidates(retrieved)[0].text


# of three sentences, the first sits a little closer to the question than the second
CLOSE, CLOSER_SECOND, FAR = unit(1, 0.3, 0.25), unit(1, 0.25, 0.3), unit(1, -0.5, -0.5)


@pytest.mark.parametrize(
    ("question", "text", "answer", "without_bonus"),
    [
        (  # two sentences hold a number, only one a number of votes
            "How many votes did Mulenga get?",
            "Mulenga, a 46-year-old accountant, becomes the second woman to be mayor.\n"
            "Mulenga received 118,402 votes, or 54.6 percent of the ballots cast.\n"
            "The by-election was called after the former mayor resigned in February.",
            "Mulenga received 118,402 votes",
            "Mulenga, a 46-year-old",
        ),
        (  # how long is the border: the kilometres answer, the crossings do not
            "ما طول الحدود المشتركة بين مولدوفا وأوكرانيا؟",
            "More than 1.3 million people crossed the Palanca checkpoint in 2023.\n"
            "Cebotari said the 1,222-kilometre border was now marked along most of it.\n"
            "The protocol now goes to the president for signature.",
            "Cebotari said the 1,222-kilometre",
            "More than 1.3 million",
        ),
    ],
)
def test_a_number_question_prefers_the_number_of_what_it_asks(
    monkeypatch, question: str, text: str, answer: str, without_bonus: str
):
    """A count's noun or a measure's unit next to the number earns the count bonus."""
    vectors = [CLOSE, CLOSER_SECOND, FAR]
    assert quoted_first(text, vectors, question).startswith(answer)
    monkeypatch.setattr(evidence, "COUNT_BONUS", 0.0)
    assert quoted_first(text, vectors, question).startswith(without_bonus)


def test_a_who_question_prefers_the_sentence_naming_someone(monkeypatch):
    """ "Who refereed the match?": the sentence with "the referee Wael Farhat" answers."""
    text = (
        "Al Ahly beat Pyramids 3-1 in Cairo on Sunday in the fifteenth round of the league.\n"
        "The hosts were far the better side after the break and deserved the win.\n"
        "The game was refereed by referee Wael Farhat with the help of video review.\n"
        "Al Ahly now face Simba in the African Champions League on Friday."
    )
    question = "من أدار مباراة الأهلي وبيراميدز؟"
    vectors = [unit(1, 0, 0), CLOSE, CLOSER_SECOND, FAR]  # the first is the lead
    assert quoted_first(text, vectors, question).startswith("The game was refereed")
    monkeypatch.setattr(evidence, "TYPE_BONUS", 0.0)
    assert quoted_first(text, vectors, question).startswith("The hosts were far")


def test_a_count_noun_the_glossary_lacks_is_counted_in_its_dictionary_sense():
    """ "كم مستعمرة": the hand glossary has no "colony", FreeDict's first sense has, and the
    plural "colonies" must meet it (its keyword token is "colonie")."""
    question = "كم مستعمرة اختبرها علماء الجامعة؟"
    text = (
        "The four-year study was funded by a grant of 3.2 million dollars.\n"
        "The study tested 1,400 coral colonies collected from 36 reef sites.\n"
        "The university plans a coral nursery off Al Wajh."
    )
    found = passage(text, [CLOSE, CLOSER_SECOND, FAR], start=400)
    terms = QuestionTerms.build(question, default_glossary(), {"": 100})
    retrieved = Retrieved(unit(1, 0.5, 0.2), [found], terms, question)
    scorer = SentenceScorer(FlatBackground())
    assert scorer.candidates(retrieved)[0].text.startswith("The four-year study")
    general = GeneralGlossary({"مستعمره": "Colony"}, lambda forms: {})
    retrieved.quote_terms = general.quote_terms(terms, default_glossary())
    assert scorer.candidates(retrieved)[0].text.startswith("The study tested 1,400")
