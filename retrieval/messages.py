"""Fixed user-facing sentences of the answer step, in the asker's language."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "not_found": {
        "en": "The articles don't say.",
        "ar": "لا تذكر المقالات ذلك.",
    },
    "empty_question": {
        "en": "Please ask a question about your articles.",
        "ar": "من فضلك اطرح سؤالاً عن مقالاتك.",
    },
    "empty_index": {
        "en": "The index is empty: add articles with `newsqa index <folder>` first.",
        "ar": "الفهرس فارغ: أضف مقالات أولاً بالأمر newsqa index.",
    },
    "according_to": {
        "en": "According to",
        "ar": "بحسب",
    },
    "on_date": {
        "en": "On {date}.",
        "ar": "في {date}.",
    },
    "article_dated": {
        "en": "The article is dated {date}; it gives no other date for this.",
        "ar": "المقال مؤرخ في {date}، ولا يذكر تاريخاً آخر لذلك.",
    },
    "greeting": {
        "en": "Hello! Ask me anything about the news articles I have read.",
        "ar": "أهلاً! اسألني أي سؤال عن المقالات الإخبارية التي قرأتها.",
    },
    "thanks": {
        "en": "You're welcome. Ask me anything else about the articles.",
        "ar": "على الرحب والسعة. اسألني ما شئت عن المقالات.",
    },
    "ack": {
        "en": "Good. Ask me anything else about the articles.",
        "ar": "حسناً. اسألني ما شئت عن المقالات.",
    },
    "not_understood": {
        "en": "I didn't catch a question there. Ask me something about the articles.",
        "ar": "لم أفهم السؤال. اسألني شيئاً عن المقالات.",
    },
}


def message(key: str, language: str) -> str:
    """The sentence for `key` in Arabic when the asker wrote Arabic, English otherwise."""
    texts = MESSAGES[key]
    return texts.get(language, texts["en"])


def is_message(text: str, key: str) -> bool:
    """Whether `text` is the fixed sentence `key` in some language."""
    return text in MESSAGES[key].values()
