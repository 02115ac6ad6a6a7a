"""Discord adapter: slash commands, buttons, mentions and DMs over the jobbot engine.

`jobbot discord` runs the bot with DISCORD_TOKEN. Commands are not synced on every start:
JOBBOT_DISCORD_GUILD_ID syncs them to that one guild at start-up (instant, for development);
`jobbot discord --sync` syncs them globally once and exits (global changes take up to an hour
to reach every server, and syncing is rate-limited, so it is a deploy step, not a start step).

While it runs, a `KnowledgeWatcher` reloads the knowledge directories when files change, and
`/subscribe` keeps channel subscriptions in JOBBOT_DATABASE_URL for `jobbot scheduler`, which
announces through `build_publisher(settings)`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.discord.bot import JobBot
    from adapters.discord.poster import DiscordPublisher
    from jobbot.settings import Settings

COMMAND = "discord"
PLATFORM = "discord"  # the platform name core requests and subscriptions carry
TOKEN_SETTING = "discord_token"
HELP = "run the Discord bot (needs DISCORD_TOKEN)"

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sync",
        action="store_true",
        help="register the slash commands globally with Discord, then exit",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the bot (or sync its commands with --sync); returns the process exit code."""
    import discord

    from adapters.discord.bot import JobBot
    from jobbot.cli import existing_knowledge_dirs
    from jobbot.engine import Engine
    from jobbot.store import Store, StoreError
    from jobbot.subscriptions import Subscriptions
    from jobbot.watcher import KnowledgeWatcher

    if settings.discord_token is None:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value().strip()
    dirs = existing_knowledge_dirs(args, settings, prog="jobbot discord")
    if dirs is None:
        return 2
    engine = Engine.from_directories(dirs, cache_dir=settings.cache_dir)
    for error in engine.corpus.errors:
        log.warning("Skipped knowledge file %s: %s", error.source, error.message)
    syncing = bool(getattr(args, "sync", False))
    guild_id = None if syncing else settings.discord_guild_id
    store: Store | None = None
    watcher: KnowledgeWatcher | None = None
    if not syncing:
        try:
            store = Store(settings.database_url)
        except StoreError as exc:  # search still works; /subscribe explains what is missing
            log.error("Subscriptions are off: %s", exc)
    subscriptions = Subscriptions(store, engine=engine, command_prefix="/") if store else None
    bot = JobBot(
        engine, page_size=settings.page_size, guild_id=guild_id, subscriptions=subscriptions
    )
    try:
        if syncing:
            count = asyncio.run(sync_globally(bot, token))
            print(f"Synced {count} commands globally; Discord may take up to an hour to show them.")
            return 0
        watcher = KnowledgeWatcher(engine, dirs, interval=settings.reload_seconds).start()
        asyncio.run(bot.start(token))
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
    finally:
        if watcher is not None:
            watcher.stop()
        if store is not None:
            store.close()
    return 0


async def sync_globally(bot: JobBot, token: str) -> int:
    """Log in over REST, replace the global command set with this bot's, and close."""
    async with bot:
        await bot.login(token)
        synced = await bot.tree.sync()
        return len(synced)


def make_publisher(settings: Settings) -> DiscordPublisher | None:
    """The announcement publisher for these settings, or None without DISCORD_TOKEN."""
    if settings.discord_token is None:
        return None
    from adapters.discord.poster import DiscordPublisher

    return DiscordPublisher(settings.discord_token.get_secret_value().strip())


build_publisher = make_publisher  # the name `jobbot scheduler` looks for first
