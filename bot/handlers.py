"""Telegram handlers: parse the update, call QAService off the event loop, format the reply."""

from __future__ import annotations

import asyncio
import logging
import math
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot import i18n
from bot.access import seconds_until_allowed, settings_of, strip_mention
from bot.formatting import describe_stats, describe_summary, format_answer, format_sources
from bot.i18n import escape
from bot.replies import StreamingReply, iterate_in_thread, reply_html, typing
from core.language import question_language
from retrieval.answer import Answer
from retrieval.conversation import Conversation
from retrieval.readable import readable_date
from retrieval.service import QAService

logger = logging.getLogger(__name__)


def service_of(context: ContextTypes.DEFAULT_TYPE) -> QAService:
    return context.bot_data["service"]


async def _knowledge(context: ContextTypes.DEFAULT_TYPE, lang: str) -> str:
    """One line on what the index holds, or a hint that it can't be read."""
    try:
        stats = await asyncio.to_thread(service_of(context).stats)
    except Exception:
        logger.exception("Could not read the index statistics")
        return i18n.text(lang, "knowledge_unknown")
    if not stats.articles:
        return i18n.text(lang, "knowledge_empty")
    newest = readable_date(stats.newest_date, lang) or i18n.text(lang, "unknown_date")
    return i18n.text(lang, "knowledge", articles=stats.articles, newest=newest)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user and say what the bot knows."""
    lang = i18n.language(update)
    knowledge = await _knowledge(context, lang)
    await update.effective_message.reply_html(
        i18n.text(lang, "start", knowledge=knowledge, raw=frozenset({"knowledge"}))
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands and say what the bot knows."""
    lang = i18n.language(update)
    knowledge = await _knowledge(context, lang)
    await update.effective_message.reply_html(
        i18n.text(lang, "help", knowledge=knowledge, raw=frozenset({"knowledge"}))
    )


def conversation_of(context: ContextTypes.DEFAULT_TYPE) -> Conversation:
    """This chat's conversation (retrieval's own), made on its first question."""
    conversation = context.chat_data.get("conversation")
    if conversation is None:
        conversation = context.chat_data["conversation"] = service_of(context).conversation()
    return conversation


async def _ask(reply: StreamingReply, conversation: Conversation, question: str) -> Answer:
    """The answer, streamed into `reply` as it grows (LLM answerers), off the event loop.

    The conversation remembers the answer before it is sent, so a /sources sent right after
    the answer finds it.
    """
    async for item in iterate_in_thread(lambda: conversation.ask_stream(question)):
        if isinstance(item, Answer):
            return item
        reply.add(item)
        await reply.show_progress()
    raise RuntimeError("the answer stream ended without an answer")


def _cut_notice(context: ContextTypes.DEFAULT_TYPE, question: str, lang: str) -> str:
    """A line saying the question was cut at NEWSQA_MAX_QUESTION_CHARS, or ""."""
    limit = service_of(context).settings.max_question_chars
    if len(" ".join(question.split())) <= limit:
        return ""
    return f"<i>{i18n.text(lang, 'question_cut', limit=limit)}</i>\n\n"


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a question from the articles, quoting its sources, in the question's language."""
    message = update.effective_message
    text = strip_mention(message.text or "", context.bot.username)
    if not text:
        await message.reply_text(i18n.for_update(update, "send_text"))
        return
    lang = question_language(text)
    wait = seconds_until_allowed(context, settings_of(context).rate_limit_per_minute)
    if wait:
        await message.reply_text(i18n.text(lang, "rate_limited", seconds=math.ceil(wait)))
        return
    reply = StreamingReply(message)
    optional = context.bot_data["optional_calls"]
    async with typing(context.bot, message.chat_id, message.message_thread_id, optional):
        answer = await _ask(reply, conversation_of(context), text)
    if answer.found or answer.sources:  # "not for that month", with the nearest article
        body = format_answer(answer, lang)
    else:
        body = escape(answer.answer.strip()) or i18n.text(lang, "no_answer")
    await reply.finish(_cut_notice(context, text, lang) + body)


