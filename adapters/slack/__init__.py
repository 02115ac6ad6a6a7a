"""Slack adapter: `/jobs`, `/faq`, mentions, DMs and App Home with Block Kit.

`jobbot slack` runs in Socket Mode when `SLACK_APP_TOKEN` is set (no public URL needed),
otherwise over HTTP on `$PORT` at `/slack/events`. It also answers the subscription commands
(`/jobs subscribe ...`, stored in JOBBOT_DATABASE_URL) and reloads changed knowledge files
while running. `build_publisher` gives `jobbot scheduler` its Slack announcer. Nothing from
slack_bolt is imported until used, so `jobbot --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING

from jobbot.settings import Settings

if TYPE_CHECKING:
    from slack_bolt import App

    from adapters.slack.poster import SlackPublisher

COMMAND = "slack"
TOKEN_SETTING = "slack_bot_token"
HELP = "run the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT)"

log = logging.getLogger("jobbot.slack")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=None, help="HTTP port (default: $PORT or 3000)")
    parser.add_argument(
        "--host", default="0.0.0.0", help="HTTP interface to bind (default: all interfaces)"
    )


def build_publisher(settings: Settings) -> SlackPublisher | None:
    """The scheduler's Slack publisher (honours SLACK_API_URL); None without SLACK_BOT_TOKEN."""
    if settings.slack_bot_token is None:
        return None
    from adapters.slack.poster import SlackPublisher

    return SlackPublisher.from_settings(settings)


def _missing(settings: Settings, socket_mode: bool) -> list[str]:
    missing = [] if settings.slack_bot_token else ["SLACK_BOT_TOKEN"]
    if not socket_mode and not settings.slack_signing_secret:
        missing.append("SLACK_SIGNING_SECRET")
    return missing


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot; returns a non-zero exit code with a clear message when it cannot."""
    socket_mode = settings.slack_app_token is not None
    missing = _missing(settings, socket_mode)
    if missing:
        print(
            f"jobbot slack: {' and '.join(missing)} must be set. Create the app from "
            "manifest.yml and copy the tokens from its settings (see README, Slack).",
            file=sys.stderr,
        )
        return 2

    from jobbot.cli import existing_knowledge_dirs

    dirs = existing_knowledge_dirs(args, settings, prog="jobbot slack")
    if dirs is None:
        return 2

    from slack_bolt.error import BoltError

    from adapters.slack.app import build_app
    from adapters.slack.subscriptions import SlackSubscriptions
    from jobbot.engine import Engine
    from jobbot.store import Store, StoreError
    from jobbot.watcher import KnowledgeWatcher

    try:
        store = Store(settings.database_url)
    except StoreError as error:
        print(f"jobbot slack: {error}", file=sys.stderr)
        return 2
    try:
        engine = Engine.from_directories(dirs, cache_dir=settings.cache_dir)
        subscriptions = SlackSubscriptions.from_settings(settings, store, engine)
        try:
            app, _ = build_app(
                settings, engine, socket_mode=socket_mode, subcommands=subscriptions.subcommands()
            )
        except BoltError as error:
            print(f"jobbot slack: Slack rejected SLACK_BOT_TOKEN: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"jobbot slack: cannot reach Slack's Web API: {error}", file=sys.stderr)
            return 2
        watcher = KnowledgeWatcher(engine, dirs, interval=settings.reload_seconds).start()
        try:
            return _serve(app, settings, args, socket_mode)
        finally:
            watcher.stop()
    finally:
        store.close()


def _serve(app: App, settings: Settings, args: argparse.Namespace, socket_mode: bool) -> int:
    """Answer Slack until SIGTERM or Ctrl-C."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received signal %s, stopping", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if socket_mode:
        from adapters.slack.server import socket_mode_handler

        assert settings.slack_app_token is not None
        handler = socket_mode_handler(app, settings.slack_app_token.get_secret_value())
        try:
            handler.connect()
        except Exception as error:
            print(f"jobbot slack: cannot open Socket Mode: {error}", file=sys.stderr)
            return 2
        log.info("jobbot is connected to Slack in Socket Mode")
        stop.wait()
        handler.close()
        return 0

    from adapters.slack.server import EVENTS_PATH, HttpServer

    port = args.port if getattr(args, "port", None) is not None else settings.port
    server = HttpServer(app, host=getattr(args, "host", "0.0.0.0"), port=port)
    try:
        bound = server.start()
    except OSError as error:
        print(f"jobbot slack: cannot listen on port {port}: {error}", file=sys.stderr)
        return 2
    log.info("jobbot is listening on http://%s:%d%s", server.host, bound, EVENTS_PATH)
    stop.wait()
    server.stop()
    return 0
