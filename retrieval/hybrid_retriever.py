"""Hybrid retrieval: dense candidates per language plus BM25 candidates, merged on one scale.

Why per language: an English question about an Arabic article loses a single dense ranking to
English articles that merely share its words. Each language's chunks are searched separately,
BM25 adds chunks with the exact names, numbers and dates, and then every candidate is scored
on a scale both languages share (`retrieval.language_merge`; `NEWSQA_FUSION=rrf` keeps the
older reciprocal rank fusion for comparison). Diversity caps the passages from one article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.language import detect_language, question_language
from index.arabic import keyword_tokens, normalize
from index.loaders.dates import spelled_parts
from index.store_rows import LANGUAGES
from retrieval.dictionary import GeneralGlossary, load_dictionary
from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import QuestionTerms
from retrieval.language_background import LanguageBackground
from retrieval.language_merge import score_passages
from retrieval.passage import Passage
from retrieval.places import place_forms, place_gloss
from retrieval.settings import RetrievalSettings

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from index.keyword_index import KeywordIndex
    from index.reader import IndexReader


COMMON_SHARE = 0.05  # a word in more of the chunks than this is left out of the BM25 search
KEEP_RAREST = 3  # unless it is among the question's rarest words


DocumentFrequency = Callable[[list[str]], dict[str, int]]  # forms -> chunk counts, "" -> all


def question_terms(
    question: str, document_frequency: DocumentFrequency | None = None
) -> dict[str, set[str]]:
    """The question's keyword tokens, each with its glossary translations (and for a city
    the hand glossary lacks, its names from the gazetteer, `retrieval.places`).

    With the index's `document_frequency`, an Arabic word with the conjunction و or ف fused
    to it ("وميرزويان", "and Mirzoyan"; "وبكين", "and Beijing") also gets the forms of the
    word without it, glossary translations included, when the index holds those more often:
    the tokenizer keeps a leading و, since in "وزير" or "وزارة" it is part of the word, and
    only the index can tell the two apart. The word is freed before it is tokenized, since
    the tokenizer's ending rules cut "وبكين" to "وبك" but leave "بكين" whole.
    """
    question = spelled_parts(question)
    terms = _glossary_terms(question, document_frequency)
    for token, forms in place_forms(question).items():  # cities the hand glossary lacks
        if token in terms:
            terms[token] = terms[token] | forms
    return terms


def _glossary_terms(
    question: str, document_frequency: DocumentFrequency | None
) -> dict[str, set[str]]:
    """`question_terms` before the city names, which must not hide a freed name's forms."""
    glossary = default_glossary()
    terms = glossary.expand(keyword_tokens(question))
    if document_frequency is None:
        return terms
    freed: dict[str, set[str]] = {}
    for word in _WORD.findall(normalize(question)):
        if word[:1] not in _CONJUNCTIONS or len(word) - 1 < MIN_UNJOINED:
            continue
        joined, rest = keyword_tokens(word), keyword_tokens(word[1:])
        if len(joined) == 1 and joined[0] in terms and len(rest) == 1 and rest != joined:
            freed[joined[0]] = set().union(*glossary.expand(rest).values())
    if freed:
        every = set().union(*(terms[t] for t in freed), *freed.values())
        df = document_frequency(sorted(every))
        for token, forms in freed.items():
            if max(df.get(f, 0) for f in forms) > max(df.get(f, 0) for f in terms[token]):
                terms[token] = terms[token] | forms
    return terms


_CONJUNCTIONS = ("و", "ف")
MIN_UNJOINED = 3  # letters the word keeps without its conjunction
_WORD = re.compile(r"[^\W\d_]+")


def glossed_question(
    question: str, general: GeneralGlossary | None = None
) -> tuple[str, str] | None:
    """The question with its keywords translated word for word, and the language they are in.

    Cross-language cosines run low for generic words ("agree", "ministers"); e5 matches an
    Arabic passage much better when the query also carries the Arabic words. The hand
    glossary and the gazetteer come first; a `general` dictionary glosses the rare words they
    lack (`retrieval.dictionary`). None when nothing was translated or the question is in
    neither Arabic nor English.
    """
    language = detect_language(question)
    if language not in ("ar", "en"):
        return None
    glossary = default_glossary()
    words = glossary.gloss(keyword_tokens(question))
    words += [w for w in place_gloss(question) if w not in words]
    if general is not None:
        words += [w for w in general.gloss(question, glossary) if w not in words]
    if not words:
        return None
    return f"{question} {' '.join(words)}", "en" if language == "ar" else "ar"


def query_text_for(question: str, language: str, general: GeneralGlossary | None = None) -> str:
    """The text whose vector scores chunks of `language` for `question`: the glossed question
    for the other language of an Arabic or English question, the question itself otherwise
    (as `query_vectors` without a translation)."""
    glossed = glossed_question(question, general)
    return glossed[0] if glossed and glossed[1] == language else question


def query_vectors(
    embedder: Embedder,
    question: str,
    translated: str | None = None,
    general: GeneralGlossary | None = None,
) -> dict[str, np.ndarray]:
    """One query vector per chunk language: the question's own, and for the other language
    its translation (with an LLM configured) or else the glossed question."""
    if translated and detect_language(question) in ("ar", "en"):
        glossed = (translated, "en" if detect_language(question) == "ar" else "ar")
    else:
        glossed = glossed_question(question, general)
    texts = [question] + ([glossed[0]] if glossed else [])
    vectors = embedder.embed_queries(texts)
    own = vectors[0]
    out = {lang: own for lang in LANGUAGES}
    if glossed:
        out[glossed[1]] = vectors[1]
    return out


