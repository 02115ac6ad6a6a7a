"""/subscribe, /subscriptions and /unsubscribe: a channel's job announcements, managed over
the core `Subscriptions` service, whose replies spell commands in Discord's syntax.

The commands are built for one client (`subscription_commands(bot)`), so they read its
service and timing without importing `bot.py`. Replies are always private, and only
members with Manage Channels in that channel may change its subscriptions.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import discord
from discord import app_commands

from adapters.discord import PLATFORM
from adapters.discord.embeds import CONTENT_LIMIT, DiscordMessage
from adapters.discord.host import BotHost
from adapters.discord.options import CHOICE_NAME_LIMIT, numbered_choices
from adapters.discord.replies import in_time, send, tell
from jobbot.announce.commands import MAX_QUERY_CHARS
from jobbot.announce.subscriptions import UNAVAILABLE_NO_DATABASE, Subscriptions
from jobbot.chunking import truncate

log = logging.getLogger("jobbot.discord")

SERVER_ONLY = (
    "Subscriptions are for server channels: run `/subscribe` in the channel where new "
    "openings should be announced. Here in a DM you can still search with `/jobs`."
)
NO_DATABASE = UNAVAILABLE_NO_DATABASE
# Autocomplete cannot be deferred: past this, offer no suggestions rather than miss the
# 3-second deadline (a database locked by another writer makes reads wait too).
AUTOCOMPLETE_SECONDS = 1.0
DATABASE_THREADS = 4

T = TypeVar("T")


@functools.cache
def _database_pool() -> ThreadPoolExecutor:
    """Threads for subscription work only, so a database that makes them wait (locked,
    slow) never takes the threads the engine answers /jobs with."""
    return ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="jobbot-discord-db")


async def in_database_thread(work: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_database_pool(), work, *args)


async def manage_subscriptions(
    bot: BotHost, interaction: discord.Interaction, verb: str, argument: str = ""
) -> None:
    """`/subscribe`, `/subscriptions`, `/unsubscribe` for the interaction's channel, via the
    bot's subscription service; only members with Manage Channels there may change them."""
    if interaction.guild_id is None or interaction.channel_id is None:
        await tell(interaction, SERVER_ONLY)
        return
    service = bot.subscriptions
    if service is None:
        await tell(interaction, NO_DATABASE)
        return
    channel = str(interaction.channel_id)
    user = str(interaction.user.id)
    can_manage = interaction.permissions.manage_channels
    text = f"{verb} {argument}".strip()
    reply = await in_time(
        interaction,
        in_database_thread(service.handle, PLATFORM, channel, user, can_manage, text),
        defer_after=bot.defer_after,
        ephemeral=True,
        update=False,
    )
    await send(
        interaction,
        [DiscordMessage(content=truncate(reply, CONTENT_LIMIT))],
        None,
        ephemeral=True,
    )


def subscription_choices(
    service: Subscriptions | None, channel_id: int | None, current: str
) -> list[tuple[int, str]]:
    """A channel's subscriptions as (id, label) whose number or query matches `current`."""
    if service is None or channel_id is None:
        return []
    return numbered_choices(service.store.subscriptions(PLATFORM, str(channel_id)), current)


def subscription_commands(bot: BotHost) -> list[app_commands.Command]:
    """/subscribe, /subscriptions and /unsubscribe (with its id autocomplete) for `bot`."""

    @app_commands.command(
        name="subscribe", description="Announce new openings matching a search in this channel"
    )
    @app_commands.describe(
        query="What to watch for, as in /jobs, e.g. python backend remote 150k+",
    )
    async def subscribe(
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, MAX_QUERY_CHARS],
    ) -> None:
        await manage_subscriptions(bot, interaction, "subscribe", query)

    @app_commands.command(
        name="subscriptions", description="List this channel's job announcement subscriptions"
    )
    async def subscriptions(interaction: discord.Interaction) -> None:
        await manage_subscriptions(bot, interaction, "subscriptions")

    @app_commands.command(
        name="unsubscribe", description="Stop one of this channel's subscriptions"
    )
    @app_commands.describe(number="The subscription's number, as /subscriptions lists it")
    @app_commands.rename(number="id")
    async def unsubscribe(
        interaction: discord.Interaction, number: app_commands.Range[int, 1]
    ) -> None:
        await manage_subscriptions(bot, interaction, "unsubscribe", str(number))

    @unsubscribe.autocomplete("number")
    async def unsubscribe_id(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        lookup = in_database_thread(
            subscription_choices, bot.subscriptions, interaction.channel_id, str(current)
        )
        try:
            found = await asyncio.wait_for(lookup, AUTOCOMPLETE_SECONDS)
        except TimeoutError:
            log.warning("Listing subscriptions for autocomplete took too long; offered none")
            return []
        except Exception:  # the database is down: no suggestions, the command still explains
            log.exception("Listing subscriptions for autocomplete failed")
            return []
        return [
            app_commands.Choice(name=truncate(label, CHOICE_NAME_LIMIT), value=number)
            for number, label in found
        ]

    return [subscribe, subscriptions, unsubscribe]
