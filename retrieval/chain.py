"""The question-answering chain in LangChain runnables (LCEL, langchain-core only).

{"question", "history", "previous"}
  → assign standalone question (LLM rewrite, or the no-LLM follow-up rule)
  → assign retrieved passages (hybrid search on the standalone question)
  → answer step (extractive by default, or the configured chat model; without a model, a
    date or number follow-up is answered from the article of the `previous` Answer)
  → Answer
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from index.arabic import detect_language, keyword_tokens
from retrieval.answer import Answer
from retrieval.dated_answers import prefer_period
from retrieval.evidence import Retrieved, SentenceScorer
from retrieval.extractive import extractive_answer
from retrieval.followup_answer import answer_from_previous_article
from retrieval.followups import looks_like_junk, standalone_without_llm
from retrieval.hybrid_retriever import diversify, query_vectors, question_terms
from retrieval.llm_answer import (
    condense_question,
    llm_answer,
    llm_answer_stream,
    translate_question,
)
from retrieval.messages import message

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

    def standalone(self, inputs: dict[str, Any]) -> str:
        question: str = inputs["question"]
        history: Sequence[tuple[str, str]] = inputs.get("history") or ()
        if not history:
            return question
        if self.chat_model is None:
            return standalone_without_llm(question, history, self.strength, self.abstain_below)
        return condense_question(self.chat_model, question, history)

    def strength(self, question: str) -> float:
        """How well the articles answer `question` on its own: its best passage's score, on
        the scale `abstain_below` is set in (`retrieval.language_merge`)."""
        pool = self.retrieve({"standalone": question}).pool
        return pool[0].fused if pool else float("-inf")

    def retrieve(self, inputs: dict[str, Any]) -> Retrieved:
        question = inputs["standalone"]
        own = "ar" if detect_language(question) == "ar" else "en"
        translated = self.translated(question, own)
        vectors = query_vectors(self.search.embedder, question, translated)
        searched = f"{question} {translated}" if translated else question
        terms = question_terms(searched)
        weighted = self.search.weighted_terms(searched, terms)
        pool = self.search.rank(question, vectors, terms, weighted)
        pool = prefer_period(self.search, question, vectors, terms, weighted, pool)
        s = self.search.settings
        passages = diversify(pool, s.top_k, s.max_per_article)
        return Retrieved(vectors[own], passages, weighted, question, vectors, pool)

    def translated(self, question: str, own: str) -> str | None:
        """With a chat model, the question in the other language (see translate_question)."""
        if self.chat_model is None or own not in ("ar", "en"):
            return None
        if detect_language(question) != own:
            return None
        return translate_question(self.chat_model, question, "en" if own == "ar" else "ar")

    def answer(self, inputs: dict[str, Any]) -> Answer:
        question, r = inputs["standalone"], inputs["retrieved"]
        language = _language(inputs["question"])
        if self.chat_model is None:
            from_article = answer_from_previous_article(self, inputs, language)
            if from_article is not None:
                return from_article
            answer = extractive_answer(r, language, self.scorer, self.abstain_below)
            if not answer.found and self.looks_like_junk(inputs["question"]):
                return Answer(message("not_understood", language), False, [])
            return answer
        return llm_answer(self.chat_model, question, language, r, self.scorer)

    def looks_like_junk(self, question: str) -> bool:
        """A short non-question none of whose words the index holds (see followups)."""
        frequency = self.search.keywords.document_frequency(keyword_tokens(question))
        return looks_like_junk(question, frequency)

    def answer_stream(self, inputs: dict[str, Any]) -> Iterator[str | Answer]:
        if self.chat_model is None:
            yield self.answer(inputs)
            return
        question, r = inputs["standalone"], inputs["retrieved"]
        yield from llm_answer_stream(
            self.chat_model,
            question,
            _language(inputs["question"]),
            r,
            self.scorer,
        )


def _language(question: str) -> str:
    return "ar" if detect_language(question) == "ar" else "en"


def build_chain(parts: ChainParts) -> Runnable[dict[str, Any], Answer]:
    """question + history → Answer."""
    return (
        RunnablePassthrough.assign(standalone=RunnableLambda(parts.standalone))
        | RunnablePassthrough.assign(retrieved=RunnableLambda(parts.retrieve))
        | RunnableLambda(parts.answer)
    )


def build_retrieval_chain(parts: ChainParts) -> Runnable[dict[str, Any], dict[str, Any]]:
    """The chain up to retrieval, for streaming answer steps that run outside it."""
    return RunnablePassthrough.assign(
        standalone=RunnableLambda(parts.standalone)
    ) | RunnablePassthrough.assign(retrieved=RunnableLambda(parts.retrieve))
