"""Plain-text rendering of an Answer for the terminal."""

from __future__ import annotations

from retrieval.answer import Answer


def format_answer(answer: Answer) -> str:
    """The answer, then its sources; articles listed only as "see also" under their own
    heading, with their best sentence, since the answer's text does not come from them."""
    lines = [answer.answer]
    quoted = [s for s in answer.sources if not s.see_also]
    others = [s for s in answer.sources if s.see_also]
    sections = (("Sources:", quoted, 1), ("See also:", others, len(quoted) + 1))
    for heading, sources, first in sections:
        if not sources:
            continue
        lines += ["", heading]
        for n, src in enumerate(sources, start=first):
            when = f", {src.date}" if src.date else ""
            lines.append(f"  [{n}] {src.title}{when} — {src.path} (score {src.score:.3f})")
            if src.see_also:
                lines.append(f"      «{src.quote}»")
    return "\n".join(lines)
