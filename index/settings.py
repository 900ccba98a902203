"""Index settings: where the index lives, which Chroma, which embedding model.

Read from ``NEWSQA_*`` environment variables and an optional ``.env`` in the working
directory, each with a default that works offline on one machine. Nothing here is read at
import time: call :func:`IndexSettings` (or pass values) when you need them.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field

from core.settings_base import NewsqaSettings

DEFAULT_MODEL = "multilingual-e5-small"


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


def default_data_dir() -> Path:
    """Per-user data folder, so `newsqa ask` finds the index from any working directory."""
    return _xdg("XDG_DATA_HOME", ".local/share") / "newsqa"


def default_model_cache() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "newsqa" / "models"


class IndexSettings(NewsqaSettings):
    """What `index.sync` and the retriever need to find and build the index."""

    data_dir: Path = Field(default_factory=default_data_dir)
    chroma_url: str | None = None
    collection: str = "newsqa"
    embedding_model: str = DEFAULT_MODEL
    # a backend registered in index.embedder_factory: "onnx-int8" (the default model quantized
    # and run by onnxruntime), "torch" (sentence-transformers fp32) or "fake" (fast tests)
    embedding_backend: str = "onnx-int8"
    model_cache_dir: Path = Field(default_factory=default_model_cache)
    embedding_batch_size: int = 32
    max_file_mb: float = 20.0
    chunk_sentences: int = 3

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"
