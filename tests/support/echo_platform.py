"""The smallest real platform: what a new platform needs and nothing more.

It is registered exactly as Slack and Discord are, by an entry point in the
`jobbot.platforms` group (`tests/support/registry/` holds its package metadata, put on
sys.path by the tests that use it), and passes the same contract tests. It reads lines on
stdin, answers each as plain text cut into 500-character messages, and announces as JSON
lines on stdout. Commands are spelled `!jobs ...`, to show help following the platform.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Final

from jobbot.announce.publisher import Announcement, DeliveryError
from jobbot.chunking import split_text
from jobbot.models import Answer, CommandSyntax, Request
from jobbot.settings import Settings

LIMIT: Final = 500
SYNTAX: Final = CommandSyntax(
    templates={
        "jobs": "!jobs {}",
        "faq": "!faq {}",
        "help": "!help",
        "subscribe": "!subscribe {}",
        "subscriptions": "!subscriptions",
        "unsubscribe": "!unsubscribe {}",
    }
)


class EchoPublisher:
    """Announcements as one JSON line each on stdout."""

    platform = "echo"

    def publish(self, announcement: Announcement) -> None:
        line = json.dumps(
            {"channel": announcement.channel, "ids": [p.id for p in announcement.postings]}
        )
        try:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"stdout is gone: {exc}", permanent=True) from None


class EchoPlatform:
    name: Final = "echo"
    help: Final = "a minimal example platform (stdin to text)"
    token_setting: Final = "echo_token"
    syntax: CommandSyntax = SYNTAX

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--prefix", default="", help="put this before every reply")

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        from jobbot.app.options import StartupError, knowledge_source
        from jobbot.app.runtime import services

        try:
            source = knowledge_source(args, settings)
        except StartupError as exc:
            print(f"jobbot echo: {exc}", file=sys.stderr)
            return 2
        with services(settings, source, watch=False) as runtime:
            for line in sys.stdin:
                request = Request(text=line.strip(), platform=self.name, syntax=self.syntax)
                for message in self.render(runtime.engine.ask(request)):
                    print(f"{args.prefix}{message}")
        return 0

    def build_publisher(self, settings: Settings) -> EchoPublisher:
        return EchoPublisher()

    def render(self, answer: Answer) -> Sequence[object]:
        return split_text(answer.text, LIMIT) or ["(no answer)"]

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        return [
            f"message {i} is {len(str(m))} characters (limit {LIMIT})"
            for i, m in enumerate(messages)
            if not isinstance(m, str) or len(m) > LIMIT
        ]


platform = EchoPlatform()
