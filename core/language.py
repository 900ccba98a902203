"""Which language a text is in, and the one rule for the language newsqa answers in.

Detection counts letters per script, so it works on a three-word question as on a whole
article. Replies are in Arabic or English only: `question_language` is the one place that
maps a question (or any user text) to the language of everything said back about it.
"""

from __future__ import annotations

import re

__all__ = ["detect_language", "question_language", "is_arabic_letter", "arabic_share"]

# Counted with regexes rather than a Python loop: articles can be megabytes long.
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(
    r"(?=[^\W\d_])[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
)
_LATIN_LETTER = re.compile(r"(?=[^\W\d_])[\u0000-\u024f\u1e00-\u1eff]")
# Letters Arabic does not use but Persian/Urdu do for everyday words (پ چ ژ گ ک ی ے).
_NON_ARABIC_LETTERS = re.compile("[پچژگکیےۀ]")
_ENGLISH_HINTS = frozenset(
    {"the", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "as", "by"}
    | {"at", "from", "it", "are", "be", "has", "have", "said"}
)


def is_arabic_letter(char: str) -> bool:
    """True for a letter of the Arabic script (any block, presentation forms included)."""
    return _ARABIC_LETTER.match(char) is not None


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def arabic_share(text: str) -> float:
    """Fraction of the letters in ``text`` that are Arabic script (0.0 without letters)."""
    letters = _count(_LETTER, text)
    return _count(_ARABIC_LETTER, text) / letters if letters else 0.0


def detect_language(text: str) -> str:
    """Say "ar", "en" or "other" from the share of letters in each script.

    A script needs over half of the letters. Arabic-script text rich in Persian/Urdu-only
    letters is "other"; so is long Latin text with almost no English function words
    (French, Spanish ...), because retrieval treats "en" as English.
    """
    total = _count(_LETTER, text)
    arabic = _count(_ARABIC_LETTER, text)
    latin = _count(_LATIN_LETTER, text)
    if total == 0:
        return "other"
    if arabic > total / 2:
        return "other" if _count(_NON_ARABIC_LETTERS, text) > 0.03 * arabic else "ar"
    if latin > total / 2:
        words = re.findall(r"[a-z]+", text.casefold())
        if len(words) >= 20 and sum(w in _ENGLISH_HINTS for w in words) < 0.05 * len(words):
            return "other"
        return "en"
    return "other"


def question_language(text: str) -> str:
    """ "ar" for a question written in Arabic, else "en": the language of its answer.

    The answer, its abstention and every message around it (the bot's notices included)
    are in this language, so a user is answered in the language they asked in.
    """
    return "ar" if detect_language(text) == "ar" else "en"
