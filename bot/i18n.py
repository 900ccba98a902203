"""The bot's side of newsqa's messages: Telegram's language signal and HTML-safe texts.

The texts themselves are in the one catalog, `core/messages.toml`, and the rule for the
language is `core.messages.reply_language`: an answer, and everything around it (headers,
attribution, hints), is in the language of the question; /start, /help and other commands,
which have no question to go by, follow the language of the user's Telegram
(`language_code`).

Texts are HTML-safe templates: placeholders are filled with escaped values by `text()`.
"""

from __future__ import annotations

from html import escape as _html_escape
from typing import Any

from telegram import Message, Update

from core import messages


def escape(text: str) -> str:
    """HTML-escape text for Telegram; quotes stay as they are outside attributes."""
    return _html_escape(text, quote=False)


def language(update: object) -> str:
    """ "ar" for users whose Telegram speaks Arabic, else "en" (takes an Update or a Message)."""
    if isinstance(update, Update):
        user = update.effective_user
    else:
        user = update.from_user if isinstance(update, Message) else None
    return messages.interface_language(user.language_code if user else None)


def reply_language(update: object) -> str:
    """The language to reply to a question in (its own), or to a command in (the user's)."""
    message = update.effective_message if isinstance(update, Update) else None
    return messages.reply_language(message.text if message else None, language(update))


def text(lang: str, key: str, *, raw: frozenset[str] = frozenset(), **values: Any) -> str:
    """The `key` text in `lang` with `values` HTML-escaped, except those named in `raw`."""
    safe = {k: (v if k in raw else escape(str(v))) for k, v in values.items()}
    return messages.message(key, lang).format(**safe)


def for_update(update: object, key: str, **values: Any) -> str:
    """`text()` in the language of the update's user."""
    return text(language(update), key, **values)
