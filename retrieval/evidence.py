"""Choosing the sentence to quote from an article that retrieval has already chosen.

Every sentence of a news article shares its topic, so the question's topic words ("the Doha
marathon", "Lavrov") match the lead sentence best even when the question asks about the
women's race in paragraph three. Within one article a sentence is therefore scored by:

- how well what it adds to the article matches what the question adds to it: the article's
  mean sentence (its topic) is taken out of the question's vector and of each sentence's,
  and the cosines of what is left are standardized among the article's sentences — a
  quarter of it measured with the question stripped of the words the article's title and
  lead hold, which restate the story (`retrieval.question_focus`);
- plus the question's keyword weight it holds, weighted by rarity *within the article*
  (words in every sentence tell sentences apart no better than "the"; the title's and
  lead's words a quarter), as a share of the whole question: an English question's words
  that no Arabic sentence can show ("shaft", "deep") still count in the whole. Counted only
  among the words that can match, the few that cross scripts (the story's names, places,
  dates) would make the lead, which holds them all, a full match for every question;
- plus a bonus when the question asks for a number, a date or a person and the sentence
  has one (`retrieval.answer_type`; a person is named by role or title), and as much again
  when a count question's noun, in either language, or the unit of what it measures stands
  next to a number in it ("how many votes" and "118,402 votes", not the candidate's age in
  the sentence before; "ما طول الحدود" and "the 1,222-kilometre border");
- minus a penalty for being the article's lead: news puts the whole story in its first
  sentence, so the lead resembles every question about the story, and most questions ask
  for a detail the story goes on to give.

The weights were fitted on the tuned part of the evaluation set and checked on the held-out
questions (README, "Evaluation").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from index.arabic import keyword_tokens
from retrieval.answer_type import (
    asked_type,
    counted_words,
    has_type,
    holds_measure,
    measured_units,
)
from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import QuestionTerms, name_keys
from retrieval.language_background import SENTENCE, LanguageBackground
from retrieval.language_merge import passage_language
from retrieval.quotable import Candidate, quotable_sentences

if TYPE_CHECKING:
    from retrieval.passage import Passage
    from retrieval.question_focus import FocusQueries

KEYWORD_STRENGTH = 2.0  # all of the question's article-rare words = this many deviations,
KEYWORD_ALL = 4.0  # and this many more: the share counts squared too, so holding them all
# (the one sentence with both "agree" and "ministers") outweighs holding one of them
TYPE_BONUS = 1.0  # the sentence holds the kind of thing asked for (a number, date, person)
COUNT_BONUS = 1.0  # ... and as much again for a number next to the counted noun or the unit
LEAD_PENALTY = 1.5  # deviations the article's first sentence gives up (see the module doc)
TOPIC_SHARE = 0.25  # weight of a question word that the article's title or lead holds
FOCUS_SHARE = 0.25  # of the novelty, scored with the question without its topic words


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
    focus: FocusQueries | None = None  # the question without its article's topic words
    # the terms a quote's sentences are matched with: `terms` and the dictionary's senses
    quote_terms: QuestionTerms | None = None

    def vector_for(self, language: str) -> np.ndarray:
        return self.language_vectors.get(language, self.query_vector)

    def article_passages(self, article: str) -> list[Passage]:
        """All retrieved passages of one article, best first."""
        pool = self.pool or self.passages
        return [p for p in pool if p.article == article]


class SentenceScorer:
    """Scores the sentences of retrieved passages against a question (see the module doc)."""

    def __init__(self, background: LanguageBackground) -> None:
        self.background = background

    def candidates(
        self, retrieved: Retrieved, passages: Sequence[Passage] | None = None
    ) -> list[Candidate]:
        """Every distinct sentence of the passages worth quoting, scored, best first.

        Very short sentences (bylines, captions, "Source: TASS") and headlines are left out:
        they are never an answer, and their embeddings sit close to everything.
        """
        passages = retrieved.passages if passages is None else passages
        found, vectors = quotable_sentences(passages, len(retrieved.query_vector))
        if not found:
            return []
        terms = retrieved.quote_terms or retrieved.terms
        tokens = [terms.found_in(c.text) for c in found]
        weights = _weights_within(terms, tokens, _topic(terms, found))
        kind = asked_type(retrieved.question)
        asked: set[str] = set()  # the counted noun's forms and the measure's units
        if kind == "number":
            asked = _counted_forms(retrieved.question, terms) | measured_units(retrieved.question)
        novelty = np.zeros(len(found))
        for article in {c.passage.article for c in found}:
            mine = np.array([c.passage.article == article for c in found])
            members = [c for c in found if c.passage.article == article]
            novelty[mine] = _article_novelty(retrieved, members, vectors[mine])
        for i, (cand, vector, words) in enumerate(zip(found, vectors, tokens, strict=True)):
            language = passage_language(cand.passage)
            query = retrieved.vector_for(language)
            cand.cosine = float(vector @ query)
            cand.z = float(self.background.standardize(language, SENTENCE, query, cand.cosine))
            # of the whole question: across languages the words a sentence can show are
            # mostly the story's names, places and dates, which its lead holds anyway
            cand.keyword = terms.coverage(
                language, words, name_keys(cand.text, language), weights, matchable_only=False
            )
            bonus = TYPE_BONUS if kind and has_type(kind, cand.text) else 0.0
            if holds_measure(cand.text, asked):
                bonus += COUNT_BONUS
            lead = LEAD_PENALTY if cand.lead else 0.0
            keyword = KEYWORD_STRENGTH * cand.keyword + KEYWORD_ALL * cand.keyword**2
            cand.score = float(novelty[i]) + keyword + bonus - lead
        return sorted(found, key=lambda c: c.score, reverse=True)


def _article_novelty(
    retrieved: Retrieved, found: Sequence[Candidate], rows: np.ndarray
) -> np.ndarray:
    """`_novelty` of one article's sentences for the question, and, when the question
    holds the article's topic words, partly for the question without them
    (`retrieval.question_focus`)."""
    language = passage_language(found[0].passage)
    novelty = _novelty(rows, retrieved.vector_for(language))
    if retrieved.focus is None:
        return novelty
    focus = retrieved.focus.vector(retrieved.question, _topic(retrieved.terms, found), language)
    if focus is None:
        return novelty
    asked = _novelty(rows, focus)
    return (1 - FOCUS_SHARE) * novelty + FOCUS_SHARE * asked


def _novelty(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Per sentence, how well what it adds to its article matches what the question adds.

    `rows` are one article's sentence vectors. Their normalized mean is the article's topic;
    that direction is removed from the question and from every sentence, and the cosines of
    the remainders are standardized among the sentences (all zero for a single sentence).
    """
    rows = rows.astype(np.float32)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    topic = rows.mean(axis=0)
    topic /= max(float(np.linalg.norm(topic)), 1e-9)
    rest = rows - np.outer(rows @ topic, topic)
    asked = query - float(query @ topic) * topic
    cos = (rest @ asked) / np.maximum(
        np.linalg.norm(rest, axis=1) * max(float(np.linalg.norm(asked)), 1e-9), 1e-9
    )
    if len(cos) < 2:
        return np.zeros(len(cos))
    return (cos - cos.mean()) / max(float(cos.std()), 1e-3)


