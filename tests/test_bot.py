"""End to end: the real Application, over real HTTP, against a local Bot API server.

The bot answers with the real QAService (`qa_service` from tests/conftest.py) over a real
index of the seed article; tests/bot_harness.py runs it. Set NEWSQA_WRITE_TRANSCRIPT=1 to
save tests/output/transcript.txt.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from bot_harness import (
    ADMIN,
    ARABIC_USER,
    GROUP,
    SENT,
    STRANGE_GROUP,
    STRANGER,
    TOKEN,
    USER,
    ErrorsWithTheTokenInside,
    answered,
    deliver,
    fixture_api,  # noqa: F401 - the `api` fixture
    fixture_long_answer_service,  # noqa: F401 - the `long_answer_service` fixture
    running_bot,
    shown,
    transcript,
    wait_reply,
)
from index_fixtures import AGREEMENT

from bot.app import main
from bot.settings import BotSettings, ConfigError
from retrieval.answer import Answer

pytestmark = pytest.mark.slow

QUESTION = "What did the ministers agree on?"
ANSWERABLE = "ما الذي اتفق عليه الوزيران؟"  # the same question; today's retrieval answers it
OUTPUT = Path(__file__).parent / "output"


def test_start_and_stats_in_english_and_arabic_say_what_the_bot_knows(api, qa_service) -> None:
    stats = qa_service.stats()
    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/start", language_code="en-GB")
        api.push_message(ARABIC_USER, ARABIC_USER, "/start", language_code="ar")
        english = wait_reply(api, USER, "Hello")
        arabic = wait_reply(api, ARABIC_USER, "مرحباً")
        api.push_message(USER, USER, "/stats")
        english_stats = wait_reply(api, USER, "Articles:")
        api.push_message(ARABIC_USER, ARABIC_USER, "/stats", language_code="ar")
        arabic_stats = wait_reply(api, ARABIC_USER, "المقالات:")
    assert f"Articles I know: {stats.articles}, the newest from 1 October 2021" in english
    assert f"عدد المقالات لدي: {stats.articles}، أحدثها بتاريخ 1 أكتوبر 2021" in arabic
    # words a reader knows: passages, a date, the language's name; no "chunks", no codes
    assert f"Articles: {stats.articles} (in 1 file)" in english_stats
    assert f"Passages I can quote: {stats.chunks}" in english_stats
    assert "Dates: 1 October 2021" in english_stats and "Languages: Arabic (1)" in english_stats
    assert "chunk" not in english_stats.lower() and "ar:" not in english_stats
    assert "التواريخ: 1 أكتوبر 2021" in arabic_stats and "العربية (1)" in arabic_stats


def test_question_is_answered_with_source_title_and_date(api, qa_service) -> None:
    expected = qa_service.ask(ANSWERABLE)
    assert expected.found and expected.sources, expected
    with running_bot(api, qa_service) as application:
        api.push_message(ARABIC_USER, ARABIC_USER, ANSWERABLE, language_code="ar")
        answer = wait_reply(api, ARABIC_USER, "2021-10-01")
        api.push_message(ARABIC_USER, ARABIC_USER, "/sources", language_code="ar")
        full = wait_reply(api, ARABIC_USER, expected.sources[0].path)
        conversation = application.chat_data[ARABIC_USER]["conversation"]
        history = list(conversation.turns)
        api.push_message(ARABIC_USER, ARABIC_USER, "/reset", language_code="ar")
        wait_reply(api, ARABIC_USER, "نسيت")
    assert f"{expected.sources[0].title} — {expected.sources[0].date}" in answer
    assert "المصادر" in answer and expected.sources[0].quote.strip() in full
    assert api.find("sendChatAction", ARABIC_USER)[0].params["action"] == "typing"
    assert history == [(ANSWERABLE, expected.answer)]
    assert conversation.turns == [] and conversation.last is None


def test_a_question_about_another_year_says_so_with_the_nearest_article(api, qa_service) -> None:
    """The seed article is from 2021 and names no 2023: the reply says the articles don't
    say for 2023, and still shows the quote and its source, as a found answer would."""
    question = "What did Lavrov and Mirzoyan agree on in 2023?"
    expected = qa_service.ask(question)
    assert not expected.found and expected.sources, expected
    with running_bot(api, qa_service):
        api.push_message(USER, USER, question)
        answer = wait_reply(api, USER, "2023")
    assert answer.startswith("The articles don't say for 2023. The nearest article is from 2021")
    assert f"{expected.sources[0].title} — {expected.sources[0].date}" in answer
    assert expected.sources[0].quote.strip()[:40] in answer


def test_the_ministers_question_shows_what_the_service_answers(api, qa_service) -> None:
    """The README's exchange; NEWSQA_WRITE_TRANSCRIPT=1 saves it to tests/output/."""
    expected = qa_service.ask(QUESTION)
    with running_bot(api, qa_service):
        api.push_message(USER, USER, QUESTION)
        answer = wait_reply(api, USER, expected.answer.strip()[:40])
        time.sleep(0.3)  # let the typing task's last call land in the record
    assert expected.found and AGREEMENT in expected.sources[0].quote
    assert AGREEMENT in answer
    assert f"{expected.sources[0].title} — {expected.sources[0].date}" in answer
    if os.environ.get("NEWSQA_WRITE_TRANSCRIPT") == "1":
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / "transcript.txt").write_text(transcript(api, USER), encoding="utf-8")


