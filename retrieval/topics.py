"""Which articles are *about* a topic: the names and words of it in their title or lead.

Timelines and "latest" answers must list articles about Lavrov, not articles whose vectors sit
near a question about him (his counterparts' calls with each other, the same template on
another day). So "about" is decided on words, in both scripts:

- each topic word stands for itself, its glossary translations, and every token of the index
  whose consonant key matches its key (`retrieval.names`: "Lavrov" → "لافروف");
- an article is about the topic when every topic word has one of its forms in the article's
  title or its first chunk (the lead, where news names who and what the story is about).

Candidates come from the keyword index (FTS5, every chunk, both scripts), restricted in
Chroma to the window's dates when one is given, so nothing depends on a vector ranking.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.arabic import keyword_tokens
from retrieval.glossary import default_glossary
from retrieval.keyword_evidence import script_of, text_tokens
from retrieval.names import MIN_KEY, keys_match, name_key

if TYPE_CHECKING:
    from index.reader import IndexReader
    from index.store_rows import StoredChunk

# words that ask, not name: "What was the latest news about Lavrov?" is about "Lavrov"
_FILLER = frozenset(
    keyword_tokens(
        "latest newest recent recently news happened happen say said says tell told update "
        "updates story stories report reports article articles new last week month year "
        "today yesterday most anything everything "
        "اخر آخر أخبار اخبار الأخبار خبر احدث أحدث جديد حدث يحدث قال قالت ماذا مستجدات "
        "المستجدات مؤخرا مؤخراً الأسبوع الماضي الشهر العام اليوم أمس"
    )
)
MAX_CANDIDATE_CHUNKS = 20_000


@dataclass(frozen=True)
class Topic:
    """A topic's words, each with every token that stands for it in the index."""

    text: str
    groups: tuple[frozenset[str], ...]

    @property
    def empty(self) -> bool:
        return not self.groups

    def tokens(self) -> set[str]:
        return set().union(*self.groups) if self.groups else set()

    def shown_in(self, text: str, language: str) -> bool:
        """Every topic word that has a form in `language` shows one among the keyword tokens
        of `text` (a word with no form there, an untranslated common word, cannot count
        against it), and at least one does."""
        have = text_tokens(text)
        matchable = [g for g in self.groups if any(_can_match(f, language) for f in g)]
        return bool(matchable) and all(group & have for group in matchable)

    def hits(self, text: str) -> bool:
        """Some topic word has a form in `text` (for choosing the sentence to quote)."""
        return bool(text_tokens(text) & self.tokens())


class Vocabulary:
    """The keyword index's tokens by consonant key, rebuilt when the index changes."""

    def __init__(self) -> None:
        self._state: str | None = None
        self._by_key: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def refresh(self, reader: IndexReader) -> dict[str, set[str]]:
        """The keys of the index as it is now (a few seconds at 100k chunks, once per sync:
        `QAService.warm` does it before the first question)."""
        with self._lock:
            if self._state != reader.state or not self._by_key:
                by_key: dict[str, set[str]] = {}
                for token in reader.keywords.vocabulary():
                    if token[:1].isdigit():
                        continue
                    k = name_key(token)
                    if len(k) >= MIN_KEY:
                        by_key.setdefault(k, set()).add(token)
                self._by_key, self._state = by_key, reader.state
            return self._by_key

    def matching(self, reader: IndexReader, key: str) -> set[str]:
        by_key = self.refresh(reader)
        exact = by_key.get(key, set())
        if len(key) < 4:
            return set(exact)
        near = {t for k, ts in by_key.items() if k != key and keys_match(key, k) for t in ts}
        return exact | near


def topic_words(text: str) -> list[str]:
    """The topic's keyword tokens, without the words that only ask ("latest", "news")."""
    return [t for t in dict.fromkeys(keyword_tokens(text)) if t not in _FILLER]


def build_topic(text: str, reader: IndexReader, vocabulary: Vocabulary) -> Topic:
    """Each topic word with its translations and, for a name, its spellings in either script.

    A word the glossary translates is a common word (its translations stand for it); any
    other word may be a name and is matched by consonant key in the other script only, so
    an English "Lavrov" gains "لافروف" but not English words that happen to share a key.
    """
    glossary = default_glossary()
    groups: list[frozenset[str]] = []
    for token in topic_words(text):
        forms = set(glossary.expand([token]).get(token, {token}))
        key = name_key(token)
        if len(forms) == 1 and len(key) >= MIN_KEY:
            script = script_of(token)
            forms |= {t for t in vocabulary.matching(reader, key) if script_of(t) != script}
        groups.append(frozenset(forms))
    return Topic(text, tuple(groups))


def _can_match(form: str, language: str) -> bool:
    return script_of(form) in ("num", "ar" if language == "ar" else "en")


@dataclass(frozen=True)
class Article:
    """One article about the topic: its lead chunk, and its metadata."""

    key: str
    lead: StoredChunk

    @property
    def meta(self) -> dict:
        return self.lead.metadata

    @property
    def date(self) -> str | None:
        return self.meta.get("date") or None


def articles_about(
    reader: IndexReader, topic: Topic, within: Sequence[tuple[int, int]] | None = None
) -> list[Article]:
    """Every article whose title or lead shows the topic; `within` restricts to articles
    dated in those (first, last) YYYYMMDD periods, None searches all."""
    if topic.empty:
        return []
    ids = [
        cid
        for cid, _ in reader.keywords.search(
            topic.tokens(), MAX_CANDIDATE_CHUNKS, within
        )
    ]
    rows = reader.get(ids, vectors=False)
    leads: dict[str, StoredChunk] = {}
    for row in rows.values():
        if int(row.metadata.get("article_chunk", 0)) != 0:
            continue
        if topic.shown_in(f"{row.metadata.get('title', '')} {row.text}", _language(row)):
            leads.setdefault(row.article, row)
    # an article whose lead only shows the topic in its title never matched the FTS search
    for row in rows.values():
        title = str(row.metadata.get("title", ""))
        if row.article not in leads and topic.shown_in(title, _language(row)):
            lead = _lead_of(reader, row)
            if lead is not None:
                leads[row.article] = lead
    return [Article(key, lead) for key, lead in leads.items()]


def _language(row: StoredChunk) -> str:
    return str(row.metadata.get("language", "other"))


def _lead_of(reader: IndexReader, row: StoredChunk) -> StoredChunk | None:
    """The first chunk of `row`'s article (chunk numbers count within the file)."""
    file_hash, number = row.id.split(":", 1)
    first = int(number) - int(row.metadata.get("article_chunk", 0))
    lead = f"{file_hash}:{first}"
    return reader.get([lead], vectors=False).get(lead)
