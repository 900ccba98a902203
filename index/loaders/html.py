"""Saved news web pages: the article's own text, without menus, ads or related links.

News pages carry far more navigation than story. Indexing it would make every page
match "الرئيسية" or "Subscribe", so the story container (<article>, <main>) is preferred
and page furniture and link lists are dropped before the text is taken.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.dammit import EncodingDetector

from index.documents import Article, SkipFile
from index.loaders.base import decode_text, make_article, require_text
from index.loaders.dates import parse_date

__all__ = ["read_html", "html_to_text"]


def _names(words: str) -> list[str]:
    return words.split()


_FURNITURE = _names(
    "script style noscript template svg canvas iframe object embed nav footer aside "
    "form button select input textarea dialog menu"
)
_FURNITURE_ROLES = re.compile(r"^(?:navigation|banner|contentinfo|complementary|search|menu)")
_BLOCKS = frozenset(
    _names(
        "address article blockquote dd div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 "
        "hr li main ol p pre section table tbody thead tfoot tr td th ul br"
    )
)
_LINK_LISTS = ("ul", "ol", "div", "section", "table", "p", "dl")
_LINK_DENSITY = 0.6
_MIN_ROOT_CHARS = 200
_DATE_METAS = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "dc.date.issued"),
    ("name", "dc.date"),
    ("property", "og:published_time"),
)


def _decode(data: bytes) -> str:
    """UTF-8/BOM/cp1256 like any text file, else the charset the page itself declares."""
    try:
        return decode_text(data)
    except SkipFile:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if not declared:
            raise
        try:
            return data.decode(declared).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            raise SkipFile(f"not valid {declared} text, as the page declares") from None


def _meta(soup: BeautifulSoup, attr: str, value: str) -> str | None:
    tag = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(value)}$", re.I)})
    content = tag.get("content") if isinstance(tag, Tag) else None
    return content.strip() if isinstance(content, str) and content.strip() else None


def _json_ld_dates(soup: BeautifulSoup) -> Iterator[Any]:
    def walk(node: Any) -> Iterator[Any]:
        if isinstance(node, dict):
            if "datePublished" in node:
                yield node["datePublished"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for script in soup.find_all("script", type=re.compile("ld\\+json", re.I)):
        try:
            yield from walk(json.loads(script.string or ""))
        except ValueError:
            continue


def _published(soup: BeautifulSoup) -> str | None:
    candidates: list[Any] = [_meta(soup, attr, value) for attr, value in _DATE_METAS]
    candidates.extend(_json_ld_dates(soup))
    time = soup.find("time", datetime=True)
    if isinstance(time, Tag):
        candidates.append(time.get("datetime"))
    return next((iso for value in candidates if value and (iso := parse_date(value))), None)


def _title(soup: BeautifulSoup, root: Tag) -> str | None:
    h1 = root.find("h1") or soup.find("h1")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else ""
    return (
        _meta(soup, "property", "og:title")
        or _meta(soup, "name", "twitter:title")
        or (h1.get_text(" ", strip=True) if isinstance(h1, Tag) else None)
        or re.split(r"\s+[|–—-]\s+", page_title)[0]
        or None
    )


def _url(soup: BeautifulSoup) -> str | None:
    canonical = soup.find("link", rel="canonical")
    href = canonical.get("href") if isinstance(canonical, Tag) else None
    return _meta(soup, "property", "og:url") or (href if isinstance(href, str) else None)


_MAX_DEPTH = 256


def _text_len(tag: Tag) -> int:
    return len(tag.get_text("", strip=True))


def _drop_furniture(root: Tag) -> None:
    for tag in root.find_all(_FURNITURE):
        tag.decompose()
    for tag in root.find_all("header"):
        if not tag.find("h1"):  # a site banner, not the story's own headline block
            tag.decompose()
    for tag in root.find_all(role=_FURNITURE_ROLES):
        tag.decompose()
    # Blocks that are mostly links (menus, "related stories" with their heading, tag
    # clouds); outermost first, so a link list's own heading goes with it.
    for tag in root.find_all(_LINK_LISTS):
        if tag.decomposed:
            continue
        total = _text_len(tag)
        linked = sum(_text_len(a) for a in tag.find_all("a"))
        if total and linked / total > _LINK_DENSITY:
            tag.decompose()


def _story_root(soup: BeautifulSoup) -> Tag:
    """The element holding the story: the largest <article>, else <main>, else <body>.

    A container with under ~200 characters is a teaser card, not the story, unless
    nothing bigger exists.
    """
    articles = sorted(soup.find_all("article"), key=_text_len, reverse=True)
    found = [*articles, soup.find("main"), soup.find(attrs={"role": "main"})]
    candidates = [tag for tag in found if isinstance(tag, Tag) and _text_len(tag)]
    for candidate in candidates:
        if _text_len(candidate) >= _MIN_ROOT_CHARS:
            return candidate
    return candidates[0] if candidates else soup.body or soup


def html_to_text(root: Tag) -> str:
    """Visible text with one line per block element; source line wraps become spaces."""
    blocks: list[list[str]] = [[]]

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, CDATA, doctype
                    blocks[-1].append(str(child))
            elif isinstance(child, Tag):
                block = child.name in _BLOCKS
                if block:
                    blocks.append([])
                walk(child)
                if block:
                    blocks.append([])

    walk(root)
    lines = (" ".join("".join(parts).split()) for parts in blocks)
    return "\n".join(line for line in lines if line)


def _too_deep(soup: BeautifulSoup, limit: int) -> bool:
    """Whether any element is nested deeper than `limit`, checked without recursion."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tag))
    return False


def read_html(data: bytes, path: Path, root: Path) -> Article:
    """A saved web page: main text, og:title/h1/title, and the published date it declares."""
    soup = BeautifulSoup(_decode(data), "lxml")
    # Real pages nest a few dozen levels; thousands make the link-density pass quadratic.
    if _too_deep(soup, _MAX_DEPTH):
        raise SkipFile(f"HTML nested more than {_MAX_DEPTH} levels deep: not a readable page")
    date = _published(soup)  # before scripts (JSON-LD) are dropped
    url = _url(soup)
    story = _story_root(soup)
    title = _title(soup, story)
    _drop_furniture(story)
    text = require_text(html_to_text(story))
    return make_article(path, root, text, title=title, date=date, url=url)
