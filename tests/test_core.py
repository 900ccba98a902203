"""The shared base: language rule, message catalog, e5 prompts and the file-name date."""

from __future__ import annotations

import string

import pytest

from core.e5 import PASSAGE_PREFIX, PROMPTS, QUERY_PREFIX
from core.filename_date import FILENAME_DATE
from core.language import detect_language, question_language
from core.messages import LANGUAGES, catalog, is_message, message, reply_language


@pytest.mark.parametrize(
    ("text", "detected", "answered_in"),
    [
        ("ماذا اتفق الوزيران؟", "ar", "ar"),
        ("What did the ministers agree on?", "en", "en"),
        ("ماذا قال Lavrov عن الاتفاق مع أرمينيا؟", "ar", "ar"),  # mostly Arabic letters
        ("What did لافروف say?", "en", "en"),  # mostly Latin letters
        ("", "other", "en"),
        ("2021 ?!", "other", "en"),
        ("این یک متن فارسی است که گفتگو می‌کند", "other", "en"),
    ],
)
def test_one_rule_for_the_language_of_a_question(text: str, detected: str, answered_in: str):
    assert detect_language(text) == detected
    assert question_language(text) == answered_in


def test_every_message_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, texts in catalog().items():
        assert set(texts) == set(LANGUAGES), key
        names = [{f for _, f, _, _ in fields.parse(texts[lang]) if f} for lang in LANGUAGES]
        assert names[0] == names[1], key


def test_a_message_in_an_unknown_language_is_english():
    assert message("not_found", "fr") == message("not_found", "en") == "The articles don't say."
    assert message("not_found", "ar") == "لا تذكر المقالات ذلك."
    assert is_message("لا تذكر المقالات ذلك.", "not_found")
    assert not is_message("The articles say.", "not_found")


@pytest.mark.parametrize(
    ("text", "fallback", "expected"),
    [
        ("ماذا اتفق الوزيران؟", "en", "ar"),
        ("What did the ministers agree on?", "ar", "en"),
        ("/start", "ar", "ar"),  # a command says nothing of the user's language
        ("/help", "en", "en"),
        ("?", "ar", "ar"),
        (None, "ar", "ar"),
    ],
)
def test_replies_follow_the_text_and_else_the_interface(text, fallback, expected):
    assert reply_language(text, fallback) == expected


def test_e5_prompts():
    assert PROMPTS == {"query": QUERY_PREFIX, "passage": PASSAGE_PREFIX}
    assert (QUERY_PREFIX, PASSAGE_PREFIX) == ("query: ", "passage: ")


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("2021-10-01-talks.md", "2021-10-01"),
        ("19991231_report.txt", "1999-12-31"),
        ("1900.01.01 first.txt", "1900-01-01"),
        ("2099-12-31.txt", "2099-12-31"),
        ("1899-12-31.txt", None),  # years 1900-2099 only
        ("2100-01-01.txt", None),
        ("2021-13-01.txt", None),  # no 13th month
        ("2021-00-10.txt", None),
        ("2021-10-32.txt", None),
        ("2021-10-00.txt", None),
        ("120211001.txt", None),  # part of a longer number
    ],
)
def test_the_filename_date_range(name: str, found: str | None):
    match = FILENAME_DATE.search(name)
    got = "-".join(match.group("year", "month", "day")) if match else None
    assert got == found
