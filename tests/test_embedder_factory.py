"""Choosing an embedder by backend name: the registry, its errors, and loading only on need."""

from __future__ import annotations

import numpy as np
import pytest

from core.errors import NewsqaIndexError
from index.embedder_factory import (
    Backend,
    LazyEmbedder,
    backend_for,
    clear_embedder_cache,
    load_embedder,
    register_backend,
)
from index.fake_embedder import FAKE_MODEL, FakeEmbedder
from index.settings import IndexSettings


def test_the_fake_backend_is_deterministic_and_cached(tmp_path):
    settings = IndexSettings(data_dir=tmp_path, embedding_backend="fake")
    embedder = load_embedder(settings)
    assert isinstance(embedder, FakeEmbedder) and load_embedder(settings) is embedder
    texts = ["Lavrov called Mirzoyan", "لافروف ومرزويان", ""]
    vectors = embedder.embed_passages(texts)
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed_passages(texts))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    # texts sharing words are closer than texts that share none
    query = embedder.embed_queries(["Who called Mirzoyan?"])[0]
    assert vectors[0] @ query > vectors[1] @ query


def test_an_unknown_backend_says_which_ones_exist(tmp_path):
    settings = IndexSettings(data_dir=tmp_path, embedding_backend="onnx-int4")
    with pytest.raises(NewsqaIndexError, match="fake, onnx-int8, torch"):
        load_embedder(settings)
    with pytest.raises(NewsqaIndexError, match="NEWSQA_EMBEDDING_BACKEND"):
        LazyEmbedder(settings)


def test_a_lazy_embedder_knows_name_and_dimension_without_loading(tmp_path):
    for backend, name, dimension in [
        ("fake", FAKE_MODEL, 64),
        ("onnx-int8", "multilingual-e5-small", 384),
        ("torch", "multilingual-e5-small", 384),
    ]:
        lazy = LazyEmbedder(IndexSettings(data_dir=tmp_path, embedding_backend=backend))
        assert (lazy.name, lazy.dimension, lazy._loaded) == (name, dimension, None)


def test_a_registered_backend_is_loaded_by_name(tmp_path):
    loaded: list[str] = []

    def load(settings: IndexSettings) -> FakeEmbedder:
        loaded.append(settings.embedding_model)
        return FakeEmbedder(settings.embedding_model, 8)

    register_backend("words-8", Backend(load))
    try:
        settings = IndexSettings(
            data_dir=tmp_path, embedding_backend="words-8", embedding_model="tiny"
        )
        assert backend_for(settings).dimension(settings) is None
        assert load_embedder(settings).dimension == 8 and loaded == ["tiny"]
    finally:
        from index import embedder_factory

        embedder_factory._BACKENDS.pop("words-8")
        clear_embedder_cache()
