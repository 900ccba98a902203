"""Follow-up or new question? A labelled table in both languages, decided by the real service.

Each row is (previous question, new question, whether the new one continues the previous).
The service decides on the real seed index, so rows whose words leave the decision open are
settled by how well the articles answer the new question on its own.
"""

from __future__ import annotations

import pytest

from retrieval.followups import asks_for, continues, points_back, small_talk

EN = "What did the ministers agree on?"
AR = "ما الذي اتفق عليه الوزيران؟"
FOLLOW, NEW = True, False

LABELLED = [
    # English, ellipsis and pointers
    (EN, "And when was that?", FOLLOW),
    (EN, "When?", FOLLOW),
    (EN, "Why?", FOLLOW),
    (EN, "And where?", FOLLOW),
    (EN, "Where did that happen?", FOLLOW),
    (EN, "Who said that?", FOLLOW),
    (EN, "What did he say?", FOLLOW),
    (EN, "Then what happened?", FOLLOW),
    (EN, "Tell me more", FOLLOW),
    (EN, "What else?", FOLLOW),
    (EN, "How many?", FOLLOW),
    (EN, "What about Azerbaijan?", FOLLOW),
    (EN, "How about the humanitarian issues?", FOLLOW),
    (EN, "Did they also talk about the weather?", FOLLOW),  # weak on its own
    (EN, "Did it mention the OSCE?", NEW),  # strong on its own: the seed names the OSCE
    # English, questions of their own
    (EN, "Why did Russia and Armenia discuss Nagorno-Karabakh?", NEW),
    (EN, "Why is the sky blue?", NEW),
    (EN, "What is the news that Lavrov discussed with Mirzoyan?", NEW),
    (EN, "Who signed the joint statement on 9 November 2020?", NEW),
    (EN, "Which countries lead the Minsk Group?", NEW),
    (EN, "What is the weather in Paris?", NEW),
    (EN, "Is it true that Putin, Pashinyan and Aliyev signed a joint statement?", NEW),
    (EN, "What did they discuss about Karabakh?", NEW),  # strong on its own
    (EN, "hi", NEW),
    (EN, "thanks!", NEW),
    (EN, "ok", NEW),
    # Arabic, ellipsis and pointers
    (AR, "ومتى كان ذلك؟", FOLLOW),
    (AR, "متى؟", FOLLOW),
    (AR, "لماذا؟", FOLLOW),
    (AR, "ولماذا؟", FOLLOW),
    (AR, "وأين حدث ذلك؟", FOLLOW),
    (AR, "من قال ذلك؟", FOLLOW),
    (AR, "ماذا حدث بعد ذلك؟", FOLLOW),
    (AR, "كم؟", FOLLOW),
    (AR, "ماذا عن أذربيجان؟", FOLLOW),
    (AR, "وماذا عن القضايا الإنسانية؟", FOLLOW),
    (AR, "هل تحدثا أيضا عن الطقس؟", FOLLOW),
    # Arabic, questions of their own (several start with a waw that is part of the word)
    (AR, "وزير الخارجية الروسي مع من تحدث؟", NEW),
    (AR, "وقع الرؤساء بيانا مشتركا في أي تاريخ؟", NEW),
    (AR, "وصلت قوات روسية لحفظ السلام إلى أين؟", NEW),
    (AR, "ما هي مجموعة مينسك؟", NEW),
    (AR, "ما هو الطقس في باريس؟", NEW),
    (AR, "مرحبا", NEW),
    (AR, "شكرا جزيلا", NEW),
    (AR, "تمام", NEW),
    # across languages
    (EN, "ومتى كان ذلك؟", FOLLOW),
    (AR, "And when was that?", FOLLOW),
    (AR, "Who signed the joint statement on 9 November 2020?", NEW),
    # nothing to follow: small talk is no topic
    ("hi", "And when was that?", NEW),
    ("شكرا", "ومتى؟", NEW),
]


@pytest.mark.slow
def test_labelled_pairs_are_decided_like_a_careful_reader(qa_service) -> None:
    assert len(LABELLED) >= 40
    wrong = []
    for previous, question, follows in LABELLED:
        searched = qa_service.search_question(question, [(previous, "…")])
        if (searched != question) != follows:
            wrong.append((previous, question, "follow-up" if follows else "new", searched))
    assert not wrong, "\n".join(map(str, wrong))


def test_retrieval_is_asked_only_when_the_words_leave_it_open() -> None:
    asked: list[str] = []

    def strength(question: str) -> float:
        asked.append(question)
        return 0.0

    history = [(EN, "…")]
    for clear in ("And when was that?", "What about Azerbaijan?", "Why is the sky blue?", "hi"):
        continues(clear, history, strength, bar=5.5)
    assert asked == []
    assert continues("Did they also talk about the weather?", history, strength, 5.5)
    assert asked == ["Did they also talk about the weather?"]
    assert continues("Did they talk about Karabakh?", history, lambda _: 9.0, 5.5) is None


@pytest.mark.parametrize(
    ("question", "pointing"),
    [
        ("وزير الخارجية الروسي", False),
        ("وقعت الاتفاقات", False),
        ("وصل الوزير", False),
        ("ومتى؟", True),
        ("وماذا قالوا؟", True),
        ("ما الذي اتفق عليه الوزيران؟", False),  # a relative clause's pronoun
        ("ماذا قال عنه؟", True),
        ("ما هي مجموعة مينسك؟", False),  # a copula
        ("is there a date?", False),
        ("what happened there?", True),
        ("the news that Lavrov discussed", False),
        ("when was that?", True),
        ("why did Russia act", False),
    ],
)
def test_pointers_are_whole_words_in_their_role(question: str, pointing: bool) -> None:
    assert points_back(question) is pointing


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("السلام عليكم", "greeting"),
        ("Thank you very much", "thanks"),
        ("شكرا جزيلا", "thanks"),
        ("ok", "ack"),
        ("تمام", "ack"),
        ("2021", "not_understood"),
        ("hi, when was the call?", None),
        ("What did the ministers agree on?", None),
    ],
)
def test_small_talk_is_recognised(message: str, kind: str | None) -> None:
    assert small_talk(message) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("And when was that?", "date"),
        ("On what date?", "date"),
        ("ومتى كان ذلك؟", "date"),
        ("في أي يوم؟", "date"),
        ("How many?", "number"),
        ("وكم عددهم؟", "number"),
        ("Why?", None),
        ("الأهمية التاريخية", None),
    ],
)
def test_what_a_follow_up_asks_for(question: str, kind: str | None) -> None:
    assert asks_for(question) == kind
