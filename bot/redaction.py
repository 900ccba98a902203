"""Keep the bot token (and the webhook secret) out of every log record.

PTB logs its API URL, which embeds the token, and httpx logs request URLs. A filter on the
root logger alone would miss records that merely propagate to it, so the same filter also
runs on the root's handlers and, through the log-record factory, on every record as it is
created — which covers handlers added later (pytest's caplog, a reconfigured root).
"""

from __future__ import annotations

import logging
from typing import Any

REPLACEMENT = "[REDACTED]"


class SecretRedactor(logging.Filter):
    """Replaces each registered secret in a record's message and traceback text."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret and secret.strip():
            self.secrets.add(secret.strip())

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REPLACEMENT)
        return text

    def _leaks(self, text: str) -> bool:
        return any(secret in text for secret in self.secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's problem, not ours
            message = str(record.msg)
        if self._leaks(message):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._leaks(record.exc_text):
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info and self._leaks(record.stack_info):
            record.stack_info = self.redact(record.stack_info)
        return True


def install_redaction(*secrets: str | None) -> SecretRedactor:
    """Redact `secrets` from all logging from now on; safe to call many times."""
    root = logging.getLogger()
    redactor = next((f for f in root.filters if isinstance(f, SecretRedactor)), None)
    if redactor is None:
        redactor = SecretRedactor()
        root.addFilter(redactor)
        previous = logging.getLogRecordFactory()

        def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            redactor.filter(record)
            return record

        logging.setLogRecordFactory(redacting_factory)
    for secret in secrets:
        redactor.add(secret)
    for handler in root.handlers:
        if redactor not in handler.filters:
            handler.addFilter(redactor)
    return redactor
