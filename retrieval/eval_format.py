"""The terminal table `newsqa eval` prints: one line per question, then the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retrieval.evaluation import EvalReport


def _mark(flag: bool | None) -> str:
    return "-" if flag is None else ("✓" if flag else "✗")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _summary_line(name: str, s: dict[str, Any]) -> str:
    mrr = "-" if s["mrr"] is None else f"{s['mrr']:.2f}"
    p50, p95 = (("-" if s[k] is None else f"{s[k]:.0f}") for k in ("p50_ms", "p95_ms"))
    cells = [_pct(s["hit_at_1"]), _pct(s["hit_at_3"]), mrr, _pct(s["evidence"])]
    cells += [_pct(s["answer"]), _pct(s["abstention"]), p50, p95]
    errors = f"  errors: {s['errors']}" if s["errors"] else ""
    return f"{name:<15} {s['questions']:>3}" + "".join(f"{c:>7}" for c in cells) + errors


def format_report(report: EvalReport) -> str:
    """A terminal table: one line per question, then totals overall and by kind."""
    lines = [f"{'id':<8} {'kind':<15} {'rank':>4}  evid  ans  abst {'ms':>7}"]
    for r in report.results:
        rank = "-" if not r.question.answerable else (str(r.rank) if r.rank else "✗")
        lines.append(
            f"{r.question.id:<8} {r.question.kind:<15} {rank:>4}  {_mark(r.evidence_found):^4}"
            f"  {_mark(r.answer_found):^3}  {_mark(r.abstention_correct):^4}"
            f" {r.latency_ms:7.0f}" + (f"  ERROR {r.error}" if r.error else "")
        )
    heads = ["hit@1", "hit@3", "MRR", "evid", "ans", "abst", "p50 ms", "p95 ms"]
    lines += ["", f"{'':<15} {'n':>3}" + "".join(f"{h:>7}" for h in heads)]
    lines.append(_summary_line("overall", report.overall))
    lines += [_summary_line(kind, s) for kind, s in report.by_kind.items()]
    splits = report.by_split
    if len(splits) > 1:  # a held-out part: show it apart, it is the honest number
        for split, groups in splits.items():
            lines += ["", f"{split} part:"]
            lines += [_summary_line(name, s) for name, s in groups.items()]
    lines.append("hit/MRR/evid/ans: over answerable questions; abst (found == answerable): all.")
    return "\n".join(lines)
