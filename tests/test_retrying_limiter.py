"""Timeouts and server errors on outgoing Bot API calls are retried with backoff."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.retrying_limiter import RetryingRateLimiter


def run_with_failures(failures: list[Exception], endpoint: str = "sendMessage"):
    calls = []

    async def callback(*args, **kwargs):
        calls.append(asyncio.get_running_loop().time())
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1]
        return {"ok": True}

    async def main():
        limiter = RetryingRateLimiter(network_retries=3, first_delay=0.05)
        await limiter.initialize()
        try:
            return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": 1}, None)
        finally:
            await limiter.shutdown()

    return asyncio.run(main()), calls


def test_timeouts_and_5xx_are_retried_with_growing_delays():
    result, calls = run_with_failures([TimedOut(), NetworkError("Bad Gateway")])
    assert result == {"ok": True} and len(calls) == 3
    first_gap, second_gap = calls[1] - calls[0], calls[2] - calls[1]
    assert first_gap >= 0.05 and second_gap >= 0.1


def test_bad_requests_are_not_retried():
    with pytest.raises(BadRequest):
        run_with_failures([BadRequest("can't parse entities")])


def test_it_gives_up_after_the_last_retry():
    with pytest.raises(TimedOut):
        run_with_failures([TimedOut()] * 4)


@pytest.mark.parametrize("endpoint", ["getUpdates", "setMyCommands", "sendChatAction"])
def test_get_updates_and_cosmetic_calls_are_not_retried(endpoint):
    with pytest.raises(NetworkError):
        run_with_failures([NetworkError("Internal Server Error")], endpoint=endpoint)
