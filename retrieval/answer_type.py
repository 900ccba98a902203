"""What kind of answer a question asks for, and whether a sentence holds one.

"How many…", "كم…" ask for a number and "When…", "متى…" for a date; a sentence that holds
none cannot answer them, so the answer step gives the sentences that do a bonus
(`retrieval.evidence`). Matched on normalized text (`index.arabic.normalize`), so the
Arabic patterns are written without hamzas and with ي for ى.
"""

from __future__ import annotations

import re

from index.arabic import normalize

_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much|long|far|big|high|large|old)|what (percentage|share|rate|proportion"
    r"|level|size|amount|value|price|number))\b|(^|\s)(كم|بكم|ما نسبه|ما قيمه|ما عدد|ما حجم"
    r"|ما مقدار|ما سعر|ما مستوي|الي اي مستوي|ما معدل)(\s|$)"
)
_DATE_QUESTION = re.compile(
    r"\b(when|what date|which day|what day|what year|which year|which month)\b"
    r"|(^|\s)(متي|في اي يوم|في اي عام|في اي تاريخ|في اي شهر|اي يوم)(\s|$)"
)
_DATE_WORDS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|"
    "الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|أمس"
)
_MONTHS = re.compile("|".join(normalize(w) for w in _DATE_WORDS.split("|")))
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
# the numbers of a date: a day before a month name, and a year
_DATE_NUMBERS = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS.pattern})|\b(?:19|20)\d\d\b")


def asked_type(question: str) -> str | None:
    """ "number", "date" or None: what kind of answer the question's wording asks for."""
    text = normalize(question)
    if _NUMBER_QUESTION.search(text):
        return "number"
    if _DATE_QUESTION.search(text):
        return "date"
    return None


def has_type(kind: str | None, text: str) -> bool:
    """Whether `text` holds an answer of that kind; for a number, digits that are not part
    of a date: a lead's "on Saturday 1 July 2023" is no count of anything."""
    text = normalize(text)
    if kind == "number":
        return bool(_DIGIT.search(_DATE_NUMBERS.sub(" ", text)))
    if kind == "date":
        return bool(_MONTHS.search(text) or _YEAR.search(text))
    return False
