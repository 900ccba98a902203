"""Whether a second article tells the answer's story, and speaks for its period.

CI's dated set caught the case: "What did the Central Bank of Kenya decide in 2023?" found
Kenya's February 2024 decision first and Tunisia's January 2023 one close behind. Listed as
a second source, Tunisia's article made the answer "found" for 2023, and the user lost the
line saying the articles don't cover Kenya in 2023.
"""

from __future__ import annotations

import numpy as np

from index.arabic import keyword_tokens
from retrieval.evidence import Retrieved
from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import QuestionTerms
from retrieval.passage import Passage
from retrieval.same_story import same_story, written_names

KENYA_2024 = (
    "kenya-2024.en.txt",
    "en",
    "Kenya's central bank raises key rate",
    "The Central Bank of Kenya raised its benchmark lending rate to 13.25 percent on Tuesday.",
)
TUNISIA_2023 = (
    "tunisia-2023.ar.txt",
    "ar",
    "البنك المركزي التونسي يرفع سعر الفائدة",
    "قرر البنك المركزي التونسي في يناير 2023 رفع سعر الفائدة الرئيسي إلى 8 في المئة.",
)
KENYA_2023 = (
    "kenya-2023.ar.txt",
    "ar",
    "البنك المركزي الكيني يثبت سعر الفائدة",
    "قرر البنك المركزي الكيني في يونيو 2023 رفع سعر الفائدة إلى 10.5 في المئة.",
)
FAIR_2022 = (
    "fair-2022.ar.txt",
    "ar",
    "معرض الرياض الدولي للكتاب 2022",
    "بلغت القيمة الإجمالية لجوائز النشر في معرض الرياض الدولي للكتاب نصف مليون ريال.",
)
FAIR_2023 = (
    "fair-2023.en.txt",
    "en",
    "Riyadh International Book Fair 2023 opens",
    "The prizes of the Riyadh International Book Fair were raised to one million riyals.",
)


def retrieved(question: str, *articles: tuple[str, str, str, str]) -> Retrieved:
    """What retrieval would hand the answer step: one passage per article, best first."""
    texts = [f"{title} {text}" for _, _, title, text in articles]
    frequency: dict[str, int] = {"": 1000}
    for text in texts:
        for token in set(keyword_tokens(text)):
            frequency[token] = frequency.get(token, 0) + 1
    terms = QuestionTerms.build(question, default_glossary(), frequency)
    passages = [
        Passage(f"c{i}", text, {"source": path, "language": lang, "title": title})
        for i, (path, lang, title, text) in enumerate(articles)
    ]
    return Retrieved(np.zeros(4, dtype=np.float32), passages, terms, question, pool=passages)


def test_another_countrys_bank_is_not_kenyas_story() -> None:
    found = retrieved(
        "What did the Central Bank of Kenya decide in 2023?", KENYA_2024, TUNISIA_2023, KENYA_2023
    )
    assert not same_story(found, KENYA_2024[0], TUNISIA_2023[0])  # no Kenya in it
    assert same_story(found, KENYA_2024[0], KENYA_2023[0])  # "الكيني", across scripts


def test_the_question_in_arabic_needs_the_name_too() -> None:
    found = retrieved("ماذا قرر البنك المركزي الكيني في 2023؟", KENYA_2024, TUNISIA_2023)
    assert not same_story(found, KENYA_2024[0], TUNISIA_2023[0])


def test_arabic_words_the_glossary_lacks_are_not_names_for_that_alone() -> None:
    """"الإجمالية" (total) and "النشر" (publishing) have no glossary entry, so they get a
    consonant key like a name; the English article about the same fair cannot show them,
    and must not be taken for another story because of it."""
    question = "ما القيمة الإجمالية لجوائز النشر في معرض الرياض الدولي للكتاب 2023؟"
    found = retrieved(question, FAIR_2022, FAIR_2023)
    names = written_names(found.terms, [question, FAIR_2023[2] + " " + FAIR_2023[3]])
    assert "رياض" in names and not names & {"اجماليه", "نشر"}
    assert same_story(found, FAIR_2022[0], FAIR_2023[0])


def test_an_article_that_was_not_retrieved_tells_no_story() -> None:
    found = retrieved("What did the Central Bank of Kenya decide in 2023?", KENYA_2024)
    assert not same_story(found, KENYA_2024[0], "elsewhere.en.txt")


def test_a_question_typed_in_lower_case_takes_its_names_from_the_english_article() -> None:
    found = retrieved("what did the central bank of kenya decide in 2023", KENYA_2024, TUNISIA_2023)
    assert not same_story(found, KENYA_2024[0], TUNISIA_2023[0])
