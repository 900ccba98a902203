"""`newsqa index | ask | chat | stats | eval | timeline | latest | bot`: parse, call, print.

Every command is a few lines over a library function; errors meant for the user are printed as
one line and a non-zero exit code, never as a stack trace.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from core.errors import NewsqaError
from newsqa import cli_commands as commands
from newsqa.cli_news import add_news_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsqa",
        description="Ask questions about your Arabic and English news articles.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("index", help="sync a folder of articles into the index")
    p.add_argument("folder", help="folder of .txt .md .html .json .jsonl .pdf articles")
    p.add_argument("--rebuild", action="store_true", help="start from an empty index")
    p.add_argument("--repair", action="store_true", help="check every chunk for leftovers")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-wait", action="store_true", help="exit if another sync is running")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument(
        "--share",
        metavar="I/N",
        help="index only worker I's share of the files out of N (0-based), for several workers",
    )
    p.set_defaults(run=commands.run_index)

    p = sub.add_parser("ask", help="answer one question from the index")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(run=commands.run_ask)

    p = sub.add_parser("chat", help="ask questions interactively, with follow-ups")
    p.set_defaults(run=commands.run_chat)

    p = sub.add_parser("stats", help="what the index holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=commands.run_stats)

    p = sub.add_parser("eval", help="score answers against a question set (JSONL)")
    p.add_argument("questions", help="a .jsonl question set, e.g. tests/data/questions.jsonl")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--articles", help="sync this folder into the index first")
    p.set_defaults(run=commands.run_eval)

    add_news_commands(sub)  # timeline, latest

    p = sub.add_parser("bot", help="run the Telegram bot")
    p.set_defaults(run=commands.run_bot)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "chromadb", "sentence_transformers", "transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # user-facing errors become one line; the rest stay loud
        if isinstance(exc, NewsqaError):
            if getattr(args, "json", False):
                print(json.dumps({"error": str(exc)}, ensure_ascii=False))
            print(f"newsqa: {exc}", file=sys.stderr)
            return 2
        raise
