"""Wiring: build the Telegram Application around a QAService, and run it.

>>> from bot.app import main
>>> main()  # reads TELEGRAM_BOT_TOKEN and NEWSQA_* settings, polls until Ctrl-C
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from urllib.parse import urlsplit

from pydantic import ValidationError
from telegram import BotCommand, Update
from telegram.error import InvalidToken
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import handlers, i18n, news_handlers
from bot.access import AddressedToBot, allow_list_gate
from bot.optional_calls import OptionalCalls
from bot.polling import PatientPollRequest
from bot.redaction import install_redaction
from bot.retrying_limiter import RetryingRateLimiter
from bot.settings import BotSettings, ConfigError
from bot.strangers import Strangers
from retrieval.service import QAService

logger = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "help", "sources", "timeline", "latest", "reset", "stats")


async def _post_init(application: Application) -> None:
    """Warm the service (model, index) before the first question, and publish the commands.

    The commands menu is cosmetic: a server without setMyCommands must not stop the bot.
    """
    service: QAService = application.bot_data["service"]
    await asyncio.to_thread(service.warm)
    optional: OptionalCalls = application.bot_data["optional_calls"]
    for lang, code in (("en", None), ("ar", "ar")):
        commands = [BotCommand(c, i18n.text(lang, f"cmd_{c}")) for c in PUBLIC_COMMANDS]
        menu = application.bot.set_my_commands(commands, language_code=code)
        await optional.attempt("setMyCommands", menu)
    logger.info("Bot @%s is ready", application.bot.username)


async def _post_shutdown(application: Application) -> None:
    """Close the service, unless the caller keeps ownership of it."""
    if application.bot_data.get("close_service", True):
        await asyncio.to_thread(application.bot_data["service"].close)


def build_application(
    settings: BotSettings, service: QAService, *, close_service: bool = True
) -> Application:
    """The bot, ready to run: handlers, rate limiter, lifecycle hooks and the service.

    Args:
        settings: token, API URL, allow-list, admins, limits.
        service: answers questions; stored in ``application.bot_data["service"]``.
        close_service: close the service at shutdown; pass False when the caller owns it.

    Raises:
        ConfigError: when TELEGRAM_BOT_TOKEN is missing.
    """
    token = settings.token
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    install_redaction(token, secret)
    for noisy in ("httpx", "httpcore"):  # httpx logs every URL, and the URL holds the token
        logging.getLogger(noisy).setLevel(logging.WARNING)

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.base_file_url)
        .concurrent_updates(settings.concurrency)
        .rate_limiter(RetryingRateLimiter(max_retries=3))
        .connect_timeout(10)
        .read_timeout(30)
        .write_timeout(30)
        .get_updates_request(PatientPollRequest(connect_timeout=10, read_timeout=10))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.update(
        service=service,
        settings=settings,
        close_service=close_service,
        optional_calls=OptionalCalls(),
        strangers=Strangers(settings.refusal_window_s),
    )

    application.add_handler(TypeHandler(Update, allow_list_gate), group=-1)
    new_messages = filters.UpdateType.MESSAGE
    commands = {
        "start": handlers.start,
        "help": handlers.help_command,
        "sources": handlers.sources,
        "reset": handlers.reset,
        "stats": handlers.stats,
        "reindex": handlers.reindex,
        "timeline": news_handlers.timeline,
        "latest": news_handlers.latest,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback, filters=new_messages))
    questions = new_messages & filters.TEXT & ~filters.COMMAND & AddressedToBot()
    application.add_handler(MessageHandler(questions, handlers.question))
    unknown = new_messages & filters.COMMAND
    application.add_handler(MessageHandler(unknown, handlers.unknown_command))
    media = ~filters.TEXT & ~filters.StatusUpdate.ALL & AddressedToBot()
    application.add_handler(MessageHandler(new_messages & media, handlers.not_a_question))
    application.add_error_handler(handlers.on_error)
    return application


def serve(application: Application, settings: BotSettings, **run_options: object) -> None:
    """Run until stopped: a webhook server when NEWSQA_WEBHOOK_URL is set, else long polling.

    `run_options` go to PTB's run_polling/run_webhook (tests pass ``stop_signals=None``).
    """
    run_options = {
        "allowed_updates": Update.ALL_TYPES,
        "drop_pending_updates": False,
        **run_options,
    }
    if not settings.webhook_url:
        application.run_polling(**run_options)
        return
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else secrets.token_urlsafe(32)
    )
    install_redaction(secret)
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        **run_options,
    )


def run_bot(settings: BotSettings, service: QAService) -> None:
    """Build the bot around `service` and run it until Ctrl-C or SIGTERM."""
    serve(build_application(settings, service), settings)


def main(settings: BotSettings | None = None) -> int:
    """Entry point for `newsqa bot`: the real QAService, plain errors, an exit status."""
    if not logging.getLogger().handlers:
        logging.basicConfig(
            format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
        )
    try:
        settings = settings or BotSettings()
        settings.token  # noqa: B018 - fail before loading any model
    except (ConfigError, ValidationError) as exc:
        print(f"newsqa bot: {exc}", file=sys.stderr)
        return 2
    try:
        run_bot(settings, QAService())
    except InvalidToken:
        print(
            "newsqa bot: Telegram rejected TELEGRAM_BOT_TOKEN; copy it again from @BotFather.",
            file=sys.stderr,
        )
        return 2
    return 0
