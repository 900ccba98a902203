"""A conversation: a question answerer plus the turns so far, for follow-up questions in a shell.

It needs only something that answers a question given earlier turns (`QAService` does), so it
imports no service: the service hands out conversations, not the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from retrieval.answer import Answer, Turn


class Answerer(Protocol):
    """What a conversation asks: `QAService.ask`."""

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


class Conversation:
    """`ask` remembers each exchange; `reset` forgets them."""

    def __init__(self, service: Answerer, max_turns: int = 5) -> None:
        self.service = service
        self.max_turns = max_turns
        self.turns: list[Turn] = []
        self.last: Answer | None = None

    def ask(self, question: str) -> Answer:
        answer = self.service.ask(question, self.turns)
        self.turns = (self.turns + [(question, answer.answer)])[-self.max_turns :]
        self.last = answer
        return answer

    def reset(self) -> None:
        self.turns.clear()
        self.last = None
