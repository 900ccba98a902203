"""The bot against Bot API servers that misbehave the way real ones do (tests/botapi_faults.py).

Each test drives the real Application over HTTP against the local Bot API server, with the
real QAService over the seed index, and injects what a self-hosted server, an emulator or a
bad day at Telegram does: methods that answer HTTP 500, a getUpdates that returns at once,
replies refused with 400 or 5xx, replies whose answer cannot be read.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bot_harness import (
    ADMIN,
    ARABIC_USER,
    SENT,
    STRANGER,
    USER,
    fixture_api,  # noqa: F401 - the `api` fixture
    running_bot,
    shown,
    wait_reply,
)

from index import sync
from index.settings import IndexSettings
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow

ANSWERABLE = "ما الذي اتفق عليه الوزيران؟"
QUESTION = "What did the ministers agree on?"
UNCAUGHT = "uncaught error was raised while handling the error"


def warnings_about(caplog: pytest.LogCaptureFixture, word: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING and word in r.getMessage()]


def test_bot_stays_up_when_the_commands_menu_and_typing_always_fail(api, qa_service, caplog):
    caplog.set_level(logging.INFO)
    api.fail_always("setMyCommands", 500)
    api.fail_always("sendChatAction", 500)
    with running_bot(api, qa_service):
        api.push_message(USER, USER, ANSWERABLE)
        wait_reply(api, USER, "2021-10-01")
        api.push_message(ARABIC_USER, ARABIC_USER, ANSWERABLE, language_code="ar")
        wait_reply(api, ARABIC_USER, "2021-10-01")
    # one try per menu language, no retries; one warning per method, not one per message
    assert len(api.find("setMyCommands", ok=False)) == 2
    assert len(api.find("sendChatAction", ok=False)) == 2
    assert len(warnings_about(caplog, "setMyCommands")) == 1
    assert len(warnings_about(caplog, "sendChatAction")) == 1


def test_a_get_updates_that_ignores_its_timeout_does_not_make_the_bot_spin(api, qa_service):
    api.ignore_poll_timeout = True
    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/help")
        wait_reply(api, USER, "/sources")
        started = time.monotonic()
        time.sleep(3)
        polls = [c for c in api.find("getUpdates", ok=None) if c.at >= started]
    assert len(polls) <= 6, f"{len(polls)} getUpdates calls in 3 s"


def test_a_reply_refused_with_400_is_logged_and_not_tried_again(api, qa_service, caplog):
    caplog.set_level(logging.INFO)
    api.fail_next("sendMessage", count=5, status=400, chat_id=USER, description="Bad Request: x")
    with running_bot(api, qa_service):
        api.push_message(USER, USER, ANSWERABLE)
        api.push_message(ADMIN, ADMIN, "/help")  # the bot goes on serving others
        wait_reply(api, ADMIN, "/sources")
        api.wait_for("sendMessage", lambda c: c.chat_id == USER, ok=False)
        time.sleep(0.5)  # room for an apology, which must not come
    assert len(api.find(SENT, USER, ok=None)) == 1
    assert [r for r in caplog.records if r.name == "bot.handlers" and r.exc_info]
    assert UNCAUGHT not in caplog.text


def test_replies_failing_with_5xx_are_retried_then_given_up_quietly(api, qa_service, caplog):
    caplog.set_level(logging.INFO)
    api.fail_next("sendMessage", count=50, status=500, chat_id=USER)
    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/help")
        api.wait_for("sendMessage", lambda c: c.chat_id == USER, ok=False)
        api.push_message(ADMIN, ADMIN, "/help")
        wait_reply(api, ADMIN, "/sources", timeout=30)
        time.sleep(6)  # the reply's retries (0.5 + 1 + 2 s) and any apology's
    assert len(api.find(SENT, USER, ok=None)) == 4  # the reply and its 3 retries, no apology
    assert UNCAUGHT not in caplog.text


def test_the_error_path_never_raises_even_when_replies_cannot_be_read(api, qa_service, caplog):
    caplog.set_level(logging.INFO)
    api.unreadable_replies("sendMessage", chat_id=USER)  # delivered, answered in milliseconds
    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/help")
        api.wait_for("sendMessage", lambda c: c.chat_id == USER)
        time.sleep(0.5)
        api.push_message(ADMIN, ADMIN, "/help")
        wait_reply(api, ADMIN, "/sources")
    assert UNCAUGHT not in caplog.text
    assert [r for r in caplog.records if r.name == "bot.handlers" and r.exc_info]


def test_reindex_is_released_and_reports_when_its_first_reply_fails(api, qa_service, seed_folder):
    with running_bot(api, qa_service, articles_dir=str(seed_folder)):
        api.fail_next("sendMessage", count=1, status=400, chat_id=ADMIN)
        api.push_message(ADMIN, ADMIN, "/reindex")  # "Re-reading…" is refused
        wait_reply(api, ADMIN, "Re-index finished", timeout=120)
        api.push_message(ADMIN, ADMIN, "/reindex")
        wait_reply(api, ADMIN, "Re-reading")
        api.wait_for(SENT, lambda c: "Re-index finished" in shown(c) and c.at > 0, timeout=120)
    texts = [shown(c) for c in api.find(SENT, ADMIN)]
    assert not [t for t in texts if "already running" in t]
    assert sum("Re-index finished" in t for t in texts) == 2


@pytest.fixture
def own_index_service(tmp_path, seed_folder, model_cache_dir, embedder):
    """A QAService over an index of its own, which a test may rebuild under it."""
    settings = IndexSettings(data_dir=tmp_path / "data", model_cache_dir=model_cache_dir)
    sync(seed_folder, settings, embedder=embedder)
    with QAService(settings, RetrievalSettings(llm="extractive"), embedder=embedder) as service:
        yield service


def rebuild_in_another_process(service: QAService, folder: Path) -> None:
    """`newsqa index <folder> --rebuild`, as an operator runs it next to the bot."""
    env = {
        **os.environ,
        "NEWSQA_DATA_DIR": str(service.index_settings.data_dir),
        "NEWSQA_MODEL_CACHE_DIR": str(service.index_settings.model_cache_dir),
        "NEWSQA_EMBEDDING_BACKEND": "torch",  # the converted model the tests already have
    }
    command = [sys.executable, "-m", "newsqa", "index", str(folder), "--rebuild", "--no-progress"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 added" in done.stdout


def test_questions_are_answered_after_another_process_rebuilds_the_index(
    api, own_index_service, seed_folder
):
    def answered_after(count: int) -> None:
        api.push_message(USER, USER, ANSWERABLE)
        api.wait_for(SENT, lambda _: len(api.find(SENT, USER)) >= count, timeout=60)
        assert "2021-10-01" in shown(api.find(SENT, USER)[-1])

    with running_bot(api, own_index_service, articles_dir=str(seed_folder)):
        answered_after(1)
        rebuild_in_another_process(own_index_service, seed_folder)
        answered_after(2)
        api.push_message(ADMIN, ADMIN, "/reindex rebuild")
        wait_reply(api, ADMIN, "Re-index finished", timeout=120)
        answered_after(3)
    assert not [c for c in api.find(SENT, USER) if "went wrong" in shown(c)]


def test_a_stranger_is_refused_once_per_window_and_logged_in_counts(api, qa_service, caplog):
    caplog.set_level(logging.INFO)
    with running_bot(api, qa_service, refusal_window_s=2):
        for n in range(30):
            api.push_message(STRANGER, STRANGER, f"{QUESTION} ({n})")
        wait_reply(api, STRANGER, "private")
        api.push_message(USER, USER, "/help")
        wait_reply(api, USER, "/sources")
        time.sleep(0.5)  # room for further refusals, which must not come
        refused_in_window = len(api.find(SENT, STRANGER))
        time.sleep(2)  # the window ends: the next message is told again
        api.push_message(STRANGER, STRANGER, QUESTION)
        api.wait_for(SENT, lambda _: len(api.find(SENT, STRANGER)) >= 2)
    assert refused_in_window == 1 and len(api.find(SENT, STRANGER)) == 2
    about_stranger = [r for r in caplog.records if str(STRANGER) in r.getMessage()]
    assert len(about_stranger) <= 3, [r.getMessage() for r in about_stranger]
    assert "29 updates ignored" in caplog.text
