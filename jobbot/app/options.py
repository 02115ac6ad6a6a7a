"""Command-line options shared by every command that loads knowledge."""

from __future__ import annotations

import argparse
from pathlib import Path

from jobbot.settings import Settings
from jobbot.sources import Source, directories


class StartupError(Exception):
    """A command cannot start; the message says why and is shown as it is."""


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
    return list(getattr(args, "knowledge", None) or [settings.knowledge_dir])


def knowledge_source(args: argparse.Namespace, settings: Settings) -> Source:
    """The source the command reads; `StartupError` naming every missing directory."""
    dirs = knowledge_dirs(args, settings)
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise StartupError("\n".join(f"no such knowledge directory: {d}" for d in missing))
    return directories(dirs)
