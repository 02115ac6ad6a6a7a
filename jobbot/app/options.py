"""Command-line options shared by every command that loads knowledge.

`--knowledge DIR` (repeatable) and `--sources FILE` (or `JOBBOT_SOURCES`) go on every such
command at once. Bots and the scheduler read remote sources from the database (the
scheduler's leader fetches them there); only `jobbot index` reads them live.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jobbot.settings import Settings
from jobbot.sources import CompositeSource, DirectorySource, Source
from jobbot.sources.specs import SourcesFileError, SourceSpec, read_sources


class StartupError(Exception):
    """A command cannot start; the message says why and is shown as it is."""


def fail(message: str, prog: str = "jobbot") -> int:
    """Print `prog: message` on stderr (each line of it) and return exit code 2."""
    for line in message.splitlines() or [""]:
        print(f"{prog}: {line}", file=sys.stderr)
    return 2


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    """`--knowledge DIR`, repeatable (default: the configured knowledge directory), and
    `--sources FILE` (default: $JOBBOT_SOURCES)."""
    parser.add_argument(
        "--knowledge",
        action="append",
        type=Path,
        metavar="DIR",
        help="knowledge directory to load (repeatable; default: $JOBBOT_KNOWLEDGE_DIR)",
    )
    parser.add_argument(
        "--sources",
        type=Path,
        metavar="FILE",
        help="job boards, career pages, feeds and HN threads to read, in TOML "
        "(default: $JOBBOT_SOURCES; see docs/sources.md)",
    )


def knowledge_dirs(args: argparse.Namespace, settings: Settings) -> list[Path]:
    """The directories named on the command line, else the configured one."""
    return list(getattr(args, "knowledge", None) or [settings.knowledge_dir])


def sources_file(args: argparse.Namespace, settings: Settings) -> Path | None:
    """The sources file named on the command line, else by `JOBBOT_SOURCES`, else None."""
    return getattr(args, "sources", None) or settings.sources


def source_specs(args: argparse.Namespace, settings: Settings) -> list[SourceSpec]:
    """The entries of the sources file; `StartupError` naming the line and key when wrong."""
    path = sources_file(args, settings)
    if path is None:
        return []
    try:
        return read_sources(path)
    except SourcesFileError as exc:
        raise StartupError(str(exc)) from None


def knowledge_source(args: argparse.Namespace, settings: Settings, *, live: bool = False) -> Source:
    """The source the command reads: its directories, then its remote sources (from the
    database, or fetched now when `live`). `StartupError` naming every missing directory
    or what is wrong with the sources file."""
    dirs = knowledge_dirs(args, settings)
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        raise StartupError("\n".join(f"no such knowledge directory: {d}" for d in missing))
    specs = source_specs(args, settings)
    sources: list[Source] = [DirectorySource(path) for path in dirs]
    if specs and live:
        from jobbot.sources.fetch import Fetcher  # httpx and the parsers: only when used
        from jobbot.sources.remote import RemoteSource

        fetcher = Fetcher()
        sources += [RemoteSource(spec, fetcher) for spec in specs]
    elif specs:
        from jobbot.announce.stored import StoredSource  # SQLAlchemy: only when used

        sources.append(StoredSource(settings.database_url, specs))
    return CompositeSource(sources)


MAX_LIMIT = 25


def page_limit(text: str) -> int:
    """`--limit N`: results per page, 1 to 25; anything else is a clear usage error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 1 to 25, got {text!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_LIMIT}, got {value}")
    return value


def page_number(text: str) -> int:
    """`--page N`: 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a page number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"pages start at 1, got {value}")
    return value


def add_limit_option(parser: argparse.ArgumentParser) -> None:
    """`--limit N`, shared by `jobbot ask` and `jobbot chat`."""
    parser.add_argument(
        "--limit", type=page_limit, default=None, metavar="N", help="results per page (1-25)"
    )
