"""A minimal LangChain chat model over llama-cpp-python, for `NEWSQA_LLM=llamacpp:<gguf>`.

langchain-community's wrapper is being sunset, and this needs only one call. One thread by
default: on 2 cores llama.cpp's OpenMP threads collapse under load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from core.errors import NewsqaError

ROLES = {"system": "system", "human": "user", "ai": "assistant"}


class LlamaCppChat(BaseChatModel):
    """Chat completions from a local GGUF model."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    llm: Any
    temperature: float = 0.0
    max_tokens: int = 512

    @classmethod
    def from_path(
        cls, path: str, temperature: float = 0.0, threads: int = 1, context: int = 4096
    ) -> LlamaCppChat:
        """`context` is llama.cpp's window for prompt and reply; its own default (512 tokens)
        is smaller than one answer prompt."""
        if not Path(path).is_file():
            raise NewsqaError(f"NEWSQA_LLM=llamacpp:{path}: no such GGUF file")
        try:
            from llama_cpp import Llama
        except ImportError:
            raise NewsqaError(
                "NEWSQA_LLM=llamacpp needs llama-cpp-python: pip install 'newsqa[llamacpp]'"
            ) from None
        return cls(
            llm=Llama(model_path=path, n_ctx=context, n_threads=threads, verbose=False),
            temperature=temperature,
        )

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None, **kwargs: Any
    ) -> ChatResult:
        reply = self.llm.create_chat_completion(
            messages=[{"role": ROLES.get(m.type, "user"), "content": m.content} for m in messages],
            temperature=self.temperature,
            max_tokens=self.max_tokens,
            stop=stop,
        )
        text = reply["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])
