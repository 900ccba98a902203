"""Bot API calls the bot can do without: the commands menu and the typing indicator.

Self-hosted Bot API servers and emulators don't always implement setMyCommands or
sendChatAction (telegram-test-api answers both with HTTP 500). Neither is worth a crash, a
retry or a log line per message: each method's first failure is logged as a warning, later
ones only at debug level, and the bot carries on without it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from telegram.error import TelegramError

logger = logging.getLogger(__name__)

# Not retried by bot.retrying_limiter: a second try of a cosmetic call only delays the answer.
OPTIONAL_METHODS = frozenset({"setMyCommands", "sendChatAction"})


class OptionalCalls:
    """Runs cosmetic calls, remembering which methods already failed (for the log)."""

    def __init__(self) -> None:
        self.failed: set[str] = set()

    async def attempt(self, method: str, call: Awaitable[object]) -> bool:
        """Await `call` (a `method` request); False instead of raising when it fails."""
        try:
            await call
        except TelegramError as exc:
            if method in self.failed:
                logger.debug("%s failed again: %s", method, exc)
            else:
                self.failed.add(method)
                logger.warning(
                    "The Bot API server refused %s (%s); carrying on without it", method, exc
                )
            return False
        return True
