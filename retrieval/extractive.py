"""The default answer step: quote the sentences that answer best, verbatim, or abstain.

No language model is involved, so nothing can be invented: the answer is article text with its
title and date. It is deterministic for a given index and question.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.answer import Answer, Source
from retrieval.evidence import Candidate, Retrieved, SentenceScorer
from retrieval.messages import message

MAX_SENTENCES = 3
CLOSE_SCORE = 0.015  # other sentences this close to the best are quoted too
KEYWORD_STRENGTH = 2.0  # a full keyword match is worth this many background deviations


def evidence_strength(scorer: SentenceScorer, query_vector: np.ndarray, best: Candidate) -> float:
    """Background z-score of the best sentence, plus credit for rare question words in it."""
    return scorer.strength(query_vector, best.cosine) + KEYWORD_STRENGTH * best.keyword


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
    query_vector = retrieved.query_vector
    candidates = scorer.candidates(retrieved)
    if not candidates:
        return Answer(message("not_found", language), False, [])
    if evidence_strength(scorer, query_vector, candidates[0]) < abstain_below:
        return Answer(message("not_found", language), False, [])
    sources = [to_source(c) for c in choose(candidates)]
    return Answer(compose(sources, language), True, sources)
