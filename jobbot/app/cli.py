"""The `jobbot` command line: index, ask, run, scheduler, and one subcommand per platform.

Platforms come from the `jobbot.platforms` entry points (`jobbot.app.platforms`), so a new
platform is its package under `adapters/` plus one line in pyproject.toml; the core never
imports a chat SDK, and a platform's SDK is imported only when that platform runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

from jobbot.app import platforms as registry
from jobbot.app import sourcing
from jobbot.app.options import StartupError, add_knowledge_option, knowledge_source
from jobbot.app.platform import Platform
from jobbot.engine import Engine
from jobbot.ingest.summary import summarize
from jobbot.models import Request
from jobbot.settings import Settings
from jobbot.sources import SourceError
from jobbot.untrusted import printable

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
    ask.add_argument("--limit", type=int, default=None, help="results per page (1-25)")
    ask.add_argument("--page", type=int, default=1, help="which page of results (default 1)")

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

    for platform in platforms:
        platform_parser = sub.add_parser(platform.name, help=platform.help)
        add_knowledge_option(platform_parser)
        platform.add_arguments(platform_parser)
        platform_parser.set_defaults(platform=platform)
    return parser


def fail(message: str, prog: str = "jobbot") -> int:
    """Print `prog: message` on stderr (each line of it) and return exit code 2."""
    for line in message.splitlines() or [""]:
        print(f"{prog}: {line}", file=sys.stderr)
    return 2


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Load the knowledge and report postings, FAQ entries and file errors.

    Exit 0 whenever the knowledge could be read, even when some files could not: those are
    listed with their reasons. Exit 2 only for a missing directory.
    """
    try:
        source = knowledge_source(args, settings, live=True)  # remote sources are read now
        corpus = source.load()
    except (StartupError, SourceError) as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(corpus.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print(summarize(corpus, list(args.knowledge or [settings.knowledge_dir])))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one request and print it (markdown, or the whole `Answer` as JSON)."""
    try:
        engine = Engine.from_source(knowledge_source(args, settings), cache_dir=settings.cache_dir)
    except (StartupError, SourceError) as exc:
        return fail(str(exc))
    page_size = max(1, min(25, args.limit)) if args.limit else settings.page_size
    request = Request(text=" ".join(args.text), page_size=page_size, page=max(1, args.page))
    answer = engine.ask(request)
    output = (
        json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False)
        if args.json
        else printable(answer.text)  # posting text may carry terminal escape sequences
    )
    try:
        print(output, flush=True)
    except BrokenPipeError:  # `jobbot ask ... | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    platforms = registry.registered()
    parser = build_parser(platforms)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return 0
    try:
        settings = Settings()
    except ValueError as exc:
        return fail(f"invalid settings: {exc}")
    if args.command == "index":
        return cmd_index(args, settings)
    if args.command == "ask":
        return cmd_ask(args, settings)
    if args.command == "sources":
        return sourcing.cmd_sources(args, settings)
    if args.command in ("run", "scheduler"):
        from jobbot.app import launch  # loads SQLAlchemy and APScheduler: only when used

        command = launch.cmd_run if args.command == "run" else launch.cmd_scheduler
        return command(args, settings, platforms)
    platform: Platform = args.platform
    return int(platform.run(args, settings) or 0)
