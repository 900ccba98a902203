"""Reading when a question asks about: periods, "latest", relative days, impossible dates."""

from __future__ import annotations

from datetime import date

import pytest

from index.date_numbers import date_number
from index.loaders.question_dates import question_dates

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("What did the Bank of Russia decide in October 2021?", "2021-10-01", "2021-10-31"),
        ("ماذا حدث في تشرين الثاني/نوفمبر 2021؟", "2021-11-01", "2021-11-30"),
        ("ماذا حدث في نوفمبر 2021؟", "2021-11-01", "2021-11-30"),
        ("ماذا حدث في حزيران 2022؟", "2022-06-01", "2022-06-30"),
        ("ماذا قرر البنك المركزي في أكتوبر ٢٠٢١؟", "2021-10-01", "2021-10-31"),
        ("What happened in June 2021?", "2021-06-01", "2021-06-30"),
        ("What happened between June and August 2021?", "2021-06-01", "2021-08-31"),
        ("What happened between 1 and 15 October 2021?", "2021-10-01", "2021-10-15"),
        ("ماذا حدث بين يونيو وأغسطس 2021؟", "2021-06-01", "2021-08-31"),
        ("ماذا قال لافروف في ١ تشرين الأول ٢٠٢١؟", "2021-10-01", "2021-10-01"),
        ("What happened on October 1, 2021?", "2021-10-01", "2021-10-01"),
        ("What happened on 2021-10-01?", "2021-10-01", "2021-10-01"),
        ("What happened last week?", "2026-11-23", "2026-11-29"),
        ("ماذا حدث الأسبوع الماضي؟", "2026-11-23", "2026-11-29"),
        ("What happened yesterday?", "2026-12-01", "2026-12-01"),
        ("ماذا حدث أمس؟", "2026-12-01", "2026-12-01"),
        ("What happened this month?", "2026-12-01", "2026-12-02"),
        ("ما أخبار الشهر الماضي؟", "2026-11-01", "2026-11-30"),
        ("What happened 3 days ago?", "2026-11-29", "2026-11-29"),
    ],
)
def test_a_question_names_a_period(question: str, start: str, end: str) -> None:
    got = question_dates(question, TODAY)
    assert [(a.isoformat(), b.isoformat()) for a, b in got.periods] == [(start, end)]


def test_relative_words_resolve_against_the_injected_today() -> None:
    assert question_dates("What happened yesterday?", date(2021, 10, 2)).periods == (
        (date(2021, 10, 1), date(2021, 10, 1)),
    )
    assert question_dates("What happened yesterday?", TODAY).relative


@pytest.mark.parametrize(
    "question", ["ماذا قال لافروف اليوم؟", "ماذا قال لافروف اليوم الأحد؟", "ما أخبار اليوم؟"]
)
def test_today_in_arabic_is_today(question: str) -> None:
    assert question_dates(question, date(2021, 10, 3)).periods == (
        (date(2021, 10, 3), date(2021, 10, 3)),
    )


def test_a_day_without_a_year_stands_for_that_day_in_every_year() -> None:
    got = question_dates("What did Lavrov say on 1 October?", TODAY)
    assert got.yearless
    assert got.in_years(range(2020, 2023)) == tuple(
        (date(y, 10, 1), date(y, 10, 1)) for y in (2020, 2021, 2022)
    )
    leap = question_dates("What happened on 29 February?", TODAY)
    assert [a.year for a, _ in leap.in_years(range(2019, 2025))] == [2020, 2024]


@pytest.mark.parametrize(
    "question",
    [
        "What happened on 31 February 2021?",
        "ماذا حدث في 31 شباط 2021؟",
        "What happened on 2021-02-30?",
        "What happened on 31 February?",
    ],
)
def test_an_impossible_date_is_no_date(question: str) -> None:
    assert question_dates(question, TODAY).periods == ()


@pytest.mark.parametrize(
    "question",
    [
        "What did the ministers agree on?",
        "What cargo volume do Azerbaijan and Georgia want by 2025?",  # a year alone: a target
        "كم قطاراً في اليوم سيربط الأغواط بغرداية؟",  # "في اليوم" is "a day", not today
        "كم يبلغ سعر تذكرة اليوم الواحد إلى البتراء؟",  # a one-day ticket
        "في أي ساعات من اليوم توقفت المصانع؟",  # hours of the day
        "متى يحتفل العراق باليوم الوطني؟",
        "What may happen next?",
    ],
)
def test_undated_questions_stay_undated(question: str) -> None:
    got = question_dates(question, TODAY)
    assert got.periods == () and not got.latest


@pytest.mark.parametrize(
    "question",
    [
        "What was the latest news about Lavrov?",
        "What is the most recent news about Mirzoyan?",
        "ما آخر أخبار لافروف؟",
        "ما آخر الأخبار؟",
        "ما أحدث أخبار معرض الرياض الدولي للكتاب؟",
    ],
)
def test_latest_is_recognised_in_both_languages(question: str) -> None:
    got = question_dates(question, TODAY)
    assert got.latest and not got.periods


def test_dates_become_comparable_numbers() -> None:
    assert date_number("2021-10-01") == 20211001
    assert date_number("2021-02-30") is None and date_number(None) is None
