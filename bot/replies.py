"""Sending answers: split HTML replies, the typing indicator, and throttled streaming edits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from telegram import Bot, Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest

from bot.formatting import split_html_message, streaming_preview
from bot.optional_calls import OptionalCalls

T = TypeVar("T")
TYPING_EVERY_SECONDS = 4.0  # Telegram shows "typing…" for 5 s per sendChatAction
EDIT_EVERY_SECONDS = 1.0  # edits of one message faster than this earn 429s


async def reply_html(message: Message, text: str) -> list[Message]:
    """Reply with `text`, split into as many messages as Telegram's length limit needs."""
    return [await message.reply_html(part) for part in split_html_message(text)]


@contextlib.asynccontextmanager
async def typing(
    bot: Bot, chat_id: int, thread_id: int | None, optional: OptionalCalls
) -> AsyncIterator[None]:
    """Show "typing…" in the chat, renewed every few seconds, while the body runs.

    A lost typing hint must not cost the answer: failures go to `optional`, which logs them.
    """

    async def renew() -> None:
        while True:
            action = bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=thread_id)
            await optional.attempt("sendChatAction", action)
            await asyncio.sleep(TYPING_EVERY_SECONDS)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def iterate_in_thread(produce: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
    """Run a blocking iterator in a worker thread and yield its items on the event loop."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    def put(kind: str, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed under us at shutdown
            loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

    def pump() -> None:
        try:
            for item in produce():
                put("item", item)
        except BaseException as exc:  # handed to the event loop, re-raised there
            put("error", exc)
        else:
            put("done", None)

    worker = loop.run_in_executor(None, pump)
    while True:
        kind, value = await queue.get()
        if kind == "item":
            yield value
        elif kind == "error":
            raise value
        else:
            break
    await worker


class StreamingReply:
    """One reply that grows as the answer streams in, edited at most once a second."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.sent: Message | None = None
        self.shown = ""
        self.text = ""
        self.last_edit = 0.0

    def add(self, text_so_far: str) -> None:
        """Take the answer text so far (QAService.ask_stream yields it whole, growing)."""
        self.text = text_so_far

    async def show_progress(self) -> None:
        """Send or edit the preview if the throttle allows."""
        if not self.text.strip() or time.monotonic() - self.last_edit < EDIT_EVERY_SECONDS:
            return
        await self._show(streaming_preview(self.text))

    async def finish(self, html_text: str) -> list[Message]:
        """Replace the preview with the final answer; extra parts follow as new messages."""
        parts = split_html_message(html_text)
        if not parts:
            return [self.sent] if self.sent else []
        if self.sent is None:
            return [await self.message.reply_html(part) for part in parts]
        await asyncio.sleep(max(0.0, EDIT_EVERY_SECONDS - (time.monotonic() - self.last_edit)))
        await self._show(parts[0])
        return [self.sent] + [await self.message.reply_html(part) for part in parts[1:]]

    async def _show(self, html_text: str) -> None:
        if self.sent is None:
            self.sent = await self.message.reply_html(html_text)
        elif html_text != self.shown:
            try:
                await self.sent.edit_text(html_text, parse_mode=ParseMode.HTML)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise
        self.shown, self.last_edit = html_text, time.monotonic()
