"""The bot's own short texts in Arabic and English.

One language per reply: an answer, and everything around it (headers, attribution, hints),
is in the language of the question; /start, /help and other commands follow the language
of the user's Telegram (`language_code`).

Texts are HTML-safe templates: placeholders are filled with escaped values by `text()`.
"""

from __future__ import annotations

from html import escape as _html_escape
from typing import Any

from telegram import Message, Update

from index.arabic import detect_language

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "start": (
            "Hello! I answer questions about the news articles I have read, and I quote "
            "the passages my answers come from.\n\n{knowledge}\n\n"
            "Just send me a question in English or Arabic. /help lists the commands."
        ),
        "help": (
            "<b>Ask</b> any question about the articles, in English or Arabic.\n"
            "In groups, mention me or reply to one of my messages.\n\n{knowledge}\n\n"
            "/sources – full sources of my last answer\n"
            "/reset – forget this conversation\n"
            "/stats – what the index holds\n"
            "/reindex – re-read the articles folder (admins; "
            "<code>/reindex rebuild</code> starts from an empty index)"
        ),
        "knowledge": "Articles I know: {articles}, the newest from {newest}.",
        "knowledge_empty": "My index is empty for now.",
        "knowledge_unknown": "I can't read my index right now.",
        "unknown_date": "an unknown date",
        "not_allowed": "Sorry, this bot is private.",
        "admins_only": "Sorry, only the bot's admins can do that.",
        "rate_limited": (
            "You're asking faster than I can read. Please wait about {seconds} seconds "
            "and ask again."
        ),
        "error": "Sorry, something went wrong while answering. Please try again later.",
        "no_answer": "I couldn't find the answer in the articles I have.",
        "empty_question": "Please send a question as text.",
        "unknown_command": "I don't know that command. /help lists what I can do.",
        "sources": "Sources",
        "no_sources": "There is no earlier answer in this chat yet.",
        "reset": "Done – I've forgotten our conversation.",
        "reindex_started": "Re-reading <code>{folder}</code>… I'll report when it's done.",
        "reindex_rebuild_started": (
            "Rebuilding the index from <code>{folder}</code>… I'll report when it's done."
        ),
        "reindex_running": "A re-index is already running.",
        "reindex_done": "Re-index finished.\n{summary}",
        "reindex_failed": "Re-index failed: {reason}",
        "stats": (
            "<b>What I have read</b>\nArticles: {articles} (in {files})\n"
            "Passages I can quote: {passages}\nDates: {dates}\nLanguages: {languages}"
        ),
        "date_range": "from {oldest} to {newest}",
        "files_one": "1 file",
        "files_many": "{n} files",
        "question_cut": (
            "Your question is longer than {limit} characters: I read only its first {limit}."
        ),
        "cmd_start": "Introduction",
        "cmd_help": "How to ask",
        "cmd_sources": "Sources of the last answer",
        "cmd_reset": "Forget this conversation",
        "cmd_stats": "What the index holds",
    },
    "ar": {
        "start": (
            "مرحباً! أجيب عن الأسئلة حول المقالات الإخبارية التي قرأتها، وأقتبس المقاطع "
            "التي أستند إليها.\n\n{knowledge}\n\n"
            "أرسل سؤالك بالعربية أو بالإنجليزية. اكتب /help لعرض الأوامر."
        ),
        "help": (
            "<b>اسأل</b> أي سؤال عن المقالات، بالعربية أو بالإنجليزية.\n"
            "في المجموعات، اذكرني أو ردّ على إحدى رسائلي.\n\n{knowledge}\n\n"
            "/sources – المصادر الكاملة لآخر إجابة\n"
            "/reset – نسيان هذه المحادثة\n"
            "/stats – محتوى الفهرس\n"
            "/reindex – إعادة قراءة مجلد المقالات (للمشرفين؛ "
            "<code>/reindex rebuild</code> يبدأ من فهرس فارغ)"
        ),
        "knowledge": "عدد المقالات لدي: {articles}، أحدثها بتاريخ {newest}.",
        "knowledge_empty": "الفهرس فارغ حالياً.",
        "knowledge_unknown": "لا أستطيع قراءة الفهرس الآن.",
        "unknown_date": "تاريخ غير معروف",
        "not_allowed": "عذراً، هذا البوت خاص.",
        "admins_only": "عذراً، هذا الأمر لمشرفي البوت فقط.",
        "rate_limited": "أسئلتك أسرع مما أستطيع القراءة. انتظر نحو {seconds} ثانية ثم اسأل مجدداً.",
        "error": "عذراً، حدث خطأ أثناء الإجابة. حاول مرة أخرى لاحقاً.",
        "no_answer": "لم أجد الإجابة في المقالات المتوفرة لدي.",
        "empty_question": "أرسل سؤالك نصاً من فضلك.",
        "unknown_command": "لا أعرف هذا الأمر. اكتب /help لعرض الأوامر.",
        "sources": "المصادر",
        "no_sources": "لا توجد إجابة سابقة في هذه المحادثة بعد.",
        "reset": "تم – نسيت محادثتنا.",
        "reindex_started": "أعيد قراءة <code>{folder}</code>… سأخبرك عند الانتهاء.",
        "reindex_rebuild_started": (
            "أعيد بناء الفهرس من <code>{folder}</code>… سأخبرك عند الانتهاء."
        ),
        "reindex_running": "إعادة الفهرسة جارية بالفعل.",
        "reindex_done": "انتهت إعادة الفهرسة.\n{summary}",
        "reindex_failed": "فشلت إعادة الفهرسة: {reason}",
        "stats": (
            "<b>ما قرأته</b>\nالمقالات: {articles} (في {files})\n"
            "مقاطع أقتبس منها: {passages}\nالتواريخ: {dates}\nاللغات: {languages}"
        ),
        "date_range": "من {oldest} إلى {newest}",
        "files_one": "ملف واحد",
        "files_many": "{n} ملفات",
        "question_cut": "سؤالك أطول من {limit} حرف: قرأت أول {limit} حرف منه فقط.",
        "cmd_start": "تعريف بالبوت",
        "cmd_help": "طريقة السؤال",
        "cmd_sources": "مصادر آخر إجابة",
        "cmd_reset": "نسيان هذه المحادثة",
        "cmd_stats": "محتوى الفهرس",
    },
}


