"""Dates and language names as a reader writes them, in English or Arabic.

ISO dates (2021-10-01) and language codes (ar) are what the index stores; people read
"1 October 2021", "1 أكتوبر 2021", "Arabic", "العربية".
"""

from __future__ import annotations

from datetime import date


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


MONTHS = {
    "en": _names(
        "January February March April May June July August September October November December"
    ),
    "ar": _names("يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"),
}
LANGUAGE_NAMES = {
    "en": {"ar": "Arabic", "en": "English", "other": "other languages"},
    "ar": {"ar": "العربية", "en": "الإنجليزية", "other": "لغات أخرى"},
}


def readable_date(iso: str | None, language: str = "en") -> str | None:
    """ "2021-10-01" as "1 October 2021" (or "1 أكتوبر 2021"); other text as it is."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    months = MONTHS.get(language, MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def language_name(code: str, language: str = "en") -> str:
    """The name of the language `code` in `language` ("ar" in English: "Arabic")."""
    names = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])
    return names.get(code, code)
