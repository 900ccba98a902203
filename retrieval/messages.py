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
}


def message(key: str, language: str) -> str:
    """The sentence for `key` in Arabic when the asker wrote Arabic, English otherwise."""
    texts = MESSAGES[key]
    return texts.get(language, texts["en"])
