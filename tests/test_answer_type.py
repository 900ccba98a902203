"""What a question asks for, and whether a sentence holds it (`retrieval.answer_type`)."""

from __future__ import annotations

import pytest

from retrieval.answer_type import (
    asked_type,
    counted_words,
    has_type,
    holds_count_of,
    holds_measure,
    measured_units,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many cases of cheating were caught?", "number"),
        ("كم عدد حالات الغش؟", "number"),
        ("What percentage of students passed?", "number"),
        ("When was the budget sent to parliament?", "date"),
        ("متى أحيل مشروع الموازنة؟", "date"),
        ("Who led the delegation?", "person"),
        ("من أدار مباراة الأهلي وبيراميدز؟", "person"),
        ("من أين انطلقت الرحلة؟", None),  # from where, not who
        ("How old were the people who died?", "number"),  # "who" is not what it asks
        ("ما طول الحدود بين البلدين؟", "number"),  # what it measures says it asks a number
        ("How deep is the shaft?", "number"),
        ("What did the ministers agree on?", None),
        ("لكم سنة وقّع اللاعب مع النادي؟", "number"),  # for how many years
        ("هل قال لكم الوزير شيئاً عن الموعد؟", None),  # "to you", no count
        ("ما اسم الرئيسة التنفيذية للشركة؟", "person"),  # a name asked by role
        ("What is the name of the judge in the appeal?", "person"),
        ("ما اسم التطبيق الذي أطلقته الشركة؟", None),  # the name of a thing
    ],
)
def test_the_kind_of_answer_asked_for(question: str, kind: str | None) -> None:
    assert asked_type(question) == kind


def test_a_count_is_a_number_outside_a_date() -> None:
    """A lead's date is no answer to "how many": only the lead would gain from it."""
    lead = "أعلنت وزارة التربية التونسية، يوم السبت 1 يوليو/تموز 2023، نتائج الدورة الرئيسية."
    assert not has_type("number", lead)
    assert not has_type("number", "The ministry said on Saturday, 1 July 2023, that it had.")
    assert has_type("number", "رصدت 612 حالة غش خلال الامتحانات.")
    assert has_type("number", "In 2023 the inspectors caught 45 cases of cheating.")
    assert has_type("number", lead.replace("نتائج", "نسبة نجاح بلغت 39.8 في المئة في"))


def test_a_small_count_spelled_out_is_a_number() -> None:
    """News writes "Four people died" and "ثلاث مرات في الأسبوع"; "one of" is no count."""
    assert has_type("number", "Four people died and dozens were rescued from the wadis.")
    assert has_type("number", "ستطير الرحلات ثلاث مرات في الأسبوع.")
    assert not has_type("number", "One of the rescued said the water rose in minutes.")
    assert not has_type("number", "Dozens were rescued from flooded wadis.")
    assert holds_count_of("Four people died in the floods.", {"people"})


def test_a_date_is_a_month_or_a_year() -> None:
    assert has_type("date", "The draft goes to parliament on Sunday 4 December.")
    assert has_type("date", "أن يحال المشروع إلى مجلس النواب في كانون الأول 2022")
    assert not has_type("date", "The draft goes to parliament next week.")


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("How many beds does the intensive care unit have?", ["beds", "does"]),
        ("How many electronic gates were installed?", ["electronic", "gates"]),
        ("How many Kuwaiti MPs backed the budget?", ["MPs"]),  # a nationality, then the noun
        ("How many MPs backed the budget?", ["MPs", "backed"]),  # a capital, no nationality
        ("How many Throne Cup titles has Raja won?", ["titles", "has"]),  # after a name
        ("How many West Nile fever cases were recorded?", ["fever", "cases"]),
        ("كم صوتاً نالت المرشحة؟", ["صوت"]),  # the counted noun's accusative alif dropped
        ("كم حاوية تعاملت معها المحطة؟", ["حاويه"]),
        ("كم عدد النواب الذين أيدوا البروتوكول؟", ["النواب"]),
        ("كم تبلغ مساحة الجناح؟", []),  # a verb after كم counts nothing
        ("لكم سنة وقّع اللاعب مع النادي؟", ["سنه"]),  # لكم, for how many
        ("لكم يوماً أُوقف الترخيص؟", ["يوم"]),
        ("هل قال لكم الوزير شيئاً؟", []),
        ("How much did the plant cost?", []),
    ],
)
def test_the_noun_a_count_question_counts(question: str, words: list[str]) -> None:
    assert counted_words(question) == words


