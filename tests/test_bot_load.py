"""The bot under load and under hostile questions, through the local Bot API server."""

from __future__ import annotations

import time

import psutil
import pytest
from bot_harness import SENT, fixture_api, running_bot, shown  # noqa: F401

pytestmark = pytest.mark.slow  # the real model, and a local Bot API server

CHATS = 200
ANSWERABLE = "ما الذي اتفق عليه الوزيران؟"


def test_two_hundred_chats_asking_at_once_are_all_answered(api, qa_service) -> None:
    process = psutil.Process()
    with running_bot(api, qa_service, rate_limit_per_minute=100, allowed_chats=[]):
        api.push_message(1, 1, ANSWERABLE)  # warm the path once before measuring memory
        api.wait_for("sendMessage", lambda c: c.chat_id == 1, timeout=120)
        rss_before = process.memory_info().rss
        started = time.monotonic()
        for chat in range(10_000, 10_000 + CHATS):
            api.push_message(chat, chat, ANSWERABLE)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            done = {c.chat_id for c in api.find("sendMessage") if "2021-10-01" in shown(c)}
            if len(done & set(range(10_000, 10_000 + CHATS))) == CHATS:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        rss_growth = process.memory_info().rss - rss_before
    answered = {c.chat_id for c in api.find("sendMessage") if "2021-10-01" in shown(c)}
    missing = set(range(10_000, 10_000 + CHATS)) - answered
    assert not missing, f"{len(missing)} chats got no answer in {elapsed:.0f} s"
    # every chat got exactly its answer, none twice
    per_chat = [len(api.find("sendMessage", chat)) for chat in range(10_000, 10_000 + CHATS)]
    assert set(per_chat) == {1}
    assert rss_growth < 300 * 1024 * 1024, f"RSS grew by {rss_growth / 2**20:.0f} MiB"


@pytest.mark.parametrize(
    "question",
    [
        "<b>bold</b> <script>alert(1)</script> & what did the ministers agree on?",
        "**What** did _the_ ministers [agree](http://x) on? `code`",
        "🙂🙂🙂🔥🔥",
        "What did Лавров and لافروف agree on 你好?",
        "why " * 2500,
    ],
)
def test_hostile_questions_get_a_valid_polite_reply(api, qa_service, question) -> None:
    with running_bot(api, qa_service, allowed_chats=[]):
        api.push_message(7, 7, question)
        reply = api.wait_for(SENT, lambda c: c.chat_id == 7, timeout=120)
    # the local server rejects invalid HTML and over-long messages like Telegram does
    assert not api.find(SENT, 7, ok=False)
    text = shown(reply)
    assert reply.ok and any(m in text for m in ("2021-10-01", "don't say", "ask a question")), text


def test_server_errors_on_send_are_retried(api, qa_service) -> None:
    with running_bot(api, qa_service, allowed_chats=[]):
        api.fail_next("sendMessage", count=2, status=500, description="Internal Server Error")
        api.push_message(8, 8, "/help")
        reply = api.wait_for("sendMessage", lambda c: c.chat_id == 8 and c.ok, timeout=60)
    assert [c.status for c in api.find("sendMessage", 8, ok=False)] == [500, 500]
    assert "/sources" in shown(reply)
