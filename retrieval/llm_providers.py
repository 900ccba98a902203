"""Chat-model factory: `NEWSQA_LLM` is split once and dispatched, with lazy imports.

`openai:<model>` speaks to any OpenAI-compatible server (OpenAI, vLLM, llama.cpp server, LM
Studio) through NEWSQA_OPENAI_BASE_URL; `ollama:<model>` to a local Ollama; `llamacpp:<gguf>`
runs a model in-process (optional extra `newsqa[llamacpp]`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import NewsqaError
from retrieval.settings import RetrievalSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

PROVIDERS = ("extractive", "openai", "ollama", "llamacpp")


class LLMConfigError(NewsqaError):
    """NEWSQA_LLM names a provider we do not know or cannot load."""


def parse_provider(spec: str) -> tuple[str, str]:
    """`openai:gpt-4o-mini` → ("openai", "gpt-4o-mini"); `extractive` → ("extractive", "")."""
    provider, _, model = spec.strip().partition(":")
    provider = provider.lower()
    if provider not in PROVIDERS:
        raise LLMConfigError(
            f"NEWSQA_LLM={spec!r}: the provider must be one of {', '.join(PROVIDERS)} "
            "(e.g. extractive, openai:gpt-4o-mini, ollama:qwen2.5, llamacpp:/models/x.gguf)"
        )
    if provider != "extractive" and not model:
        raise LLMConfigError(f"NEWSQA_LLM={spec!r}: say which model, e.g. {provider}:<model>")
    return provider, model


def make_chat_model(settings: RetrievalSettings) -> BaseChatModel | None:
    """The chat model for the answer step, or None for the extractive answerer."""
    provider, model = parse_provider(settings.llm)
    if provider == "extractive":
        return None
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=model,
            base_url=settings.openai_base_url,
            # Local OpenAI-compatible servers accept any key; the client insists on one.
            api_key=settings.openai_api_key or "not-needed",
            temperature=settings.llm_temperature,
            timeout=settings.llm_timeout_s,
            max_retries=2,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=model, base_url=settings.ollama_url, temperature=settings.llm_temperature
        )
    from retrieval.llamacpp_chat import LlamaCppChat

    return LlamaCppChat.from_path(
        model, temperature=settings.llm_temperature, context=settings.llm_context_tokens
    )
