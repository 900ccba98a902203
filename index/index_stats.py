"""What the index holds: article and chunk counts, date range, languages.

Read from the file markers and the collections' sizes alone, so `newsqa stats` and the bot's
/stats need neither the embedding model nor a single chunk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.store import ChunkStore


@dataclass(frozen=True)
class IndexStats:
    """For /start, /stats and `newsqa stats`."""

    articles: int
    chunks: int
    newest_date: str | None
    oldest_date: str | None
    languages: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format(self) -> str:
        langs = ", ".join(f"{n} {lang}" for lang, n in sorted(self.languages.items())) or "none"
        span = (
            f"from {self.oldest_date} to {self.newest_date}"
            if self.newest_date
            else "no dates known"
        )
        return (
            f"{self.articles} articles in {self.files} files, {self.chunks} chunks; "
            f"languages: {langs}; {span}."
        )


def read_stats(store: ChunkStore | None) -> IndexStats:
    """Read from the file markers; an absent index is an empty one."""
    if store is None:
        return IndexStats(0, 0, None, None, {}, 0)
    markers = [f.marker for f in store.indexed_files().values()]
    oldest = sorted(str(m["oldest"]) for m in markers if m.get("oldest"))
    newest = sorted(str(m["newest"]) for m in markers if m.get("newest"))
    languages: Counter[str] = Counter()
    for m in markers:
        for part in str(m.get("languages", "")).split(";"):
            if "=" in part:
                lang, n = part.split("=", 1)
                languages[lang] += int(n)
    return IndexStats(
        articles=sum(int(m.get("n_articles", 0)) for m in markers),
        chunks=store.count(),
        newest_date=newest[-1] if newest else None,
        oldest_date=oldest[0] if oldest else None,
        languages=dict(languages),
        files=len(markers),
    )
