"""How an answer reaches someone who used a slash command or clicked a button.

Interactions must be acknowledged within 3 seconds. `in_time` defers the interaction before
its work starts, so nothing the work does (a slow engine, a locked database, a query that
holds the interpreter) can delay the acknowledgement; the answer is edited in when ready.
Whatever Discord refuses, and whatever a command raises, ends in a short ephemeral note to
the person waiting, never a traceback.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import discord
from discord import app_commands

from adapters.discord.embeds import DiscordMessage, md

log = logging.getLogger("jobbot.discord")

T = TypeVar("T")

FRIENDLY_ERROR = "Sorry, something went wrong on my side while answering. Please try again."
ANSWERED = "jobbot_answered"  # in `interaction.extras` once the deferred response holds an answer
RATE_LIMITED = "Discord is rate-limiting me right now; please try again in a minute."
FORBIDDEN_HELP = (
    "I couldn't post my answer here: Discord says I'm missing permissions in this channel "
    "({detail}). A server admin can give jobbot **Send Messages**, **Embed Links** and "
    "**Read Message History** here."
)


async def acknowledge(interaction: discord.Interaction, *, ephemeral: bool, update: bool) -> None:
    """Defer the interaction unless it was answered already: `update` defers a button
    click's message edit, otherwise a new reply shows "jobbot is thinking…"."""
    if interaction.response.is_done():
        return
    if update:
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def in_time(
    interaction: discord.Interaction,
    work: Awaitable[T],
    *,
    defer_after: float = 0.0,
    ephemeral: bool,
    update: bool,
) -> T:
    """The result of `work` (not yet started), with the interaction acknowledged first.

    With `defer_after` 0 (every caller in jobbot) the deferral is sent and accepted before
    the work starts. A positive `defer_after` instead waits that long for a quick answer
    before deferring, which a busy or slow bot can push past Discord's deadline.
    """
    if defer_after > 0:
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=defer_after)
        if not done:
            await acknowledge(interaction, ephemeral=ephemeral, update=update)
        return await task
    try:
        await acknowledge(interaction, ephemeral=ephemeral, update=update)
    except BaseException:
        if inspect.iscoroutine(work):
            work.close()  # never started: nobody can be told its result any more
        raise
    return await work


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
                interaction.extras[ANSWERED] = True
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
    await tell(interaction, text, replace_thinking=False)  # the edit may be what was refused


def thinking(interaction: discord.Interaction) -> bool:
    """Whether the interaction's response is still the deferred "jobbot is thinking…"."""
    deferred = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    return deferred and not interaction.extras.get(ANSWERED)


async def tell(
    interaction: discord.Interaction, text: str, *, replace_thinking: bool = True
) -> None:
    """A short note to whoever is waiting, ephemeral unless it replaces the deferred
    "thinking…" of the command it answers; failures are only logged."""
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(text, ephemeral=True)
            return
        if replace_thinking and thinking(interaction):
            try:
                await interaction.edit_original_response(content=text, embeds=[], view=None)
                interaction.extras[ANSWERED] = True
                return
            except discord.HTTPException:
                pass  # say it in a follow-up instead
        await interaction.followup.send(text, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("Could not tell the user either: HTTP %s (code %s)", exc.status, exc.code)


UNKNOWN_COMMAND = (
    "I don't have that command (any more): Discord may still be showing one from an older "
    "version. `/jobs query:help` lists what I do."
)


async def explain_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """The command tree's error handler: every command failure ends in a friendly ephemeral
    message, never a traceback."""
    original = getattr(error, "original", error)
    if isinstance(error, app_commands.CommandNotFound):
        # Discord still offers a command this version no longer has (a stale sync).
        log.warning(
            "Discord sent /%s, which this version does not have; run `jobbot discord --sync` "
            "(or restart with JOBBOT_DISCORD_GUILD_ID) to update the commands",
            md(error.name)[:100],
        )
        await tell(interaction, UNKNOWN_COMMAND)
        return
    if isinstance(original, discord.HTTPException):
        await explain_http_error(interaction, original)
        return
    if isinstance(error, app_commands.TransformerError):
        # discord.py's own words ("Failed to convert 9 to Choice") name its internals.
        shown = md(str(error.value))[:60]
        await tell(
            interaction,
            f"“{shown}” is not a value that option takes; pick one of the choices offered.",
        )
        return
    if isinstance(error, app_commands.CheckFailure):
        await tell(interaction, str(error))
        return
    command = interaction.command.name if interaction.command else "?"
    log.error("/%s failed", command, exc_info=original)
    await tell(interaction, FRIENDLY_ERROR)
