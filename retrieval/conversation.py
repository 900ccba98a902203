"""A conversation: a question answerer plus the turns so far, for follow-up questions.

The one conversation newsqa has: `newsqa chat` keeps one, and the Telegram bot keeps one per
chat. It remembers at most `max_turns` exchanges (NEWSQA_HISTORY_TURNS) and the last answer,
whose article a date or number follow-up is answered from. Small talk ("thanks") and junk
are answered but not remembered: a follow-up after them still refers to the question before.
It needs only something that answers a question given earlier turns (`QAService` does), so it
imports no service: the service hands out conversations, not the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from core.language import question_language
from core.messages import is_message
from retrieval.answer import Answer, Turn
from retrieval.followups import small_talk


class QuestionService(Protocol):
    """What a conversation asks: `QAService.ask` and `ask_stream`."""

    def ask(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Answer: ...

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Iterator[str | Answer]: ...


class Conversation:
    """`ask` and `ask_stream` remember each exchange; `reset` forgets them."""

    def __init__(self, service: QuestionService, max_turns: int = 5) -> None:
        self.service = service
        self.max_turns = max_turns
        self.turns: list[Turn] = []
        self.last: Answer | None = None

    def ask(self, question: str) -> Answer:
        answer = self.service.ask(question, tuple(self.turns), self.last)
        self._remember(question, answer)
        return answer

    def ask_stream(self, question: str) -> Iterator[str | Answer]:
        """The answer text as it grows, then the Answer, which is remembered."""
        for item in self.service.ask_stream(question, tuple(self.turns), self.last):
            if isinstance(item, Answer):
                self._remember(question, item)
            yield item

    def reset(self) -> None:
        self.turns.clear()
        self.last = None

    @property
    def language(self) -> str | None:
        """The language of the last question ("ar" or "en"), for what is said about it."""
        if not self.turns:
            return None
        return question_language(self.turns[-1][0])

    def _remember(self, question: str, answer: Answer) -> None:
        if small_talk(question) is not None or is_message(answer.answer, "not_understood"):
            return
        self.last = answer
        if self.max_turns > 0:
            self.turns = (self.turns + [(question, answer.answer)])[-self.max_turns :]
