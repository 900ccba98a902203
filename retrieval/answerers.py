"""The answer step behind one interface: quote the articles (default) or ask a chat model.

An answerer only answers. When the passages do not answer the question it returns
`NOT_ANSWERED`, and the chain alone (`retrieval.chain.ChainParts.abstain`) turns that into
what the user reads, in the question's language, so every answerer abstains alike.
`answer` and `stream` are the same step: `stream` yields the text as it grows
(`Draft`), then exactly what `answer` would have returned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from retrieval.answer import NOT_ANSWERED, Answer
from retrieval.extractive import extractive_answer
from retrieval.followup_answer import answer_from_previous_article
from retrieval.llm_answer import llm_answer, llm_answer_stream
from retrieval.qa_state import Draft, QAState

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.evidence import Retrieved, SentenceScorer
    from retrieval.hybrid_retriever import HybridSearch

log = logging.getLogger(__name__)

__all__ = ["NOT_ANSWERED", "Answerer", "ChatModelAnswerer", "ExtractiveAnswerer"]


class Answerer(Protocol):
    """Turns a question and its retrieved passages into an Answer (or `NOT_ANSWERED`)."""

    def answer(self, state: QAState) -> Answer: ...

    def stream(self, state: QAState) -> Iterator[Draft | Answer]:
        """`Draft`s of the growing text, then the Answer `answer` gives; the Answer last."""
        ...


@dataclass
class ExtractiveAnswerer:
    """No language model: the best sentence of the best article, verbatim.

    A date or number follow-up ("and when was that?") is answered from the article the
    previous answer quoted (`retrieval.followup_answer`); anything else from the passages
    (`retrieval.extractive`), which must score at least `abstain_below`.
    """

    search: HybridSearch
    scorer: SentenceScorer
    search_for: Callable[[str], Retrieved]  # the chain's retrieval step, for follow-ups
    abstain_below: float

    def retrieve(self, question: str) -> Retrieved:
        return self.search_for(question)

    def answer(self, state: QAState) -> Answer:
        from_article = answer_from_previous_article(self, state)
        if from_article is not None:
            return from_article
        return extractive_answer(state.passages(), state.language, self.scorer, self.abstain_below)

    def stream(self, state: QAState) -> Iterator[Draft | Answer]:
        yield self.answer(state)  # quotes come whole: nothing to show before the answer


@dataclass
class ChatModelAnswerer:
    """A chat model answers from numbered passages and cites them (`retrieval.llm_answer`).

    When the model fails (its server is down or times out, the prompt overflows a local
    model's window), the question is still answered: with the quote the extractive answerer
    would give, so a broken model costs the wording, not the answer.
    """

    model: BaseChatModel
    scorer: SentenceScorer
    abstain_below: float

    def answer(self, state: QAState) -> Answer:
        try:
            return llm_answer(
                self.model, state.standalone, state.language, state.passages(), self.scorer
            )
        except Exception:  # any provider's error: each client raises its own kinds
            return self._quote_instead(state)

    def stream(self, state: QAState) -> Iterator[Draft | Answer]:
        try:
            for item in llm_answer_stream(
                self.model, state.standalone, state.language, state.passages(), self.scorer
            ):
                yield Draft(item) if isinstance(item, str) else item
        except Exception:
            yield self._quote_instead(state)

    def _quote_instead(self, state: QAState) -> Answer:
        log.warning("The chat model failed; answering with a quote instead", exc_info=True)
        return extractive_answer(state.passages(), state.language, self.scorer, self.abstain_below)
