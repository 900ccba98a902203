"""Plain-text rendering of an Answer for the terminal."""

from __future__ import annotations

from retrieval.answer import Answer


def format_answer(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.sources:
        lines.append("")
        lines.append("Sources:")
        for n, src in enumerate(answer.sources, start=1):
            when = f", {src.date}" if src.date else ""
            lines.append(f"  [{n}] {src.title}{when} — {src.path} (score {src.score:.3f})")
    return "\n".join(lines)
