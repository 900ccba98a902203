"""Cut an article into sentence-aligned chunks whose offsets point into the original text.

Answers quote articles verbatim, so every span here is an exact ``(start, end)`` into the
text it came from: nothing is normalised, joined or re-spaced. Chunks hold a few whole
sentences with one sentence of overlap, so a fact stated across a sentence boundary is
still retrievable, and never exceed the embedding model's token budget.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from core.language import arabic_share, is_arabic_letter
from index.documents import Chunk

__all__ = ["split_sentences", "chunk_text", "estimate_tokens"]

Span = tuple[int, int]

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_TERMINATOR = re.compile(r"[.!?؟…۔]+|[;؛]")
_CLOSERS = "\"'”’»)]}›"
_OPENERS = "\"'“‘«([{‹"
# Bidi and zero-width marks are invisible: a span should not start or end on one.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
# Words that end in "." without ending the sentence (compared casefolded, dot removed).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep rev hon pres amb
    inc ltd co corp dept est approx vs etc al fig no nos vol pp ed eds jan feb apr jun jul
    aug sep sept oct nov dec mt ave blvd""".split()  # noqa: SIM905
)
_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# An Arabic comma ends a clause; it only becomes a boundary inside very long sentences.
_LONG_SENTENCE_WORDS = 60
_ARABIC_COMMA = re.compile("،")
_CLAUSE_END = re.compile(r"،|,(?!\d)|[:;؛]")


