"""The naive-pipeline comparison (`benchmarks/eval_naive.py`) reads articles with newsqa's
loaders; a loader rename once broke it unnoticed, since nothing imported the script."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from index.loaders import MB

REPO = Path(__file__).resolve().parent.parent


def _eval_naive():
    spec = importlib.util.spec_from_file_location("eval_naive", REPO / "benchmarks/eval_naive.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seed_folder_loads_as_one_document_per_article(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"not an article")
    seed = REPO / "examples" / "articles"
    for path in seed.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    docs = _eval_naive().load_documents(tmp_path, frozenset({".txt"}), 20 * MB)
    assert [d.metadata["source"] for d in docs] == ["lavrov-mirzoyan-call-2021-10-01.ar.txt"]
    assert "تم الاتفاق على زيادة العلاقات" in docs[0].page_content
