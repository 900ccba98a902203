"""Plain-text and Markdown articles.

Plain text is kept byte-for-byte (after decoding) so quotes match the file. Markdown is
lightly un-marked (``**bold**`` -> ``bold``, ``[text](url)`` -> ``text``) because the
syntax would otherwise leak into quotes and keyword matching; the words stay.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.documents import Article
from index.loaders.base import decode_text, make_article, require_text
from index.loaders.dates import parse_date

__all__ = ["read_txt", "read_markdown", "strip_markdown"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_H1 = re.compile(r"^\s{0,3}#\s+(?P<title>.+?)\s*#*\s*$", re.M)

# (pattern, replacement) applied line by line, in order.
_LINE_RULES = (
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$"), r"\1"),  # ATX headings
    (re.compile(r"^\s{0,3}>\s?"), ""),  # block quotes
    (re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+"), r"\1"),  # list markers
)
_DROP_LINE = re.compile(
    r"^\s*(?:(?:[-*_]\s*){3,}|=+|(?:```|~~~).*|\[[^\]]+\]:\s*\S+.*"
    r"|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?)\s*$"
)  # rules, setext underlines, code fences, link definitions, table separators
_INLINE_RULES = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<!\w)([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # emphasis
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
)


def read_txt(data: bytes, path: Path, root: Path) -> Article:
    """A plain-text article: the whole file, verbatim, with title and date inferred."""
    return make_article(path, root, require_text(decode_text(data)))


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split off a YAML front-matter block; only flat ``key: value`` lines are read."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group("body").splitlines():
        field = _FIELD.match(line)
        if field:
            value = field.group("value").strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[field.group("key").lower()] = value
    return fields, text[match.end() :]


def strip_markdown(text: str) -> str:
    """Remove Markdown markup while keeping every word and the line structure."""
    lines = []
    for line in text.split("\n"):
        if _DROP_LINE.match(line):
            continue
        for pattern, replacement in _LINE_RULES:
            line = pattern.sub(replacement, line)
        for pattern, replacement in _INLINE_RULES:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def read_markdown(data: bytes, path: Path, root: Path) -> Article:
    """A Markdown article; title from front matter or the first ``# `` heading."""
    fields, body = _front_matter(decode_text(data))
    heading = _H1.search(body)
    title = fields.get("title") or (strip_markdown(heading.group("title")) if heading else None)
    date = next(
        (parse_date(fields[k]) for k in ("date", "published", "published_at") if k in fields),
        None,
    )
    url = fields.get("url") or fields.get("link")
    return make_article(
        path, root, require_text(strip_markdown(body)), title=title, date=date, url=url
    )
