"""What the index holds: article and chunk counts, date range, languages."""

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
    """Read from the first chunk of every article; an absent index is an empty one."""
    if store is None:
        return IndexStats(0, 0, None, None, {}, 0)
    metas = list(store.where({"article_chunk": 0}).values())
    dates = sorted(str(m["date"]) for m in metas if m.get("date"))
    languages = Counter(str(m.get("language", "other")) for m in metas)
    files = len({m.get("source") for m in metas})
    return IndexStats(
        articles=len(metas),
        chunks=store.count(),
        newest_date=dates[-1] if dates else None,
        oldest_date=dates[0] if dates else None,
        languages=dict(languages),
        files=files,
    )
