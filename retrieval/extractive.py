"""The default answer step: quote the sentence that answers best, verbatim, or abstain.

No language model is involved, so nothing can be invented: the answer is article text with its
title and date. The article is the one retrieval ranked first (its score already weighs both
languages on one scale, `retrieval.language_merge`); the quote is that article's best sentence
(`retrieval.evidence`). Another article is listed only when its own best passage scores as
strongly, and an article saved twice (another file name or encoding) is listed once.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.messages import message
from index.arabic import normalize
from retrieval.answer import NOT_ANSWERED, Answer, Source
from retrieval.evidence import Retrieved, SentenceScorer
from retrieval.quotable import Candidate

MAX_SENTENCES = 2
MAX_SOURCES = 3
CLOSE_SCORE = 0.5  # a second sentence this close to the best (in deviations) is quoted too
SEE_ALSO_MARGIN = 0.5  # another article whose best passage is this close is listed too
MAX_QUOTE_WORDS = 70  # longer sentences are trimmed around the question's words


def choose(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The best sentence and another nearly as good, merged when adjacent."""
    best = candidates[0]
    chosen = [best] + [
        c for c in candidates[1:MAX_SENTENCES] if c.score >= best.score - CLOSE_SCORE
    ]
    chosen.sort(key=lambda c: (c.passage.metadata.get("start", 0), c.start))
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
                max(last.score, cand.score),
                last.lead,
            )
        else:
            merged.append(cand)
    return sorted(merged, key=lambda c: c.score, reverse=True)


def trim(text: str, terms: set[str], limit: int = MAX_QUOTE_WORDS) -> str:
    """A very long sentence cut to `limit` words around the question's words, with "…"."""
    words = text.split()
    if len(words) <= limit:
        return text
    folded = [normalize(w) for w in words]
    hits = [i for i, w in enumerate(folded) if any(t in w for t in terms if len(t) > 2)]
    centre = sorted(hits)[len(hits) // 2] if hits else 0
    start = max(0, min(centre - limit // 2, len(words) - limit))
    piece = " ".join(words[start : start + limit])
    return ("… " if start else "") + piece + (" …" if start + limit < len(words) else "")


def to_source(cand: Candidate, terms: set[str] | None = None, *, see_also: bool = False) -> Source:
    meta = cand.passage.metadata
    return Source(
        path=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        date=meta.get("date") or None,
        quote=trim(cand.text, terms or set()),
        score=round(cand.passage.fused, 4),
        see_also=see_also,
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
    """Answer from the passages alone; `NOT_ANSWERED` when the evidence is weaker than the bar
    (the chain then abstains)."""
    pool = retrieved.pool or retrieved.passages
    if not pool or max(p.strength for p in pool) < abstain_below:
        return NOT_ANSWERED
    terms = retrieved.terms.all_forms()
    top = pool[0]
    candidates = scorer.candidates(retrieved, retrieved.article_passages(top.article))
    if not candidates:
        return NOT_ANSWERED
    chosen = choose(candidates)
    sources = _one_per_article([to_source(c, terms) for c in chosen])
    text = compose(sources, language)
    extra = see_also(retrieved, scorer, top.fused - SEE_ALSO_MARGIN, sources)
    return Answer(text, True, sources + [to_source(c, terms, see_also=True) for c in extra])


def _one_per_article(sources: Sequence[Source]) -> list[Source]:
    """Quotes of one article joined into one, so the answer cites each article once."""
    merged: dict[str, Source] = {}
    for src in sources:
        if src.path in merged:
            first = merged[src.path]
            merged[src.path] = Source(
                first.path, first.title, first.date, f"{first.quote} … {src.quote}", first.score
            )
        else:
            merged[src.path] = src
    return list(merged.values())


def see_also(
    retrieved: Retrieved, scorer: SentenceScorer, bar: float, chosen: Sequence[Source]
) -> list[Candidate]:
    """The best sentence of other articles whose best passage scores nearly as well.

    Often the same story in the other language; never a weaker article padding the list,
    and never the same text saved under another name.
    """
    seen_articles = {p.article for p in (retrieved.pool or retrieved.passages)[:1]}
    seen_quotes = {_fingerprint(s.quote) for s in chosen}
    extra: list[Candidate] = []
    for passage in retrieved.pool or retrieved.passages:
        if len(chosen) + len(extra) >= MAX_SOURCES or passage.fused < bar:
            break
        if passage.article in seen_articles:
            continue
        seen_articles.add(passage.article)
        best = scorer.candidates(retrieved, retrieved.article_passages(passage.article))
        if best and _fingerprint(best[0].text) not in seen_quotes:
            seen_quotes.add(_fingerprint(best[0].text))
            extra.append(best[0])
    return extra


def _fingerprint(text: str) -> str:
    return " ".join(normalize(text).split())
