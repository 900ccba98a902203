"""QAService: the long-lived question-answering object the CLI, the bot and the shell share.

It keeps the embedding model and the index reader (`index.reader`: Chroma collections and the
keyword index) open between questions, so only the first question pays for loading them; the
reader's one cheap check per question keeps them current when another process syncs or
rebuilds the index. Everything heavy is loaded on first use (or by `warm()`), never at
construction or import; `stats()` loads no model at all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from core.language import question_language
from core.messages import message
from index.index_stats import IndexStats
from index.reader import IndexReader
from index.settings import IndexSettings
from retrieval.answer import Answer, Turn
from retrieval.followups import small_talk
from retrieval.llm_providers import make_chat_model, parse_provider
from retrieval.qa_state import Draft, QAState
from retrieval.settings import RetrievalSettings

if TYPE_CHECKING:
    from langchain_core.runnables import Runnable

    from index.embeddings import Embedder
    from index.sync_summary import SyncSummary
    from retrieval.chain import ChainParts
    from retrieval.conversation import Conversation
    from retrieval.hybrid_retriever import HybridRetriever
    from retrieval.timeline import LatestArticle, Timeline

log = logging.getLogger(__name__)

__all__ = ["QAService", "IndexStats", "Turn"]


class QAService:
    """Answers questions over the index; safe to call from several threads at once."""

    def __init__(
        self,
        index_settings: IndexSettings | None = None,
        retrieval_settings: RetrievalSettings | None = None,
        *,
        embedder: Embedder | None = None,
    ) -> None:
        self.index_settings = index_settings or IndexSettings()
        self.settings = retrieval_settings or RetrievalSettings()
        parse_provider(self.settings.llm)  # a bad NEWSQA_LLM fails now, not on a question
        self._embedder = embedder
        self._reader: IndexReader | None = None
        self._parts: ChainParts | None = None
        self._chain: Runnable[QAState, Answer | Draft] | None = None
        self._lock = threading.RLock()

    # -- lifecycle -----------------------------------------------------------------------

    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from index.embedder_factory import load_embedder

                self._embedder = load_embedder(self.index_settings)
            return self._embedder

    def reader(self) -> IndexReader:
        """The index's read side; it opens without the model."""
        with self._lock:
            if self._reader is None:
                self._reader = IndexReader(self.index_settings)
            return self._reader

    def _ready(self) -> ChainParts | None:
        """The chain's parts over the index as it is now; None while there is no index.

        Every call checks the index (one Chroma call, see `IndexReader.refresh`); the first
        one with an index also loads the model and builds the chain.
        """
        reader = self.reader()
        if not reader.refresh():
            return None
        with self._lock:
            if self._parts is not None:
                self._parts.search.background.refresh(reader)
                return self._parts
            embedder = self.embedder()
            reader.expect_model(embedder.name, embedder.dimension)
            from retrieval.chain import ChainParts, build_chain
            from retrieval.evidence import SentenceScorer
            from retrieval.hybrid_retriever import HybridSearch
            from retrieval.language_background import LanguageBackground

            background = LanguageBackground()
            background.embed_shipped(embedder)
            background.refresh(reader)
            self._parts = ChainParts(
                search=HybridSearch(reader, reader.keywords, embedder, self.settings, background),
                scorer=SentenceScorer(background),
                chat_model=make_chat_model(self.settings),
                abstain_below=self.settings.abstain_z,
            )
            self._chain = build_chain(self._parts)
            return self._parts

    def warm(self) -> None:
        """Load the model and open the index now rather than on the first question."""
        parts = self._ready()
        if parts is not None:
            parts.search.embedder.embed_queries(["warm up"])
            from retrieval.dated_answers import vocabulary
            from retrieval.places import place_names

            vocabulary().refresh(self.reader())  # names across scripts, for "latest"
            place_names()  # city names across scripts (a 315 KB table)
            parts.search.general_glossary()  # FreeDict's first senses, where installed (~2 s)
            self.reader().stats()  # the dates the articles cover, for dated questions
        else:
            self.embedder()

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
            self._reader, self._parts = None, None

    def __enter__(self) -> QAService:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- questions -----------------------------------------------------------------------

    def _prepare(
        self, question: str, history: Sequence[Turn], previous: Answer | None = None
    ) -> QAState | Answer:
        """Validate the question; either the chain's input or an immediate polite answer."""
        question = " ".join((question or "").split())
        language = question_language(question)
        if not any(ch.isalnum() for ch in question):
            return Answer(message("empty_question", language), False, [])
        talk = small_talk(question)
        if talk is not None:  # "hi", "thanks": a polite word back, not a search
            return Answer(message(talk, language), False, [])
        question = question[: self.settings.max_question_chars]
        parts = self._ready()
        if parts is None or self.reader().chunks == 0:
            return Answer(message("empty_index", language), False, [])
        from retrieval.dated_answers import early_answer

        dated = early_answer(self.reader(), question, language, self.settings.today)
        if dated is not None:  # nothing in the asked period, or the latest article on it
            return dated
        keep = self.settings.history_turns
        turns = list(history)[-keep:] if keep > 0 else []
        # the chain answers in the language of the question as it reads it: after the cut
        language = question_language(question)
        return QAState(question, language, tuple(turns), previous if turns else None)

    def ask(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Answer:
        """Answer `question`; `history` holds earlier (question, answer) turns for follow-ups.

        `previous` is the last Answer of the conversation: a date or number follow-up is
        answered from the article it quoted.
        """
        state = self._prepare(question, history, previous)
        if isinstance(state, Answer):
            return state
        return self._chain_for_questions().invoke(state)

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Iterator[str | Answer]:
        """Yield the answer text as it grows (LLM answerers), then the final `Answer`.

        The same chain as `ask`, streamed: the final Answer is the one `ask` returns.
        """
        state = self._prepare(question, history, previous)
        if isinstance(state, Answer):
            yield state
            return
        for item in self._chain_for_questions().stream(state):
            yield item.text if isinstance(item, Draft) else item

    def _chain_for_questions(self) -> Runnable[QAState, Answer | Draft]:
        """The chain `_prepare` made ready (it returns an Answer while there is none)."""
        if self._chain is None:
            raise RuntimeError("the chain is built by _prepare, before the first question")
        return self._chain

    def search_question(self, question: str, history: Sequence[Turn] = ()) -> str:
        """What `ask` would search for: the question, or with a follow-up's earlier topic."""
        state = self._prepare(question, history)
        if isinstance(state, Answer) or self._parts is None:
            return question
        return self._parts.standalone(state)

    def retriever(self) -> HybridRetriever:
        """newsqa's cross-language search as a LangChain retriever, for a chain of your own.

        Each `invoke` returns the top passages as `Document`s (text, and in metadata the
        source, title, date, language and score), with the index checked for syncs and
        rebuilds first, as `ask` does. Raises `IndexNotFoundError` while there is no index.
        """
        from index.store import IndexNotFoundError
        from retrieval.hybrid_retriever import HybridRetriever

        parts = self._ready()
        if parts is None:
            raise IndexNotFoundError("There is no index yet. Build it with: newsqa index <folder>")
        return HybridRetriever(search=parts.search, refresh=self._ready)

    def conversation(self) -> Conversation:
        """A conversation that remembers its turns, for follow-up questions."""
        from retrieval.conversation import Conversation

        return Conversation(self, max_turns=self.settings.history_turns)

    # -- dates ---------------------------------------------------------------------------

    def timeline(
        self, topic: str, start: str | date | None = None, end: str | date | None = None
    ) -> Timeline:
        """One event per article about `topic` in [start, end], oldest first (see
        `retrieval.timeline`); bad dates or an unknown topic raise `TimelineError`."""
        from retrieval.dated_answers import vocabulary
        from retrieval.timeline import build_timeline, open_index

        language = question_language(topic or "")
        reader = open_index(self.reader(), language)
        return build_timeline(reader, vocabulary(), topic, start, end, language)

    def latest(self, n: int = 10) -> list[LatestArticle]:
        """The `n` newest dated articles, newest first; read without loading the model."""
        from retrieval.timeline import latest_articles, open_index

        return latest_articles(open_index(self.reader()), n)

    # -- the index -----------------------------------------------------------------------

    def stats(self) -> IndexStats:
        """What the index holds, read without loading the model."""
        return self.reader().stats()

    def reindex(self, folder: str | Path, **options: Any) -> SyncSummary:
        """Sync `folder` into the index (see `index.sync`); questions keep being answered."""
        from index.folder_sync import sync

        summary = sync(folder, self.index_settings, embedder=self.embedder(), **options)
        self.reader().refresh()
        return summary
