"""Slack adapter: `/jobs`, `/faq`, mentions, DMs and App Home with Block Kit.

`jobbot slack` runs in Socket Mode when `SLACK_APP_TOKEN` is set (no public URL needed),
otherwise over HTTP on `$PORT` at `/slack/events`. It also answers the subscription commands
(`/jobs subscribe ...`, stored in JOBBOT_DATABASE_URL), each member's own alerts and saved
jobs (`/jobs alert ...`, `/jobs saved`, the App Home tab) and reloads changed knowledge files
while running. `platform.build_publisher` gives `jobbot scheduler` its Slack announcer. Nothing from
slack_bolt is imported until used, so `jobbot --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import TYPE_CHECKING, Final

from jobbot.models import Answer, CommandSyntax
from jobbot.present import DEFAULT_SYNTAX
from jobbot.settings import Settings

if TYPE_CHECKING:
    from slack_bolt import App

    from adapters.slack.poster import SlackPublisher
    from jobbot.app.ops import Health

log = logging.getLogger("jobbot.slack")


TOKEN_HELP: Final = (
    "jobbot slack needs a bot token and one of two ways to hear from Slack:\n"
    "  Socket Mode (no public URL, easiest): SLACK_BOT_TOKEN and SLACK_APP_TOKEN\n"
    "  HTTP on $PORT (a public URL):         SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET\n"
    "Create the app from manifest.yml and copy the tokens from its settings "
    "(README: Slack in 10 minutes)."
)


def missing_tokens(settings: Settings) -> str | None:
    """What is missing to start, in the user's terms; None when Slack can start."""
    if settings.slack_bot_token is None:
        return "SLACK_BOT_TOKEN is not set"
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        return "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is set"
    return None


class SlackPlatform:
    """Slack: slash commands, mentions, DMs, App Home, announcements with Block Kit."""

    name: Final = "slack"
    help: Final = "run the Slack bot (Socket Mode with SLACK_APP_TOKEN, else HTTP on $PORT)"
    token_setting: Final = "slack_bot_token"
    syntax: CommandSyntax = DEFAULT_SYNTAX

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--port", type=int, default=None, help="HTTP port (default: $PORT or 3000)"
        )
        parser.add_argument(
            "--host", default="0.0.0.0", help="HTTP interface to bind (default: all interfaces)"
        )

    def build_publisher(self, settings: Settings) -> SlackPublisher | None:
        """The scheduler's Slack publisher (honours SLACK_API_URL); None without a token."""
        if settings.slack_bot_token is None:
            return None
        from adapters.slack.poster import SlackPublisher

        return SlackPublisher.from_settings(settings)

    def render(self, answer: Answer) -> Sequence[object]:
        from adapters.slack import blocks

        ref = blocks.Ref(None, answer.query.raw)
        return [{"text": blocks.fallback_text(answer), "blocks": blocks.answer_blocks(answer, ref)}]

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        from adapters.slack.limits import problems

        return [p for message in messages for p in problems(message)]

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        """Start the bot; a non-zero exit code with a clear message when it cannot."""
        socket_mode = settings.slack_app_token is not None
        missing = missing_tokens(settings)
        if missing:
            print(f"jobbot slack: {missing}.\n{TOKEN_HELP}", file=sys.stderr)
            return 2
        from jobbot.app.options import StartupError, knowledge_source
        from jobbot.app.runtime import services
        from jobbot.sources import SourceError

        try:
            source = knowledge_source(args, settings)
        except StartupError as error:
            print(f"jobbot slack: {error}", file=sys.stderr)
            return 2

        from slack_bolt.error import BoltError

        from adapters.slack.alerts import SlackAlerts
        from adapters.slack.app import build_app
        from adapters.slack.feedback import SlackFeedback
        from adapters.slack.subscriptions import SlackSubscriptions
        from jobbot.app.ops import Health

        try:
            with services(settings, source) as runtime:
                subscriptions = SlackSubscriptions.from_settings(
                    settings, runtime.store, runtime.engine
                )
                alerts = SlackAlerts.from_settings(runtime.store, runtime.engine)
                feedback = SlackFeedback(runtime.learning, settings.slack_admins)
                try:
                    app, bot = build_app(
                        settings,
                        runtime.engine,
                        socket_mode=socket_mode,
                        subcommands={**subscriptions.subcommands(), **alerts.subcommands()},
                        listeners=[alerts.register, feedback.register],
                        faq_subcommands=feedback.subcommands(),
                    )
                    alerts.attach(bot)
                except BoltError as error:
                    print(f"jobbot slack: Slack rejected SLACK_BOT_TOKEN: {error}", file=sys.stderr)
                    return 2
                except OSError as error:
                    print(f"jobbot slack: cannot reach Slack's Web API: {error}", file=sys.stderr)
                    return 2
                return _serve(app, settings, args, socket_mode, Health.of(runtime))
        except SourceError as error:
            print(f"jobbot slack: {error}", file=sys.stderr)
            return 2


platform = SlackPlatform()


def _serve(
    app: App, settings: Settings, args: argparse.Namespace, socket_mode: bool, health: Health
) -> int:
    """Answer Slack until SIGTERM or Ctrl-C; `/healthz` and `/metrics` on the HTTP port, or
    in Socket Mode on JOBBOT_METRICS_PORT when it is set."""
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
        from jobbot.app.ops import serve_ops

        ops = serve_ops(settings.metrics_port, health, "jobbot slack")
        stop.wait()
        handler.close()
        if ops is not None:
            ops.stop()
        return 0

    from adapters.slack.server import EVENTS_PATH, HttpServer

    port = args.port if getattr(args, "port", None) is not None else settings.port
    assert settings.slack_signing_secret is not None  # checked by `_missing` before start
    server = HttpServer(
        app,
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        host=getattr(args, "host", "0.0.0.0"),
        port=port,
        health=health,
    )
    try:
        bound = server.start()
    except OSError as error:
        print(f"jobbot slack: cannot listen on port {port}: {error}", file=sys.stderr)
        return 2
    log.info("jobbot is listening on http://%s:%d%s", server.host, bound, EVENTS_PATH)
    stop.wait()
    server.stop()
    return 0
