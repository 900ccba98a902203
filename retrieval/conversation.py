"""A conversation: a QAService plus the turns so far, for follow-up questions in a shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.answer import Answer

if TYPE_CHECKING:
    from retrieval.service import QAService, Turn


class Conversation:
    """`ask` remembers each exchange; `reset` forgets them."""

    def __init__(self, service: QAService, max_turns: int = 5) -> None:
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
