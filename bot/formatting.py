"""Telegram HTML for answers, and splitting long HTML into messages Telegram accepts.

Telegram's HTML parse mode needs only ``html.escape``; every text that did not come from
this module is escaped. Telegram counts a message's length in UTF-16 code units after
parsing entities; `split_html_message` measures the raw HTML instead, which is never shorter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import i18n
from bot.i18n import escape
from retrieval.answer import Answer, Source
from retrieval.readable import language_name, readable_date

if TYPE_CHECKING:
    from index.index_stats import IndexStats
    from index.sync_summary import SyncSummary

MAX_MESSAGE_LENGTH = 4096  # telegram.constants.MessageLimit.MAX_TEXT_LENGTH
MAX_QUOTES = 3

_ATOM = re.compile(
    r"""(?P<tag><(?:[^<>"']|"[^"]*"|'[^']*')*>)"""
    r"|(?P<ent>&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)"
    r"|(?P<ws>\s+)"
    r"|(?P<char>.)",
    re.DOTALL,
)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")
_SENTENCE_END = set(".!?؟…۔。")
_CLOSERS = set("\"'»”’)]")

# Break classes, best first: blank line, line break, sentence end, word gap, anywhere.
PARAGRAPH, LINE, SENTENCE, WORD, HARD = range(5)


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _source_line(source: Source) -> str:
    title = escape(source.title or source.path)
    return f"{title} — {escape(source.date)}" if source.date else title


def _unique_sources(sources: list[Source]) -> list[Source]:
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for source in sources:
        key = (source.title or source.path, source.date)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def format_answer(answer: Answer, lang: str = "en") -> str:
    """The answer text, its best quotes as blockquotes, then "title — date" per source;
    then, under "See also", the articles listed only because they scored nearly as well,
    each with its best sentence: the answer does not rest on them.

    Quotes the answer already contains word for word (extractive answers) are not repeated.
    """
    parts = [escape(answer.answer.strip())]
    squashed = "".join(answer.answer.split())
    quoted = [s for s in answer.sources if not s.see_also]
    others = _unique_sources([s for s in answer.sources if s.see_also])
    quotes = [
        s.quote.strip()
        for s in quoted
        if s.quote.strip() and "".join(s.quote.split()) not in squashed
    ]
    quotes = list(dict.fromkeys(quotes))
    parts += [f"<blockquote>{escape(q)}</blockquote>" for q in quotes[:MAX_QUOTES]]
    if quoted:
        lines = "\n".join(f"• {_source_line(s)}" for s in _unique_sources(quoted))
        parts.append(f"<b>{i18n.text(lang, 'sources')}</b>\n{lines}")
    if others:
        lines = "\n".join(map(_see_also_line, others))
        parts.append(f"<b>{i18n.text(lang, 'see_also')}</b>\n{lines}")
    return "\n\n".join(p for p in parts if p)


def _see_also_line(source: Source) -> str:
    """ "• title — date" and the article's best sentence under it."""
    line, quote = f"• {_source_line(source)}", source.quote.strip()
    return f"{line}\n<blockquote>{escape(quote)}</blockquote>" if quote else line


def format_sources(answer: Answer, lang: str = "en") -> str:
    """Every source of an answer in full: title, date, file, score and the whole quote."""
    blocks = [f"<b>{i18n.text(lang, 'sources')}</b>"]
    for number, source in enumerate(answer.sources, 1):
        where = escape(source.path)
        block = f"<b>{number}.</b> {_source_line(source)}\n<i>{where}</i> · {source.score:.3f}"
        if source.see_also:
            block += f" · <i>{i18n.text(lang, 'see_also')}</i>"
        if source.quote.strip():
            block += f"\n<blockquote expandable>{escape(source.quote.strip())}</blockquote>"
        blocks.append(block)
    return "\n\n".join(blocks)


def describe_summary(summary: SyncSummary) -> str:
    """HTML for what a re-index changed: the summary `newsqa index` prints, as it prints it."""
    return f"<pre>{escape(summary.format())}</pre>"


def describe_stats(stats: IndexStats, lang: str = "en") -> str:
    """HTML for /stats from an IndexStats, in words a reader knows."""
    unknown = i18n.text(lang, "unknown_date")
    oldest = readable_date(stats.oldest_date, lang)
    newest = readable_date(stats.newest_date, lang)
    if oldest and newest and oldest != newest:
        dates = i18n.text(lang, "date_range", oldest=oldest, newest=newest)
    else:
        dates = newest or oldest or unknown
    named = [f"{language_name(k, lang)} ({v})" for k, v in sorted(stats.languages.items())]
    files = stats.files
    return i18n.text(
        lang,
        "stats",
        articles=stats.articles,
        files=i18n.text(lang, "files_one" if files == 1 else "files_many", n=files),
        passages=stats.chunks,
        dates=dates,
        languages=("، " if lang == "ar" else ", ").join(named) or "—",
    )


def streaming_preview(partial: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """A growing answer as one message: escaped, cut to fit, with an ellipsis."""
    parts = split_html_message(escape(partial.strip()), limit - 2)
    return f"{parts[0]} …" if parts else "…"


@dataclass
class _Candidate:
    end: int  # atom index where the part stops (exclusive)
    resume: int  # atom index where the next part starts
    stack: tuple[tuple[str, str], ...]  # tags open at `end`: (name, opening tag)
    filled: int  # raw length of the part's content up to `end`


def _atoms(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "char", m.group()) for m in _ATOM.finditer(text)]


def _ws_class(ws: str, before: str) -> int:
    """How good a break the whitespace `ws` is, given the visible text `before` it."""
    if "\n\n" in ws.replace("\r", ""):
        return PARAGRAPH
    if "\n" in ws:
        return LINE
    tail = before.rstrip().rstrip("".join(_CLOSERS))
    if tail and tail[-1] in _SENTENCE_END:
        return SENTENCE
    return WORD


def _apply_tag(stack: list[tuple[str, str]], tag: str) -> None:
    match = _TAG_NAME.match(tag)
    if not match or tag.endswith("/>"):
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if not closing:
        stack.append((name, tag))
        return
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == name:
            del stack[i:]
            return


def _closing(stack: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _choose(candidates: dict[int, _Candidate], budget: int) -> _Candidate | None:
    """Prefer the best break class that still fills at least half the message."""
    for cls in (PARAGRAPH, LINE, SENTENCE, WORD):
        cand = candidates.get(cls)
        if cand and cand.filled * 2 >= budget:
            return cand
    soft = [candidates[c] for c in (PARAGRAPH, LINE, SENTENCE, WORD) if c in candidates]
    if soft:
        return max(soft, key=lambda c: c.end)
    return candidates.get(HARD)


def split_html_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` UTF-16 units, each valid on its own.

    Breaks at a blank line, else a line break, a sentence end, a space, and only then
    anywhere — never inside a tag or an entity. Tags open at a break are closed at the
    end of one part and reopened (with their attributes) at the start of the next.
    """
    if tg_len(text) <= limit:
        return [text] if text.strip() else []
    atoms = _atoms(text)
    parts: list[str] = []
    start, stack = 0, []
    while start < len(atoms):
        prefix = "".join(tag for _, tag in stack)
        budget = limit - tg_len(prefix)
        current, filled, visible, before = list(stack), 0, False, ""
        candidates: dict[int, _Candidate] = {}
        i = start
        while i < len(atoms):
            kind, raw = atoms[i]
            if filled + tg_len(_closing(current)) > budget:
                break
            if visible and kind == "ws":
                cls = _ws_class(raw, before)
                candidates[cls] = _Candidate(i, i + 1, tuple(current), filled)
            if visible:
                candidates[HARD] = _Candidate(i, i, tuple(current), filled)
            if kind == "tag":
                _apply_tag(current, raw)
            elif kind != "ws":
                visible = True
                before = before[-8:] + (html.unescape(raw) if kind == "ent" else raw)
            else:
                before += " "
            filled += tg_len(raw)
            i += 1
        else:
            if filled + tg_len(_closing(current)) <= budget:
                if visible:
                    parts.append(prefix + "".join(r for _, r in atoms[start:]) + _closing(current))
                break
        cand = _choose(candidates, budget)
        if cand is None:  # one atom longer than the limit: emit it alone rather than loop
            after = list(stack)
            if atoms[start][0] == "tag":
                _apply_tag(after, atoms[start][1])
            cand = _Candidate(start + 1, start + 1, tuple(after), 0)
        if any(kind not in ("tag", "ws") for kind, _ in atoms[start : cand.end]):
            body = "".join(r for _, r in atoms[start : cand.end]).rstrip()
            parts.append(prefix + body + _closing(cand.stack))
        start, stack = cand.resume, list(cand.stack)
        while start < len(atoms) and atoms[start][0] == "ws":
            start += 1
    return parts
