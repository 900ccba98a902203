"""The evaluation scorer on fixed answers, and the consistency of the bilingual eval set.

No model or index here: a tiny fake service returns canned `Answer`s, so the metric
arithmetic is checked exactly. The data checks keep tests/data honest as it grows: every
evidence string and accepted answer must really be in the article the question names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from retrieval.answer import Answer, Source
from retrieval.eval_format import format_report
from retrieval.evaluation import (
    EvalFileError,
    EvalQuestion,
    evaluate,
    load_questions,
    score,
    summarize,
)

DATA = Path(__file__).resolve().parent / "data"
SEED = "lavrov-mirzoyan-call-2021-10-01.ar.txt"


# -- helpers ----------------------------------------------------------------------------------


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def q(qid: str, source: str | None, kind: str = "same-language", **extra) -> EvalQuestion:
    return EvalQuestion(
        id=qid,
        question=extra.get("question", f"question {qid}?"),
        language=extra.get("language", "en"),
        source=source,
        evidence=extra.get("evidence"),
        answers=tuple(extra.get("answers", ())),
        kind=kind,
    )


def src(path: str, quote: str = "", score: float = 1.0) -> Source:
    return Source(path=path, title=path, date=None, quote=quote, score=score)


class FakeService:
    """Returns a fixed Answer per question text; records what it was asked and with what."""

    def __init__(self, answers: dict[str, Answer | Exception]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, tuple]] = []
        self.warmed = False

    def warm(self) -> None:
        self.warmed = True

    def ask(self, question: str, history=()) -> Answer:
        self.calls.append((question, tuple(history)))
        reply = self.answers[question]
        if isinstance(reply, Exception):
            raise reply
        return reply


# -- load_questions ---------------------------------------------------------------------------


def test_load_questions_reads_fields_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"id": "a", "question": "Who won?", "language": "en", "source": "x.en.txt",'
        ' "evidence": "won the race", "answers": ["Ali"], "kind": "same-language"}',
        "",
        '{"id": "b", "question": "من فاز؟", "source": null}',
    )
    first, second = load_questions(path)
    assert first == EvalQuestion(
        "a", "Who won?", "en", "x.en.txt", "won the race", ("Ali",), "same-language", 1
    )
    assert first.answerable and not second.answerable
    # Optional fields get sensible defaults: language detected, kind from the source.
    assert (second.language, second.kind, second.line) == ("ar", "unanswerable", 3)
    assert second.evidence is None and second.answers == ()


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "b", "question": "Why?"', "line 2: not valid JSON"),
        ('["b", "Why?", null]', "line 2: expected a JSON object"),
        ('{"id": "b", "question": "Why?"}', "line 2: missing field(s) source"),
        ('{"question": "Why?"}', "line 2: missing field(s) id, source"),
        ('{"id": "b", "question": "  ", "source": null}', "line 2: 'question' must be"),
        ('{"id": 7, "question": "Why?", "source": null}', "line 2: 'id' must be"),
        ('{"id": "b", "question": "Why?", "source": 3}', "line 2: 'source' must be"),
        ('{"id": "b", "question": "Why?", "source": null, "answers": "x"}', "'answers' must"),
        ('{"id": "a", "question": "Why?", "source": null}', "line 2: id 'a' is also on line 1"),
    ],
)
def test_load_questions_names_the_bad_line(tmp_path: Path, bad_line: str, message: str) -> None:
    path = write(tmp_path, '{"id": "a", "question": "What?", "source": null}', bad_line)
    with pytest.raises(EvalFileError, match=re.escape(message)) as info:
        load_questions(path)
    assert str(path) in str(info.value)


def test_load_questions_missing_or_empty_file(tmp_path: Path) -> None:
    with pytest.raises(EvalFileError, match="not found"):
        load_questions(tmp_path / "nope.jsonl")
    with pytest.raises(EvalFileError, match="no questions"):
        load_questions(write(tmp_path, "", "   "))


# -- scoring ----------------------------------------------------------------------------------


def test_rank_counts_distinct_files_and_compares_by_file_name() -> None:
    question = q("a", "right-2024-01-01.en.txt")
    answer = Answer(
        "text",
        True,
        [src("wrong.en.txt"), src("wrong.en.txt"), src("world/right-2024-01-01.en.txt")],
    )
    result = score(question, answer, 5.0)
    assert result.rank == 2
    assert result.sources == ("wrong.en.txt", "right-2024-01-01.en.txt")
    assert score(question, Answer("x", True, [src("other.txt")])).rank is None


def test_evidence_is_matched_after_whitespace_and_arabic_normalisation() -> None:
    question = q("a", SEED, evidence="عقد الجولة الرابعة  في عمّان", answers=["عمّان"])
    quote = "وتقرر عقد   الجولة\nالرابعة في عمان خلال شهر أيلول"
    result = score(question, Answer("Amman.", True, [src(SEED, quote)]))
    assert result.evidence_found and result.answer_found
    missing = score(question, Answer("Amman.", True, [src(SEED, "عقد الجولة الثالثة")]))
    assert missing.evidence_found is False and missing.answer_found is False


def test_accepted_answer_may_be_in_the_answer_text_only() -> None:
    question = q("a", "k.en.txt", evidence="rate to 13.25 percent", answers=["13.25 percent"])
    result = score(question, Answer("It is 13.25 percent.", True, [src("k.en.txt", "other")]))
    assert result.answer_found is True and result.evidence_found is False


def test_unanswerable_questions_only_score_abstention() -> None:
    question = q("u", None, kind="unanswerable")
    right = score(question, Answer("Not in the articles.", False, []))
    wrong = score(question, Answer("Yes", True, [src("a.txt", "quote")]))
    assert (right.rank, right.evidence_found, right.answer_found) == (None, None, None)
    assert right.abstention_correct and not wrong.abstention_correct
    # An answerable question answered "not found" is an abstention error too.
    assert not score(q("a", "a.txt"), Answer("Not found", False, [])).abstention_correct


def test_evaluate_overall_and_by_kind_metrics() -> None:
    questions = [
        q("q1", "a.txt", "same-language", evidence="alpha beta", answers=["beta"]),
        q("q2", "b.txt", "en-about-ar", evidence="gamma delta"),
        q("q3", "c.txt", "en-about-ar", evidence="epsilon"),
        q("q4", None, "unanswerable"),
        q("q5", None, "unanswerable"),
    ]
    service = FakeService(
        {
            "question q1?": Answer("beta", True, [src("a.txt", "alpha  beta")]),
            "question q2?": Answer("x", True, [src("z.txt"), src("z.txt"), src("b.txt", "gamma")]),
            "question q3?": Answer("x", True, [src("z.txt"), src("y.txt"), src("w.txt")]),
            "question q4?": Answer("none", False, []),
            "question q5?": Answer("made up", True, [src("z.txt")]),
        }
    )
    report = evaluate(service, questions)
    assert [call[1] for call in service.calls] == [()] * 5  # a fresh history every time
    assert service.warmed
    assert [r.rank for r in report.results] == [1, 2, None, None, None]
    overall = report.overall
    assert overall["questions"] == 5 and overall["answerable"] == 3
    assert overall["hit_at_1"] == pytest.approx(1 / 3, abs=1e-3)
    assert overall["hit_at_3"] == pytest.approx(2 / 3, abs=1e-3)
    assert overall["mrr"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-3)
    assert overall["evidence"] == pytest.approx(1 / 3, abs=1e-3)  # only q1 quotes it
    assert overall["answer"] == 1.0  # only q1 lists answers
    assert overall["abstention"] == pytest.approx(4 / 5)  # q5 should have abstained
    by_kind = report.by_kind
    assert set(by_kind) == {"same-language", "en-about-ar", "unanswerable"}
    assert by_kind["en-about-ar"]["mrr"] == 0.25 and by_kind["en-about-ar"]["hit_at_3"] == 0.5
    assert by_kind["unanswerable"]["hit_at_1"] is None  # no data, not zero
    assert by_kind["unanswerable"]["abstention"] == 0.5


def test_errors_are_recorded_and_the_run_goes_on() -> None:
    questions = [q("q1", None, "unanswerable"), q("q2", "a.txt")]
    service = FakeService(
        {"question q1?": RuntimeError("boom"), "question q2?": Answer("x", True, [src("a.txt")])}
    )
    report = evaluate(service, questions)
    assert report.results[0].error == "RuntimeError: boom" and not report.results[0].found
    assert report.results[1].rank == 1 and report.overall["errors"] == 1
    assert not report.results[0].abstention_correct  # a crash is not an abstention
    assert "ERROR RuntimeError: boom" in format_report(report)


def test_latency_percentiles() -> None:
    results = [
        score(q(f"q{i}", None), Answer("", False), float(ms))
        for i, ms in enumerate([10, 20, 30, 40, 50, 60, 70, 80, 90, 1000])
    ]
    summary = summarize(results)
    assert summary["p50_ms"] == 55.0
    assert 90 < summary["p95_ms"] < 1000
    assert summarize(results[:1])["p95_ms"] == 10.0
    assert summarize([])["p50_ms"] is None and summarize([])["mrr"] is None


def test_report_dict_is_json_and_table_is_readable() -> None:
    questions = [q("q1", "a.txt", evidence="e"), q("q2", None, "unanswerable")]
    service = FakeService(
        {
            "question q1?": Answer("x", True, [src("a.txt", "e here")]),
            "question q2?": Answer("no", False, []),
        }
    )
    report = evaluate(service, questions)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert set(data) == {"overall", "by_kind", "by_split", "questions"}
    assert data["questions"][0]["rank"] == 1 and data["questions"][1]["abstention_correct"]
    table = format_report(report)
    q1_line = next(line for line in table.splitlines() if line.startswith("q1"))
    assert "✓" in q1_line and "same-language" in q1_line
    assert "overall" in table and "unanswerable" in table


# -- the eval set in tests/data ---------------------------------------------------------------
