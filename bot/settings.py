"""Telegram bot settings, read from ``NEWSQA_*`` variables (and ``TELEGRAM_BOT_TOKEN``).

Lists such as ``NEWSQA_ALLOWED_CHATS=123,-1001234`` are plain comma-separated ids, not JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from core.settings_base import NewsqaSettings

IdList = Annotated[list[int], NoDecode]


class ConfigError(Exception):
    """A setting is missing or wrong; the message tells the user how to fix it."""


class BotSettings(NewsqaSettings):
    """What the Telegram front end needs; every field has an offline-friendly default."""

    # The one setting without the NEWSQA_ prefix: the name @BotFather's docs and most tools use.
    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
    )
    telegram_api_url: str = "https://api.telegram.org/bot"
    allowed_chats: IdList = Field(default_factory=list)
    admins: IdList = Field(default_factory=list)
    rate_limit_per_minute: int = Field(default=10, ge=1)
    refusal_window_s: float = Field(default=3600.0, ge=0)  # strangers are told once per window
    articles_dir: str = "examples/articles"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    concurrency: int = Field(default=8, ge=1)

    @field_validator("allowed_chats", "admins", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """Accept "1, -1002" (env style), "[1,2]" and real lists alike."""
        if isinstance(value, int):
            return [value]
        if isinstance(value, str):
            parts = value.strip().strip("[]").replace(";", ",").split(",")
            try:
                return [int(part) for part in parts if part.strip()]
            except ValueError as exc:
                raise ValueError(f"expected comma-separated chat/user ids, got {value!r}") from exc
        return value

    @property
    def token(self) -> str:
        """The bot token, or a ConfigError that says where to get one."""
        secret = self.telegram_bot_token
        token = secret.get_secret_value().strip() if secret else ""
        if not token:
            raise ConfigError(
                "Set TELEGRAM_BOT_TOKEN (from @BotFather) in the environment or in .env, "
                "e.g. TELEGRAM_BOT_TOKEN=123456:ABC-your-token"
            )
        return token

    @property
    def base_file_url(self) -> str:
        """File-download URL next to the API URL: ".../bot" becomes ".../file/bot"."""
        url = self.telegram_api_url
        cut = url.rfind("/bot")
        if cut == -1:
            return url.rstrip("/") + "/file/bot"
        return url[:cut] + "/file" + url[cut:]

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def is_allowed(self, chat_id: int | None, user_id: int | None) -> bool:
        """Whether the bot serves this chat (or, without a chat, this user).

        An empty allow-list serves everyone; admins are always served in private.
        """
        if not self.allowed_chats:
            return True
        allowed = set(self.allowed_chats) | set(self.admins)
        if chat_id is not None:
            return chat_id in allowed
        return user_id is not None and user_id in allowed
