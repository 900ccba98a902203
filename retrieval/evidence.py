"""Choosing the sentence to quote from an article that retrieval has already chosen.

Every sentence of a news article shares its topic, so the question's topic words ("the Doha
marathon", "Lavrov") match the lead sentence best even when the question asks about the
women's race in paragraph three. Within one article a sentence is therefore scored by:

- its cosine with the question, standardized against the background of its language
  (`retrieval.language_background`), so Arabic and English sentences share a scale;
- minus how central it is to the article (its cosine with the article's mean sentence,
  standardized within the article): the lead restates the topic, the answer adds to it;
- plus the question's keyword weight it holds, weighted by rarity *within the article*
  (words in every sentence tell sentences apart no better than "the");
- plus a bonus when the question asks for a number or a date and the sentence has one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from index.arabic import normalize
from retrieval.clauses import ClauseVectors
from retrieval.keyword_evidence import QuestionTerms, name_keys
from retrieval.language_background import SENTENCE, LanguageBackground
from retrieval.language_merge import MIN_WORDS, passage_language
from retrieval.names import name_key

if TYPE_CHECKING:
    from index.embeddings import Embedder
    from retrieval.passage import Passage

CENTRALITY = 1.0  # deviations of centrality that cancel one deviation of similarity
MIN_FOR_CENTRALITY = 5  # sentences of one article needed before centrality means anything
KEYWORD_STRENGTH = 4.0  # all of the question's article-rare words = this many deviations
TYPE_BONUS = 1.5  # the sentence holds the kind of thing asked for (a number, a date)
TOPIC_SHARE = 0.25  # weight of a question word that the article's title holds

_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much|long|far|big|high|large|old)|what (percentage|share|rate|proportion"
    r"|level|size|amount|value|price|number))\b|(^|\s)(كم|بكم|ما نسبه|ما قيمه|ما عدد|ما حجم"
    r"|ما مقدار|ما سعر|ما مستوي|الي اي مستوي|ما معدل)(\s|$)"
)
_DATE_QUESTION = re.compile(
    r"\b(when|what date|which day|what day|what year|which year|which month)\b"
    r"|(^|\s)(متي|في اي يوم|في اي عام|في اي تاريخ|في اي شهر|اي يوم)(\s|$)"
)
_DATE_WORDS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|"
    "الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|أمس"
)
_MONTHS = re.compile("|".join(normalize(w) for w in _DATE_WORDS.split("|")))
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DIGIT = re.compile(r"\d")


def asked_type(question: str) -> str | None:
    """"number", "date" or None: what kind of answer the question's wording asks for."""
    text = normalize(question)
    if _NUMBER_QUESTION.search(text):
        return "number"
    if _DATE_QUESTION.search(text):
        return "date"
    return None


def has_type(kind: str | None, text: str) -> bool:
    text = normalize(text)
    if kind == "number":
        return bool(_DIGIT.search(text))
    if kind == "date":
        return bool(_MONTHS.search(text) or _YEAR.search(text))
    return False


