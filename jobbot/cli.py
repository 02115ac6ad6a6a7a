"""The `jobbot` command line: index, ask, and one subcommand per adapter.

Adapters are discovered, not imported by name: every module or package in `adapters/` that
defines `COMMAND`, `add_arguments(parser)` and `run(args, settings) -> int` becomes a
subcommand (`TOKEN_SETTING` names the setting that turns it on in `jobbot run`), so a new
platform is one new file in `adapters/` and nothing else. The core never imports a chat SDK;
only the chosen adapter's module is imported, and only when it runs.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import adapters
from jobbot.engine import Engine
from jobbot.ingest import load_directories
from jobbot.ingest.summary import summarize
from jobbot.models import Request
from jobbot.settings import Settings

log = logging.getLogger("jobbot")


@dataclass(frozen=True)
class AdapterSpec:
    """An adapter found on disk: its subcommand, help line and module name, and `token`, the
    setting (`TOKEN_SETTING` in the adapter) whose presence means the platform is configured."""

    command: str
    help: str
    module: str
    token: str | None = None


def discover_adapters() -> list[AdapterSpec]:
    """Find adapters by reading their source, so `jobbot --help` imports no chat SDK."""
    found: list[AdapterSpec] = []
    root = Path(adapters.__file__).parent
    for path in sorted(root.iterdir()):
        source = path / "__init__.py" if path.is_dir() else path
        if source.suffix != ".py" or path.name.startswith("_") or not source.exists():
            continue
        tree = ast.parse(source.read_text(encoding="utf-8"))
        values: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                        values[target.id] = node.value.value
        if "COMMAND" in values:
            help_text = values.get("HELP") or (ast.get_docstring(tree) or "").split("\n")[0]
            found.append(
                AdapterSpec(
                    values["COMMAND"],
                    help_text,
                    f"adapters.{path.stem}",
                    values.get("TOKEN_SETTING"),
                )
            )
    return found


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    """`--knowledge DIR`, repeatable; the default is the configured knowledge directory."""
    parser.add_argument(
        "--knowledge",
        action="append",
        type=Path,
        metavar="DIR",
        help="knowledge directory to load (repeatable; default: $JOBBOT_KNOWLEDGE_DIR)",
    )


def knowledge_dirs(args: argparse.Namespace, settings: Settings) -> list[Path]:
    """The directories named on the command line, else the configured one."""
    return list(args.knowledge or [settings.knowledge_dir])


def existing_knowledge_dirs(
    args: argparse.Namespace, settings: Settings, prog: str = "jobbot"
) -> list[Path] | None:
    """The knowledge directories, or None after naming each missing one on stderr."""
    dirs = knowledge_dirs(args, settings)
    missing = [d for d in dirs if not d.is_dir()]
    for d in missing:
        print(f"{prog}: no such knowledge directory: {d}", file=sys.stderr)
    return None if missing else dirs


def build_parser(
    specs: Sequence[AdapterSpec], chosen: str | None = None
) -> argparse.ArgumentParser:
    """The full parser; `chosen` is the subcommand about to run, if known."""
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

    for spec in specs:
        adapter_parser = sub.add_parser(spec.command, help=spec.help)
        add_knowledge_option(adapter_parser)
        adapter_parser.set_defaults(adapter_module=spec.module)
        if spec.command == chosen:
            # Only the adapter that will run is imported: its SDK costs start-up time.
            add_arguments = getattr(importlib.import_module(spec.module), "add_arguments", None)
            if add_arguments is not None:
                add_arguments(adapter_parser)
    return parser


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Load the knowledge directories and report postings, FAQ entries and file errors.

    Exit 0 whenever the directories could be read, even when some files could not: those
    are listed with their reasons. Exit 2 only for a missing directory.
    """
    dirs = existing_knowledge_dirs(args, settings)
    if dirs is None:
        return 2
    corpus = load_directories(dirs)
    if args.json:
        print(json.dumps(corpus.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        print(summarize(corpus, dirs))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    dirs = existing_knowledge_dirs(args, settings)
    if dirs is None:
        return 2
    engine = Engine.from_directories(dirs, cache_dir=settings.cache_dir)
    page_size = max(1, min(25, args.limit)) if args.limit else settings.page_size
    request = Request(text=" ".join(args.text), page_size=page_size, page=max(1, args.page))
    answer = engine.ask(request)
    output = (
        json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False)
        if args.json
        else answer.text
    )
    try:
        print(output, flush=True)
    except BrokenPipeError:  # `jobbot ask ... | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    specs = discover_adapters()
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(specs, chosen)
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
        print(f"jobbot: invalid settings: {exc}", file=sys.stderr)
        return 2
    if args.command == "index":
        return cmd_index(args, settings)
    if args.command == "ask":
        return cmd_ask(args, settings)
    if args.command in ("run", "scheduler"):
        from jobbot import launch

        # Imported on use: launch builds on this module and loads SQLAlchemy and APScheduler.
        command = launch.cmd_run if args.command == "run" else launch.cmd_scheduler
        return command(args, settings)
    module = importlib.import_module(args.adapter_module)
    return int(module.run(args, settings) or 0)
