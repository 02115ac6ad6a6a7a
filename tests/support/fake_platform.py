"""A stand-in platform for the launch tests: what `jobbot run` and `jobbot scheduler` need
from a platform, with no chat SDK behind it."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from jobbot.announce.store import Store
from jobbot.models import Answer, CommandSyntax
from jobbot.settings import Settings
from tests.support.announce_doubles import RecordingPublisher


class FakePlatform:
    """`run` chats until the scheduler beside it has made its first pass."""

    def __init__(
        self, name: str = "chat", token_setting: str | None = None, *, broken: bool = False
    ) -> None:
        self.name = name
        self.help = f"the fake {name} platform"
        self.token_setting = token_setting
        self.syntax = CommandSyntax()
        self.broken = broken

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--limit", type=int, default=None)

    def build_publisher(self, settings: Settings) -> RecordingPublisher:
        if self.broken:
            raise ImportError(f"No module named 'adapters.{self.name}'")
        return RecordingPublisher(self.name if self.token_setting else "console")

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        store = Store(settings.database_url)
        try:
            deadline = time.monotonic() + 20
            while store.first_sync_at() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            print(f"chat saw the first pass: {store.first_sync_at() is not None}")
            print(f"chat knowledge: {args.knowledge}")
        finally:
            store.close()
        return 0

    def render(self, answer: Answer) -> Sequence[object]:
        return [answer.text]

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        return []