def distinctive_terms(
    forms: set[str], document_frequency: dict[str, int], keep_rarest: int = KEEP_RAREST
) -> set[str]:
    """The words worth a BM25 search: those in at most COMMON_SHARE of the chunks, and
    always the `keep_rarest` rarest.

    A word in every twentieth chunk ("said", "year", "minister") barely moves BM25's ranking
    but makes SQLite score every chunk that holds it: at 100k chunks it is most of the keyword
    search's time. The candidates that matter hold the question's rare words.
    """
    limit = COMMON_SHARE * max(document_frequency.get("", 0), 1)
    rarest = sorted(forms, key=lambda f: (document_frequency.get(f, 0), f))[:keep_rarest]
    return {f for f in forms if document_frequency.get(f, 0) <= limit} | set(rarest)


def reciprocal_rank_fusion(rankings: dict[str, list[str]], k: int) -> dict[str, float]:
    """Sum of 1/(k + rank) over the rankings each id appears in (rank from 1)."""
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings.values():
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] += 1.0 / (k + rank)
    return dict(scores)


class HybridSearch:
    """The search itself, usable without LangChain; `HybridRetriever` wraps it."""

    def __init__(
        self,
        store: IndexReader,
        keywords: KeywordIndex,
        embedder: Embedder,
        settings: RetrievalSettings,
        background: LanguageBackground | None = None,
    ) -> None:
        self.store, self.keywords, self.embedder, self.settings = (
            store,
            keywords,
            embedder,
            settings,
        )
        self.background = background or LanguageBackground()

    def search(
        self,
        question: str,
        vectors: dict[str, np.ndarray] | None = None,
        terms: dict[str, set[str]] | None = None,
    ) -> list[Passage]:
        """The top passages for `question`, at most `max_per_article` from one article."""
        s = self.settings
        return diversify(self.rank(question, vectors, terms), s.top_k, s.max_per_article)

    def general_glossary(self) -> GeneralGlossary:
        """The general dictionary under `NEWSQA_DICTIONARY_DIR` (read once per process), with
        this index's word counts (`retrieval.dictionary`)."""
        senses = load_dictionary(self.settings.dictionary_dir)
        return GeneralGlossary(senses, self.keywords.document_frequency)

    def weighted_terms(self, question: str, terms: dict[str, set[str]]) -> QuestionTerms:
        """The question's keywords with their rarity in this index."""
        df = self.keywords.document_frequency(sorted(set().union(*terms.values())))
        return QuestionTerms.build(spelled_parts(question), default_glossary(), df, terms)

    def rank(
        self,
        question: str,
        vectors: dict[str, np.ndarray] | None = None,
        terms: dict[str, set[str]] | None = None,
        weighted: QuestionTerms | None = None,
    ) -> list[Passage]:
        """Every candidate for `question`, scored, best first; `vectors` are its
        `query_vectors`, `terms` its keywords with their translations."""
        s = self.settings
        if terms is None:
            terms = question_terms(question, self.keywords.document_frequency)
        if vectors is None:
            vectors = query_vectors(self.embedder, question, None, self.general_glossary())
        passages: dict[str, Passage] = {}
        rankings: dict[str, list[str]] = {}
        if s.fusion != "keyword":
            for lang in LANGUAGES:
                ranked = self.store.query(lang, vectors[lang], s.candidates)
                for row, cosine in ranked:
                    passages.setdefault(row.id, Passage.from_row(row)).dense = cosine
                if ranked:
                    rankings[f"dense:{lang}"] = [row.id for row, _ in ranked]
        if s.fusion != "dense":
            forms = set().union(*terms.values())
            hits = self.keywords.search(
                distinctive_terms(forms, self.keywords.document_frequency(sorted(forms))),
                s.candidates,
            )
            missing = [cid for cid, _ in hits if cid not in passages]
            for cid, row in self.store.get(missing).items():
                passages[cid] = Passage.from_row(row)
            # a chunk a concurrent sync just removed is skipped until the next refresh
            hits = [(cid, score) for cid, score in hits if cid in passages]
            rankings["keyword"] = [cid for cid, _ in hits]
            for cid, score in hits:
                passages[cid].keyword = score
        for name, ranking in rankings.items():
            for rank, cid in enumerate(ranking, start=1):
                passages[cid].ranks[name] = rank
        if s.fusion == "rrf":
            for cid, score in reciprocal_rank_fusion(rankings, s.rrf_k).items():
                passages[cid].fused = score
        else:
            weighted = weighted or self.weighted_terms(question, terms)
            asked = question_language(question)
            score_passages(passages.values(), vectors, weighted, self.background, asked)
        return sorted(passages.values(), key=lambda p: p.fused, reverse=True)


def diversify(ordered: list[Passage], top_k: int, max_per_article: int) -> list[Passage]:
    """Best first, at most `max_per_article` from one article, then fill from the rest."""
    taken: list[Passage] = []
    per_article: dict[str, int] = defaultdict(int)
    overflow: list[Passage] = []
    for passage in ordered:
        if per_article[passage.article] < max_per_article:
            per_article[passage.article] += 1
            taken.append(passage)
        else:
            overflow.append(passage)
        if len(taken) == top_k:
            return taken
    return taken + overflow[: top_k - len(taken)]


class HybridRetriever(BaseRetriever):
    """LangChain face of `HybridSearch`: question in, `Document`s with scores out."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    search: HybridSearch
    # called before each search: `QAService.retriever` catches up with syncs and rebuilds here
    refresh: Callable[[], object] | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        if self.refresh is not None:
            self.refresh()
        return [p.to_document() for p in self.search.search(query)]
