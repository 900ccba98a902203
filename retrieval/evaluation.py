"""Scoring newsqa against a file of questions with known answers (`newsqa eval`).

Retrieval changes often (chunking, models, thresholds); this turns "does it still work?"
into numbers that can be compared between runs: did the right article come first, did a
quote carry the evidence, did the service abstain when no article answers.

Questions are JSONL, one object per line (see tests/data/questions.jsonl); `source` is
null when no article answers, and then only the abstention is scored::

    {"id": "q01", "question": "...", "language": "en", "source": "file.ar.txt",
     "evidence": "verbatim words", "answers": ["..."], "kind": "en-about-ar"}
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from core.errors import NewsqaError
from core.language import detect_language
from index.arabic import normalize as fold_arabic
from retrieval.answer import Answer

__all__ = ["EvalFileError", "EvalQuestion", "QuestionResult", "EvalReport"]
__all__ += ["load_questions", "evaluate", "score", "summarize"]


class EvalFileError(NewsqaError):
    """The questions file cannot be used; the message names the file and line."""


class Asker(Protocol):  # what `evaluate` needs: QAService and test doubles both fit
    def warm(self) -> None: ...

    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer: ...


@dataclass(frozen=True)
class EvalQuestion:
    """One question with what a correct answer must show."""

    id: str
    question: str
    language: str
    source: str | None  # file name relative to the articles folder; None = unanswerable
    evidence: str | None  # words a correct quote must contain
    answers: tuple[str, ...]  # accepted answer strings; any one in the answer or quotes
    kind: str
    line: int = 0  # where it is in the questions file, for people fixing it
    split: str = "tune"  # "tune" (methods may be tuned on it) or "heldout" (never)

    @property
    def answerable(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class QuestionResult:
    """How the service did on one question; metrics that do not apply are None."""

    question: EvalQuestion
    found: bool
    rank: int | None  # 1-based rank of the right article among distinct source files
    evidence_found: bool | None
    answer_found: bool | None
    latency_ms: float
    answer: str
    sources: tuple[str, ...]  # file names in the order the answer cited them
    error: str | None = None

    @property
    def abstention_correct(self) -> bool:
        """A crash is never a correct abstention, or a broken build would score well."""
        return self.error is None and self.found == self.question.answerable

    def to_dict(self) -> dict[str, Any]:
        q = self.question
        return {
            **{"id": q.id, "kind": q.kind, "language": q.language, "question": q.question},
            "split": q.split,
            **{"expected_source": q.source, "found": self.found, "rank": self.rank},
            **{"evidence_found": self.evidence_found, "answer_found": self.answer_found},
            **{"abstention_correct": self.abstention_correct, "error": self.error},
            **{"latency_ms": round(self.latency_ms, 1), "answer": self.answer},
            "sources": list(self.sources),
        }


def _fraction(flags: Iterable[bool | None]) -> float | None:
    """Share of True among the flags that apply; None when none apply (no data is not 0)."""
    values = [flag for flag in flags if flag is not None]
    return round(sum(values) / len(values), 3) if values else None


def _percentile(values: Sequence[float], pct: int) -> float | None:
    """Interpolated between the nearest values: with a few dozen questions, no more to do."""
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 1)


def summarize(results: Sequence[QuestionResult]) -> dict[str, Any]:
    """Metrics over a group of results.

    Rank, evidence and answer metrics are averaged over the answerable questions only (an
    unanswerable one has no right article); abstention is averaged over all of them.
    """
    ranks = [r.rank for r in results if r.question.answerable]
    latencies = [r.latency_ms for r in results]
    return {
        "questions": len(results),
        "answerable": len(ranks),
        "hit_at_1": _fraction(rank == 1 for rank in ranks),
        "hit_at_3": _fraction(rank is not None and rank <= 3 for rank in ranks),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 3) if ranks else None,
        "evidence": _fraction(r.evidence_found for r in results if r.question.answerable),
        "answer": _fraction(r.answer_found for r in results if r.question.answerable),
        "abstention": _fraction(r.abstention_correct for r in results),
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "errors": sum(r.error is not None for r in results),
    }


@dataclass(frozen=True)
class EvalReport:
    """All per-question results; the summaries are computed from them on demand."""

    results: tuple[QuestionResult, ...]

    @property
    def overall(self) -> dict[str, Any]:
        return summarize(self.results)

    @property
    def by_kind(self) -> dict[str, dict[str, Any]]:
        kinds = sorted({r.question.kind for r in self.results})
        return {k: summarize([r for r in self.results if r.question.kind == k]) for k in kinds}

    @property
    def by_split(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Per split ("tune", "heldout"), the overall and per-kind summaries."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for split in sorted({r.question.split for r in self.results}):
            mine = [r for r in self.results if r.question.split == split]
            kinds = sorted({r.question.kind for r in mine})
            out[split] = {"overall": summarize(mine)} | {
                k: summarize([r for r in mine if r.question.kind == k]) for k in kinds
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, so runs can be saved and compared (`newsqa eval --json`)."""
        return {
            "overall": self.overall,
            "by_kind": self.by_kind,
            "by_split": self.by_split,
            "questions": [r.to_dict() for r in self.results],
        }


