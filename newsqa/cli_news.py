"""`newsqa timeline` and `newsqa latest`: argument parsing and printing over the library.

Bad input (a malformed --from/--to, a window that ends before it starts, an unknown topic,
a count out of range) raises `TimelineError`, a `NewsqaError`: `newsqa.cli` prints it as one
line and exits 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.language import question_language
from core.messages import filled
from retrieval.timeline import MAX_LATEST, LatestArticle, Timeline, TimelineError


def add_news_commands(sub: Any) -> None:
    """Register `timeline` and `latest` on the CLI's sub-command parser."""
    p = sub.add_parser("timeline", help="the articles about a topic or name, oldest first")
    p.add_argument("topic", help='a name or topic, e.g. "Lavrov" or "لافروف"')
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day of the window")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day of the window")
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")
    p.set_defaults(run=run_timeline)

    p = sub.add_parser("latest", help="the newest articles, date and title")
    p.add_argument("n", nargs="?", default="10", help=f"how many (1-{MAX_LATEST}, default 10)")
    p.add_argument("--json", action="store_true", help="print the articles as JSON")
    p.set_defaults(run=run_latest)


def format_timeline(timeline: Timeline) -> str:
    if not timeline.events:
        start, end = timeline.start or "…", timeline.end or "…"
        language = question_language(timeline.topic)
        return filled("timeline_empty", language, topic=timeline.topic, start=start, end=end)
    n = len(timeline.events)
    lines = [f"{timeline.topic}: {n} article{'' if n == 1 else 's'}"]
    for e in timeline.events:
        lines.append(f"\n{e.date or 'undated'}  {e.title}  ({e.path})\n  «{e.quote}»")
    return "\n".join(lines)


def format_latest(articles: list[LatestArticle]) -> str:
    listed = "\n".join(f"{a.date}  {a.title}  ({a.path})" for a in articles)
    return listed or filled("no_dated_articles", "en")


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_LATEST:
        raise TimelineError(filled("bad_count", "en", limit=MAX_LATEST, value=text))
    return n


def run_timeline(args: argparse.Namespace) -> int:
    from retrieval import QAService
    from retrieval.timeline import window

    window(args.start, args.end)  # bad dates fail before the index is opened
    with QAService() as service:
        timeline = service.timeline(args.topic, args.start, args.end)
    if args.json:
        print(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_timeline(timeline))
    return 0


def run_latest(args: argparse.Namespace) -> int:
    from retrieval import QAService

    n = _count(args.n)
    with QAService() as service:
        articles = service.latest(n)
    if args.json:
        print(json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2))
    else:
        print(format_latest(articles))
    return 0
