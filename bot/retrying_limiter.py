"""Outgoing Bot API calls that survive a bad moment: 429s are waited out, 5xx and timeouts
retried with backoff.

PTB's AIORateLimiter already honours `retry_after`; a 502 from Telegram or a timeout on our
side would otherwise lose the user's answer. getUpdates is left to the updater, which retries
it itself, and cosmetic calls (bot.optional_calls) are not worth a retry. A retried send
after a timeout can, rarely, deliver a message twice: better than never delivering it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from bot.optional_calls import OPTIONAL_METHODS

log = logging.getLogger(__name__)

NOT_RETRIED = OPTIONAL_METHODS | {"getUpdates"}
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter plus retries of transient network and server errors."""

    def __init__(self, network_retries: int = 3, first_delay: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.network_retries = network_retries
        self.first_delay = first_delay

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        delay = self.first_delay
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:  # our request is wrong: sending it again changes nothing
                raise
            except NetworkError as exc:  # 5xx, timeouts, connection errors
                if endpoint in NOT_RETRIED or attempt == self.network_retries:
                    raise
                log.warning("Bot API %s failed (%s); retrying in %.1f s", endpoint, exc, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")