def _is_space(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def _strip(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding whitespace, or None when nothing visible is left."""
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def _lines(text: str) -> Iterator[Span]:
    start = 0
    for match in _LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _word_count(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _period_ends_sentence(text: str, dot: int, after: int, line_start: int, line_end: int) -> bool:
    """Decide whether a single '.' ends a sentence (not "U.S.", "Mr.", "1.5", "د. أحمد")."""
    word_start = dot
    while word_start > line_start and not _is_space(text[word_start - 1]):
        word_start -= 1
    word = text[word_start:dot].lstrip(_OPENERS)
    nxt = text[after] if after < line_end else ""
    if nxt and not _is_space(nxt):
        # "انتهى.وقال": careless Arabic typing omits the space; Latin "U.S", "1.5" never split.
        return is_arabic_letter(nxt) and len(word) > 1 and is_arabic_letter(word[-1])
    if not nxt:
        return True
    if word.casefold() in _ABBREVIATIONS or _ACRONYM.fullmatch(word):
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith", "د. أحمد"
        return False
    following = text[after:line_end].lstrip()
    return not (following and following[0].islower() and not is_arabic_letter(following[0]))


def _boundary(text: str, match: re.Match[str], line_start: int, line_end: int) -> int | None:
    """End offset of the sentence closed by this punctuation run, or None if it is not one."""
    run = match.group()
    after = match.end()
    while after < line_end and text[after] in _CLOSERS:
        if text[after] in "\"'" and after + 1 < line_end and text[after + 1].isalnum():
            break  # a straight quote glued to the next word opens a quotation
        after += 1
    if run == ".":
        return (
            after
            if _period_ends_sentence(text, match.start(), after, line_start, line_end)
            else None
        )
    nxt = text[after] if after < line_end else ""
    if not nxt:
        return after
    if _is_space(nxt):
        if set(run) <= {".", "…"}:  # an ellipsis mid-sentence is followed by lowercase
            following = text[after:line_end].lstrip()
            if following and following[0].islower() and not is_arabic_letter(following[0]):
                return None
        return after
    return after if is_arabic_letter(nxt) else None


def _sentences_in_line(text: str, line_start: int, line_end: int) -> Iterator[Span]:
    start = line_start
    for match in _TERMINATOR.finditer(text, line_start, line_end):
        end = _boundary(text, match, line_start, line_end)
        if end is None:
            continue
        span = _strip(text, start, end)
        if span:
            yield span
        start = end
    span = _strip(text, start, line_end)
    if span:
        yield span


def _split_long(text: str, start: int, end: int) -> list[Span]:
    """Cut a sentence of more than ~60 words after Arabic commas, packing clauses greedily."""
    if _word_count(text, start, end) <= _LONG_SENTENCE_WORDS:
        return [(start, end)]
    cuts = [m.end() for m in _ARABIC_COMMA.finditer(text, start, end)]
    pieces: list[Span] = []
    current, previous = start, None
    for cut in [*cuts, end]:
        if previous is not None and _word_count(text, current, cut) > _LONG_SENTENCE_WORDS:
            pieces.append((current, previous))
            current = previous
        previous = cut
    pieces.append((current, end))
    return [span for s, e in pieces if (span := _strip(text, s, e))]


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` as exact ``(start, end)`` offsets, whitespace excluded.

    Boundaries: ``. ? ! ؟ ; ؛`` (with any closing quotes or brackets kept on the left)
    and every line break. Decimal points, dotted acronyms, initials and common
    abbreviations do not end a sentence. Sentences over ~60 words are further cut at the
    Arabic comma, which Arabic news prose uses where English would use a full stop.
    """
    spans: list[Span] = []
    for line_start, line_end in _lines(text):
        for start, end in _sentences_in_line(text, line_start, line_end):
            spans.extend(_split_long(text, start, end))
    return spans


def estimate_tokens(text: str) -> int:
    """Rough subword count when no tokenizer is at hand: ~1.3/word English, ~1.6 Arabic.

    Arabic words carry clitics (و، ب، ال، ـها) that multilingual tokenizers split off.
    Very long "words" (URLs, text without spaces) count one extra per 20 characters.
    """
    words = text.split()
    if not words:
        return 0
    weight = len(words) + sum(len(word) // 20 for word in words)
    return math.ceil(weight * (1.3 + 0.3 * arabic_share(text)))


def _clauses(text: str, start: int, end: int) -> list[Span]:
    cuts = [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return [span for s, e in zip(bounds, bounds[1:], strict=False) if (span := _strip(text, s, e))]


def _words(text: str, start: int, end: int) -> list[Span]:
    return [m.span() for m in re.compile(r"\S+").finditer(text, start, end)]


def _characters(text: str, start: int, end: int) -> list[Span]:
    return [(i, i + 1) for i in range(start, end) if not _is_space(text[i])]


_SPLITTERS = (_clauses, _words, _characters)


def _fit(text: str, start: int, end: int, limit: int, count: Callable[[str], int]) -> list[Span]:
    """Cut one span into the fewest consecutive pieces of at most ``limit`` tokens.

    Tries clause ends, then words, then characters; pieces are packed greedily with a
    galloping search so a huge unpunctuated text costs O(log n) token counts per piece.
    """

    def fits(a: int, b: int) -> bool:
        return count(text[a:b]) <= limit

    if fits(start, end):
        return [(start, end)]
    for splitter in _SPLITTERS:
        atoms = splitter(text, start, end)
        if len(atoms) > 1:
            break
    else:
        return [(start, end)]  # one character over budget: nothing smaller to cut
    pieces: list[Span] = []
    i = 0
    while i < len(atoms):
        if not fits(*atoms[i]):
            pieces.extend(_fit(text, *atoms[i], limit, count))
            i += 1
            continue
        # Gallop (i+1, i+3, i+7 ...) to bracket the end, then binary-search inside, so the
        # cost is proportional to the piece, not to the rest of the sentence.
        lo, step = i, 1
        while lo + step < len(atoms) and fits(atoms[i][0], atoms[lo + step][1]):
            lo += step
            step *= 2
        hi = min(lo + step, len(atoms)) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(atoms[i][0], atoms[mid][1]):
                lo = mid
            else:
                hi = mid - 1
        pieces.append((atoms[i][0], atoms[lo][1]))
        i = lo + 1
    return pieces


def chunk_text(
    text: str,
    sentences_per_chunk: int = 3,
    overlap: int = 1,
    max_tokens: int = 400,
    count_tokens: Callable[[str], int] | None = None,
) -> list[Chunk]:
    """Group sentences into overlapping chunks numbered 0..n-1, each within ``max_tokens``.

    ``count_tokens`` should be the embedding model's tokenizer; without it
    :func:`estimate_tokens` is used. A chunk holds up to ``sentences_per_chunk`` sentences
    and shares ``overlap`` of them with the next; it holds fewer when the budget demands,
    and a sentence too long on its own is cut at commas, then words. ``Chunk.text`` is
    always ``text[chunk.start:chunk.end]``; ``Chunk.sentences`` are the absolute spans of
    the (possibly cut) sentences it contains. The sync keeps the default budget: sentences
    are what gets embedded, and 400 estimated tokens keep each inside e5's 512.
    """
    if sentences_per_chunk < 1 or max_tokens < 1:
        raise ValueError("sentences_per_chunk and max_tokens must be at least 1")
    if not 0 <= overlap < sentences_per_chunk:
        raise ValueError("overlap must be >= 0 and smaller than sentences_per_chunk")
    count = count_tokens or estimate_tokens
    units: list[Span] = []
    for start, end in split_sentences(text):
        units.extend(_fit(text, start, end, max_tokens, count))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j = min(i + sentences_per_chunk, len(units))
        while j - i > 1 and count(text[units[i][0] : units[j - 1][1]]) > max_tokens:
            j -= 1
        start, end = units[i][0], units[j - 1][1]
        chunks.append(Chunk(text[start:end], start, end, len(chunks), list(units[i:j])))
        if j == len(units):
            break
        i = j - overlap if j - overlap > i else j
    return chunks
