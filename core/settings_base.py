"""The one base of newsqa's settings classes: the `NEWSQA_` prefix and the `.env` file.

Index, retrieval and bot settings each read their own fields, but from the same place and
the same way, so a `.env` written for one is read correctly by all.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class NewsqaSettings(BaseSettings):
    """Base for every concern's settings: the shared prefix and `.env` handling."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSQA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )
