"""Deciding between languages: one score per candidate on a scale both languages share.

Rank fusion (RRF) over per-language lists gives every language's best chunk a top place, but
then decides between them by votes, and a same-language keyword list votes twice for an
English question's English near-misses. Instead every candidate, whichever list found it, is
scored on one scale:

    score = s · (0.75 · z(chunk) + 0.25 · z(best sentence)) + KEYWORD_WEIGHT · coverage²
            ± DATE_WEIGHT when the question names a month (the article is from it, or dated
              outside it without speaking of it; the bonus only for an article that stands
              out for the question at all)

z is the candidate's cosine with the question's vector for its language, standardized
against that language's background (`retrieval.language_background`): how far it stands out
from what the language's other text scores for this question. Across languages that stand-out
is compressed: the model aligns the two languages only loosely, so the right article in the
other language stands about 1.4 times less far out than it would in the question's own
(measured on the evaluation set, in both of its parts), and a candidate in the other
language has its dense part scaled by CROSS_LANGUAGE_SCALE. The best-sentence term keeps an
answer sentence that a long chunk's mean vector dilutes. coverage is the share of the
question's keyword weight the chunk shows among the words that can match in its language
(`retrieval.keyword_evidence`); squared, so a chunk that holds all of a question's names and
rare words counts far more than one that holds scattered parts of several.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from index.loaders.dates import PART_HINT, month_pattern, periods_in, year_parts_in
from index.loaders.question_dates import month_end
from retrieval.keyword_evidence import QuestionTerms, name_keys
from retrieval.language_background import CHUNK, SENTENCE, LanguageBackground
from retrieval.period_coverage import of_period

if TYPE_CHECKING:
    from retrieval.passage import Passage

CHUNK_SHARE = 0.75  # the rest goes to the chunk's best sentence
DATE_WEIGHT = 1.5  # an article from the period the question names, or not, in deviations
# ... counted for an article of the period only when it stands out this far for the question:
# "talks in April 2024" must not lift a sandstorm reported in April over the talks' article
DATE_MIN_STANDING = 1.5
AFTER_MONTH_DAYS = 10  # news of a month's events is often published early the next month
KEYWORD_WEIGHT = 4.0  # a full keyword match is worth this many background deviations
# s above: 1 in the question's language. The compression measured is ~1.4, but scaling by all
# of it also lifts the other language's near-misses. Fitted on the tuned part: 1.25 with
# batched vectors, 1.35 since each text is embedded alone (1.45 tied and lost more
# same-language questions). It lifts other stories' articles into the see-also list too; one
# of those speaks for the asked period only in the answer's story (`retrieval.same_story`)
CROSS_LANGUAGE_SCALE = 1.35
MIN_WORDS = 6  # shorter sentences (bylines, "Source: TASS") are never the best sentence


def passage_language(passage: Passage) -> str:
    return str(passage.metadata.get("language") or "other")


def searchable_text(passage: Passage) -> str:
    """The chunk with its article's title: names and topics often stand in the title only."""
    return f"{passage.metadata.get('title', '')} {passage.text}"


def score_passages(
    passages: Iterable[Passage],
    vectors: Mapping[str, np.ndarray],
    terms: QuestionTerms,
    background: LanguageBackground,
    asked: str,
) -> None:
    """Set each passage's `dense`, `z`, `sentence_z`, `coverage` and `fused` scores;
    `asked` is the language the question is in (`core.language.question_language`)."""
    # a month with its year names a period; a year alone is as often a target ("by 2025")
    periods = [p for p in periods_in(terms.question) if p[1] is not None]
    named = month_pattern({month for _, month in periods if month}) if periods else None
    parts = year_parts_in(terms.question) if periods else set()
    for passage in passages:
        language = passage_language(passage)
        query = vectors.get(language, vectors.get("en"))
        if query is None:
            continue
        if passage.vector is not None:
            passage.dense = float(passage.vector @ query)
            passage.z = float(background.standardize(language, CHUNK, query, passage.dense))
        passage.sentence_z = best_sentence_z(passage, query, language, background)
        text = searchable_text(passage)
        passage.coverage = terms.coverage(language, terms.found_in(text), name_keys(text, language))
        dense = passage.z if passage.vector is not None else passage.sentence_z
        sentence = passage.sentence_z if passage.sentence_z is not None else dense
        standing = CHUNK_SHARE * (dense or 0.0) + (1 - CHUNK_SHARE) * (sentence or 0.0)
        scale = 1.0 if language == asked else CROSS_LANGUAGE_SCALE
        passage.cross_language = (scale - 1.0) * standing
        passage.standing = standing
        # a month's name, or for a quarter or half the words that name it ("second quarter")
        hinted = named is not None and (named.search(text) or parts and PART_HINT.search(text))
        speaks = text if hinted else ""
        fit = period_fit(passage.metadata.get("date"), periods, speaks, parts)
        passage.period = date_term(fit, standing)
        passage.fused = scale * standing + KEYWORD_WEIGHT * passage.coverage**2 + passage.period


def date_term(fit: float, standing: float) -> float:
    """What being of the asked period (`fit` +1) or dated outside it (-1) adds, in
    deviations: the gain only for a candidate that stands out for the question at all."""
    if fit > 0 and standing < DATE_MIN_STANDING:
        return 0.0  # of the period, but not about the question
    return DATE_WEIGHT * fit


def period_fit(
    article_date: object,
    periods: list[tuple[int, int | None]],
    text: str = "",
    parts: set[tuple[int, int]] | frozenset = frozenset(),
) -> float:
    """+1 when the article's date falls in a period the question names; 0 when the question
    names none, the article has no date, or it is dated outside them but `text` speaks of an
    asked month as `retrieval.period_coverage` reads it; -1 otherwise.

    "What did the Bank of Russia decide in October 2021?" is about the October 2021 article,
    not the most similar of the bank's thirty meetings. But a port's January figures come in
    a report published on 20 February that says "in January": the answer's period check
    counts it as of January, so ranking must not count it against. It gets no bonus either:
    many articles name some month in passing.

    The months of a quarter or half the question names (`parts`: "Q2 2023") give no +1 to
    an article published in them: results are reported after the quarter, and the second
    quarter's report, published in August, is no answer for the third.
    """
    if not periods or not article_date:
        return 0.0
    try:
        published = date.fromisoformat(str(article_date)[:10])
    except ValueError:
        return 0.0
    for year, month in periods:
        if (year, month) in parts:
            continue
        if month is None:
            if published.year == year:
                return 1.0
            continue
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1) + timedelta(days=AFTER_MONTH_DAYS - 1)
        if first <= published <= last:
            return 1.0
    months = [(date(y, m, 1), month_end(y, m)) for y, m in periods if m is not None]
    if text and months and of_period(months, published.isoformat(), text):
        return 0.0
    return -1.0


def best_sentence_z(
    passage: Passage, query: np.ndarray, language: str, background: LanguageBackground
) -> float | None:
    """The z-score of the passage's best sentence of at least MIN_WORDS words."""
    vectors = passage.sentence_vectors
    if vectors is None or not len(vectors):
        return None
    offset = int(passage.metadata.get("start", 0))
    long_enough = np.array(
        [
            len(passage.text[start - offset : end - offset].split()) >= MIN_WORDS
            for start, end in passage.sentence_spans
        ]
    )
    if len(long_enough) != len(vectors) or not long_enough.any():
        return None
    cosines = vectors[long_enough] @ query
    return float(background.standardize(language, SENTENCE, query, cosines).max())
