"""Every sentence newsqa says to its users, in English and Arabic, from one catalog.

The texts are in `core/messages.toml`, one table per message holding both languages, so a
new message is one edit in one file. It is read on first use, not at import.

Which language a reply is in, everywhere (CLI, Python, Telegram):

* a reply to a question or any text with letters is in that text's language
  (`core.language.question_language`: Arabic when Arabic letters dominate, else English);
  the answer, its abstention and the bot's notices around it alike;
* a reply to something without a question to go by (a command such as /start, a sticker)
  is in the language of the user's interface, which the caller passes as `fallback`
  (the bot passes Telegram's `language_code`).

`reply_language` is that rule; a language without texts falls back to English.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from core.language import question_language

LANGUAGES = ("en", "ar")
DEFAULT_LANGUAGE = "en"


@cache
def catalog() -> dict[str, dict[str, str]]:
    """Every message: key → {language → text}."""
    data = resources.files("core").joinpath("messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


def message(key: str, language: str) -> str:
    """The text for `key` in `language`, in English for a language without texts.

    A template may hold `{placeholders}`; the caller fills them (and, for Telegram HTML,
    escapes the values first).
    """
    texts = catalog()[key]
    return texts.get(language, texts[DEFAULT_LANGUAGE])


def filled(key: str, language: str, **values: object) -> str:
    """`message` with its placeholders filled in (values are not escaped: plain text only)."""
    return message(key, language).format(**values)


def is_message(text: str, key: str) -> bool:
    """Whether `text` is the fixed sentence `key` in some language."""
    return text in catalog()[key].values()


def interface_language(code: str | None) -> str:
    """ "ar" for an Arabic interface language tag ("ar", "ar-EG"), else "en"."""
    return "ar" if (code or "").lower().startswith("ar") else DEFAULT_LANGUAGE


def reply_language(text: str | None, fallback: str) -> str:
    """The language to reply in: the text's own when it is words, else `fallback`.

    A command ("/help") or a text without letters ("?", a sticker's empty text) says
    nothing about the user's language, so the interface language decides.
    """
    words = (text or "").strip()
    if words and not words.startswith("/") and any(ch.isalpha() for ch in words):
        return question_language(words)
    return fallback
