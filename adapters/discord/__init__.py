"""Discord adapter: slash commands, buttons, mentions and DMs over the jobbot engine.

`jobbot discord` runs the bot with DISCORD_TOKEN. Commands are not synced on every start:
JOBBOT_DISCORD_GUILD_ID syncs them to that one guild at start-up (instant, for development);
`jobbot discord --sync` syncs them globally once and exits (global changes take up to an hour
to reach every server, and syncing is rate-limited, so it is a deploy step, not a start step).

While it runs, a `KnowledgeWatcher` reloads the knowledge directories when files change, and
`/subscribe` keeps channel subscriptions in JOBBOT_DATABASE_URL for `jobbot scheduler`, which
announces through `platform.build_publisher(settings)` (and sends members' `/alert` DMs);
`/myjobs` and the Save / Applied / Not interested buttons keep each member's own list.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from adapters.discord.syntax import SYNTAX
from jobbot.models import Answer, CommandSyntax
from jobbot.settings import Settings

if TYPE_CHECKING:
    from adapters.discord.bot import JobBot
    from adapters.discord.poster import DiscordPublisher

PLATFORM: Final = "discord"  # the platform name core requests and subscriptions carry

log = logging.getLogger("jobbot.discord")

MISSING_TOKEN = (
    "jobbot discord: DISCORD_TOKEN is not set.\n"
    "Create a bot at https://discord.com/developers/applications (Bot → Reset Token), then\n"
    "  export DISCORD_TOKEN=...\n"
    "and run `jobbot discord` again. See the README's Discord section."
)

GATEWAY_CLOSE_REASONS = {
    4004: "authentication failed; check DISCORD_TOKEN",
    4013: "invalid intents",
    4014: "disallowed intents",
}


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot (or sync its commands with --sync); returns the process exit code."""
    import discord

    from adapters.discord.bot import JobBot
    from jobbot.announce.personal import PersonalCommands
    from jobbot.announce.subscriptions import Subscriptions
    from jobbot.app.ops import Health, serve_ops
    from jobbot.app.options import StartupError, knowledge_source
    from jobbot.app.runtime import services
    from jobbot.sources import SourceError

    if settings.discord_token is None:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value().strip()
    syncing = bool(getattr(args, "sync", False))
    guild_id = None if syncing else settings.discord_guild_id
    try:
        source = knowledge_source(args, settings)
        with services(settings, source, watch=not syncing, store=not syncing) as runtime:
            store = runtime.store
            subscriptions = (
                Subscriptions(store, engine=runtime.engine, syntax=SYNTAX) if store else None
            )
            personal = PersonalCommands(store, runtime.engine, syntax=SYNTAX) if store else None
            bot = JobBot(
                runtime.engine,
                page_size=settings.page_size,
                guild_id=guild_id,
                subscriptions=subscriptions,
                personal=personal,
                learning=runtime.learning.with_syntax(SYNTAX) if runtime.learning else None,
            )
            if syncing:
                count = asyncio.run(sync_globally(bot, token))
                print(
                    f"Synced {count} commands globally; Discord may take up to an hour to "
                    "show them."
                )
                return 0
            ops = serve_ops(settings.metrics_port, Health.of(runtime), "jobbot discord")
            try:
                asyncio.run(serve(bot, token))
            finally:
                if ops is not None:
                    ops.stop()
    except (StartupError, SourceError) as exc:
        print(f"jobbot discord: {exc}", file=sys.stderr)
        return 2
    except discord.LoginFailure:
        print(
            "jobbot discord: Discord rejected DISCORD_TOKEN (401). Reset it in the Developer "
            "Portal and set it again.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print("jobbot discord: Discord refused the requested gateway intents.", file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        print(
            f"jobbot discord: Discord refused the request: HTTP {exc.status} {exc.text}",
            file=sys.stderr,
        )
        return 1
    except discord.ConnectionClosed as exc:
        reason = GATEWAY_CLOSE_REASONS.get(exc.code or 0, exc.reason or "no reason given")
        print(
            f"jobbot discord: Discord closed the connection ({exc.code}: {reason}).",
            file=sys.stderr,
        )
        return 1
    except (OSError, discord.GatewayNotFound) as exc:
        print(f"jobbot discord: cannot reach Discord: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


async def serve(bot: JobBot, token: str) -> None:
    """Log in and stay connected; the HTTP session is closed however it ends (a rejected
    token included), so nothing is left for asyncio to warn about at exit."""
    async with bot:
        await bot.start(token)


async def sync_globally(bot: JobBot, token: str) -> int:
    """Log in over REST, replace the global command set with this bot's, and close."""
    async with bot:
        await bot.login(token)
        synced = await bot.tree.sync()
        return len(synced)


class DiscordPlatform:
    """Discord: slash commands with options, buttons, mentions, DMs, announcements."""

    name: Final = "discord"
    help: Final = "run the Discord bot (needs DISCORD_TOKEN)"
    token_setting: Final = "discord_token"

    syntax: CommandSyntax = SYNTAX

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--sync",
            action="store_true",
            help="register the slash commands globally with Discord, then exit",
        )

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        return _run(args, settings)

    def build_publisher(self, settings: Settings) -> DiscordPublisher | None:
        """The announcement publisher for these settings, or None without DISCORD_TOKEN."""
        if settings.discord_token is None:
            return None
        from adapters.discord.poster import DiscordPublisher

        return DiscordPublisher(settings.discord_token.get_secret_value().strip())

    def render(self, answer: Answer) -> Sequence[object]:
        from adapters.discord.embeds import render_answer

        return render_answer(answer)

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        from adapters.discord.embeds import limit_problems

        return limit_problems(messages)


platform = DiscordPlatform()