def test_strangers_are_refused_and_their_other_updates_dropped(api, qa_service) -> None:
    stranger = {"id": STRANGER, "is_bot": False, "first_name": "S"}
    with running_bot(api, qa_service):
        api.push_message(STRANGE_GROUP, STRANGER, "hello all", chat_type="supergroup")
        api.push_message(STRANGER, STRANGER, "/start", kind="edited_message")
        api.push_update({"callback_query": {"id": "7", "from": stranger, "chat_instance": "1"}})
        api.push_message(STRANGER, STRANGER, QUESTION)
        assert "private" in wait_reply(api, STRANGER, "Sorry")
        api.push_message(USER, USER, "/help")  # handled after the stranger's updates
        wait_reply(api, USER, "/sources")
    assert len(api.find(SENT, STRANGER)) == 1
    assert not api.find((*SENT, "sendChatAction"), STRANGE_GROUP, ok=None)
    assert not api.find("sendChatAction", STRANGER) and not api.find("answerCallbackQuery")


def test_groups_get_answers_only_when_they_address_the_bot(api, qa_service) -> None:
    def asked(user: int, text: str, **kw: Any) -> int:
        update = api.push_message(GROUP, user, text, chat_type="supergroup", **kw)
        return update["message"]["message_id"]

    with running_bot(api, qa_service):
        plain = asked(USER, ANSWERABLE)
        mention = asked(USER, f"@{api.username} {ANSWERABLE}")
        wait_reply(api, GROUP, "2021-10-01")
        reply = asked(ADMIN, ANSWERABLE, reply_to_bot=True)
        asked(ADMIN, f"/help@{api.username}")
        wait_reply(api, GROUP, "/sources")
        api.wait_for("sendMessage", lambda _: len(answered(api, GROUP)) >= 2)
    replied_to = [c.params["reply_parameters"]["message_id"] for c in answered(api, GROUP)]
    assert sorted(replied_to) == [mention, reply] and plain not in replied_to


def test_stickers_and_unknown_commands_get_a_hint_not_silence(api, qa_service) -> None:
    sticker = {"file_id": "s1", "file_unique_id": "u1", "width": 512, "height": 512}
    sticker.update(is_animated=False, is_video=False, type="regular")

    def send_sticker(chat_id: int, chat_type: str = "private") -> None:
        update = api.push_message(chat_id, USER, "x", chat_type=chat_type)
        message = update["message"]
        del message["text"], message["entities"]
        message["sticker"] = sticker

    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/weather")
        assert "/help" in wait_reply(api, USER, "don't know that command")
        api.push_message(USER, USER, "/weather", language_code="ar")
        wait_reply(api, USER, "لا أعرف هذا الأمر")
        send_sticker(USER)
        wait_reply(api, USER, "as text")
        # in a group, another bot's command and an unaddressed sticker are none of its business
        send_sticker(GROUP, "supergroup")
        api.push_message(GROUP, USER, "/weather", chat_type="supergroup")
        api.push_message(GROUP, USER, f"/weather@{api.username}", chat_type="supergroup")
        wait_reply(api, GROUP, "don't know that command")
        api.push_message(USER, USER, "/help")
        wait_reply(api, USER, "/sources")
    assert [shown(c) for c in api.find(SENT, GROUP)] == [
        "I don't know that command. /help lists what I can do."
    ]


def test_reindex_is_refused_to_users_and_reports_to_admins(api, qa_service, seed_folder) -> None:
    with running_bot(api, qa_service, articles_dir=str(seed_folder)):
        api.push_message(USER, USER, "/reindex")
        assert "only the bot's admins" in wait_reply(api, USER, "Sorry")
        api.push_message(ADMIN, ADMIN, "/reindex")
        wait_reply(api, ADMIN, "Re-reading")
        report = wait_reply(api, ADMIN, "Re-index finished", timeout=120)
    assert "1 unchanged" in report and "chunks" in report


