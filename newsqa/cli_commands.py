"""The body of each `newsqa` sub-command: call the library, print the result."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core.errors import NewsqaError


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _parse_share(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise NewsqaError(f"--share takes I/N such as 0/2, not {text!r}") from None
    if not 0 <= i < n:
        raise NewsqaError(f"--share {text}: I must be between 0 and N-1")
    return i, n


def run_index(args: argparse.Namespace) -> int:
    from index import sync

    summary = sync(
        args.folder,
        rebuild=args.rebuild,
        repair=args.repair,
        progress=False if args.no_progress or args.json else None,
        wait=not args.no_wait,
        share=_parse_share(args.share),
    )
    if args.json:
        _print_json(summary.to_dict())
    else:
        print(summary.format())
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from retrieval import QAService
    from retrieval.display import format_answer

    with QAService() as service:
        answer = service.ask(args.question)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(format_answer(answer))
    return 0


def run_chat(args: argparse.Namespace) -> int:
    from retrieval import QAService
    from retrieval.display import format_answer

    with QAService() as service:
        conversation = service.conversation()
        print("Ask about your articles. /reset forgets the conversation, Ctrl-D quits.")
        while True:
            try:
                question = input("> ").strip()
            except EOFError:
                print()
                return 0
            if question == "/reset":
                conversation.reset()
                print("(conversation forgotten)")
            elif question:
                print(format_answer(conversation.ask(question)))
                print()


def run_stats(args: argparse.Namespace) -> int:
    from retrieval import QAService

    with QAService() as service:
        stats = service.stats()
    if args.json:
        _print_json(stats.to_dict())
    else:
        print(stats.format())
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from retrieval import QAService
    from retrieval.eval_format import format_report
    from retrieval.evaluation import evaluate, load_questions

    questions = load_questions(args.questions)
    if args.articles:
        from index import sync

        print(sync(args.articles, progress=not args.json).format(), file=sys.stderr)
    with QAService() as service:
        report = evaluate(service, questions)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(format_report(report))
    return 0


def run_bot(args: argparse.Namespace) -> int:
    from bot.app import main as bot_main

    return bot_main()
