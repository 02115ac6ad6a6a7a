"""Console platform: `jobbot chat`, and where `jobbot run` goes when no platform token is set.

The chat runs over the same engine, store and watcher as Slack and Discord
(`jobbot.app.runtime.services`); announcements are printed beside it by `ConsolePublisher`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Final

from adapters.console.publisher import ConsolePublisher
from jobbot.models import Answer, CommandSyntax
from jobbot.present import DEFAULT_SYNTAX
from jobbot.settings import Settings


class ConsolePlatform:
    """The terminal as a platform: no token, no limits but the reader's patience."""

    name: Final = "chat"
    help: Final = "chat with jobbot in the terminal (same answers as Slack and Discord)"
    token_setting: Final = None
    syntax: CommandSyntax = DEFAULT_SYNTAX

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="results per page (1-25)")

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        """Load the knowledge, then talk on stdin/stdout until /quit or end of input."""
        from adapters.console.chat import repl
        from jobbot.announce.personal import PersonalCommands
        from jobbot.announce.subscriptions import Subscriptions
        from jobbot.app.options import StartupError, knowledge_source
        from jobbot.app.runtime import services
        from jobbot.sources import SourceError

        try:
            source = knowledge_source(args, settings)
            with services(settings, source) as runtime:
                limit = getattr(args, "limit", None)
                page_size = max(1, min(25, limit)) if limit else settings.page_size
                store = runtime.store
                subscriptions = Subscriptions(store, engine=runtime.engine) if store else None
                personal = PersonalCommands(store, runtime.engine) if store else None
                return repl(
                    runtime.engine, sys.stdin, sys.stdout, page_size, subscriptions, personal
                )
        except (StartupError, SourceError) as exc:
            for line in str(exc).splitlines():
                print(f"jobbot: {line}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("\nBye.")
            return 0

    def build_publisher(self, settings: Settings) -> ConsolePublisher:
        return ConsolePublisher()

    def render(self, answer: Answer) -> Sequence[object]:
        from adapters.console.chat import render

        return [render(answer)]

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        return [
            f"message {i} is not text" for i, m in enumerate(messages) if not isinstance(m, str)
        ]


platform = ConsolePlatform()
