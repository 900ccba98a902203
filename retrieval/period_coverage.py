"""Whether the article an answer quotes is from the period its question names.

"What rate did the Central Bank of Tunisia set in March 2023?" finds the bank's January
decision: same bank, same words, and the nearest article the collection has. Quoting it as
the answer would be wrong, and no similarity score can tell: the two questions embed alike.
The date can. An answer is *of* the asked period when one of its sources is an article

- dated inside it;
- or names a month inside it with its year ("December 2022"; for a question that names only
  a year, the year alone counts too);
- or, for a period shorter than a year, names one of its months without the year and
  appeared within a year of it: reports on a month's figures come out the month after
  ("inflation in September"), and plans are announced before it ("talks resume in Geneva
  next April"). Such an article may not say what happened then ("the next meeting is in
  April" does not say what the bank decided), but its quote is dated, and hiding an answer
  costs the user more than showing a dated one.

When none is, the user reads that the articles don't say for that period, with the nearest
article quoted, and the answer is not `found`.

Only periods with their year are checked, a year, a quarter or a half named alone among
them. A relative period ("last week") or a yearless day ("on 1 October") is already
answered from the articles of that period or said to be empty (`retrieval.dated_answers`),
and "latest" means the newest article, whatever its date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from core.messages import filled
from index.dated_rows import article_documents
from index.loaders.dates import month_words, months_named, periods_in
from index.loaders.question_dates import month_end, question_dates
from retrieval.answer import Answer

if TYPE_CHECKING:
    from index.store import ChunkStore

Period = tuple[date, date]
REPORT_LAG = timedelta(days=366)  # how far from a period an article may speak of its month


def asked_periods(question: str, today: date | None) -> list[Period]:
    """The periods a question names with their year; none for relative, yearless or
    "latest" questions (see the module doc)."""
    query = question_dates(question, today or date.today())
    if query.relative or query.yearless or query.latest:
        return []
    if query.periods:
        return list(query.periods)
    # a year alone ("in 2023", "the 2023 budget") or a quarter or half of one ("Q2 2023") is
    # no period to search in, but an article that neither appeared in it nor names it
    # cannot answer for it
    named = periods_in(question)
    return [(date(y, m, 1), month_end(y, m)) for y, m in named if m] + [
        (date(y, 1, 1), date(y, 12, 31)) for y, m in named if not m
    ]


def dated_in(periods: list[Period], published: str | None) -> bool:
    day = _day(published)
    return day is not None and any(start <= day <= end for start, end in periods)


def of_period(periods: list[Period], published: str | None, text: str) -> bool:
    """Whether an article dated `published` with this text is of one of `periods` (see
    the module doc)."""
    day = _day(published)
    if dated_in(periods, published):
        return True
    if day is not None:
        named = month_words(text)
        for start, end in periods:
            near = start - REPORT_LAG <= day <= end + REPORT_LAG and (end - start).days < 364
            if near and months_between(start, end) & named:
                return True
    whole_years = all((end - start).days >= 364 for start, end in periods)
    for year, month in months_named(text):
        if month is not None:
            span = (date(year, month, 1), month_end(year, month))
        elif whole_years:
            span = (date(year, 1, 1), date(year, 12, 31))
        else:
            continue  # "2023" in the text does not say it covers March 2023
        if any(span[0] <= end and start <= span[1] for start, end in periods):
            return True
    return False


def outside_period(
    answer: Answer,
    question: str,
    language: str,
    store: ChunkStore,
    today: date | None,
    same_story: Callable[[str, str], bool] | None = None,
) -> Answer:
    """`answer`, or — when none of its articles is of the period the question names — the
    same quotes under a line saying the articles don't say for that period, not found.

    A "see also" source (`Source.see_also`) of the period keeps the answer too, when it
    tells the quoted article's story (`same_story(first_path, other_path)`; default: any
    does): the right article is sometimes the second, and hiding it costs more than a second
    source that merely speaks of the period. Another story's article of the period does not
    count; a source the answer cites (a chat model may cite several articles) always does."""
    if not answer.found or not answer.sources:
        return answer
    periods = asked_periods(question, today)
    if not periods:
        return answer
    first = answer.sources[0].path
    for source in answer.sources:
        if source.see_also and same_story and not same_story(first, source.path):
            continue
        if dated_in(periods, source.date):
            return answer  # the common case, without reading the article
        text = "\n".join(article_documents(store, source.path))
        if of_period(periods, source.date, text):
            return answer
    nearest, period = answer.sources[0], describe(periods)
    if nearest.date:
        said = filled("not_in_period", language, period=period, date=nearest.date)
    else:
        said = filled("not_in_period_undated", language, period=period)
    return Answer(f"{said}\n{answer.answer}", False, answer.sources)


def months_between(start: date, end: date) -> set[int]:
    """The months of the year a period touches."""
    months, year, month = set(), start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def describe(periods: list[Period]) -> str:
    """A period as the user reads it: "2023", "2023-03", "2023-03-05", or a range."""
    start, end = min(a for a, _ in periods), max(b for _, b in periods)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if start.day == 1 and end == month_end(start.year, start.month):
        return f"{start.year}-{start.month:02d}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(str(published)[:10]) if published else None
    except ValueError:
        return None