@dataclass
class Retrieved:
    """What retrieval found for one question, with what the answer step needs to score it."""

    query_vector: np.ndarray
    passages: list[Passage]  # the top passages, diversified
    terms: QuestionTerms
    question: str = ""
    # per sentence language, the query vector to score it with (see `query_vectors`)
    language_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    pool: list[Passage] = field(default_factory=list)  # every scored candidate, best first

    def vector_for(self, language: str) -> np.ndarray:
        return self.language_vectors.get(language, self.query_vector)

    def article_passages(self, article: str) -> list[Passage]:
        """All retrieved passages of one article, best first."""
        pool = self.pool or self.passages
        return [p for p in pool if p.article == article]


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with offsets into the passage text."""

    passage: Passage
    start: int
    end: int
    cosine: float = 0.0
    z: float = 0.0  # cosine against the background of the sentence's language
    keyword: float = 0.0  # share of the question's keyword weight found in the sentence
    score: float = 0.0  # evidence strength within the article, in deviations

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


class SentenceScorer:
    """Scores the sentences of retrieved passages against a question (see the module doc)."""

    def __init__(self, background: LanguageBackground, embedder: Embedder | None = None) -> None:
        self.background = background
        self.clauses = ClauseVectors(embedder) if embedder is not None else None

    def candidates(
        self, retrieved: Retrieved, passages: Sequence[Passage] | None = None
    ) -> list[Candidate]:
        """Every distinct sentence of the passages worth quoting, scored, best first.

        Very short sentences (bylines, captions, "Source: TASS") and headlines are left out:
        they are never an answer, and their embeddings sit close to everything.
        """
        passages = retrieved.passages if passages is None else passages
        found, vectors = _sentences(passages, len(retrieved.query_vector))
        if not found:
            return []
        tokens = [retrieved.terms.found_in(c.text) for c in found]
        weights = _weights_within(retrieved.terms, tokens, _topic(retrieved.terms, found))
        kind = asked_type(retrieved.question)
        centre: dict[str, tuple[np.ndarray, float, float]] = {}
        for article in {c.passage.article for c in found}:
            rows = vectors[[c.passage.article == article for c in found]]
            if len(rows) < MIN_FOR_CENTRALITY:
                continue  # a passage or two: too few sentences to say which is the lead
            mean = rows.mean(axis=0)
            mean /= max(float(np.linalg.norm(mean)), 1e-9)
            cos = rows @ mean
            centre[article] = (mean, float(cos.mean()), max(float(cos.std()), 1e-3))
        for cand, vector, words in zip(found, vectors, tokens, strict=True):
            language = passage_language(cand.passage)
            query = retrieved.vector_for(language)
            cand.cosine = float(vector @ query)
            if self.clauses is not None and (clauses := self.clauses.of(cand.text)) is not None:
                cand.cosine = max(cand.cosine, float((clauses @ query).max()))
            cand.z = float(self.background.standardize(language, SENTENCE, query, cand.cosine))
            cand.keyword = retrieved.terms.coverage(
                language, words, name_keys(cand.text, language), weights
            )
            central = 0.0
            if cand.passage.article in centre:
                mean, mu, sd = centre[cand.passage.article]
                central = (float(vector @ mean) - mu) / sd
            bonus = TYPE_BONUS if kind and has_type(kind, cand.text) else 0.0
            # only a sentence more central than its article's average pays: an outlier (a
            # caption, a stray line) is no better an answer for being unlike the rest
            cand.score = (
                cand.z - CENTRALITY * max(central, 0.0) + KEYWORD_STRENGTH * cand.keyword**2 + bonus
            )
        return sorted(found, key=lambda c: c.score, reverse=True)


def _sentences(
    passages: Sequence[Passage], dimension: int
) -> tuple[list[Candidate], np.ndarray]:
    """The passages' distinct sentences worth quoting, with their stored vectors."""
    found: list[Candidate] = []
    rows: list[np.ndarray] = []
    seen: set[tuple[str, int]] = set()
    for passage in passages:
        vectors = passage.sentence_vectors
        if vectors is None or len(vectors) != len(passage.sentence_spans):
            continue
        offset = int(passage.metadata.get("start", 0))
        title = " ".join(normalize(str(passage.metadata.get("title", ""))).split())
        for (start, end), vector in zip(passage.sentence_spans, vectors, strict=True):
            text = passage.text[start - offset : end - offset]
            key = (passage.article, start)
            if key in seen or len(text.split()) < MIN_WORDS:
                continue
            if is_headline(text, start, title):
                continue  # the headline restates the topic and answers nothing
            start, end = start - offset, end - offset
            seen.add(key)
            found.append(Candidate(passage, start, end))
            rows.append(vector)
    if not rows:
        return [], np.zeros((0, dimension), dtype=np.float32)
    return found, np.stack(rows)


def _topic(terms: QuestionTerms, found: Sequence[Candidate]) -> set[str]:
    """Question tokens the articles' titles hold: what the article is about, not the answer.

    "What did Lavrov and Mirzoyan agree on?" asks an article titled with both names; the
    names then say which article, and "agree" says which sentence.
    """
    topic: set[str] = set()
    for title in {str(c.passage.metadata.get("title", "")) for c in found}:
        topic |= terms.found_in(title)
        keys = {name_key(w) for w in title.split()}
        topic |= {t for t, key in terms.names.items() if key in keys}
    return topic


def is_headline(text: str, start: int, title: str) -> bool:
    """The article's title, or its first line when that line ends without a full stop."""
    if title and " ".join(normalize(text).split()) == " ".join(normalize(title).split()):
        return True
    return start == 0 and not text.rstrip().endswith(_SENTENCE_END)


_SENTENCE_END = (".", "!", "?", "؟", "»", '"', "”", ":")


def _weights_within(
    terms: QuestionTerms, sentences: Sequence[set[str]], topic: set[str]
) -> dict[str, float]:
    """Rarity of each question token among the given sentences (a word in all weighs ~0);
    topic words (`_topic`) count a quarter."""
    n = len(sentences)
    out = {}
    for token in terms.forms:
        holding = sum(1 for found in sentences if token in found)
        out[token] = math.log(1 + n / (1 + holding)) * (TOPIC_SHARE if token in topic else 1.0)
    return out
