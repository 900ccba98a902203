"""Deciding between languages (`retrieval.language_merge`), on hand-made vectors.

Measured on the evaluation set: the right article in the other language stands about 1.4
times less far out of its background than the right article in the question's own language,
in the tuned and the held-out part alike; scaling the other language's dense part by
CROSS_LANGUAGE_SCALE raised right-article-first from 82% / 85% to 87% / 93% held out
(English about Arabic / Arabic about English), same language unchanged at 100%.
"""

from __future__ import annotations

import numpy as np

from retrieval.keyword_evidence import QuestionTerms
from retrieval.language_merge import CROSS_LANGUAGE_SCALE, score_passages
from retrieval.passage import Passage


class FlatBackground:
    """Every language's background at mean 0, spread 1: a cosine is its own z."""

    def standardize(self, language, level, query, cosines):
        return np.asarray(cosines, dtype=float) * 10.0


def chunk(language: str, cosine: float) -> Passage:
    vector = np.array([cosine, np.sqrt(1 - cosine**2)], dtype=np.float32)
    meta = {"language": language, "source": f"story.{language}.txt", "title": "", "start": 0}
    text = "A sentence of the story long enough to count as one."
    return Passage(
        f"c-{language}",
        text,
        meta,
        sentence_spans=[(0, len(text))],
        sentence_vectors=vector[None, :],
        vector=vector,
    )


def test_the_other_language_is_scaled_and_its_strength_is_not():
    query = np.array([1.0, 0.0], dtype=np.float32)
    own, other = chunk("en", 0.4), chunk("ar", 0.4)
    terms = QuestionTerms({}, {}, {}, "What did the ministers agree on?")
    score_passages([own, other], {"en": query, "ar": query}, terms, FlatBackground(), "en")
    assert own.fused == own.strength and own.cross_language == 0.0
    assert np.isclose(other.fused, CROSS_LANGUAGE_SCALE * own.fused, rtol=1e-4)
    assert np.isclose(other.strength, own.strength, rtol=1e-4)  # the bar reads the same


def test_an_arabic_question_scales_the_english_candidates():
    query = np.array([1.0, 0.0], dtype=np.float32)
    own, other = chunk("ar", 0.4), chunk("en", 0.4)
    terms = QuestionTerms({}, {}, {}, "ما الذي اتفق عليه الوزيران؟")
    score_passages([own, other], {"en": query, "ar": query}, terms, FlatBackground(), "ar")
    assert other.fused > own.fused and other.cross_language > 0


def dated(language: str, cosine: float, published: str) -> Passage:
    passage = chunk(language, cosine)
    passage.metadata["date"] = published
    passage.chunk_id = f"c-{language}-{published}"
    return passage


def test_the_period_lifts_only_an_article_about_the_question():
    """Asked when talks resume "in April 2024": the talks' article is from February;
    a sandstorm reported in April, which barely matches, must not win on its date alone."""
    query = np.array([1.0, 0.0], dtype=np.float32)
    talks = dated("en", 0.35, "2024-02-14")  # stands out 3.5 deviations
    sandstorm = dated("en", 0.08, "2024-04-22")  # 0.8: of the period, not about it
    rally = dated("en", 0.3, "2024-04-10")  # 3.0: of the period and about the question
    terms = QuestionTerms({}, {}, {}, "Where will the talks resume in April 2024?")
    passages = [talks, sandstorm, rally]
    score_passages(passages, {"en": query, "ar": query}, terms, FlatBackground(), "en")
    assert sandstorm.period == 0.0 and rally.period > 0 and talks.period < 0
    assert talks.fused > sandstorm.fused
    assert rally.fused > talks.fused  # the period still decides between articles about it


def test_the_date_does_not_decide_whether_anything_answers():
    """The period check says "the articles don't say for April 2024" and shows the article;
    the abstention bar must not silence it first."""
    query = np.array([1.0, 0.0], dtype=np.float32)
    talks = dated("en", 0.35, "2024-02-14")
    undated = chunk("en", 0.35)
    terms = QuestionTerms({}, {}, {}, "Where will the talks resume in April 2024?")
    score_passages([talks, undated], {"en": query, "ar": query}, terms, FlatBackground(), "en")
    assert talks.fused < undated.fused
    assert np.isclose(talks.strength, undated.strength)


def test_a_report_on_the_asked_month_published_after_it_is_not_counted_against():
    """January's container figures are reported on 20 February "in January": the answer's
    period check counts that article as of January, so ranking gives it neither bonus nor
    penalty. An article from February that never names January is counted against."""
    query = np.array([1.0, 0.0], dtype=np.float32)
    report = dated("en", 0.3, "2024-02-20")
    report.text = "The terminal handled 41,000 containers in January, down from a year earlier."
    other = dated("en", 0.3, "2024-02-21")
    other.text = "The terminal handled 41,000 containers over the month, down from a year earlier."
    same_month = dated("en", 0.3, "2024-01-15")
    question = "How many containers did the terminal handle in January 2024?"
    terms = QuestionTerms({}, {}, {}, question)
    passages = [report, other, same_month]
    score_passages(passages, {"en": query, "ar": query}, terms, FlatBackground(), "en")
    assert report.period == 0.0 and other.period < 0 < same_month.period


def test_a_quarters_results_are_not_weighed_by_the_month_they_came_out():
    """Al Waha Cement's second-quarter results come out on 9 August, its third quarter's on
    7 November. Asked about the second quarter, the August report (it names June, the
    quarter's last month) is not counted against and the November one is; asked about
    the third, the August report gets no bonus for appearing inside that quarter (it is
    not counted against either: it speaks of July and August)."""
    query = np.array([1.0, 0.0], dtype=np.float32)

    def periods_of(question: str) -> tuple[Passage, Passage]:
        second = dated("en", 0.3, "2023-08-09")
        second.text = (
            "Revenue for the three months to 30 June climbed 18 percent. The summer heat "
            "would weigh on deliveries in July and August."
        )
        third = dated("ar", 0.3, "2023-11-07")
        third.text = "وأوضحت الشركة أن إيراداتها للأشهر الثلاثة المنتهية في 30 سبتمبر انخفضت."
        terms = QuestionTerms({}, {}, {}, question)
        vectors = {"en": query, "ar": query}
        score_passages([second, third], vectors, terms, FlatBackground(), "ar")
        return second, third

    second, third = periods_of("كم ربحت شركة أسمنت الواحة في الربع الثاني من عام 2023؟")
    assert second.period == 0.0 and third.period < 0
    second, third = periods_of("How much revenue did Al Waha report for Q3 2023?")
    assert second.period == 0.0 == third.period  # before: the August report +1
    # a chunk that names its quarter but no month speaks of it too
    lead = dated("en", 0.3, "2023-08-09")
    lead.text = "Al Waha Cement said its net profit for the second quarter rose 41 percent."
    other = dated("en", 0.3, "2023-08-09")
    other.text = "Al Waha Cement is building a new clinker line near Buraidah."
    terms = QuestionTerms({}, {}, {}, "How much did Al Waha earn in Q2 2023?")
    score_passages([lead, other], {"en": query, "ar": query}, terms, FlatBackground(), "en")
    assert lead.period == 0.0 and other.period < 0
