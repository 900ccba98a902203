"""What a sync did, in a form for people (`format`) and for scripts (`to_dict`, `--json`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SyncSummary:
    """Counts and names of what changed; `skipped` holds (path, reason) for every bad file."""

    folder: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    articles: int = 0
    embedded_chunks: int = 0
    embedded_sentences: int = 0
    total_chunks: int = 0
    repaired_chunks: int = 0
    repaired_files: int = 0  # markers whose chunks were missing: indexed again
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(
            self.added
            or self.updated
            or self.removed
            or self.renamed
            or self.repaired_chunks
            or self.repaired_files
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["renamed"] = [{"from": a, "to": b} for a, b in self.renamed]
        data["skipped"] = [{"path": p, "reason": r} for p, r in self.skipped]
        data["warnings"] = [{"path": p, "warning": w} for p, w in self.warnings]
        return data

    def format(self) -> str:
        """A short human summary, the same in the terminal and in Telegram."""
        lines = [
            f"Indexed {self.folder} in {self.seconds:.1f} s: "
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.renamed)} renamed, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped.",
            f"{self.embedded_chunks} chunks ({self.embedded_sentences} sentences) embedded; "
            f"the index holds {self.total_chunks} chunks.",
        ]
        if self.repaired_chunks:
            lines.append(
                f"Repaired an interrupted sync: removed {self.repaired_chunks} leftover rows."
            )
        if self.repaired_files:
            lines.append(
                f"Repaired {self.repaired_files} files whose chunks were missing: indexed again."
            )
        for path, reason in self.skipped:
            lines.append(f"  skipped {path}: {reason}")
        for path, warning in self.warnings:
            lines.append(f"  warning {path}: {warning}")
        return "\n".join(lines)
