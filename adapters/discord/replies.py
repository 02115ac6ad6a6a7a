"""How an answer reaches someone who used a slash command or clicked a button.

Interactions must be answered within 3 seconds: `in_time` defers the interaction when the
work has not finished after `defer_after` seconds, and the answer is edited in when ready.
Whatever Discord refuses, and whatever a command raises, ends in a short ephemeral note to
the person waiting, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import discord
from discord import app_commands

from adapters.discord.embeds import DiscordMessage

log = logging.getLogger("jobbot.discord")

T = TypeVar("T")

FRIENDLY_ERROR = "Sorry, something went wrong on my side while answering. Please try again."
RATE_LIMITED = "Discord is rate-limiting me right now; please try again in a minute."
FORBIDDEN_HELP = (
    "I couldn't post my answer here: Discord says I'm missing permissions in this channel "
    "({detail}). A server admin can give jobbot **Send Messages**, **Embed Links** and "
    "**Read Message History** here."
)


async def in_time(
    interaction: discord.Interaction,
    work: Awaitable[T],
    *,
    defer_after: float,
    ephemeral: bool,
    update: bool,
) -> T:
    """The result of `work`; the interaction is deferred first if it takes a while
    (`update` defers a button click's message edit, otherwise a new reply "thinking")."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=defer_after)
    if not done and not interaction.response.is_done():
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    return await task


async def send(
    interaction: discord.Interaction,
    messages: Sequence[DiscordMessage],
    view: discord.ui.View | None,
    *,
    ephemeral: bool,
) -> None:
    """Send the answer's messages: the first as the response, the rest as follow-ups;
    buttons go on the last. A refusal from Discord is explained to the user."""
    try:
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            item_view = view if last and view is not None else discord.utils.MISSING
            content = message.content or None
            if index == 0 and interaction.response.is_done():
                await interaction.edit_original_response(
                    content=content,
                    embeds=message.embeds,
                    view=view if last else None,
                )
            elif index == 0:
                await interaction.response.send_message(
                    content, embeds=message.embeds, view=item_view, ephemeral=ephemeral
                )
            else:
                await interaction.followup.send(
                    content=content, embeds=message.embeds, view=item_view, ephemeral=ephemeral
                )
    except discord.HTTPException as exc:
        await explain_http_error(interaction, exc)
    except discord.RateLimited as exc:
        log.warning("Rate limited for %.0f s answering an interaction", exc.retry_after)
        await tell(interaction, RATE_LIMITED)


async def explain_http_error(
    interaction: discord.Interaction, error: discord.HTTPException
) -> None:
    """Log what Discord refused and, where someone is waiting, say why in plain words."""
    log.warning(
        "Discord refused a reply in channel %s: HTTP %s (code %s) %s",
        interaction.channel_id,
        error.status,
        error.code,
        error.text,
    )
    if isinstance(error, discord.NotFound) and error.code == 10062:
        return  # the interaction expired; nobody can be told any more
    if isinstance(error, discord.Forbidden):
        text = FORBIDDEN_HELP.format(detail=error.text or "Missing Permissions")
    elif error.status == 429:
        text = RATE_LIMITED
    else:
        text = f"Discord refused my answer (HTTP {error.status}); please try again."
    await tell(interaction, text)


async def tell(interaction: discord.Interaction, text: str) -> None:
    """A short ephemeral note to whoever is waiting; failures are only logged."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("Could not tell the user either: HTTP %s (code %s)", exc.status, exc.code)


async def explain_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """The command tree's error handler: every command failure ends in a friendly ephemeral
    message, never a traceback."""
    original = getattr(error, "original", error)
    if isinstance(original, discord.HTTPException):
        await explain_http_error(interaction, original)
        return
    if isinstance(error, app_commands.TransformerError | app_commands.CheckFailure):
        await tell(interaction, str(error))
        return
    command = interaction.command.name if interaction.command else "?"
    log.error("/%s failed", command, exc_info=original)
    await tell(interaction, FRIENDLY_ERROR)