def test_a_count_of_the_asked_thing_stands_next_to_its_noun() -> None:
    """How many votes did Mulenga get? "118,402 votes" answers, her age does not."""
    votes = {"vote", "صوت", "اصوات"}
    assert holds_count_of("Mulenga received 118,402 votes, or 54.6 percent.", votes)
    assert holds_count_of("حصلت المرشحة على 118402 صوت في الدائرة.", votes)
    assert not holds_count_of("Mulenga, a 46-year-old accountant, won the vote.", votes)
    # the day of a date is no count of the shops beside it
    shops = {"shop"}
    assert not holds_count_of("A wallet for shops, it said on Tuesday, 15 March 2022.", shops)


@pytest.mark.parametrize(
    ("question", "unit", "not_unit"),
    [
        ("ما طول الحدود المشتركة بين مولدوفا وأوكرانيا؟", "kilometre", "dollar"),
        ("كم تُقدَّر قيمة العقد طوال مدته؟", "دولار", "kilometre"),
        ("What was Egypt's core inflation rate in September 2023?", "percent", "tonne"),
        ("How much gas will Oman sell each year?", "tonne", "metre"),
        ("ما حجم مياه الشرب التي سينتجها المشروع؟", "مكعب", "دولار"),
        ("ما المساحة التي أقيم عليها المعرض؟", "مربع", "tonne"),
        ("What area will the industrial park cover?", "hectare", "percent"),
    ],
)
def test_the_units_a_measure_question_asks_for(question: str, unit: str, not_unit: str) -> None:
    units = measured_units(question)
    assert unit in units and not_unit not in units


def test_a_measure_is_named_where_the_question_asks_what() -> None:
    """A measure word late in a question, or in one that asks no "what", asks no number."""
    assert not measured_units("Who set up the fund?")
    assert not measured_units(
        "What did the ministers say about the long-delayed fund for the border?"
    )
    assert not measured_units("ما الذي اتفق عليه الوزيران؟")


def test_a_number_in_the_asked_unit_answers_the_measure() -> None:
    length = measured_units("ما طول الحدود؟")
    assert holds_measure("Cebotari said the 1,222-kilometre border was now marked.", length)
    assert not holds_measure("More than 1.3 million people crossed at Palanca in 2023.", length)
    rate = measured_units("What rate did the bank set?")
    assert holds_measure("تراجع التضخم الأساسي إلى 39.1% في سبتمبر.", rate)
    assert holds_measure("رفع نسبة الفائدة الدنيا على الادخار إلى 7 في المئة", rate)
    assert not holds_measure("The board met on Tuesday, 24 January 2023, in Tunis.", rate)
    assert not holds_measure("The border is 1,222 kilometres long.", set())


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("ECZ chairperson Justice Esther Mwaba told a news conference.", True),
        ("The study was published, said lead author Dr. Sofia Marchetti.", True),
        ("Her closest rival, Mwila Banda of the opposition, came second.", True),
        ("وأدار اللقاء الحكم وائل فرحات بمساعدة تقنية الفيديو.", True),
        ("وترأست لجنة التحكيم المخرجة السنغالية آمي نداي.", True),
        ("Most of the cases were recorded in the governorate of Sfax.", False),
        ("The minister said the talks would go on.", False),  # a role, but nobody named
        ("بتمويل من الصندوق الكويتي للتنمية الاقتصادية العربية.", False),
    ],
)
def test_a_sentence_names_someone_by_role_or_title(sentence: str, names: bool) -> None:
    assert has_type("person", sentence) is names
