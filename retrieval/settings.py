"""Retrieval and answering settings: how many passages, how to fuse them, which answerer."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AliasChoices, Field

from core.settings_base import NewsqaSettings


class RetrievalSettings(NewsqaSettings):
    """`NEWSQA_LLM` picks the answer step: `extractive` (default, offline, no LLM),
    `openai:<model>`, `ollama:<model>` or `llamacpp:<path to .gguf>`."""

    llm: str = "extractive"
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEWSQA_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
    )
    openai_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEWSQA_OPENAI_API_KEY", "OPENAI_API_KEY"),
    )
    ollama_url: str = "http://127.0.0.1:11434"
    llm_temperature: float = 0.0
    llm_timeout_s: float = 60.0
    # llamacpp: prompt + reply tokens; the answer prompt with six passages is ~1,200 tokens
    llm_context_tokens: int = 4096

    top_k: int = 6  # passages handed to the answer step
    candidates: int = 30  # per ranked list before fusion
    # zscore: every candidate on one cross-language scale (retrieval.language_merge)
    fusion: Literal["zscore", "rrf", "dense", "keyword"] = "zscore"
    rrf_k: int = 60
    max_per_article: int = 2  # diversity: passages from one article among the top_k
    abstain_z: float = 3.0  # the best passage's score (language_merge) below which we abstain
    # FreeDict's English-Arabic dictionaries, where Debian's dict-freedict-* packages put them
    dictionary_dir: str = "/usr/share/dictd"
    max_question_chars: int = 1000
    history_turns: int = 5
    # the day "yesterday" and "last week" count from; unset = the real date (tests, demos)
    today: date | None = None
