"""The default answer step: quote the sentences that answer best, verbatim, or abstain.

No language model is involved, so nothing can be invented: the answer is article text with its
title and date. It is deterministic for a given index and question.
"""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.answer import Answer, Source
from retrieval.evidence import Candidate, Retrieved, SentenceScorer
from retrieval.messages import message

MAX_SENTENCES = 3
MAX_SOURCES = 3
CLOSE_SCORE = 0.5  # other sentences this close to the best (in deviations) are quoted too


def choose(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The best sentence and up to two others nearly as good, merged when adjacent."""
    best = candidates[0]
    chosen = [best] + [
        c for c in candidates[1:MAX_SENTENCES] if c.score >= best.score - CLOSE_SCORE
    ]
    chosen.sort(key=lambda c: (c.passage.article, c.passage.metadata.get("start", 0), c.start))
    merged: list[Candidate] = []
    for cand in chosen:
        last = merged[-1] if merged else None
        if last and last.passage is cand.passage and cand.start - last.end <= 2:
            merged[-1] = Candidate(
                cand.passage,
                last.start,
                cand.end,
                max(last.cosine, cand.cosine),
                max(last.z, cand.z),
                max(last.keyword, cand.keyword),
            )
        else:
            merged.append(cand)
    return sorted(merged, key=lambda c: c.score, reverse=True)


def to_source(cand: Candidate) -> Source:
    meta = cand.passage.metadata
    return Source(
        path=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        date=meta.get("date") or None,
        quote=cand.text,
        score=round(cand.score, 4),
    )


def compose(sources: Sequence[Source], language: str) -> str:
    """The answer text: each quote with the article it comes from."""
    parts = []
    for src in sources:
        cite = f"{src.title} ({src.date})" if src.date else src.title
        parts.append(f"«{src.quote}»\n— {message('according_to', language)} {cite}")
    return "\n\n".join(parts)


def extractive_answer(
    retrieved: Retrieved, language: str, scorer: SentenceScorer, abstain_below: float
) -> Answer:
    """Answer from the passages alone; `found=False` when the evidence is weaker than the bar."""
    candidates = scorer.candidates(retrieved)
    if not candidates:
        return Answer(message("not_found", language), False, [])
    if candidates[0].score < abstain_below:
        return Answer(message("not_found", language), False, [])
    chosen = choose(candidates)
    sources = [to_source(c) for c in chosen]
    text = compose(sources, language)
    return Answer(
        text, True, sources + [to_source(c) for c in see_also(candidates, chosen, abstain_below)]
    )


def see_also(
    candidates: Sequence[Candidate], chosen: Sequence[Candidate], bar: float
) -> list[Candidate]:
    """The best sentence of up to two other articles that also clear the bar.

    The answer quotes the strongest evidence; these follow it in the sources so a reader can
    check other articles on the same point (often the same story in the other language).
    """
    seen = {c.passage.article for c in chosen}
    extra: list[Candidate] = []
    for cand in candidates:
        if len(chosen) + len(extra) >= MAX_SOURCES or cand.score < bar:
            break
        if cand.passage.article not in seen:
            seen.add(cand.passage.article)
            extra.append(cand)
    return extra
