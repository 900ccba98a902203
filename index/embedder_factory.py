"""Which embedder to run: backends registered by name, loaded once per process.

Why a registry: the torch model, its int8 onnxruntime export and the deterministic fake for
fast tests are interchangeable parts, chosen by ``NEWSQA_EMBEDDING_BACKEND``. Each backend is
a loader function here that imports its module only when chosen, and a backend module
imports only the base interface (`index.embeddings`), so nothing imports back into this
factory. Another backend is one `register_backend` call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import NewsqaIndexError
from index.settings import DEFAULT_MODEL, IndexSettings

if TYPE_CHECKING:
    import numpy as np

    from index.embeddings import Embedder

log = logging.getLogger(__name__)


def _settings_model(settings: IndexSettings) -> str:
    return settings.embedding_model


def _unknown(settings: IndexSettings) -> int | None:
    return None


@dataclass(frozen=True)
class Backend:
    """How to load one kind of embedder, and what is known of it without loading it: the
    model name it records in the index and, when known, its dimension (a sync of an
    unchanged folder then loads no model at all)."""

    load: Callable[[IndexSettings], Embedder]
    name: Callable[[IndexSettings], str] = _settings_model
    dimension: Callable[[IndexSettings], int | None] = _unknown


_BACKENDS: dict[str, Backend] = {}
_cache: dict[tuple[str, str, str], Embedder] = {}
_cache_lock = threading.Lock()


def register_backend(name: str, backend: Backend) -> None:
    """Make ``NEWSQA_EMBEDDING_BACKEND=name`` load embedders through ``backend``."""
    _BACKENDS[name] = backend


def backend_for(settings: IndexSettings) -> Backend:
    """The backend ``settings`` names; an unknown name is a message, not a KeyError."""
    backend = _BACKENDS.get(settings.embedding_backend)
    if backend is None:
        known = ", ".join(sorted(_BACKENDS))
        raise NewsqaIndexError(
            f"NEWSQA_EMBEDDING_BACKEND={settings.embedding_backend!r} is not a backend "
            f"newsqa knows; use one of: {known}"
        )
    return backend


def load_embedder(settings: IndexSettings | None = None) -> Embedder:
    """Return the embedder ``settings`` names, loading it at most once per process.

    The bot, the CLI and the sync share one loaded model: keyed by model name, cache folder
    and backend, the second call is free. Loading the default model converts it first if needed.
    """
    settings = settings or IndexSettings()
    backend = backend_for(settings)
    cache_dir = str(Path(settings.model_cache_dir).expanduser().resolve())
    key = (settings.embedding_model, cache_dir, settings.embedding_backend)
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            embedder = _cache[key] = backend.load(settings)
    return embedder


def clear_embedder_cache() -> None:
    """Forget loaded embedders (tests, or freeing memory in a long-lived process)."""
    with _cache_lock:
        _cache.clear()


class LazyEmbedder:
    """Loads the model only when a file needs embedding, so an unchanged folder syncs fast."""

    def __init__(self, settings: IndexSettings) -> None:
        self.settings = settings
        self._backend = backend_for(settings)  # a misspelt backend fails now, not mid-sync
        self._loaded: Embedder | None = None
        self.name = self._backend.name(settings)

    def _model(self) -> Embedder:
        if self._loaded is None:
            self._loaded = load_embedder(self.settings)
        return self._loaded

    @property
    def dimension(self) -> int:
        known = self._backend.dimension(self.settings)
        return known if known is not None else self._model().dimension

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._model().embed_passages(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._model().embed_queries(texts)


# -- the built-in backends, each importing its module only when chosen ----------------------


def _e5_dimension(settings: IndexSettings) -> int | None:
    return 384 if settings.embedding_model == DEFAULT_MODEL else None


def _load_torch(settings: IndexSettings) -> Embedder:
    from index.torch_encoder import load_torch_embedder

    return load_torch_embedder(settings)


def _load_onnx_int8(settings: IndexSettings) -> Embedder:
    """The default model int8 on onnxruntime; other models have no export and run on torch."""
    if settings.embedding_model != DEFAULT_MODEL:
        return _load_torch(settings)
    from index.model_convert import ensure_e5_small
    from index.onnx_encoder import load_onnx_embedder

    folder = ensure_e5_small(Path(settings.model_cache_dir))
    log.info("Loading embedding model %s (onnx int8) from %s", DEFAULT_MODEL, folder)
    return load_onnx_embedder(folder, DEFAULT_MODEL)


def _load_fake(settings: IndexSettings) -> Embedder:
    from index.fake_embedder import FakeEmbedder

    return FakeEmbedder()


def _fake_name(settings: IndexSettings) -> str:
    from index.fake_embedder import FAKE_MODEL

    return FAKE_MODEL


def _fake_dimension(settings: IndexSettings) -> int:
    from index.fake_embedder import FAKE_DIMENSION

    return FAKE_DIMENSION


register_backend("torch", Backend(_load_torch, dimension=_e5_dimension))
register_backend("onnx-int8", Backend(_load_onnx_int8, dimension=_e5_dimension))
register_backend("fake", Backend(_load_fake, name=_fake_name, dimension=_fake_dimension))
