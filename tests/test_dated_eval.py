"""Dated and "latest" questions and timelines with the real model, over 370 dated articles.

The index holds the 70 eval articles and 300 generated near-duplicates: the same ministers,
central banks and hospitals on many dates. Floors sit a little under what was measured when
they were set (README, *Dates, latest and timelines*), per split; the held-out part
(sha1(source) % 3 == 0) was never looked at while tuning.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from news_corpus import about, build_corpus, date_of

from index import sync
from index.embedder_factory import load_embedder
from index.loaders.question_dates import question_dates
from index.settings import IndexSettings
from retrieval import extractive
from retrieval.evaluation import evaluate, load_questions
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
FILES = (DATA / "questions_dated.jsonl", DATA / "latest_generated.jsonl")
TODAY = date(2026, 12, 2)
# measured 2026-12-02 (int8 encoder): dated right article first 0.94 (tune 0.92, held out
# 1.00), from the asked period first 0.97; latest 1.00 in both splits
FLOORS = {
    ("dated", "all"): 0.88,
    ("dated", "heldout"): 0.85,
    ("dated-in-period", "all"): 0.92,
    ("latest", "all"): 0.90,
    ("latest", "heldout"): 0.85,
}


def _asks() -> dict[str, str]:
    return {
        row["id"]: row["asks"]
        for path in FILES
        for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("dated-eval-articles"))


@pytest.fixture(scope="module")
def dated_service(tmp_path_factory: pytest.TempPathFactory, model_cache_dir, corpus):
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("dated-eval-index"),
        model_cache_dir=model_cache_dir,
        embedding_backend="onnx-int8",
    )
    embedder = load_embedder(settings)
    assert sync(corpus, settings, embedder=embedder).skipped == []
    with QAService(settings, RetrievalSettings(today=TODAY), embedder=embedder) as service:
        yield service


@pytest.fixture(scope="module")
def scores(dated_service: QAService) -> dict[tuple[str, str], float]:
    """Right article first, per kind of question and split; and the share of dated questions
    whose first source is from the asked period."""
    asks = _asks()
    results = [r for path in FILES for r in evaluate(dated_service, load_questions(path)).results]
    out: dict[tuple[str, str], float] = {}
    for kind in ("dated", "latest"):
        for split in ("all", "tune", "heldout"):
            mine = [
                r
                for r in results
                if asks[r.question.id] == kind and split in ("all", r.question.split)
            ]
            out[(kind, split)] = sum(r.rank == 1 for r in mine) / len(mine)
    dated = [r for r in results if asks[r.question.id] == "dated"]
    in_period = 0
    for r in dated:
        periods = question_dates(r.question.question, TODAY)
        first = r.sources[0] if r.sources else ""
        when = date_of(first) if first else ""
        years = range(2015, 2025)
        in_period += any(str(a) <= when <= str(b) for a, b in periods.in_years(years))
    out[("dated-in-period", "all")] = in_period / len(dated)
    print("\n" + "\n".join(f"{k}: {v:.3f} of {k[0]}" for k, v in sorted(out.items())))
    return out


@pytest.mark.parametrize(("kind", "split"), sorted(FLOORS))
def test_dated_and_latest_floors(scores, kind: str, split: str) -> None:
    assert scores[(kind, split)] >= FLOORS[(kind, split)], (kind, split, scores)


@pytest.mark.parametrize(
    ("person", "start", "end"),
    [
        ("lavrov", None, None),
        ("lavrov", "2021-01-01", "2022-12-31"),
        ("mirzoyan", "2022-01-01", None),
    ],
)
def test_timeline_recall_and_precision_against_labels(
    dated_service: QAService, corpus: Path, person: str, start, end
) -> None:
    labelled = {p for p in about(corpus, person) if (start or "") <= date_of(p) <= (end or "9999")}
    for topic in (person.capitalize(), {"lavrov": "لافروف", "mirzoyan": "ميرزويان"}[person]):
        events = dated_service.timeline(topic, start, end).events
        got = {e.path for e in events}
        recall = len(got & labelled) / len(labelled)
        precision = len(got & labelled) / len(got)
        print(f"\ntimeline {topic} {start}..{end}: recall {recall:.2f}, precision {precision:.2f}")
        assert recall >= 0.8 and precision >= 0.95, (topic, labelled - got, got - labelled)
        assert [e.date for e in events] == sorted(e.date for e in events)
        assert all(e.quote for e in events)


@pytest.mark.parametrize(
    ("question", "coverage"),
    [
        ("What happened last week?", "The articles cover 2015-01-03 to 2024-11-20."),
        ("ماذا حدث الأسبوع الماضي؟", "تغطي المقالات الفترة من 2015-01-03 إلى 2024-11-20."),
        ("What did Lavrov say yesterday?", "The articles cover 2015-01-03 to 2024-11-20."),
    ],
)
def test_last_week_over_an_old_collection_abstains_with_its_coverage(
    dated_service: QAService, question: str, coverage: str
) -> None:
    answer = dated_service.ask(question)
    assert not answer.found and not answer.sources and coverage in answer.answer


@pytest.mark.parametrize(
    ("question", "said", "source"),
    [
        (
            "What rate did the Central Bank of Kenya set in October 2024?",
            "The articles don't say for 2024-10. The nearest article is from 2024-02-06:",
            "kenya-central-bank-rate-2024-02-06.en.txt",
        ),
        (
            "What did the Central Bank of Kenya decide in 2023?",
            "The articles don't say for 2023. The nearest article is from 2024-02-06:",
            "kenya-central-bank-rate-2024-02-06.en.txt",
        ),
        (
            "ماذا قرر البنك المركزي التونسي في مارس 2023؟",
            "لا تذكر المقالات ذلك عن 2023-03. أقرب مقال منشور في 2023-01-24:",
            "eco-tunisia-central-bank-rate-2023-01-24.ar.txt",
        ),
    ],
)
def test_an_answer_from_outside_the_asked_month_says_so_and_quotes_the_nearest(
    dated_service: QAService, question: str, said: str, source: str
) -> None:
    """The bank's only article is from another month and does not name the one asked: the
    articles don't say for it, and the user still sees what the nearest article says, in
    the question's language (retrieval.period_coverage)."""
    answer = dated_service.ask(question)
    assert not answer.found
    assert answer.answer.startswith(said), answer.answer
    assert answer.sources and answer.sources[0].path.endswith(source)
    assert answer.sources[0].quote in answer.answer


