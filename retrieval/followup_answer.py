"""Date and number follow-ups, answered from the article the previous answer quoted.

After "What did the ministers agree on?", "And when was that?" asks about the same event.
Searching the two questions together finds the agreement again and repeats it; the date is
elsewhere in the same article (its first sentence: "... اليوم الجمعة 1 تشرين الأول/ أكتوبر
2021"). So a when-follow-up reads the previous answer's article: the date in the quoted
sentence if it has one, else the sentence that carries the article's own date (news reports
an event on the day it is dated), else the best-matching dated sentence. A how-many
follow-up takes the quoted sentence when it holds a number other than a year, else the
article's best-matching sentence that does. Both stay extractive:
the answer quotes the article, and the date is printed as the article wrote it, read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

from core.messages import message
from index.loaders.dates import find_date
from index.store_rows import StoredChunk, article_key
from retrieval.answer import NOT_ANSWERED, Answer, Source
from retrieval.extractive import compose, to_source
from retrieval.followups import asks_for
from retrieval.passage import Passage
from retrieval.readable import readable_date

if TYPE_CHECKING:
    from index.reader import IndexReader
    from retrieval.evidence import Retrieved, SentenceScorer
    from retrieval.hybrid_retriever import HybridSearch
    from retrieval.qa_state import QAState
    from retrieval.quotable import Candidate


class Steps(Protocol):
    """What a follow-up answer needs (`retrieval.answerers.ExtractiveAnswerer` has it)."""

    search: HybridSearch
    scorer: SentenceScorer

    def retrieve(self, question: str) -> Retrieved: ...


DIGIT = re.compile(r"\d")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def article_passages(reader: IndexReader, source: Source) -> list[Passage]:
    """Every chunk of the article `source` quotes (the file's other records left out)."""
    rows: list[Passage] = []
    store = reader.store
    for part in store.parts.values():
        got = part.get(where={"source": source.path}, include=["documents", "metadatas"])
        metas = got.get("metadatas") or [{}] * len(got["ids"])
        docs = got.get("documents") or [""] * len(got["ids"])
        for cid, doc, meta in zip(got["ids"], docs, metas, strict=True):
            row = StoredChunk.from_chroma(cid, doc, meta, store.dimension)
            rows.append(Passage.from_row(row))
    quote = " ".join(source.quote.split())
    articles = {p.article for p in rows if quote and quote in " ".join(p.text.split())}
    chosen = next(iter(sorted(articles)), None) or next((p.article for p in rows), None)
    mine = [p for p in rows if article_key(p.metadata) == chosen]
    return sorted(mine, key=lambda p: int(p.metadata.get("start", 0)))


def answer_from_previous_article(parts: Steps, state: QAState) -> Answer | None:
    """The answer to a date or number follow-up from the previous answer's article, if any.

    None when the question is no such follow-up, or the previous answer quoted nothing;
    `NOT_ANSWERED` when it is one but the article gives no date at all.
    """
    previous, language = state.previous, state.language
    question, search = state.question, state.standalone
    kind = asks_for(question)
    if kind is None or search == question or previous is None or not previous.found:
        return None
    if not previous.sources:
        return None
    quoted = previous.sources[0]
    passages = article_passages(parts.search.store, quoted)
    if not passages:
        return None
    retrieved = parts.retrieve(search)
    candidates = parts.scorer.candidates(retrieved, passages=passages)
    if kind == "date":
        return _date_answer(quoted, candidates, passages[0].metadata.get("date"), language)
    if _has_count(quoted.quote):
        return Answer(compose([quoted], language), True, [quoted])
    counted = [c for c in candidates if _has_count(c.text)]
    if not counted:
        return None
    source = to_source(counted[0])
    return Answer(compose([source], language), True, [source])


def _has_count(text: str) -> bool:
    """A number other than a year: what a how-many question wants."""
    return bool(DIGIT.search(YEAR.sub(" ", text)))


def _date_answer(
    quoted: Source, candidates: list[Candidate], article_date: Any, language: str
) -> Answer:
    """The quoted sentence's own date, else the sentence carrying the article's date."""
    own = find_date(quoted.quote)
    if own:
        return _dated(own, quoted, language)
    dated = [(c, find_date(c.text)) for c in candidates]
    dated = [(c, iso) for c, iso in dated if iso]
    same_day = [(c, iso) for c, iso in dated if iso == article_date]
    if same_day or dated:
        cand, iso = (same_day or dated)[0]
        return _dated(iso, to_source(cand), language)
    when = readable_date(str(article_date), language) if article_date else None
    if when is None:
        return NOT_ANSWERED
    text = message("article_dated", language).format(date=when)
    return Answer(f"{text}\n\n{compose([quoted], language)}", True, [quoted])


def _dated(iso: str, source: Source, language: str) -> Answer:
    when = message("on_date", language).format(date=readable_date(iso, language))
    return Answer(f"{when}\n\n{compose([source], language)}", True, [source])
