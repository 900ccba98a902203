"""Follow-up questions without an LLM: borrow the previous question's context.

"And when was that?" means nothing on its own. Without a model to rewrite it, the best cheap
guess is that a short question, or one that points back ("it", "that", "ذلك"), continues the
previous one, so the two are searched together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

POINTERS = {
    "it",
    "its",
    "they",
    "them",
    "their",
    "that",
    "this",
    "those",
    "these",
    "he",
    "she",
    "his",
    "her",
    "there",
    "then",
    "also",
    "else",
    "more",
    "هو",
    "هي",
    "هم",
    "هما",
    "ذلك",
    "هذا",
    "هذه",
    "تلك",
    "هناك",
    "أيضا",
    "أيضاً",
    "عنه",
    "عنها",
    "منه",
    "منها",
    "فيه",
    "فيها",
}
OPENERS = ("and ", "what about", "how about", "why", "و", "ماذا عن", "وماذا", "ولماذا", "لماذا")
WORD = re.compile(r"\w+", re.UNICODE)
SHORT = 4


def is_follow_up(question: str) -> bool:
    q = question.strip().lower()
    words = WORD.findall(q)
    return len(words) <= SHORT or q.startswith(OPENERS) or any(w in POINTERS for w in words)


def standalone_without_llm(question: str, history: Sequence[tuple[str, str]]) -> str:
    """The question, prefixed with the previous question when it looks like a follow-up."""
    if history and is_follow_up(question):
        return f"{history[-1][0]} {question}"
    return question