def _topic(terms: QuestionTerms, found: Sequence[Candidate]) -> set[str]:
    """Question tokens the articles' titles or leads hold: what the article is about, not
    the answer. "What did Lavrov and Mirzoyan agree on?" asks an article titled with both
    names; the names say which article, "agree" which sentence. The lead restates the story
    with more of its words (the place, the date, who acted)."""
    topic: set[str] = set()
    for cand in found:
        if cand.lead:
            topic |= terms.found_in(cand.text)
    for title in {str(c.passage.metadata.get("title", "")) for c in found}:
        topic |= terms.found_in(title)
        keys = name_keys(title, "ar")  # every word, hyphenated names split at the hyphen
        topic |= {t for t, key in terms.names.items() if key in keys}
    return topic


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


def _counted_forms(question: str, terms: QuestionTerms) -> set[str]:
    """The counted noun's keyword forms in both languages: its hand-glossary translations,
    and the dictionary's first sense where the quote terms carry one ("كم مستعمرة" and
    "1,400 coral colonies"); an English noun in -y also with its plural's token
    ("colony", "colonie")."""
    tokens = keyword_tokens(" ".join(counted_words(question)))
    if not tokens:
        return set()
    forms = set().union(*default_glossary().expand(tokens).values())
    for token in tokens:
        forms |= terms.forms.get(token, frozenset())
    return forms | {plural for form in forms if (plural := _plural_token(form))}


def _plural_token(token: str) -> str | None:
    """The keyword token of an English noun's plural in -ies, which `keyword_tokens` leaves
    as "colonie" (from "colonies"), where `token` ends in a consonant and y."""
    if len(token) > 3 and token.isascii() and token.endswith("y") and token[-2] not in "aeiou":
        return token[:-1] + "ie"
    return None
