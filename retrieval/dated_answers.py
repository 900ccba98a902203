"""Questions that say when: a period searched in Chroma, "latest", and honest coverage.

Three things a date in a question changes (`index.loaders.question_dates` reads it):

- **A period** ("in October 2021", "on 1 October", "between June and August 2021", "last
  week"): besides the usual candidates, each language's nearest chunks *inside the period*
  are fetched with a Chroma `where` on `date_num`, and the keyword search is limited to the
  period's chunks. Among near-duplicates (the same ministers on thirty dates) the unfiltered
  top 30 may hold none from the asked month; these do. Articles from the period then gain,
  and dated ones outside it lose, `DATE_WEIGHT` deviations — the same weight
  `retrieval.language_merge` gives a named month, so undated questions and month questions
  rank exactly as before, only with the period's candidates added.
- **Nothing in the period**: when a relative period ("yesterday") or one outside the
  collection's dates holds no article, the answer says so and gives the dates the articles
  cover, with `found: false`, instead of quoting the nearest article from another year.
- **"Latest"**: the newest article *about* the topic (`retrieval.topics`: its names and words
  in the title or lead) answers, not the most similar one.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from core.language import question_language
from core.messages import filled
from index.dated_rows import ids_where, period_numbers, period_where, query_where
from index.loaders.question_dates import DateQuery, question_dates
from index.store_rows import LANGUAGES
from retrieval.answer import Answer, Source
from retrieval.extractive import compose
from retrieval.hybrid_retriever import distinctive_terms
from retrieval.language_merge import date_term, score_passages
from retrieval.passage import Passage
from retrieval.timeline import latest_articles, lead_sentence, newest_article
from retrieval.topics import Article, Topic, Vocabulary, build_topic, topic_words

if TYPE_CHECKING:
    import numpy as np

    from index.reader import IndexReader
    from retrieval.hybrid_retriever import HybridSearch
    from retrieval.keyword_evidence import QuestionTerms

_VOCABULARY = Vocabulary()  # one per process: rebuilt only when the index changes


def date_query(question: str, today: date | None) -> DateQuery:
    return question_dates(question, today or date.today())


def question_periods(query: DateQuery, reader: IndexReader) -> list[tuple[date, date]]:
    """The query's periods; a yearless day ("on 1 October") in every year the index covers."""
    if not query.yearless:
        return list(query.periods)
    oldest, newest = coverage(reader)
    if not oldest or not newest:
        return []
    years = range(int(oldest[:4]), int(newest[:4]) + 1)
    return list(query.in_years(years))


def coverage(reader: IndexReader) -> tuple[str | None, str | None]:
    """The oldest and newest article dates the index holds (from the file markers)."""
    stats = reader.stats()
    return stats.oldest_date, stats.newest_date


def prefer_period(
    search: HybridSearch,
    question: str,
    vectors: dict[str, np.ndarray],
    terms: dict[str, set[str]],
    weighted: QuestionTerms,
    pool: list[Passage],
) -> list[Passage]:
    """`pool` with the period's own candidates added and dates weighed; unchanged when the
    question names no period (or the index has no dates)."""
    query = date_query(question, search.settings.today)
    periods = question_periods(query, search.store) if query.dated else []
    where = period_where(periods)
    if where is None or search.settings.fusion in ("rrf",):
        return pool
    have = {p.chunk_id for p in pool}
    extra: dict[str, Passage] = {}
    n = search.settings.candidates
    if search.settings.fusion != "keyword":
        store = search.store.store
        # both languages at once: Chroma releases the GIL while it filters (~25% faster)
        with ThreadPoolExecutor(len(LANGUAGES)) as workers:
            found = workers.map(
                lambda lang: query_where(store, lang, vectors[lang], n, where), LANGUAGES
            )
            for row, cosine in (hit for hits in list(found) for hit in hits):
                if row.id not in have:
                    extra.setdefault(row.id, Passage.from_row(row)).dense = cosine
    if search.settings.fusion != "dense":
        forms = set().union(*terms.values())
        words = distinctive_terms(forms, search.keywords.document_frequency(sorted(forms)))
        hits = search.keywords.search(words, n, periods=period_numbers(periods))
        wanted = [cid for cid, _ in hits if cid not in have and cid not in extra]
        for cid, row in search.store.get(wanted).items():
            extra[cid] = Passage.from_row(row)
        for cid, score in hits:
            if cid in extra:
                extra[cid].keyword = score
    asked = question_language(question)
    score_passages(extra.values(), vectors, weighted, search.background, asked)
    merged = pool + list(extra.values())
    if not query.month_named:  # a named month is weighed by language_merge already
        weigh_periods(merged, question, periods)
    return sorted(merged, key=lambda p: p.fused, reverse=True)


