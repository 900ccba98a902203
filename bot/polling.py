"""Long polling that stays polite with Bot API servers that ignore the poll timeout.

The updater asks getUpdates to hold the request open for up to `timeout` seconds and asks
again the moment it returns. Telegram answers early only when there are updates; some
emulators (telegram-test-api) answer at once with none, and the bot then polls in a tight
loop, hundreds of requests a second, burning a CPU. This transport notices an empty answer
that came back far too early and waits a moment before handing it to the updater.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from telegram.request import HTTPXRequest, RequestData

EARLY_PAUSE_SECONDS = 1.0  # the longest an update waits on such a server


class PatientPollRequest(HTTPXRequest):
    """The getUpdates transport: HTTPXRequest plus a pause after an early empty answer."""

    def __init__(self, **options: Any) -> None:
        super().__init__(connection_pool_size=1, **options)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        **timeouts: Any,
    ) -> tuple[int, bytes]:
        started = time.monotonic()
        code, payload = await super().do_request(url, method, request_data, **timeouts)
        asked = _poll_timeout(request_data)
        early = time.monotonic() - started < asked / 2
        if code == 200 and early and _no_updates(payload):
            await asyncio.sleep(min(EARLY_PAUSE_SECONDS, asked))
        return code, payload


def _poll_timeout(request_data: RequestData | None) -> float:
    """The long-poll timeout the updater asked for (0 for anything but getUpdates)."""
    value = request_data.parameters.get("timeout") if request_data else None
    return float(value) if isinstance(value, int | float) else 0.0


def _no_updates(payload: bytes) -> bool:
    try:
        return json.loads(payload).get("result") == []
    except (ValueError, AttributeError):
        return False
