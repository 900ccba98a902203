"""The question-answering chain: one LangChain Runnable for `ask` and `ask_stream` alike.

QAState(question, language, history, previous)
  → standalone question (LLM rewrite, or the no-LLM follow-up rule)
  → retrieved passages (hybrid search on the standalone question)
  → AnswerStep: the answerer (`retrieval.answerers`: extractive by default, or the chat
    model), then `ChainParts.settle`: the abstention when it does not answer, or "the
    articles don't say for that period" when its articles are not of the period the
    question names (`retrieval.period_coverage`), decided here and only here
  → Answer

`invoke` gives the Answer; `stream` runs the same steps and yields `Draft`s of the growing
text first (chat models only), then the same Answer. Steps pass a typed `QAState`
(`retrieval.qa_state`), never a dict of string keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from core.language import detect_language, question_language
from core.messages import message
from index.arabic import keyword_tokens
from retrieval.answer import Answer
from retrieval.answerers import Answerer, ChatModelAnswerer, ExtractiveAnswerer
from retrieval.dated_answers import prefer_period
from retrieval.evidence import Retrieved, SentenceScorer
from retrieval.followups import looks_like_junk, standalone_without_llm
from retrieval.glossary import default_glossary
from retrieval.hybrid_retriever import diversify, query_text_for, query_vectors, question_terms
from retrieval.llm_answer import condense_question, translate_question
from retrieval.period_coverage import outside_period
from retrieval.qa_state import Draft, QAState
from retrieval.question_focus import FocusQueries
from retrieval.same_story import same_story

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.hybrid_retriever import HybridSearch


@dataclass
class ChainParts:
    """What the chain's steps need; the service builds it once."""

    search: HybridSearch
    scorer: SentenceScorer
    chat_model: BaseChatModel | None
    abstain_below: float
    answerer: Answerer = field(init=False)

    def __post_init__(self) -> None:
        if self.chat_model is None:
            self.answerer = ExtractiveAnswerer(
                self.search, self.scorer, self.retrieve, self.abstain_below
            )
        else:
            self.answerer = ChatModelAnswerer(self.chat_model, self.scorer, self.abstain_below)

    def with_standalone(self, state: QAState) -> QAState:
        """Step 1: the state with its standalone question."""
        return state.with_standalone(self.standalone(state))

    def with_retrieved(self, state: QAState) -> QAState:
        """Step 2: the state with the passages found for its standalone question."""
        return state.with_retrieved(self.retrieve(state.standalone))

    def standalone(self, state: QAState) -> str:
        """The question a follow-up stands for on its own; any other question as it is."""
        if not state.history:
            return state.question
        if self.chat_model is None:
            return standalone_without_llm(
                state.question, state.history, self.strength, self.abstain_below
            )
        return condense_question(self.chat_model, state.question, state.history)

    def strength(self, question: str) -> float:
        """How well the articles answer `question` on its own: its best passage's score, on
        the scale `abstain_below` is set in (`Passage.strength`)."""
        pool = self.retrieve(question).pool
        return max((p.strength for p in pool), default=float("-inf"))

    def retrieve(self, question: str) -> Retrieved:
        """The passages for `question`, searched in both languages."""
        own = question_language(question)
        translated = self.translated(question, own)
        general = self.search.general_glossary()
        vectors = query_vectors(self.search.embedder, question, translated, general)
        searched = f"{question} {translated}" if translated else question
        terms = question_terms(searched, self.search.keywords.document_frequency)
        weighted = self.search.weighted_terms(searched, terms)
        pool = self.search.rank(question, vectors, terms, weighted)
        pool = prefer_period(self.search, question, vectors, terms, weighted, pool)
        s = self.search.settings
        passages = diversify(pool, s.top_k, s.max_per_article)
        embed = self.search.embedder.embed_queries
        focus = FocusQueries(lambda text, lang: embed([query_text_for(text, lang, general)])[0])
        quoted = general.quote_terms(weighted, default_glossary())
        return Retrieved(vectors[own], passages, weighted, question, vectors, pool, focus, quoted)

    def translated(self, question: str, own: str) -> str | None:
        """With a chat model, the question in the other language (see translate_question)."""
        if self.chat_model is None or own not in ("ar", "en"):
            return None
        if detect_language(question) != own:
            return None
        return translate_question(self.chat_model, question, "en" if own == "ar" else "ar")

    def settle(self, state: QAState, answer: Answer) -> Answer:
        """The answer the user reads, from the answerer's: the abstention when it has none;
        when its articles are not of the period the question names, said so."""
        if not answer.found:
            return self.abstain(state)
        store, today = self.search.store.store, self.search.settings.today
        story = partial(same_story, state.retrieved) if state.retrieved else None
        return outside_period(answer, state.standalone, state.language, store, today, story)

    def abstain(self, state: QAState) -> Answer:
        """What the user reads when the articles do not answer: that they don't say, or, to
        a short non-question none of whose words the index holds, that it was not a question."""
        if self.chat_model is None and self.looks_like_junk(state.question):
            return Answer(message("not_understood", state.language), False, [])
        return Answer(message("not_found", state.language), False, [])

    def looks_like_junk(self, question: str) -> bool:
        """A short non-question none of whose words the index holds (see followups)."""
        frequency = self.search.keywords.document_frequency(keyword_tokens(question))
        return looks_like_junk(question, frequency)


class AnswerStep(Runnable[QAState, Answer | Draft]):
    """The chain's last step: the answerer's Answer as `settle` leaves it (the abstention
    when it has none).

    A Runnable of its own because its `stream` is more than its `invoke` repeated: it
    passes the answerer's drafts on as they come.
    """

    def __init__(self, answerer: Answerer, settle: Callable[[QAState, Answer], Answer]) -> None:
        self.answerer = answerer
        self.settle = settle

    def _answer(self, state: QAState) -> Answer:
        return self.settle(state, self.answerer.answer(state))

    def _stream(self, states: Iterator[QAState]) -> Iterator[Draft | Answer]:
        for state in states:
            for item in self.answerer.stream(state):
                yield item if isinstance(item, Draft) else self.settle(state, item)

    def invoke(self, input: QAState, config: RunnableConfig | None = None, **kwargs: Any) -> Answer:
        return self._call_with_config(self._answer, input, config)

    def transform(
        self, input: Iterator[QAState], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Draft | Answer]:
        yield from self._transform_stream_with_config(input, self._stream, config)

    def stream(
        self, input: QAState, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Draft | Answer]:
        yield from self.transform(iter([input]), config)


def build_chain(parts: ChainParts) -> Runnable[QAState, Answer | Draft]:
    """QAState → Answer; `.stream` yields `Draft`s first, then the same Answer."""
    return (
        RunnableLambda(parts.with_standalone, name="standalone")
        | RunnableLambda(parts.with_retrieved, name="retrieve")
        | AnswerStep(parts.answerer, parts.settle)
    )