def weigh_periods(passages: list[Passage], question: str, periods: list[tuple[date, date]]) -> None:
    """Replace the named-month weight by one for these periods: +DATE_WEIGHT inside any of
    them (for a candidate about the question, `date_term`), -DATE_WEIGHT for a dated
    article outside all, nothing for an undated one."""
    for passage in passages:
        published = passage.metadata.get("date")
        if not published:
            continue
        inside = any(str(a) <= str(published)[:10] <= str(b) for a, b in periods)
        term = date_term(1.0 if inside else -1.0, passage.standing)
        passage.fused += term - passage.period
        passage.period = term


def early_answer(
    reader: IndexReader, question: str, language: str, today: date | None
) -> Answer | None:
    """An answer that needs no search: nothing in the asked period, or the latest article
    about the topic. None when the question is for the usual search."""
    query = date_query(question, today)
    periods = question_periods(query, reader) if query.dated else []
    # the Chroma call last: most dated questions are inside the coverage and never need it
    if periods and _beyond_reach(query, periods, reader) and not _any_in(reader, periods):
        return nothing_in_period(reader, periods, language)
    if query.latest:
        return latest_answer(reader, question, language, periods or None)
    return None


def _any_in(reader: IndexReader, periods: list[tuple[date, date]]) -> bool:
    where = period_where(periods)
    return bool(where and ids_where(reader.store, where, limit=1))


def _beyond_reach(query: DateQuery, periods: list[tuple[date, date]], reader: IndexReader) -> bool:
    """A relative period, or one wholly outside the dates the articles cover: then an empty
    period means the articles cannot answer. (Inside the coverage, a month named for its
    figures — "inflation in September" — is often reported in the next one.)"""
    if query.relative:
        return True
    oldest, newest = coverage(reader)
    if not oldest or not newest:
        return False
    return all(str(b) < oldest or str(a) > newest for a, b in periods)


def nothing_in_period(
    reader: IndexReader, periods: list[tuple[date, date]], language: str
) -> Answer:
    start, end = min(a for a, _ in periods), max(b for _, b in periods)
    key = "nothing_on_day" if start == end else "nothing_in_period"
    said = filled(key, language, start=start.isoformat(), end=end.isoformat())
    oldest, newest = coverage(reader)
    if oldest and newest:
        said += " " + filled("coverage", language, oldest=oldest, newest=newest)
    else:
        said += " " + filled("no_dates", language)
    return Answer(said, False, [])


def latest_answer(
    reader: IndexReader,
    question: str,
    language: str,
    periods: list[tuple[date, date]] | None = None,
) -> Answer | None:
    """The newest article about the question's topic, quoted at the sentence that says what
    happened; the newest article of all when the question names no topic ("latest news?").
    None when no article is about the topic: the usual search answers then."""
    topic = " ".join(topic_words(question))
    if topic:
        article = newest_article(reader, _VOCABULARY, topic, periods)
        if article is None:
            return None
        quote = lead_sentence(article, build_topic(topic, reader, _VOCABULARY))
        return _answer_from(article, quote, language)
    newest = latest_articles(reader, 1)
    lead = reader.get([newest[0].lead_id], vectors=False).get(newest[0].lead_id) if newest else None
    if lead is None:
        return None
    article = Article(lead.article, lead)
    return _answer_from(article, lead_sentence(article, Topic("", ())), language)


def _answer_from(article: Article, quote: str, language: str) -> Answer:
    meta = article.meta
    source = Source(
        path=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        date=article.date,
        quote=quote,
        score=0.0,
    )
    return Answer(compose([source], language), True, [source])


def vocabulary() -> Vocabulary:
    """The process's name vocabulary, shared by answers and timelines."""
    return _VOCABULARY