def test_another_banks_article_of_the_year_does_not_answer_for_kenya(
    dated_service: QAService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a wider see-also margin, Tunisia's January 2023 decision is listed beside
    Kenya's February 2024 one (on CI's machine it came that close with the margin as it
    is): it is of 2023 but not Kenya's story, so the answer still says 2023 is not covered
    (`retrieval.same_story`)."""
    monkeypatch.setattr(extractive, "SEE_ALSO_MARGIN", 1.0)
    answer = dated_service.ask("What did the Central Bank of Kenya decide in 2023?")
    listed = {Path(s.path).name: s.see_also for s in answer.sources}
    assert list(listed)[0] == "kenya-central-bank-rate-2024-02-06.en.txt"
    assert listed["kenya-central-bank-rate-2024-02-06.en.txt"] is False
    assert listed["eco-tunisia-central-bank-rate-2023-01-24.ar.txt"] is True  # "See also"
    assert not answer.found
    assert answer.answer.startswith("The articles don't say for 2023."), answer.answer


def test_the_same_question_for_the_articles_month_is_answered(dated_service: QAService) -> None:
    answer = dated_service.ask("What did the Central Bank of Kenya decide in February 2024?")
    assert answer.found and answer.sources[0].path.endswith(
        "kenya-central-bank-rate-2024-02-06.en.txt"
    )
    assert "13.25" in answer.answer
