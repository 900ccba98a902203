"""Shared fixtures: a real index of the seed article and a real QAService over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import sync
from index.settings import IndexSettings
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO / "examples" / "articles"
SEED_FILE = "lavrov-mirzoyan-call-2021-10-01.ar.txt"
AGREEMENT = "تم الاتفاق على زيادة العلاقات بين الإدارات"


@pytest.fixture(scope="session")
def seed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed-articles")
    shutil.copytree(SEED_DIR, folder, dirs_exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def seed_settings(
    tmp_path_factory: pytest.TempPathFactory, model_cache_dir: Path, embedder, seed_folder: Path
) -> IndexSettings:
    """Index settings of a real Chroma index holding the seed article."""
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("seed-index"), model_cache_dir=model_cache_dir
    )
    sync(seed_folder, settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def qa_service(seed_settings: IndexSettings, embedder) -> QAService:
    """The real question-answering service over the seed index (extractive answerer)."""
    service = QAService(seed_settings, RetrievalSettings(llm="extractive"), embedder=embedder)
    service.warm()
    yield service
    service.close()
