"""What real Bot API servers do wrong, for the local server of tests/botapi_server.py to copy.

Telegram itself answers 429 and, on a bad day, 5xx. Self-hosted servers and emulators such as
`telegram-test-api` (npm) answer HTTP 500 to methods they don't implement (setMyCommands,
sendChatAction), return from getUpdates at once whatever its timeout, and send message dates
in milliseconds, which a strict client cannot read. A test asks for one of these per method,
for the next few calls or for good, and optionally for one chat only.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

MILLISECONDS = "dates in milliseconds"  # the fault that answers 200 with an unreadable result
DATES = ("date", "edit_date")


@dataclass
class ApiError(Exception):
    code: int
    description: str
    retry_after: int | None = None


@dataclass
class Fault:
    """One misbehaviour of one method: an error to answer with, or MILLISECONDS."""

    error: ApiError | str
    chat_id: int | None = None  # only calls for this chat; None: every call
    remaining: int | None = 1  # calls left to spoil; None: for good

    def applies(self, params: dict[str, Any]) -> bool:
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


class Faults:
    """The misbehaviours queued per method, taken in order; thread-safe."""

    def __init__(self) -> None:
        self._by_method: dict[str, list[Fault]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, method: str, fault: Fault) -> None:
        with self._lock:
            self._by_method[method.lower()].append(fault)

    def take(self, method: str, params: dict[str, Any]) -> Fault | None:
        """The fault for this call, if any (used up when it was for a number of calls)."""
        with self._lock:
            queue = self._by_method.get(method.lower(), [])
            for fault in queue:
                if not fault.applies(params):
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.remove(fault)
                return fault
        return None

    def clear(self, method: str) -> None:
        with self._lock:
            self._by_method.pop(method.lower(), None)


def error_for(status: int, retry_after: int, description: str | None) -> ApiError:
    """The error Telegram would send for `status` (429 carries its retry_after)."""
    if status == 429:
        return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
    default = {400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error"}
    return ApiError(status, description or default.get(status, "Bad Gateway"))


def in_milliseconds(result: Any) -> Any:
    """A result with every message date in milliseconds, as telegram-test-api sends them."""
    if isinstance(result, dict):
        dated = {k: v * 1000 for k, v in result.items() if k in DATES and isinstance(v, int)}
        return {k: dated.get(k, in_milliseconds(v)) for k, v in result.items()}
    if isinstance(result, list):
        return [in_milliseconds(item) for item in result]
    return result
