"""/timeline and /latest: the articles about a topic oldest first, and the newest articles.

Thin over `QAService.timeline` / `QAService.latest`, run off the event loop. A timeline is
sent in pages, each a message under Telegram's 4096-character limit, events never split
across pages; past `MAX_PAGES` the last page says how many more there are and how to narrow
the window. Bad input (a malformed date, a window that ends before it starts, an unknown
topic) gets one line back, in the language of the topic the user typed.
"""

from __future__ import annotations

import asyncio
import re

from telegram import Update
from telegram.ext import ContextTypes

from bot import i18n
from bot.formatting import tg_len
from bot.i18n import escape
from core.messages import filled, reply_language
from retrieval.timeline import MAX_LATEST, Event, TimelineError

PAGE_LIMIT = 3800  # under 4096 with room for the page marker
MAX_PAGES = 5
DEFAULT_LATEST = 5
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{4}-\S*$")


def split_arguments(args: list[str]) -> tuple[str, str | None, str | None]:
    """ "Lavrov 2021-01-01 2022-12-31" → ("Lavrov", "2021-01-01", "2022-12-31"): up to two
    trailing date-like words are the window (checked later, so a typo is reported)."""
    words = list(args)
    dates: list[str] = []
    while words and len(dates) < 2 and _DAY.match(words[-1]):
        dates.insert(0, words.pop())
    start = dates[0] if dates else None
    end = dates[1] if len(dates) > 1 else None
    return " ".join(words), start, end


def event_html(event: Event) -> str:
    when = escape(event.date or "—")
    path = f"<code>{escape(event.path)}</code>"
    return f"<b>{when}</b> {escape(event.title)}\n«{escape(event.quote)}»\n{path}"


def pages(head: str, blocks: list[str], more: str, sep: str = "\n\n") -> list[str]:
    """`blocks` packed into pages under PAGE_LIMIT, the head on the first page; past
    MAX_PAGES the rest is left out and `more` (with its count) closes the last page."""
    out: list[str] = []
    current = head
    for number, block in enumerate(blocks):
        if tg_len(current) + len(sep) + tg_len(block) > PAGE_LIMIT:
            if len(out) + 1 == MAX_PAGES:
                left = len(blocks) - number
                out.append(current + "\n\n" + more.replace("{count}", str(left)))
                return out
            out.append(current)
            current = block
        else:
            current = f"{current}{sep}{block}" if current else block
    out.append(current)
    return out


async def timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timeline <topic> [YYYY-MM-DD [YYYY-MM-DD]]"""
    message = update.effective_message
    topic, start, end = split_arguments(list(context.args or ()))
    lang = reply_language(topic, i18n.language(update))  # the topic's language, if words
    if not topic:
        await message.reply_text(filled("no_topic", lang))
        return
    service = context.bot_data["service"]
    try:
        found = await asyncio.to_thread(service.timeline, topic, start, end)
    except TimelineError as exc:
        await message.reply_text(str(exc))
        return
    if not found.events:
        await message.reply_text(
            filled("timeline_empty", lang, topic=topic, start=start or "…", end=end or "…")
        )
        return
    title = filled("timeline_head", lang, topic=topic, count=len(found.events))
    head = f"<b>{escape(title)}</b>"
    more = escape(filled("more_events", lang, count="{count}", topic=topic))
    for page in pages(head, [event_html(e) for e in found.events], more):
        await message.reply_html(page)


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/latest [N]: the newest N articles, date and title."""
    message = update.effective_message
    lang = i18n.language(update)
    args = list(context.args or ())
    try:
        n = int(args[0]) if args else DEFAULT_LATEST
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_LATEST:
        value = args[0] if args else n
        await message.reply_text(filled("bad_count", lang, limit=MAX_LATEST, value=value))
        return
    try:
        articles = await asyncio.to_thread(context.bot_data["service"].latest, n)
    except TimelineError as exc:
        await message.reply_text(str(exc))
        return
    head = f"<b>{escape(filled('latest_head', lang, count=len(articles)))}</b>"
    lines = [f"{escape(a.date)} — {escape(a.title)}" for a in articles]
    for page in pages(head, lines, "", sep="\n"):
        await message.reply_html(page)