def escape(text: str) -> str:
    """HTML-escape text for Telegram; quotes stay as they are outside attributes."""
    return _html_escape(text, quote=False)


def language(update: object) -> str:
    """ "ar" for users whose Telegram speaks Arabic, else "en" (takes an Update or a Message)."""
    if isinstance(update, Update):
        user = update.effective_user
    else:
        user = update.from_user if isinstance(update, Message) else None
    code = (user.language_code or "") if user else ""
    return "ar" if code.lower().startswith("ar") else "en"


def language_of_text(text: str) -> str:
    """ "ar" for a question written in Arabic, else "en": the language of its answer."""
    return "ar" if detect_language(text) == "ar" else "en"


def reply_language(update: object) -> str:
    """The language to reply to a question in (its own), or to a command in (the user's)."""
    message = update.effective_message if isinstance(update, Update) else None
    words = (message.text or "").strip() if message else ""
    if words and not words.startswith("/") and any(ch.isalpha() for ch in words):
        return language_of_text(words)
    return language(update)


def text(lang: str, key: str, *, raw: frozenset[str] = frozenset(), **values: Any) -> str:
    """The `key` text in `lang` with `values` HTML-escaped, except those named in `raw`."""
    template = TEXTS.get(lang, TEXTS["en"]).get(key) or TEXTS["en"][key]
    safe = {k: (v if k in raw else escape(str(v))) for k, v in values.items()}
    return template.format(**safe)


def for_update(update: object, key: str, **values: Any) -> str:
    """`text()` in the language of the update's user."""
    return text(language(update), key, **values)
