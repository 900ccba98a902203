"""A local Telegram Bot API server for tests: real HTTP on 127.0.0.1, strict about HTML.

It serves ``/bot<token>/<method>`` like api.telegram.org, queues updates for getUpdates,
records every call, validates HTML messages the way Telegram does, and misbehaves on request
the way real servers do (tests/botapi_faults.py): 429 with retry_after, 400s and 5xx for the
next calls or for good, results a strict client cannot read, and a getUpdates that returns at
once. With a webhook set, getUpdates answers 409 as Telegram does; the test then plays
Telegram and POSTs updates to the bot itself.
Tests drive it through tests/bot_harness.py (`LocalBotApi`: send messages, await replies).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from botapi_faults import MILLISECONDS, ApiError, Fault, Faults, error_for, in_milliseconds
from telegram_html import parse_telegram_html, utf16_len

JSON_FIELDS = {
    "reply_parameters",
    "reply_markup",
    "commands",
    "scope",
    "allowed_updates",
    "link_preview_options",
    "entities",
}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}
TRIVIAL_METHODS = {
    "sendchataction",
    "setmycommands",
    "deletemycommands",
    "answercallbackquery",
    "close",
    "logout",
}


@dataclass
class Call:
    """One recorded request (or, with method "update", one update handed to the bot)."""

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    ok = property(lambda self: self.status == 200)
    text = property(lambda self: str(self.params.get("text", "")))

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id", (self.params.get("message") or {}).get("chat", {}))
        return int(chat["id"] if isinstance(chat, dict) else chat) if chat else None


class BotApiServer:
    """The server and its state; the constructor binds a free port on 127.0.0.1."""

    def __init__(self, token: str, username: str = "newsqa_test_bot", bot_id: int = 777) -> None:
        self.token, self.username = token, username
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": "NewsQA", "username": username}
        self.calls: list[Call] = []
        self.webhook: dict[str, Any] = {}
        self._updates: deque[dict[str, Any]] = deque()
        self._update_ids = iter(range(1, 10**9))
        self._message_ids: dict[int, int] = defaultdict(lambda: 100)
        self._sent: dict[tuple[int, int], str] = {}
        self.faults = Faults()
        self.ignore_poll_timeout = False  # getUpdates returns at once, as emulators do
        self._cond = threading.Condition()
        self._closing = False
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.api = self
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> BotApiServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self.record(Call("update", update, 200, {}))
        return update

    def fail_next(
        self,
        method: str,
        count: int = 1,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next `count` calls of `method` (for `chat_id` only, if given) with an
        error instead."""
        self.faults.add(method, Fault(error_for(status, retry_after, description), chat_id, count))

    def fail_always(self, method: str, status: int = 500, description: str | None = None) -> None:
        """Answer every call of `method` with an error, as servers that lack it do."""
        self.faults.add(method, Fault(error_for(status, 0, description), None, None))

    def unreadable_replies(self, method: str, chat_id: int | None = None) -> None:
        """Carry out `method` but answer with dates in milliseconds, which PTB cannot read."""
        self.faults.add(method, Fault(MILLISECONDS, chat_id, None))

    def handle(self, method: str, params: dict[str, Any]) -> Any:
        if method.lower() in TRIVIAL_METHODS:
            return True
        handler = getattr(self, f"api_{method.lower()}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params)

    def api_getme(self, params: dict[str, Any]) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def api_getupdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        wait = 0.0 if self.ignore_poll_timeout else min(float(params.get("timeout") or 0), 30.0)
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                while self._updates and self._updates[0]["update_id"] < offset:
                    self._updates.popleft()
                if self._updates or self._closing or time.monotonic() >= deadline:
                    return list(self._updates)[:limit]
                self._cond.wait(max(0.0, deadline - time.monotonic()))

    def _message(self, chat_id: int, text: str, message_id: int | None = None) -> dict[str, Any]:
        with self._cond:
            if message_id is None:
                self._message_ids[chat_id] += 1
                message_id = self._message_ids[chat_id]
            self._sent[(chat_id, message_id)] = text
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
            "text": text,
        }

    def _visible_text(self, params: dict[str, Any]) -> str:
        text = str(params.get("text", ""))
        if str(params.get("parse_mode", "")).lower() == "html":
            try:
                text = parse_telegram_html(text)
            except ValueError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from exc
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text.strip()) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text.strip()

    def api_sendmessage(self, params: dict[str, Any]) -> Any:
        return self._message(int(params["chat_id"]), self._visible_text(params))

    def api_editmessagetext(self, params: dict[str, Any]) -> Any:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        text = self._visible_text(params)
        with self._cond:
            if (chat_id, message_id) not in self._sent:
                raise ApiError(400, "Bad Request: message to edit not found")
            if self._sent[(chat_id, message_id)] == text:
                raise ApiError(400, "Bad Request: message is not modified")
        return self._message(chat_id, text, message_id)

    def api_setwebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params.get("url", ""), "secret": params.get("secret_token")}
        return True

    def api_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            with self._cond:
                self._updates.clear()
        return True

    def api_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: BotApiServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep tests quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.do_POST()

    def do_POST(self) -> None:  # noqa: N802
        api = self.server.api
        url = urlsplit(self.path)
        prefix, _, method = url.path.lstrip("/").partition("/")
        params = _params(self, url.query)
        try:
            if prefix != f"bot{api.token}":
                raise ApiError(401, "Unauthorized")
            fault = api.faults.take(method, params)
            if fault is not None and fault.error != MILLISECONDS:
                raise fault.error
            result = api.handle(method, params)
            status, body = 200, {"ok": True, "result": result}
            if fault is not None:
                body["result"] = in_milliseconds(result)
        except ApiError as err:
            status = err.code
            body = {"ok": False, "error_code": err.code, "description": err.description}
            if err.retry_after is not None:
                body["parameters"] = {"retry_after": err.retry_after}
        api.record(Call(method, params, status, body))
        data = json.dumps(body).encode()
        with contextlib.suppress(ConnectionError):  # a long poll the bot gave up on at stop
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


def _params(request: BaseHTTPRequestHandler, query: str) -> dict[str, Any]:
    """Form-encoded (PTB's choice) or JSON bodies, plus the query string, as one dict."""
    raw = request.rfile.read(int(request.headers.get("Content-Length") or 0))
    if "json" in (request.headers.get("Content-Type") or ""):
        return json.loads(raw or b"{}")
    fields = parse_qs(query, keep_blank_values=True)
    fields.update(parse_qs(raw.decode(), keep_blank_values=True))
    params: dict[str, Any] = {key: values[-1] for key, values in fields.items()}
    for key, value in params.items():
        if key in JSON_FIELDS and value[:1] in "[{":
            params[key] = json.loads(value)
        elif key in INT_FIELDS and value.lstrip("-").isdigit():
            params[key] = int(value)
    return params
