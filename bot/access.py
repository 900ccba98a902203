"""Who the bot listens to: the allow-list, group etiquette and the per-user rate limit."""

from __future__ import annotations

import time
from collections import deque

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot import i18n
from bot.settings import BotSettings
from bot.strangers import Strangers

RATE_WINDOW_SECONDS = 60.0


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return context.bot_data["settings"]


def addressed_to_bot(message: Message) -> bool:
    """True in private chats, and in groups for replies to the bot and @mentions of it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    bot = message.get_bot()
    reply = message.reply_to_message
    if reply and reply.from_user and reply.from_user.id == bot.id:
        return True
    mention = f"@{bot.username}".lower()
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    for entity, value in message.parse_entities(kinds).items():
        if entity.type == MessageEntity.MENTION and value.lower() == mention:
            return True
        if entity.user and entity.user.id == bot.id:
            return True
    return False


class AddressedToBot(filters.MessageFilter):
    """Filter form of `addressed_to_bot`, for MessageHandler."""

    def filter(self, message: Message) -> bool:
        return addressed_to_bot(message)


def strip_mention(text: str, username: str | None) -> str:
    """The question without the bot's @mention."""
    if not username:
        return text.strip()
    mention = f"@{username}"
    lowered = text.lower()
    while mention.lower() in lowered:
        at = lowered.index(mention.lower())
        text = text[:at] + text[at + len(mention) :]
        lowered = text.lower()
    return " ".join(text.split())


async def allow_list_gate(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop every update from chats and users outside the allow-list (handler group -1).

    A stranger who writes to the bot is told it is private once per refusal window
    (bot.strangers), then ignored until the window ends.
    """
    if not isinstance(update, Update):
        return
    chat, user = update.effective_chat, update.effective_user
    chat_id, user_id = (chat.id if chat else None), (user.id if user else None)
    if settings_of(context).is_allowed(chat_id, user_id):
        return
    message = update.message
    wants_reply = bool(message and (message.text or "").strip() and addressed_to_bot(message))
    strangers: Strangers = context.bot_data["strangers"]
    key = chat_id if chat_id is not None else (user_id or 0)
    if strangers.should_refuse(key, wants_reply=wants_reply) and message:
        await message.reply_text(i18n.for_update(update, "not_allowed"))
    raise ApplicationHandlerStop


def seconds_until_allowed(context: ContextTypes.DEFAULT_TYPE, per_minute: int) -> float:
    """Sliding-window limit per user: 0 means go ahead (and counts this request)."""
    if context.user_data is None:
        return 0.0
    stamps: deque[float] = context.user_data.setdefault("request_times", deque())
    now = time.monotonic()
    while stamps and now - stamps[0] >= RATE_WINDOW_SECONDS:
        stamps.popleft()
    if len(stamps) >= per_minute:
        return RATE_WINDOW_SECONDS - (now - stamps[0])
    stamps.append(now)
    return 0.0
