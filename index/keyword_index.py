"""BM25 keyword search over Arabic-normalized chunk text, kept on disk in SQLite FTS5.

The keyword index is a cache of the Chroma collections, not a second source of truth: the
index reader (`index.reader`) hands it the catalog's id and sync generation before a
question and, when they differ from what it last saw, it adds and removes exactly the chunks
that changed. So it stays correct when a sync or a rebuild runs in another process (or on
another machine against a Chroma server), and a question never needs the whole corpus in
memory.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.arabic import keyword_tokens

if TYPE_CHECKING:
    from index.store import ChunkStore
    from index.store_rows import StoredChunk

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(
    chunk_id UNINDEXED, article UNINDEXED, date_num UNINDEXED, tokens,
    tokenize = 'unicode61 remove_diacritics 0'
);
"""


# Bump when `keyword_tokens` or the table's columns change: the table is built again.
TOKENIZER_VERSION = 3


def date_of(row: StoredChunk) -> int | None:
    """The chunk's article date as YYYYMMDD (None when undated)."""
    number = row.metadata.get("date_num")
    return int(number) if isinstance(number, int | float) else None


class KeywordIndex:
    """FTS5 table of (chunk id, article key, normalized tokens); thread-safe."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.Lock()
        # chunk counts per term (total under ""), valid for one refresh token: they change
        # only when a sync does, and counting the whole table costs ~50 ms at 100k chunks
        self._counts: dict[str, int] = {}
        self._counts_token: str | None = None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- keeping in step with Chroma -----------------------------------------------------

    def _token(self) -> str | None:
        row = self._conn.execute("SELECT value FROM state WHERE key='seen'").fetchone()
        return row[0] if row else None

    def refresh(self, store: ChunkStore, generation: str) -> int:
        """Apply the store's changes since the last refresh; returns chunks touched.

        `generation` is `ChunkStore.generation()`: it changes with every sync and rebuild.
        """
        token = f"{TOKENIZER_VERSION}/{generation}"
        with self._lock:
            if token != self._counts_token:  # another process may have applied the change
                self._counts, self._counts_token = {}, token
            seen = self._token()
            if seen == token:
                return 0
            if seen is None or not seen.startswith(f"{TOKENIZER_VERSION}/"):
                self._conn.execute("DROP TABLE IF EXISTS chunks")  # older columns, too
                self._conn.executescript(_SCHEMA)
            have = {r[0] for r in self._conn.execute("SELECT chunk_id FROM chunks")}
            want = set(store.all_ids())
            gone, new = have - want, sorted(want - have)
            self._conn.execute("BEGIN")
            try:
                self._conn.executemany(
                    "DELETE FROM chunks WHERE chunk_id = ?", [(cid,) for cid in gone]
                )
                for start in range(0, len(new), store.batch_size):
                    batch = new[start : start + store.batch_size]
                    rows = [
                        (cid, row.article, date_of(row), " ".join(keyword_tokens(row.text)))
                        for cid, row in store.get(batch, vectors=False).items()
                    ]
                    self._conn.executemany(
                        "INSERT INTO chunks (chunk_id, article, date_num, tokens) "
                        "VALUES (?, ?, ?, ?)",
                        rows,
                    )
                self._conn.execute(
                    "INSERT OR REPLACE INTO state (key, value) VALUES ('seen', ?)", (token,)
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        if gone or new:
            log.info("Keyword index: %d chunks added, %d removed", len(new), len(gone))
        return len(gone) + len(new)

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        terms: Iterable[str],
        limit: int,
        periods: Sequence[tuple[int, int]] | None = None,
    ) -> list[tuple[str, float]]:
        """Chunk ids matching any of `terms` (keyword tokens) by BM25, best first, score > 0;
        with `periods` ((first, last) YYYYMMDD numbers), only chunks dated in one of them.

        The date is a column here, so a dated question or a timeline window is filtered
        where the words are matched, with no list of the period's chunk ids to fetch first.
        """
        terms = sorted(set(terms))
        if not terms or (periods is not None and not periods):
            return []
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = "SELECT chunk_id, bm25(chunks) FROM chunks WHERE chunks MATCH ? "
        params: list[object] = [query]
        if periods:
            sql += "AND (" + " OR ".join(["date_num BETWEEN ? AND ?"] * len(periods)) + ") "
            params.extend(n for period in periods for n in period)
        with self._lock:
            rows = self._conn.execute(
                sql + "ORDER BY bm25(chunks) LIMIT ?", (*params, limit)
            ).fetchall()
        return [(cid, -score) for cid, score in rows]

    def vocabulary(self) -> list[str]:
        """Every distinct token in the index, for matching a name across scripts
        (`retrieval.topics`: "Lavrov" finds the Arabic articles' "لافروف")."""
        with self._lock:
            self._conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, chunks, row)"
            )
            return [row[0] for row in self._conn.execute("SELECT term FROM temp.vocab")]

    def document_frequency(self, terms: Sequence[str]) -> dict[str, int]:
        """How many chunks hold each term, and the total under "": rare words are stronger
        evidence. Remembered until the next sync: questions share most of their words."""
        out: dict[str, int] = {}
        with self._lock:
            counts = self._counts
            for term in set(terms) | {""}:
                if term not in counts:
                    counts[term] = self._count(term)
                out[term] = counts[term]
        return out

    def _count(self, term: str) -> int:
        if not term:
            return int(self._conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
        quoted = '"' + term.replace('"', '""') + '"'
        row = self._conn.execute("SELECT count(*) FROM chunks WHERE chunks MATCH ?", (quoted,))
        return int(row.fetchone()[0])
