"""Timelines and the newest articles: `service.timeline`, `newsqa timeline|latest`, /timeline.

A timeline is one event per article about the topic (`retrieval.topics`), oldest first: its
date, title, path, language and the one sentence that best says what happened, which in news
is the first full sentence of the lead that names the topic (the headline is the title, and
later sentences add detail). Nothing here needs the embedding model: the keyword index, the
chunk metadata and Chroma's date filters answer it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from core.errors import NewsqaError
from core.messages import filled
from index.arabic import normalize
from index.dated_rows import DATE_FIELD, both, day_number, metadata_where, period_numbers
from retrieval.topics import Article, Topic, Vocabulary, articles_about, build_topic

if TYPE_CHECKING:
    from index.reader import IndexReader

MIN_WORDS = 6  # shorter sentences (bylines, datelines) do not say what happened
MAX_LATEST = 100
# "latest" looks back this many days from the newest article first: a topic in the news now
# is found among a month's chunks, not the whole index's
LATEST_WINDOWS_DAYS = (31, 183, 731)
_EARLIEST, _LATEST = date(1900, 1, 1), date(2999, 12, 31)


class TimelineError(NewsqaError):
    """Bad timeline or latest input: the message is one line for the user."""


@dataclass(frozen=True)
class Event:
    date: str | None
    title: str
    path: str
    quote: str
    language: str


@dataclass(frozen=True)
class Timeline:
    topic: str
    start: str | None
    end: str | None
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The `newsqa timeline --json` shape."""
        return {
            "topic": self.topic,
            "from": self.start,
            "to": self.end,
            "events": [asdict(e) for e in self.events],
        }


@dataclass(frozen=True)
class LatestArticle:
    date: str
    title: str
    path: str
    language: str
    lead_id: str = field(default="", repr=False)  # its first chunk, for quoting its lead

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "title": self.title,
            "path": self.path,
            "language": self.language,
        }


def parse_day(value: str | date | None, option: str, language: str = "en") -> date | None:
    """A --from/--to value as a date; a malformed one is a one-line TimelineError."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise TimelineError(
            filled("bad_date", language, option=option, value=value)
        ) from None


def window(
    start: str | date | None, end: str | date | None, language: str = "en"
) -> tuple[date | None, date | None]:
    """The (from, to) window, checked: a window that ends before it starts is refused."""
    first, last = parse_day(start, "--from", language), parse_day(end, "--to", language)
    if first and last and last < first:
        raise TimelineError(filled("bad_window", language, start=first, end=last))
    return first, last


def build_timeline(
    reader: IndexReader,
    vocabulary: Vocabulary,
    topic_text: str,
    start: str | date | None = None,
    end: str | date | None = None,
    language: str = "en",
) -> Timeline:
    """Every article about `topic_text` in the window, oldest first, each with its quote."""
    first, last = window(start, end, language)
    topic = build_topic(" ".join((topic_text or "").split()), reader, vocabulary)
    if topic.empty:
        raise TimelineError(filled("unknown_topic", language, topic=topic_text))
    within = period_numbers([(first or _EARLIEST, last or _LATEST)]) if first or last else None
    articles = articles_about(reader, topic, within)
    if not articles and within is not None and not articles_about(reader, topic):
        raise TimelineError(filled("unknown_topic", language, topic=topic_text))
    if not articles and within is None:
        raise TimelineError(filled("unknown_topic", language, topic=topic_text))
    events = sorted((event_of(a, topic) for a in articles), key=_oldest_first)
    return Timeline(topic_text, _iso(first), _iso(last), events)


def _oldest_first(event: Event) -> tuple[int, str, str]:
    return (0 if event.date else 1, event.date or "", event.path)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def event_of(article: Article, topic: Topic) -> Event:
    meta = article.meta
    return Event(
        date=article.date,
        title=str(meta.get("title", "")),
        path=str(meta.get("source", "")),
        quote=lead_sentence(article, topic),
        language=str(meta.get("language", "other")),
    )


def lead_sentence(article: Article, topic: Topic) -> str:
    """The first full sentence of the lead that names the topic; else its first full one."""
    lead = article.lead
    offset = int(lead.metadata.get("start", 0))
    title = normalize(str(lead.metadata.get("title", ""))).strip()
    sentences = [lead.text[s - offset : e - offset].strip() for s, e in lead.spans]
    if not sentences:
        sentences = [lead.text.strip()]
    full = [s for s in sentences if len(s.split()) >= MIN_WORDS and normalize(s).strip() != title]
    for sentence in full:
        if topic.hits(sentence):
            return sentence
    return (full or sentences)[0]


def newest_article(
    reader: IndexReader,
    vocabulary: Vocabulary,
    topic_text: str,
    periods: list[tuple[date, date]] | None = None,
) -> Article | None:
    """The newest dated article about `topic_text` (in `periods`, if given), or None."""
    topic = build_topic(topic_text, reader, vocabulary)
    if topic.empty:
        return None
    if periods:
        windows = [periods]
    else:  # the newest article lies in the first of these windows that holds any
        newest = reader.stats().newest_date
        last = date.fromisoformat(newest[:10]) if newest else None
        windows = [[(last - timedelta(days=d), last)] for d in LATEST_WINDOWS_DAYS] if last else []
        windows.append([])  # then the whole index
    for window in windows:
        within = period_numbers(window) if window else None
        dated = [a for a in articles_about(reader, topic, within) if a.date]
        if dated:
            return max(dated, key=lambda a: (a.date, a.meta.get("source", "")))
    return None


def latest_articles(reader: IndexReader, n: int) -> list[LatestArticle]:
    """The `n` newest dated articles, newest first.

    The file markers give each file's newest date; the n-th newest file date is a floor
    that at least n articles reach, so one Chroma read of the lead chunks dated on or after
    it holds the answer, whatever the size of the index.
    """
    if not 1 <= n <= MAX_LATEST:
        raise TimelineError(filled("bad_count", "en", limit=MAX_LATEST, value=n))
    newest = sorted(
        (
            str(f.marker["newest"])
            for f in reader.store.indexed_files().values()
            if f.marker.get("newest")
        ),
        reverse=True,
    )
    if not newest:
        return []
    floor = date.fromisoformat(newest[min(n, len(newest)) - 1][:10])
    where = both(
        {DATE_FIELD: {"$gte": day_number(floor)}},
        {"article_chunk": 0},
    )
    rows = metadata_where(reader.store, where or {})
    seen: dict[str, LatestArticle] = {}
    for cid, meta in rows:
        key = f"{meta.get('source', '')}#{meta.get('record', 0)}"
        seen.setdefault(
            key,
            LatestArticle(
                str(meta.get("date")),
                str(meta.get("title", "")),
                str(meta.get("source", "")),
                str(meta.get("language", "other")),
                cid,
            ),
        )
    return sorted(seen.values(), key=lambda a: (a.date, a.path), reverse=True)[:n]


def open_index(reader: IndexReader, language: str = "en") -> IndexReader:
    """The reader caught up with the index; an absent or empty index is a one-line error."""
    if not reader.refresh() or reader.chunks == 0:
        raise TimelineError(filled("no_articles", language))
    return reader
