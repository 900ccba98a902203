"""Answer quality on the bilingual question set, with floors that fail CI on regression.

The set (tests/data) holds Arabic and English articles and questions in both directions plus
unanswerable ones. Floors sit a little under what the default extractive answerer measured
when they were set (see the README's evaluation table); raise them as quality improves.
"""

from __future__ import annotations

import pytest
from index_fixtures import REPO

from index import sync
from index.embedder_factory import load_embedder
from index.settings import IndexSettings
from retrieval.evaluation import evaluate, load_questions
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow  # the real model over the question set

QUESTIONS = REPO / "tests" / "data" / "questions.jsonl"
ARTICLES = REPO / "tests" / "data" / "articles"

# measured 2026-11-30 with glossed query vectors (int8 encoder): overall hit@1 0.80, hit@3 0.85,
# evidence 0.63, abstention 0.82; unanswerable abstention 0.50; English-about-Arabic hit@3 0.60,
# evidence 0.47; Arabic-about-English hit@3 1.00; same-language hit@1 1.00
FLOORS = {
    ("overall", "hit_at_1"): 0.74,
    ("overall", "hit_at_3"): 0.78,
    ("overall", "evidence"): 0.55,
    ("overall", "abstention"): 0.76,
    ("unanswerable", "abstention"): 0.4,
    ("en-about-ar", "hit_at_3"): 0.5,
    ("en-about-ar", "evidence"): 0.4,
    ("ar-about-en", "hit_at_3"): 0.9,
    ("same-language", "hit_at_1"): 0.9,
}


@pytest.fixture(scope="module")
def report(tmp_path_factory, model_cache_dir):
    """Scored with the default encoder users run (int8 onnxruntime), not the fp32 fixture."""
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("eval-index"),
        model_cache_dir=model_cache_dir,
        embedding_backend="onnx-int8",
    )
    embedder = load_embedder(settings)
    summary = sync(ARTICLES, settings, embedder=embedder)
    assert summary.skipped == []
    with QAService(settings, RetrievalSettings(), embedder=embedder) as service:
        return evaluate(service, load_questions(QUESTIONS))


@pytest.mark.parametrize(("group", "metric"), sorted(FLOORS))
def test_quality_floor(report, group, metric):
    scores = report.overall if group == "overall" else report.by_kind[group]
    assert scores["errors"] == 0
    assert scores[metric] >= FLOORS[(group, metric)], (group, metric, scores)


def test_the_seed_questions_find_the_agreement_in_the_mixed_set(report):
    by_id = {r.question.id: r for r in report.results}
    # "What did the ministers agree on?" in English and Arabic. Among the mixed articles the
    # Arabic one currently ranks an English ministers' call a hair above the seed (8.17 vs
    # 8.06), so the seed is second; on the seed alone both rank it first (test_answers.py).
    for qid in ("q01", "q34"):
        assert by_id[qid].rank in (1, 2) and by_id[qid].evidence_found, qid
