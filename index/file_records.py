"""Turning one file's articles into the rows the store writes: sentences and chunks.

Each sentence is embedded once, with the `passage: ` prompt. A chunk's vector is the mean of
its sentences' vectors plus a share of its article title's vector, re-normalized: overlapping
chunks then cost no extra embedding, and the title (which names the story, often in the
other language's terms) still pulls every chunk of the article toward questions about it.
The sentence vectors themselves ride in the chunk's metadata for the answer step
(see `index.sentence_vectors`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.date_numbers import date_number
from index.documents import Article, SkipFile
from index.sentence_vectors import encode_sentences
from index.settings import IndexSettings
from index.store_rows import Records, chunk_id

if TYPE_CHECKING:
    from index.embeddings import Embedder

TITLE_WEIGHT = 0.3


@dataclass
class FileRecords:
    """One file, chunked, waiting for its embeddings."""

    source: str
    file_hash: str
    chunks: Records = field(default_factory=Records)
    sentences: list[str] = field(default_factory=list)
    # each sentence's (start, end) in its article's text
    spans: list[tuple[int, int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # per chunk: (first sentence number, sentence count, title number)
    layout: list[tuple[int, int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what the store's marker for this file says (see `index.store`)
    marker: dict[str, Any] = field(default_factory=dict)

    @property
    def texts_to_embed(self) -> list[str]:
        return self.sentences + self.titles

    def set_vectors(self, vectors: np.ndarray) -> None:
        """Take this file's share of a batch's embeddings and build the chunk vectors."""
        n = len(self.sentences)
        sentence_vectors, title_vectors = vectors[:n], vectors[n:]
        chunk_vectors = np.empty((len(self.layout), vectors.shape[1]), dtype=np.float32)
        for row, (first, count, title) in enumerate(self.layout):
            mine = sentence_vectors[first : first + count]
            self.chunks.metadatas[row].update(
                encode_sentences(self.spans[first : first + count], mine)
            )
            vector = mine.mean(axis=0)
            vector = vector + TITLE_WEIGHT * title_vectors[title]
            chunk_vectors[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
        self.chunks.embeddings = chunk_vectors


def prepare_file(
    path: Path, source: str, root: Path, file_hash: str, settings: IndexSettings
) -> FileRecords:
    """Load, chunk and lay out one file; raises SkipFile when there is nothing to index."""
    from index.chunking import chunk_text
    from index.loaders import read_articles

    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    articles, warnings = read_articles(path, root, max_bytes)
    out = FileRecords(source, file_hash, warnings=warnings)
    indexed: list[Article] = []
    for article in articles:
        chunks = chunk_text(article.text, sentences_per_chunk=settings.chunk_sentences)
        if not chunks:
            continue
        indexed.append(article)
        spans = list(dict.fromkeys(span for chunk in chunks for span in chunk.sentences))
        number_of = {span: len(out.sentences) + i for i, span in enumerate(spans)}
        out.sentences.extend(article.text[start:end] for start, end in spans)
        out.spans.extend(spans)
        out.titles.append(article.title)
        for chunk in chunks:
            number = len(out.chunks.ids)
            first = number_of[chunk.sentences[0]]
            out.layout.append((first, len(chunk.sentences), len(out.titles) - 1))
            meta = _metadata(article, chunk.start, chunk.end)
            meta.update(chunk=number, article_chunk=chunk.number)
            out.chunks.ids.append(chunk_id(file_hash, number))
            out.chunks.documents.append(chunk.text)
            out.chunks.metadatas.append(meta)
    if not out.chunks.ids:
        raise SkipFile("no text to index")
    out.marker = _marker(source, len(out.chunks.ids), indexed)
    return out


def _marker(source: str, n_chunks: int, articles: list[Article]) -> dict[str, Any]:
    """The file's marker: enough for re-sync (source, chunk count) and for index stats."""
    languages = Counter(a.language for a in articles)
    marker: dict[str, Any] = {
        "source": source,
        "n_chunks": n_chunks,
        "n_articles": len(articles),
        "languages": ";".join(f"{lang}={n}" for lang, n in sorted(languages.items())),
    }
    dates = sorted(a.date for a in articles if a.date)
    if dates:
        marker.update(oldest=dates[0], newest=dates[-1])
    return marker


def embed_files(files: list[FileRecords], embedder: Embedder) -> int:
    """Embed a batch of files in one call (sorted by length inside); returns texts embedded."""
    texts = [t for f in files for t in f.texts_to_embed]
    if not texts:
        return 0
    vectors = embedder.embed_passages(texts)
    at = 0
    for f in files:
        n = len(f.texts_to_embed)
        f.set_vectors(vectors[at : at + n])
        at += n
    return len(texts)


def _metadata(article: Article, start: int, end: int) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "source": article.source,
        "record": article.record,
        "title": article.title,
        "language": article.language,
        "start": start,
        "end": end,
    }
    if article.date:
        meta["date"] = article.date
        number = date_number(article.date)
        if number is not None:  # for Chroma's $gte/$lte: questions filter by period
            meta["date_num"] = number
    if article.url:
        meta["url"] = article.url
    return meta
