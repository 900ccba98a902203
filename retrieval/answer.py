"""The answer newsqa gives: text, whether the articles support it, and where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Turn = tuple[str, str]  # (question, answer text) of an earlier exchange


@dataclass(frozen=True)
class Source:
    """An article passage the answer rests on; `quote` is verbatim article text.

    `see_also` marks an article listed because it scored nearly as well as the quoted one:
    nothing in the answer's text comes from it, and it is shown apart, so a reader does not
    take another story's article for support of the answer (`retrieval.extractive`)."""

    path: str
    title: str
    date: str | None
    quote: str
    score: float
    see_also: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What `ask` returns. `found` is False when the articles do not answer the question."""

    answer: str
    found: bool
    sources: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the `newsqa ask --json` shape."""
        return {
            "answer": self.answer,
            "found": self.found,
            "sources": [s.to_dict() for s in self.sources],
        }


# What an answerer returns when the passages do not answer the question; the chain replaces
# it with the abstention the user reads (`retrieval.chain.ChainParts.abstain`).
NOT_ANSWERED = Answer("", False, [])
