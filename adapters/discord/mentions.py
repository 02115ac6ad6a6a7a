"""Mentions and DMs: a plain message that names the bot (or any DM) is answered as a reply.

Unlike an interaction there is no deadline and no ephemeral note: if the channel refuses the
reply, the person who asked is told why by DM. Built on the bot passed in, so this module
never imports `bot.py`.
"""

from __future__ import annotations

import logging
import re

import discord

from adapters.discord.buttons import view_for
from adapters.discord.custom_ids import JobsCursor
from adapters.discord.embeds import DiscordMessage, render_answer
from adapters.discord.host import BotHost
from adapters.discord.replies import FRIENDLY_ERROR

log = logging.getLogger("jobbot.discord")

REPLY_FORBIDDEN = (
    "I couldn't answer you in <#{channel}>: Discord says I'm missing permissions there "
    "({detail}). A server admin can give jobbot **Send Messages**, **Embed Links** and "
    "**Read Message History** in that channel. You can always ask me here in a DM."
)


def mention_text(content: str, bot_id: int) -> str:
    """A mention's text without the bot's own `<@id>`/`<@!id>` tokens."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


async def answer_message(bot: BotHost, message: discord.Message) -> None:
    """Answer a DM or a message that mentions the bot, as a reply to it."""
    me = bot.user
    if me is None or message.author.bot or message.author.id == me.id:
        return
    is_dm = isinstance(message.channel, discord.DMChannel)
    if not is_dm and not any(user.id == me.id for user in message.mentions):
        return
    text = mention_text(message.content, me.id)
    try:
        answer = await bot.ask(bot.request(text, message))
        messages = render_answer(answer, text)
        cursor = JobsCursor(text=text) if answer.intent == "jobs" else None
        view = view_for(answer, cursor)
    except Exception:
        log.exception("Answering a message failed")
        messages, view = [DiscordMessage(content=FRIENDLY_ERROR)], None
    try:
        for index, part in enumerate(messages):
            part_view = view if index == len(messages) - 1 and view else discord.utils.MISSING
            if index == 0:
                await message.reply(
                    part.content or None,
                    embeds=part.embeds,
                    view=part_view,
                    mention_author=False,
                )
            else:
                await message.channel.send(part.content or None, embeds=part.embeds, view=part_view)
    except discord.HTTPException as exc:
        log.warning(
            "Could not reply in channel %s: HTTP %s (code %s) %s",
            message.channel.id,
            exc.status,
            exc.code,
            exc.text,
        )
        if isinstance(exc, discord.Forbidden) and not is_dm:
            await explain_by_dm(message, exc)
    except discord.RateLimited as exc:
        log.warning("Rate limited for %.0f s replying to a message", exc.retry_after)


async def explain_by_dm(message: discord.Message, error: discord.Forbidden) -> None:
    """The channel refused our reply: tell the person who asked, privately."""
    text = REPLY_FORBIDDEN.format(
        channel=message.channel.id, detail=error.text or "Missing Permissions"
    )
    try:
        await message.author.send(text)
    except discord.HTTPException as exc:
        log.warning("Could not DM the explanation either: HTTP %s (code %s)", exc.status, exc.code)
