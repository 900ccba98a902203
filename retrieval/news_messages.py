"""User-facing sentences of dated questions, "latest", timelines: English and Arabic.

Kept apart from `retrieval.messages` and `bot.i18n` so the date features bring their own
words; the answer is always in the asker's language.
"""

from __future__ import annotations

NEWS_MESSAGES: dict[str, dict[str, str]] = {
    "coverage": {
        "en": "The articles cover {oldest} to {newest}.",
        "ar": "تغطي المقالات الفترة من {oldest} إلى {newest}.",
    },
    "no_dates": {
        "en": "The articles carry no dates.",
        "ar": "لا تحمل المقالات تواريخ.",
    },
    "nothing_in_period": {
        "en": "The articles have nothing from {start} to {end}.",
        "ar": "لا تحوي المقالات شيئاً من {start} إلى {end}.",
    },
    "nothing_on_day": {
        "en": "The articles have nothing from {start}.",
        "ar": "لا تحوي المقالات شيئاً من يوم {start}.",
    },
    "timeline_head": {
        "en": "Timeline: {topic} ({count} articles)",
        "ar": "التسلسل الزمني: {topic} ({count} مقالات)",
    },
    "timeline_empty": {
        "en": "No articles about {topic} from {start} to {end}.",
        "ar": "لا مقالات عن {topic} من {start} إلى {end}.",
    },
    "unknown_topic": {
        "en": "No article is about {topic!r}. Try a name or a word the articles use.",
        "ar": "لا يوجد مقال عن «{topic}». جرّب اسماً أو كلمة ترد في المقالات.",
    },
    "no_topic": {
        "en": "Say what the timeline is about, e.g. /timeline Lavrov",
        "ar": "اذكر موضوع التسلسل الزمني، مثلاً: /timeline لافروف",
    },
    "bad_date": {
        "en": "{option} takes a date as YYYY-MM-DD, not {value!r}.",
        "ar": "يأخذ {option} تاريخاً بالشكل YYYY-MM-DD، لا «{value}».",
    },
    "bad_window": {
        "en": "The window ends ({end}) before it starts ({start}).",
        "ar": "تنتهي الفترة ({end}) قبل أن تبدأ ({start}).",
    },
    "latest_head": {
        "en": "The {count} newest articles:",
        "ar": "أحدث {count} مقالات:",
    },
    "bad_count": {
        "en": "latest takes a number of articles from 1 to {limit}, not {value!r}.",
        "ar": "يأخذ latest عدد مقالات من 1 إلى {limit}، لا «{value}».",
    },
    "no_articles": {
        "en": "The index is empty: add articles with `newsqa index <folder>` first.",
        "ar": "الفهرس فارغ: أضف مقالات أولاً بالأمر newsqa index.",
    },
    "more_events": {
        "en": "… and {count} more; narrow the window: /timeline {topic} YYYY-MM-DD YYYY-MM-DD",
        "ar": "… و{count} غيرها؛ ضيّق الفترة: /timeline {topic} YYYY-MM-DD YYYY-MM-DD",
    },
}


def news_message(key: str, language: str, **values: object) -> str:
    """The sentence for `key` in Arabic when the asker wrote Arabic, English otherwise."""
    texts = NEWS_MESSAGES[key]
    return texts.get(language, texts["en"]).format(**values)
