"""QAService: the long-lived question-answering object the CLI, the bot and the shell share.

It keeps the embedding model, the Chroma collection and the keyword index open between
questions, so only the first question pays for loading them. Everything heavy is loaded on
first use (or by `warm()`), never at construction or import.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from index.arabic import detect_language
from index.settings import IndexSettings
from index.store import ChunkStore, IndexNotFoundError
from retrieval.answer import Answer
from retrieval.followups import small_talk
from retrieval.index_stats import IndexStats, read_stats
from retrieval.llm_providers import make_chat_model, parse_provider
from retrieval.messages import message
from retrieval.settings import RetrievalSettings

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from index.sync_summary import SyncSummary
    from retrieval.chain import ChainParts
    from retrieval.conversation import Conversation

log = logging.getLogger(__name__)
Turn = tuple[str, str]  # (question, answer text) of an earlier exchange

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
        self._parts: ChainParts | None = None
        self._chain: Any = None
        self._retrieval_chain: Any = None
        self._lock = threading.RLock()

    # -- lifecycle -----------------------------------------------------------------------

    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from index.embeddings import load_embedder

                self._embedder = load_embedder(self.index_settings)
            return self._embedder

    def _ready(self) -> ChainParts | None:
        """The chain's parts, opening the index on first use; None while there is no index."""
        with self._lock:
            if self._parts is not None:
                return self._parts
            embedder = self.embedder()
            try:
                store = ChunkStore.open(
                    self.index_settings, embedder.name, embedder.dimension, create=False
                )
            except IndexNotFoundError:
                return None
            from retrieval.chain import ChainParts, build_chain, build_retrieval_chain
            from retrieval.evidence import SentenceScorer
            from retrieval.hybrid_retriever import HybridSearch
            from retrieval.keyword_index import KeywordIndex

            state = self.index_settings.data_dir / "state"
            keywords = KeywordIndex(state / f"{self.index_settings.collection}.keywords.sqlite")
            self._parts = ChainParts(
                search=HybridSearch(store, keywords, embedder, self.settings),
                scorer=SentenceScorer(embedder),
                chat_model=make_chat_model(self.settings),
                abstain_below=self.settings.abstain_z,
            )
            self._chain = build_chain(self._parts)
            self._retrieval_chain = build_retrieval_chain(self._parts)
            return self._parts

    def _open(self) -> ChainParts | None:
        """Ready parts on the collections that exist now.

        A rebuild (`newsqa index --rebuild` in another process, or `reindex(rebuild=True)`)
        drops the collections and makes new ones under the same names; handles to the old
        ones only answer "does not exist", so the index is opened again.
        """
        parts = self._ready()
        if parts is not None and _replaced(parts.search.store):
            log.info("The index was rebuilt since it was opened; opening it again")
            with self._lock:
                if self._parts is parts:
                    self.close()
            parts = self._ready()
        return parts

    def _current(self) -> ChainParts | None:
        """Ready parts with the keyword index caught up with the latest sync, if any."""
        parts = self._open()
        if parts is not None:
            store = parts.search.store
            parts.search.keywords.refresh(store, store.generation())
        return parts

    def warm(self) -> None:
        """Load the model and open the index now rather than on the first question."""
        parts = self._current()
        if parts is not None:
            parts.scorer.set_background()
            parts.search.embedder.embed_queries(["warm up"])
        else:
            self.embedder()

    def close(self) -> None:
        with self._lock:
            if self._parts is not None:
                self._parts.search.keywords.close()
            self._parts = None

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
    ) -> tuple[dict[str, Any] | None, Answer | None]:
        """Validate the question; either chain inputs or an immediate polite answer."""
        question = " ".join((question or "").split())
        language = "ar" if detect_language(question) == "ar" else "en"
        if not any(ch.isalnum() for ch in question):
            return None, Answer(message("empty_question", language), False, [])
        talk = small_talk(question)
        if talk is not None:  # "hi", "thanks": a polite word back, not a search
            return None, Answer(message(talk, language), False, [])
        question = question[: self.settings.max_question_chars]
        parts = self._current()
        if parts is None or parts.search.store.count() == 0:
            return None, Answer(message("empty_index", language), False, [])
        keep = self.settings.history_turns
        turns = list(history)[-keep:] if keep > 0 else []
        inputs = {"question": question, "history": turns, "previous": previous if turns else None}
        return inputs, None

    def ask(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Answer:
        """Answer `question`; `history` holds earlier (question, answer) turns for follow-ups.

        `previous` is the last Answer of the conversation: a date or number follow-up is
        answered from the article it quoted.
        """
        inputs, early = self._prepare(question, history, previous)
        if early is not None:
            return early
        return self._chain.invoke(inputs)

    def ask_stream(
        self, question: str, history: Sequence[Turn] = (), previous: Answer | None = None
    ) -> Iterator[str | Answer]:
        """Yield the answer text as it grows (LLM answerers), then the final `Answer`."""
        inputs, early = self._prepare(question, history, previous)
        if early is not None:
            yield early
            return
        assert self._parts is not None
        yield from self._parts.answer_stream(self._retrieval_chain.invoke(inputs))

    def search_question(self, question: str, history: Sequence[Turn] = ()) -> str:
        """What `ask` would search for: the question, or with a follow-up's earlier topic."""
        inputs, early = self._prepare(question, history)
        if early is not None or self._parts is None:
            return question
        return self._parts.standalone(inputs)

    def conversation(self) -> Conversation:
        """A conversation that remembers its turns, for follow-up questions."""
        from retrieval.conversation import Conversation

        return Conversation(self, max_turns=self.settings.history_turns)

    # -- the index -----------------------------------------------------------------------

    def stats(self) -> IndexStats:
        parts = self._open()
        return read_stats(parts.search.store if parts else None)

    def reindex(self, folder: str | Path, **options: Any) -> SyncSummary:
        """Sync `folder` into the index (see `index.sync`); questions keep being answered."""
        from index.folder_sync import sync

        summary = sync(folder, self.index_settings, embedder=self.embedder(), **options)
        self._current()
        return summary


def _replaced(store: ChunkStore) -> bool:
    """Whether the catalog open in `store` is no longer the collection under its name."""
    try:
        catalog = store.client.get_collection(store.catalog.name, embedding_function=None)
    except Exception:  # dropped and not made again yet; chromadb's error type varies
        return True
    return catalog.id != store.catalog.id
