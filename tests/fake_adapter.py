"""A stand-in adapter module for the launch tests: what `jobbot run` and `jobbot scheduler`
need from an adapter (`run`, `build_publisher`), with no chat SDK behind it."""

from __future__ import annotations

import argparse
import time

from jobbot.settings import Settings
from jobbot.store import Store
from tests.announce_doubles import RecordingPublisher

COMMAND = "chat"


def build_publisher(settings: Settings) -> RecordingPublisher:
    return RecordingPublisher("slack")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Chat until the scheduler running beside us has made its first pass."""
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
