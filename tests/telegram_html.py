"""Telegram's HTML rules, as the local Bot API server enforces them.

Telegram rejects a message whose HTML uses another tag or attribute, an unknown entity, a bare
"<" or "&", or an unclosed tag; the bot must never send one. Tests also read the visible text
of what the bot sent through `parse_telegram_html`.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
}


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise ValueError(f'Unsupported start tag "{tag}"')
        for name, value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                raise ValueError(f'Unsupported attribute "{name}" of tag "{tag}"')
            if tag == "span" and value != "tg-spoiler":
                raise ValueError('Tag "span" must have class "tg-spoiler"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise ValueError(f'Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or "&" in data:
            raise ValueError("Can't find end of the entity or tag")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            raise ValueError(f'Unsupported HTML entity "&{name};"')
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))


def parse_telegram_html(text: str) -> str:
    """The visible text of Telegram HTML, or ValueError saying what Telegram would reject."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ValueError(f'Unclosed start tag "{parser.stack[-1]}"')
    return "".join(parser.text)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
