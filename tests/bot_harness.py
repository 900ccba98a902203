"""Running the real bot in tests: the Application against the local Bot API server.

`LocalBotApi` is the server of tests/botapi_server.py plus what a test does with it: send
messages as a user, find the bot's calls and wait for its replies. `running_bot` runs the
Application in a thread for the length of a `with` block. tests/test_bot.py imports the
fixtures `api` and `long_answer_service` (defined as `fixture_*`, so test arguments named
after them do not shadow an import).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from botapi_server import BotApiServer, Call
from index_fixtures import AGREEMENT
from openai_server import OpenAICompatibleServer
from telegram_html import parse_telegram_html, utf16_len

from bot.app import build_application, serve
from bot.settings import BotSettings
from index.settings import IndexSettings
from retrieval.answer import Answer
from retrieval.conversation import Conversation
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

TOKEN = "123456789:AAF-local-test-token_never-log-me"
ADMIN, USER, ARABIC_USER, STRANGER, GROUP, STRANGE_GROUP = 1001, 1002, 1003, 666, -1005, -1006
SENT = ("sendMessage", "editMessageText")


class LocalBotApi(BotApiServer):
    """The local Bot API server, driven the way a test drives it."""

    def push_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        language_code: str = "en",
        chat_type: str = "private",
        reply_to_bot: bool | int = False,
        kind: str = "message",
    ) -> dict[str, Any]:
        """Queue a text message; commands and @mentions get entities as Telegram adds them."""
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User{user_id}",
            "language_code": language_code,
        }
        chat = (
            {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            if chat_type == "private"
            else {"id": chat_id, "type": chat_type, "title": "Group"}
        )
        now = int(time.time())
        with self._cond:
            self._message_ids[chat_id] += 1
            message: dict[str, Any] = {
                "message_id": self._message_ids[chat_id],
                "date": now,
                "chat": chat,
                "from": user,
                "text": text,
                "entities": [],
            }
        for entity, word in (
            ("bot_command", text.split()[0] if text[:1] == "/" else None),
            ("mention", f"@{self.username}"),
        ):
            if word and word in text:
                message["entities"].append(
                    {
                        "type": entity,
                        "length": utf16_len(word),
                        "offset": utf16_len(text[: text.index(word)]),
                    }
                )
        if reply_to_bot:
            replied = 1 if reply_to_bot is True else int(reply_to_bot)
            message["reply_to_message"] = {
                "message_id": replied,
                "date": now,
                "chat": chat,
                "from": self.bot_user,
                "text": "…",
            }
        if kind == "edited_message":
            message["edit_date"] = now
        return self.push_update({kind: message})

    def find(
        self,
        method: str | tuple[str, ...] | None = None,
        chat_id: int | None = None,
        ok: bool | None = True,
    ) -> list[Call]:
        """Recorded calls of `method` (one name or several), oldest first; `ok=None`: all."""
        methods = (method,) if isinstance(method, str) else method
        with self._cond:
            return [
                c
                for c in self.calls
                if (methods is None or c.method in methods)
                and (chat_id is None or c.chat_id == chat_id)
                and (ok is None or c.ok == ok)
            ]

    def wait_for(
        self,
        method: str | tuple[str, ...],
        predicate: Any = None,
        timeout: float = 10.0,
        ok: bool | None = True,
    ) -> Call:
        """The first recorded call of `method` matching `predicate`, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                hits = [c for c in self.find(method, ok=ok) if predicate is None or predicate(c)]
                if hits:
                    return hits[0]
                if time.monotonic() >= deadline:
                    recent = [(c.method, c.chat_id, c.status, c.text[:60]) for c in self.calls]
                    raise AssertionError(f"no {method} within {timeout}s; calls: {recent[-15:]}")
                self._cond.wait(deadline - time.monotonic())


@pytest.fixture(name="api")
def fixture_api() -> Iterator[LocalBotApi]:
    server = LocalBotApi(TOKEN).start()
    yield server
    server.stop()


def long_answer(paragraphs: int = 14) -> str:
    """What a verbose model answers: ~7,200 characters (a message holds 4096) of paragraphs
    citing passage [1], with text Telegram's HTML must get escaped (< > &, a literal &amp;)
    and Arabic."""
    body = (
        "The ministers agreed to step up contacts between their ministries [1]. In the "
        f"article's own words: «{AGREEMENT}» [1]. Was anything else settled? Not in this "
        "passage; it says nothing of dates & venues for a meeting.\n"
        "Written as markup it would read <b>agreed</b> & <i>contacts</i> < more contacts > "
        "none, and R&D; or &amp; must stay text, not entities [1]. "
        "هل اتفق الوزيران على شيء آخر؟ لا يذكر المقطع ذلك [1]. "
        "So the answer rests on one sentence of one article, cited above as [1]."
    )
    return "\n\n".join(f"{n}. {body}" for n in range(1, paragraphs + 1))


