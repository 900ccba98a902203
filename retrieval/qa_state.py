"""What flows through the answer chain: one question's state, filled in step by step.

A frozen dataclass rather than a dict of string keys, so every step says what it reads and
adds, and a misspelt field is an error where it is written, not a missing key later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from retrieval.answer import Answer, Turn

if TYPE_CHECKING:
    from retrieval.evidence import Retrieved


@dataclass(frozen=True)
class QAState:
    """A question on its way to an answer.

    `language` is decided once, from the question as asked (`core.language.question_language`),
    and every step answers in it. `standalone` (the question with a follow-up's topic) and
    `retrieved` (the passages found for it) are added by the chain's first two steps.
    """

    question: str
    language: str
    history: tuple[Turn, ...] = ()
    previous: Answer | None = None  # the conversation's last answer, for follow-ups
    standalone: str = ""
    retrieved: Retrieved | None = None

    def passages(self) -> Retrieved:
        """The retrieved passages; only the answer step asks, after retrieval ran."""
        if self.retrieved is None:
            raise RuntimeError("the answer step ran before retrieval")
        return self.retrieved

    def with_standalone(self, standalone: str) -> QAState:
        return replace(self, standalone=standalone)

    def with_retrieved(self, retrieved: Retrieved) -> QAState:
        return replace(self, retrieved=retrieved)


@dataclass(frozen=True)
class Draft:
    """The answer text so far, while a chat model writes it (streaming only).

    Its own type, not `str`: LangChain adds up streamed strings for its callbacks, and a
    growing text added to itself on every token costs quadratic time.
    """

    text: str
