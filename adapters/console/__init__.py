"""Console platform: `jobbot chat`, and where `jobbot run` goes when no platform token is set.

The chat runs over the same engine, store and watcher as Slack and Discord
(`jobbot.app.runtime.services`); announcements are printed beside it by `ConsolePublisher`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Final

from adapters.console.publisher import ConsolePublisher
from jobbot.models import Answer, CommandSyntax

if TYPE_CHECKING:
    from jobbot.announce.personal import PersonalCommands
    from jobbot.announce.subscriptions import Subscriptions
    from jobbot.app.runtime import Services
from jobbot.present import DEFAULT_SYNTAX
from jobbot.settings import Settings


class ConsolePlatform:
    """The terminal as a platform: no token, no limits but the reader's patience."""

    name: Final = "chat"
    help: Final = "chat with jobbot in the terminal (same answers as Slack and Discord)"
    token_setting: Final = None
    syntax: CommandSyntax = DEFAULT_SYNTAX

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        from jobbot.app.options import add_limit_option

        add_limit_option(parser)

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        """Load the knowledge, then talk on stdin/stdout until /quit or end of input."""
        from jobbot.announce.personal import PersonalCommands
        from jobbot.announce.subscriptions import Subscriptions
        from jobbot.app.loading import loading
        from jobbot.app.logs import kept_out_of_chat
        from jobbot.app.options import StartupError, fail, knowledge_source
        from jobbot.app.runtime import services
        from jobbot.sources import SourceError

        try:
            source = knowledge_source(args, settings)
            with kept_out_of_chat(getattr(args, "verbose", False)), ExitStack() as stack:
                with loading():
                    runtime = stack.enter_context(services(settings, source))
                page_size = getattr(args, "limit", None) or settings.page_size
                store = runtime.store
                subscriptions = Subscriptions(store, engine=runtime.engine) if store else None
                personal = PersonalCommands(store, runtime.engine) if store else None
                return _chat(runtime, page_size, subscriptions, personal, settings)
        except (StartupError, SourceError) as exc:
            return fail(str(exc))
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


def _chat(
    runtime: Services,
    page_size: int,
    subscriptions: Subscriptions | None,
    personal: PersonalCommands | None,
    settings: Settings,
) -> int:
    """The chat on this process's terminal: prompt_toolkit when both ends are a terminal,
    plain lines otherwise (`jobbot chat < questions.txt`)."""
    from adapters.console.chat import PromptReader, above_the_prompt, repl
    from jobbot.app.terminal import Terminal  # chat.py imports it too: no extra start-up

    def chat(reader: PromptReader | None = None, terminal: Terminal | None = None) -> int:
        # sys.stdout is read at the call: inside above_the_prompt it is the prompt's proxy
        return repl(
            runtime.engine,
            sys.stdin,
            sys.stdout,
            page_size,
            subscriptions,
            personal,
            learning=runtime.learning,
            reader=reader,
            terminal=terminal,
        )

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return chat()
    reader = PromptReader(settings.history_file)
    with above_the_prompt():
        out = Terminal()  # sys.stdout is now the prompt's proxy; it is still a terminal
        return chat(reader=reader, terminal=out)


platform = ConsolePlatform()