def answer_from_passage_one(messages: list[dict[str, Any]]) -> str:
    """The model's reply: the long answer when it was shown passage 1, else NOT_FOUND."""
    return long_answer() if '<passage id="1"' in messages[-1]["content"] else "NOT_FOUND"


@pytest.fixture(name="long_answer_service")
def fixture_long_answer_service(seed_settings: IndexSettings, embedder: Any) -> Iterator[QAService]:
    """The real QAService over the seed index, answering with the OpenAI-compatible LLM
    path against the local chat-completions server, which streams `long_answer()`."""
    with OpenAICompatibleServer(answer_from_passage_one) as server:
        retrieval = RetrievalSettings(
            llm="openai:test-model", openai_base_url=server.base_url, openai_api_key="sk-test"
        )
        with QAService(seed_settings, retrieval, embedder=embedder) as service:
            yield service


class ErrorsWithTheTokenInside:
    """Wraps a QAService whose failures quote the API URL, token included, as httpx errors do."""

    def __init__(self, service: Any, url: str) -> None:
        self.service, self.url = service, url

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def ask_stream(
        self, question: str, history: Any = (), previous: Any = None
    ) -> Iterator[str | Answer]:
        raise ConnectionError(f"POST {self.url}/sendMessage failed")

    def conversation(self) -> Conversation:
        return Conversation(self, self.service.settings.history_turns)


def bot_settings(server: BotApiServer, **changes: Any) -> BotSettings:
    values = {
        "telegram_bot_token": TOKEN,
        "telegram_api_url": server.base_url,
        "allowed_chats": [ADMIN, USER, ARABIC_USER, GROUP],
        "admins": [ADMIN],
    }
    return BotSettings(**{**values, **changes})


@contextlib.contextmanager
def running_bot(server: LocalBotApi, service: Any, **changes: Any) -> Iterator[Any]:
    """Run the real Application (run_polling, or run_webhook) in a thread until the block ends."""
    settings = bot_settings(server, **changes)
    application = build_application(settings, service, close_service=False)
    loop, failures = asyncio.new_event_loop(), []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            serve(application, settings, stop_signals=None)
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=run, name="bot", daemon=True)
    thread.start()
    # post_init (model warm-up, commands menu) is over when the updater starts talking.
    ready = ("setWebhook",) if settings.webhook_url else ("deleteWebhook", "getUpdates")
    deadline = time.monotonic() + 120
    while not failures and not server.find(ready, ok=None) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        if failures:
            raise failures[0]
        yield application
    finally:
        loop.call_soon_threadsafe(application.stop_running)
        thread.join(30)
    assert not thread.is_alive() and not failures, failures


def shown(call: Call) -> str:
    """What the user sees for a sendMessage/editMessageText call."""
    html_mode = str(call.params.get("parse_mode", "")).upper() == "HTML"
    return parse_telegram_html(call.text) if html_mode else call.text


def wait_reply(server: LocalBotApi, chat_id: int, contains: str, timeout: float = 60) -> str:
    call = server.wait_for(SENT, lambda c: c.chat_id == chat_id and contains in shown(c), timeout)
    return shown(call)


def answered(server: LocalBotApi, chat_id: int) -> list[Call]:
    """The bot's answers in the chat: messages citing the seed article as "title — date"."""
    return [c for c in server.find(SENT, chat_id) if "— 2021-10-01" in shown(c)]


def transcript(server: LocalBotApi, chat_id: int) -> str:
    """A readable log of one chat: updates in, Bot API calls out (getUpdates left out)."""
    lines, start = [], None
    for call in server.find(chat_id=chat_id, ok=None):
        start = start or call.at
        if call.method == "update":
            lines.append(f"[{call.at - start:5.2f}s] user -> bot: {call.params['message']['text']}")
            continue
        extra = {k: v for k, v in call.params.items() if k not in {"chat_id", "text"}}
        lines.append(
            f"[{call.at - start:5.2f}s] bot -> Bot API: {call.method} "
            f"{json.dumps(extra, ensure_ascii=False)} => HTTP {call.status}"
        )
        lines.extend(f"    {line}" for line in call.text.splitlines())
    return "\n".join(lines) + "\n"


def deliver(url: str, update: bytes, secret: str) -> int:
    """POST an update as Telegram does, retrying while the webhook server is still starting."""
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    deadline = time.monotonic() + 15
    while True:
        request = urllib.request.Request(url, update, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
