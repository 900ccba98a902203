"""A local OpenAI-compatible chat-completions server for tests, over real HTTP.

A remote LLM cannot exist here, so this stands in for one at the wire level: the real
`langchain-openai` client posts `/v1/chat/completions` (JSON, or server-sent events when
`stream` is true) and gets replies in the documented shape. The reply text comes from a
function the test provides, and every request is recorded for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[list[dict[str, Any]]], str]


class ServerFault(Exception):
    """Raised by a test's reply function: the server answers with this HTTP status and an
    error body shaped like OpenAI's, as an overloaded or broken server does."""

    def __init__(self, status: int = 500) -> None:
        super().__init__(status)
        self.status = status


class OpenAICompatibleServer:
    """`with OpenAICompatibleServer(reply) as server:` then use `server.base_url`."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.requests: list[dict[str, Any]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                if not self.path.endswith("/chat/completions"):
                    self.send_error(404)
                    return
                try:
                    text = owner.reply(body["messages"])
                except ServerFault as fault:
                    error = {"message": "The server had an error", "type": "server_error"}
                    self._json(fault.status, {"error": error})
                    return
                if body.get("stream"):
                    self._stream(body, text)
                else:
                    self._json(200, _completion(body, text))

            def _json(self, status: int, data: dict[str, Any]) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = text.split(" ")
                for i, word in enumerate(words):
                    piece = word if i == 0 else " " + word
                    self._event(_chunk(body, {"content": piece}, None))
                self._event(_chunk(body, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
                self.wfile.flush()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> OpenAICompatibleServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-newsqa-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-newsqa-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
