"""The `jobbot` command line: index, ask, run, scheduler, and one subcommand per platform.

Platforms come from the `jobbot.platforms` entry points (`jobbot.app.platforms`), so a new
platform is its package under `adapters/` plus one line in pyproject.toml; the core never
imports a chat SDK, and a platform's SDK is imported only when that platform runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence

from jobbot.app import logs, sourcing
from jobbot.app import platforms as registry
from jobbot.app.index_report import print_report
from jobbot.app.loading import loading
from jobbot.app.options import (
    StartupError,
    add_knowledge_option,
    add_limit_option,
    fail,
    knowledge_source,
    page_number,
)
from jobbot.app.platform import Platform
from jobbot.app.terminal import Terminal
from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.settings import Settings
from jobbot.sources import SourceError

log = logging.getLogger("jobbot")


def build_parser(platforms: Sequence[Platform]) -> argparse.ArgumentParser:
    """The full parser, with a subcommand for every registered platform."""
    parser = argparse.ArgumentParser(
        prog="jobbot",
        description="Job discovery and career FAQ for Slack, Discord and the console.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    index = sub.add_parser("index", help="load knowledge and report what was read")
    add_knowledge_option(index)
    index.add_argument("--json", action="store_true", help="print postings, FAQ and errors as JSON")

    ask = sub.add_parser("ask", help="answer one question or search, then exit")
    ask.add_argument("text", nargs="*", help="what to ask, e.g. 'python remote jobs'")
    add_knowledge_option(ask)
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    add_limit_option(ask)
    ask.add_argument(
        "--page", type=page_number, default=1, metavar="N", help="which page of results (default 1)"
    )

    sourcing.add_parser(sub)

    run = sub.add_parser(
        "run", help="start Slack/Discord if their tokens are set, else the console chat"
    )
    add_knowledge_option(run)
    scheduler = sub.add_parser("scheduler", help="announce new postings to subscribed channels")
    add_knowledge_option(scheduler)
    scheduler.add_argument("--once", action="store_true", help="run one announcement pass and exit")
    scheduler.add_argument(
        "--status", action="store_true", help="show subscriptions and delivery problems, then exit"
    )

    questions = sub.add_parser(
        "questions", help="most-asked questions the FAQ missed, and its worst-rated answers"
    )
    add_knowledge_option(questions)
    questions.add_argument("--limit", type=int, default=20, help="rows per list (default 20)")

    for platform in platforms:
        platform_parser = sub.add_parser(platform.name, help=platform.help)
        add_knowledge_option(platform_parser)
        platform.add_arguments(platform_parser)
        platform_parser.set_defaults(platform=platform)
    return parser


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Load the knowledge and report postings, FAQ entries and file errors.

    Exit 0 whenever the knowledge could be read, even when some files could not: those are
    listed with their reasons. Exit 2 only for a missing directory.
    """
    try:
        source = knowledge_source(args, settings, live=True)  # remote sources are read now
        with loading():
            corpus = source.load()
    except (StartupError, SourceError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(corpus.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print_report(Terminal(), corpus, list(args.knowledge or [settings.knowledge_dir]))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one request and print it (rendered markdown, or the whole `Answer` as JSON)."""
    try:
        source = knowledge_source(args, settings)
        with loading():
            engine = Engine.from_source(source, cache_dir=settings.cache_dir)
    except (StartupError, SourceError) as exc:
        return fail(str(exc))
    page_size = args.limit or settings.page_size
    request = Request(text=" ".join(args.text), page_size=page_size, page=args.page)
    answer = engine.ask(request)
    if args.json:
        print(json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        Terminal().markdown(answer.text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a closed pipe (`jobbot index | head -1`) ends it quietly."""
    try:
        code = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away. Point stdout at /dev/null so the interpreter's own flush at
        # exit cannot complain about it either.
        with contextlib.suppress(OSError, ValueError):  # not a file descriptor (tests)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    platforms = registry.registered()
    parser = build_parser(platforms)
    args = parser.parse_args(argv)
    try:
        settings: Settings | None = Settings()
        problem = None
    except ValueError as exc:
        settings, problem = None, exc
    logs.configure(verbose=args.verbose, log_format=settings.log_format if settings else "text")
    if args.command is None:
        parser.print_help()
        return 0
    if settings is None:
        return fail(f"invalid settings: {problem}")
    if args.command == "index":
        return cmd_index(args, settings)
    if args.command == "ask":
        return cmd_ask(args, settings)
    if args.command == "questions":
        from jobbot.app.questions import cmd_questions  # opens the database: only when used

        return cmd_questions(args, settings)
    if args.command == "sources":
        return sourcing.cmd_sources(args, settings)
    if args.command in ("run", "scheduler"):
        from jobbot.app import launch  # loads SQLAlchemy and APScheduler: only when used

        command = launch.cmd_run if args.command == "run" else launch.cmd_scheduler
        return command(args, settings, platforms)
    platform: Platform = args.platform
    return int(platform.run(args, settings) or 0)
