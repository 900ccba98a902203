"""Strangers (chats outside NEWSQA_ALLOWED_CHATS) are told once per window, then ignored.

A refusal per message lets anyone spend the bot's sending budget (Telegram allows about
30 messages a second in all) and fill its log. So each stranger gets "this bot is private"
once per NEWSQA_REFUSAL_WINDOW_S, and the log gets one line per refusal with the number of
updates ignored since the last one, not a line per message.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_REMEMBERED = 10_000  # strangers kept at once; the oldest windows are forgotten first


@dataclass
class _Stranger:
    refused_at: float
    ignored: int = 0


class Strangers:
    """Per stranger: when they were last refused, and what was ignored since."""

    def __init__(self, window_seconds: float) -> None:
        self.window = window_seconds
        self._seen: dict[int, _Stranger] = {}

    def should_refuse(self, key: int, *, wants_reply: bool, now: float | None = None) -> bool:
        """Record an update from stranger `key`; True when it is time to tell them again.

        `wants_reply` is False for updates that never get a refusal (group chatter, button
        presses, edits): they are only counted.
        """
        now = time.monotonic() if now is None else now
        known = self._seen.get(key)
        if not wants_reply or (known and now - known.refused_at < self.window):
            if known:
                known.ignored += 1
            else:
                logger.info("Ignoring chat %s: not in NEWSQA_ALLOWED_CHATS", key)
                self._remember(key, _Stranger(float("-inf"), 1))
            return False
        logger.info(
            "Refusing chat %s (not in NEWSQA_ALLOWED_CHATS; %d updates ignored since the last "
            "refusal); silent towards it for %g s",
            key,
            known.ignored if known else 0,
            self.window,
        )
        self._remember(key, _Stranger(now))
        return True

    def _remember(self, key: int, stranger: _Stranger) -> None:
        self._seen.pop(key, None)
        self._seen[key] = stranger
        while len(self._seen) > MAX_REMEMBERED:
            del self._seen[next(iter(self._seen))]