async def not_a_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note... sent to the bot: say it reads text, not silence."""
    await update.effective_message.reply_text(i18n.for_update(update, "send_text"))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have, in a private chat or addressed to it by name."""
    message = update.effective_message
    command = (message.text or "").split(maxsplit=1)[0].lower()
    named = command.endswith(f"@{context.bot.username}".lower())
    if message.chat.type == ChatType.PRIVATE or named:  # in groups, /cmd may be another bot's
        await message.reply_text(i18n.for_update(update, "unknown_command"))


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show every source of this chat's last answer in full, in that answer's language."""
    conversation: Conversation | None = context.chat_data.get("conversation")
    answer = conversation.last if conversation else None
    if conversation is None or answer is None or not answer.sources:
        await update.effective_message.reply_text(i18n.for_update(update, "no_sources"))
        return
    lang = conversation.language or i18n.language(update)
    await reply_html(update.effective_message, format_sources(answer, lang))


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Forget this chat's conversation."""
    conversation: Conversation | None = context.chat_data.get("conversation")
    if conversation is not None:
        conversation.reset()
    await update.effective_message.reply_text(i18n.for_update(update, "reset"))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Report what the index holds."""
    lang = i18n.language(update)
    index_stats = await asyncio.to_thread(service_of(context).stats)
    await update.effective_message.reply_html(describe_stats(index_stats, lang))


async def _reindex_and_report(
    message: Message,
    service: QAService,
    job: tuple[str, bool],
    lang: str,
    bot_data: dict[str, Any],
) -> None:
    """Sync the folder in a worker thread, then tell the admin what changed.

    The busy flag is released whatever happens, before the report is sent: a report that
    cannot be delivered must not leave /reindex "already running" for good.
    """
    folder, rebuild = job
    try:
        summary = await asyncio.to_thread(service.reindex, folder, rebuild=rebuild)
    except Exception as exc:
        logger.exception("Re-index of %s failed", folder)
        reason = f"{type(exc).__name__}: {exc}"[:300]
        report = i18n.text(lang, "reindex_failed", reason=reason)
    else:
        report = i18n.text(
            lang, "reindex_done", summary=describe_summary(summary), raw=frozenset({"summary"})
        )
    finally:
        bot_data["reindexing"] = False
    await reply_html(message, report)


async def reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Re-read the articles folder into the index in the background (admins only)."""
    settings = settings_of(context)
    lang = i18n.language(update)
    message = update.effective_message
    user = update.effective_user
    if not settings.is_admin(user.id if user else None):
        await message.reply_text(i18n.text(lang, "admins_only"))
        return
    if context.bot_data.get("reindexing"):
        await message.reply_text(i18n.text(lang, "reindex_running"))
        return
    rebuild = any(arg.lower().lstrip("-") == "rebuild" for arg in context.args or ())
    context.bot_data["reindexing"] = True
    started = False
    try:
        notice = "reindex_rebuild_started" if rebuild else "reindex_started"
        try:
            await message.reply_html(i18n.text(lang, notice, folder=settings.articles_dir))
        except TelegramError:  # the admin still gets the report
            logger.warning("Could not announce the re-index; running it anyway", exc_info=True)
        context.application.create_task(
            _reindex_and_report(
                message,
                service_of(context),
                (settings.articles_dir, rebuild),
                lang,
                context.bot_data,
            ),
            update=update,
            name="newsqa-reindex",
        )
        started = True
    finally:
        if not started:
            context.bot_data["reindexing"] = False


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error in full first, then apologise if the failure was ours; never raise."""
    error = context.error
    if update is None and isinstance(error, NetworkError):
        logger.warning("Telegram is unreachable, retrying: %s", error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Error while handling update %s", update_id, exc_info=error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    if isinstance(error, TelegramError):
        # Telegram refused or failed a reply to this chat (400, 403, 5xx after the retries):
        # an apology would take the same way and fail the same way.
        return
    try:
        await update.effective_message.reply_text(i18n.text(i18n.reply_language(update), "error"))
    except Exception:  # an error handler that raises only earns a second traceback
        logger.warning("Could not tell the user about the error either", exc_info=True)