def test_long_answer_is_streamed_then_split_into_valid_messages(api, long_answer_service) -> None:
    with running_bot(api, long_answer_service):
        api.push_message(USER, USER, ANSWERABLE)
        wait_reply(api, USER, "المصادر", timeout=120)  # the question is Arabic
    calls = api.find(SENT, USER, ok=None)
    assert all(c.ok for c in calls), [(c.status, c.response) for c in calls if not c.ok]
    final: dict[int, str] = {}  # message id -> what the user ends up seeing
    for call in calls:
        final[call.response["result"]["message_id"]] = shown(call)
        assert len(shown(call).encode("utf-16-le")) // 2 <= 4096
    assert len(final) >= 2
    edits = [c.at for c in calls if c.method == "editMessageText"]
    changes = [calls[0].at, *edits]  # the streamed preview, then each edit of it
    assert edits and all(b - a >= 0.95 for a, b in zip(changes, edits, strict=False))
    expected = long_answer_service.ask_stream(ANSWERABLE)
    full_text = [item for item in expected if isinstance(item, Answer)][0].answer
    assert "".join(full_text.split()) in "".join("".join(final.values()).split())
    assert "— 2021-10-01" in list(final.values())[-1]  # the cited seed article, with its date


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own
def test_too_many_requests_is_waited_out(api, qa_service) -> None:
    with running_bot(api, qa_service):
        api.fail_next("sendMessage", count=1, status=429, retry_after=1)
        api.push_message(USER, USER, "/help")
        reply = api.wait_for("sendMessage", lambda c: c.chat_id == USER, timeout=30)
    refused = api.find("sendMessage", USER, ok=False)
    assert refused and refused[0].status == 429
    assert reply.at - refused[0].at >= 1.0 and "/sources" in shown(reply)


def test_failed_get_updates_is_retried(api, qa_service) -> None:
    api.fail_next("getUpdates", count=1, status=502)
    with running_bot(api, qa_service):
        api.push_message(USER, USER, "/help")
        wait_reply(api, USER, "/sources", timeout=30)
    assert api.find("getUpdates", ok=False)[0].status == 502


def test_rate_limit_is_per_user_and_polite(api, qa_service) -> None:
    with running_bot(api, qa_service, rate_limit_per_minute=2):
        for _ in range(3):
            api.push_message(USER, USER, QUESTION)
        assert "wait about" in wait_reply(api, USER, "faster")
        api.push_message(ADMIN, ADMIN, ANSWERABLE)
        wait_reply(api, ADMIN, "2021-10-01")


def test_token_never_reaches_logs_or_chats(api, qa_service, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    failing = ErrorsWithTheTokenInside(qa_service, f"{api.base_url}{TOKEN}")
    with running_bot(api, failing):
        api.push_message(USER, USER, QUESTION)
        assert "something went wrong" in wait_reply(api, USER, "Sorry")
    errors = [r for r in caplog.records if r.name == "bot.handlers" and r.exc_info]
    assert errors and "[REDACTED]/sendMessage" in (errors[0].exc_text or "")
    assert "[REDACTED]" in caplog.text and TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and TOKEN not in (record.exc_text or "")
    assert not [c for c in api.find(SENT, ok=None) if TOKEN in c.text]


def test_webhook_mode_checks_the_secret(api, qa_service) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/newsqa-hook"
    with running_bot(api, qa_service, webhook_url=url, webhook_port=port, webhook_secret="s3cret"):
        hook = api.wait_for("setWebhook")
        update = json.dumps(api.push_message(USER, USER, "/help")).encode()
        assert deliver(url, update, "wrong") == 403
        assert deliver(url, update, "s3cret") == 200
        wait_reply(api, USER, "/sources")
    assert hook.params["url"] == url and hook.params["secret_token"] == "s3cret"


def test_settings_read_env_lists_and_explain_a_missing_token(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("NEWSQA_ALLOWED_CHATS", "1002, -1005")
    monkeypatch.setenv("NEWSQA_ADMINS", "1001")
    monkeypatch.setenv("NEWSQA_TELEGRAM_API_URL", "http://127.0.0.1:8081/bot")
    settings = BotSettings()
    assert settings.token == TOKEN and TOKEN not in repr(settings)
    assert settings.allowed_chats == [1002, -1005] and settings.admins == [1001]
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.is_allowed(1001, 1001) and not settings.is_allowed(666, 666)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    with pytest.raises(ConfigError, match="Set TELEGRAM_BOT_TOKEN"):
        _ = BotSettings().token
    assert main() == 2
    assert "Set TELEGRAM_BOT_TOKEN (from @BotFather)" in capsys.readouterr().err
    monkeypatch.setenv("NEWSQA_ADMINS", "alice")
    assert main() == 2 and "admins" in capsys.readouterr().err