def _parse(record: Any, where: str, line: int) -> EvalQuestion:
    if not isinstance(record, dict):
        raise EvalFileError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in ("id", "question", "source") if key not in record]
    if missing:
        raise EvalFileError(f"{where}: missing field(s) {', '.join(missing)}")
    for key in ("id", "question"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise EvalFileError(f"{where}: {key!r} must be a non-empty string")
    for key in ("source", "evidence", "language", "kind"):
        value = record.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise EvalFileError(f"{where}: {key!r} must be a non-empty string or null")
    answers = record.get("answers") or []
    if not isinstance(answers, list) or not all(isinstance(a, str) and a for a in answers):
        raise EvalFileError(f"{where}: 'answers' must be a list of non-empty strings")
    qid, question, source = record["id"], record["question"], record["source"]
    language = record.get("language") or detect_language(question)
    kind = record.get("kind") or ("unanswerable" if source is None else "answerable")
    evidence = record.get("evidence")
    split = record.get("split") or "tune"
    if split not in ("tune", "heldout"):
        raise EvalFileError(f'{where}: \'split\' must be "tune" or "heldout"')
    return EvalQuestion(
        qid, question, language, source, evidence, tuple(answers), kind, line, split
    )


def load_questions(path: str | Path) -> list[EvalQuestion]:
    """Read a JSONL questions file; any bad line stops the run with its line number.

    Failing before the first question matters: a typo found after twenty minutes of asking
    is twenty minutes lost. Blank lines are allowed so the file can be grouped by hand.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalFileError(f"questions file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"cannot read questions file {path}: {exc}") from None
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        where = f"{path}: line {number}"
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{where}: not valid JSON ({exc.msg})") from None
        question = _parse(record, where, number)
        if question.id in seen:
            raise EvalFileError(f"{where}: id {question.id!r} is also on line {seen[question.id]}")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise EvalFileError(f"{path}: no questions in the file")
    return questions


def _norm(text: str) -> str:
    """Fold what a quote may legitimately differ in: whitespace, case, Arabic spelling.

    Arabic folding (diacritics, hamza seats, digits) lets "عمّان" in the questions file
    match "عمان" in a quote; otherwise evidence must appear word for word.
    """
    return " ".join(fold_arabic(text).split())


def _file_name(source_path: str) -> str:
    """The file name of a `Source.path`, ignoring a `#record` suffix should one be added."""
    return PurePosixPath(source_path.split("#", 1)[0].replace("\\", "/")).name


def _contains_any(needles: Iterable[str], haystacks: Iterable[str]) -> bool:
    texts = [_norm(h) for h in haystacks]
    return any(_norm(n) in t for n in needles for t in texts)


def score(question: EvalQuestion, answer: Answer, latency_ms: float = 0.0) -> QuestionResult:
    """Score one answer. Ranks count distinct files: one article quoted twice is one rank."""
    files: list[str] = []
    for source in answer.sources:
        if (name := _file_name(source.path)) not in files:
            files.append(name)
    rank = evidence = matched = None
    if question.source is not None:
        expected = _file_name(question.source)
        rank = files.index(expected) + 1 if expected in files else None
        quotes = [s.quote for s in answer.sources]
        if question.evidence:
            evidence = _contains_any([question.evidence], quotes)
        if question.answers:
            matched = _contains_any(question.answers, [answer.answer, *quotes])
    return QuestionResult(
        question, answer.found, rank, evidence, matched, latency_ms, answer.answer, tuple(files)
    )


def evaluate(service: Asker, questions: Sequence[EvalQuestion]) -> EvalReport:
    """Ask every question with an empty history (no follow-up context) and score it.

    A question that raises is recorded as an error, scored as a failure, and the run goes
    on: one bad question should not hide the others. The service is warmed first so the
    first question's latency is not the model's loading time.
    """
    service.warm()
    results: list[QuestionResult] = []
    for question in questions:
        start = time.perf_counter()
        error = None
        try:
            answer = service.ask(question.question, ())
        except Exception as exc:  # reported per question, see the docstring
            answer, error = Answer("", False, []), f"{type(exc).__name__}: {exc}"
        result = score(question, answer, (time.perf_counter() - start) * 1000)
        results.append(replace(result, error=error) if error else result)
    return EvalReport(tuple(results))

