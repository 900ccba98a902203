"""The question without its article's topic words: what it asks *about* the story.

"How many electronic gates were installed on Cairo metro line 3?" asks an article titled
"Cairo metro launches mobile tickets on line 3". Every sentence of that article is about the
metro and line 3, so those words pull the question's vector towards whichever sentence
restates the story — the lead, or the sentence describing the line — and away from the one
with the gates. Once retrieval has chosen the article, its title and lead say which of the
question's words are its topic (`retrieval.evidence`, `_topic`, across scripts through the
glossary and name keys); the question embedded without them points at what it asks. The
answer step scores sentences with both vectors (`retrieval.evidence`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.arabic import keyword_tokens

MIN_FOCUS_WORDS = 2  # fewer words left is no question: keep the whole one


def focus_question(question: str, topic: set[str]) -> str | None:
    """`question` without the words whose keyword tokens are topic tokens; None when that
    removes nothing or leaves too little to embed."""
    words = question.split()
    kept = [w for w in words if not set(keyword_tokens(w)) & topic]
    if len(kept) == len(words) or len(kept) < MIN_FOCUS_WORDS:
        return None
    return " ".join(kept)


class FocusQueries:
    """Query vectors for focus questions, embedded at most once each per question.

    `embed` gives the vector that scores chunks of a language for a text
    (`retrieval.hybrid_retriever.query_text_for`: the other language's is glossed, like the
    question's own); only the language of the article being quoted is embedded.
    """

    def __init__(self, embed: Callable[[str, str], np.ndarray]) -> None:
        self._embed = embed
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def vector(self, question: str, topic: set[str], language: str) -> np.ndarray | None:
        """The focus question's vector for chunks of `language`; None when it has no focus."""
        focus = focus_question(question, topic)
        if focus is None:
            return None
        if (focus, language) not in self._cache:
            self._cache[(focus, language)] = self._embed(focus, language)
        return self._cache[(focus, language)]
