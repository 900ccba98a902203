"""The sentences of retrieved passages that can be quoted, before any scoring.

A quote is a whole sentence of the article: not its headline (which restates the topic and
answers nothing), not a subheading or tag line, not a fragment too short to say anything,
and not a piece of a long sentence that `index.chunking` cut at an Arabic comma so that each
piece embeds well. `retrieval.evidence` scores what this module finds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.arabic import normalize
from retrieval.language_merge import MIN_WORDS

if TYPE_CHECKING:
    from retrieval.passage import Passage


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with offsets into the passage text."""

    passage: Passage
    start: int
    end: int
    cosine: float = 0.0
    z: float = 0.0  # cosine against the background of the sentence's language
    keyword: float = 0.0  # share of the question's keyword weight found in the sentence
    score: float = 0.0  # evidence strength within the article, in deviations
    lead: bool = False  # the article's first sentence after its headline

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


def quotable_sentences(
    passages: Sequence[Passage], dimension: int
) -> tuple[list[Candidate], np.ndarray]:
    """The passages' distinct sentences worth quoting, with their stored vectors."""
    found: list[Candidate] = []
    rows: list[np.ndarray] = []
    seen: set[tuple[str, int]] = set()
    for passage in passages:
        offset = int(passage.metadata.get("start", 0))
        title = " ".join(normalize(str(passage.metadata.get("title", ""))).split())
        lead = offset == 0  # the article's first chunk: its first quotable sentence leads
        for start, end, vector in whole_sentences(passage):
            key = (passage.article, start)
            if is_headline(passage.text[start - offset : end - offset], start, title):
                continue  # the headline restates the topic and answers nothing
            start, end = start - offset, end - offset  # from here on, within the passage
            if key in seen or len(passage.text[start:end].split()) < MIN_WORDS:
                continue
            if is_heading(passage.text, start, end):
                continue  # subheadings and tag lines are no sentences
            seen.add(key)
            found.append(Candidate(passage, start, end, lead=lead))
            lead = False
            rows.append(vector)
    if not rows:
        return [], np.zeros((0, dimension), dtype=np.float32)
    return found, np.stack(rows)


def whole_sentences(passage: Passage) -> list[tuple[int, int, np.ndarray]]:
    """The passage's sentences as (start, end, vector), pieces of one long sentence glued.

    The index cuts sentences of over ~60 words at Arabic commas (`index.chunking`) so that
    each piece embeds well; a quote, though, should be a whole sentence, and a piece such as
    "as the Russian foreign ministry announced." is no answer on its own. A glued sentence
    is scored by the mean of its pieces' vectors.
    """
    vectors = passage.sentence_vectors
    if vectors is None or len(vectors) != len(passage.sentence_spans):
        return []
    offset = int(passage.metadata.get("start", 0))
    out: list[tuple[int, int, np.ndarray]] = []
    for (start, end), vector in zip(passage.sentence_spans, vectors, strict=True):
        vector = vector.astype(np.float32)
        # a span ends on a visible character: the previous one's last is its cut, if any
        if out and passage.text[out[-1][1] - offset - 1] == _CUT:
            first, _, joined = out[-1]
            out[-1] = (first, end, joined + vector)
        else:
            out.append((start, end, vector))
    return [(s, e, v / max(float(np.linalg.norm(v)), 1e-9)) for s, e, v in out]


_CUT = "،"  # where `index.chunking` cuts a long sentence


def is_heading(text: str, start: int, end: int) -> bool:
    """A whole line without a full stop: a subheading, caption or tag line, not a sentence."""
    line_start = start == 0 or text[start - 1] == "\n"
    line_end = end >= len(text) or text[end] == "\n"
    return line_start and line_end and not _SENTENCE_END.search(text[start:end])


def is_headline(text: str, start: int, title: str) -> bool:
    """The article's title, or its first line when that line ends without a full stop."""
    if title and " ".join(normalize(text).split()) == " ".join(normalize(title).split()):
        return True
    return start == 0 and not _SENTENCE_END.search(text)


# a full stop (or colon, introducing what follows), then any closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?؟…:;؛][\"'”’»)\]]*\s*$")
