"""/alert, /alerts, /unalert, /myjobs and /forget: each member's own alerts and list, over the
core `PersonalCommands` service, whose replies spell commands in Discord's syntax.

Any member may use them, in a server or in a DM with the bot (they only touch the member's
own data), and every reply is private. Discord gives a bot no member time zone, so `/alert`
takes one (`timezone`, with autocomplete; default: the zone of the member's last alert, else
UTC). `/forget` asks first, with a button only the asker can press. A member whose alert DMs
failed is told, once, after the next thing they do with the bot (`tell_paused`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Final

import discord
from discord import app_commands

from adapters.discord import PLATFORM
from adapters.discord.embeds import CONTENT_LIMIT, clean, pack_messages, text_embeds
from adapters.discord.host import BotHost
from adapters.discord.options import CHOICE_NAME_LIMIT, numbered_choices
from adapters.discord.replies import in_time, send, tell
from jobbot.announce.commands import MAX_QUERY_CHARS
from jobbot.announce.digests import (
    WEEKDAYS,
    AlertSpec,
    SpecError,
    implied_frequency,
    parse_alert,
    zone_choices,
    zone_name,
)
from jobbot.announce.personal import UNAVAILABLE_NO_DATABASE, PersonalCommands
from jobbot.chunking import truncate

log = logging.getLogger("jobbot.discord")

FORGET_TEMPLATE: Final = r"jobbot:forget:(?P<user>[0-9]{1,20})"
NOT_YOURS: Final = "That button is for the member who asked; run `/forget` yourself."
NOTICE_WAIT: Final = 15.0
FREQUENCY_CHOICES = [
    app_commands.Choice(name="instant: each new match as it appears", value="instant"),
    app_commands.Choice(name="daily digest", value="daily"),
    app_commands.Choice(name="weekly digest", value="weekly"),
]
WEEKDAY_CHOICES = [
    app_commands.Choice(name=d.capitalize(), value=i) for i, d in enumerate(WEEKDAYS)
]


class ForgetButton(discord.ui.DynamicItem[discord.ui.Button], template=FORGET_TEMPLATE):
    """ "Delete everything": `/forget`'s confirmation, for the member who asked only."""

    def __init__(self, user_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Delete everything",
                style=discord.ButtonStyle.danger,
                custom_id=f"jobbot:forget:{user_id}",
            )
        )
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> ForgetButton:
        return cls(int(match["user"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.user.id != self.user_id:
            await tell(interaction, NOT_YOURS)
            return
        service: PersonalCommands | None = getattr(interaction.client, "personal", None)
        if service is None:
            await tell(interaction, UNAVAILABLE_NO_DATABASE)
            return
        done = await asyncio.to_thread(service.forget, PLATFORM, str(self.user_id))
        try:
            await interaction.response.edit_message(
                content=truncate(clean(done), CONTENT_LIMIT), view=None
            )
        except discord.HTTPException as exc:
            log.warning("Could not confirm a /forget: HTTP %s (code %s)", exc.status, exc.code)


async def answer(
    bot: BotHost,
    interaction: discord.Interaction,
    work: Callable[[PersonalCommands], str],
    *,
    view: discord.ui.View | None = None,
) -> None:
    """Run a service call off the loop (deferring if slow) and send its markdown privately."""
    service = bot.personal
    if service is None:
        await tell(interaction, UNAVAILABLE_NO_DATABASE)
        return
    reply = await in_time(
        interaction,
        asyncio.to_thread(work, service),
        defer_after=bot.defer_after,
        ephemeral=True,
        update=False,
    )
    if len(reply) <= CONTENT_LIMIT:
        messages = pack_messages(clean(reply), [])
    else:
        messages = pack_messages("", text_embeds(reply))
    await send(interaction, messages, view, ephemeral=True)


def alert_commands(bot: BotHost) -> list[app_commands.Command]:
    """The member's own commands, built for `bot`."""

    @app_commands.command(name="alert", description="DM me new openings that match a search")
    @app_commands.describe(
        query="What to watch for, as in /jobs, e.g. python backend remote -frontend",
        frequency="Each match as it appears (default), or a daily or weekly digest",
        hour="Hour of your day for a digest, 0-23 (default 9)",
        weekday="Day of the week for a weekly digest (default Monday)",
        timezone="Your time zone for digests, e.g. Europe/Berlin (default: your last, or UTC)",
    )
    @app_commands.choices(frequency=FREQUENCY_CHOICES, weekday=WEEKDAY_CHOICES)
    async def alert(
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, MAX_QUERY_CHARS],
        frequency: app_commands.Choice[str] | None = None,
        hour: app_commands.Range[int, 0, 23] | None = None,
        weekday: app_commands.Choice[int] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        try:
            parsed = parse_alert(query)
        except SpecError as exc:
            await tell(interaction, str(exc))
            return
        zone = parsed.tz
        if timezone is not None:
            zone = zone_name(timezone)
            if zone is None:
                await tell(
                    interaction,
                    f"“{clean(timezone)}” is not a time zone I know; pick one from the list, "
                    "e.g. `Europe/Berlin` or `America/New_York`.",
                )
                return
        if frequency is not None:
            chosen = frequency.value
        elif hour is None and weekday is None:
            chosen = parsed.frequency
        else:
            chosen = implied_frequency(hour, weekday.value if weekday is not None else None)
        spec = AlertSpec(
            query=parsed.query,
            frequency=chosen,  # type: ignore[arg-type]
            hour=hour if hour is not None else parsed.hour,
            weekday=weekday.value if weekday is not None else parsed.weekday,
            tz=zone,
        )
        member = str(interaction.user.id)
        await answer(bot, interaction, lambda s: s.add_spec(PLATFORM, member, spec))

    @alert.autocomplete("timezone")
    async def alert_timezone(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=z, value=z) for z in zone_choices(current or "")]

    @app_commands.command(name="alerts", description="Your job alerts (only you see them)")
    @app_commands.describe(resume="Turn your alerts back on after they were paused")
    async def alerts(interaction: discord.Interaction, resume: bool = False) -> None:
        member = str(interaction.user.id)
        if resume:
            await answer(bot, interaction, lambda s: s.resume(PLATFORM, member))
        else:
            await answer(bot, interaction, lambda s: s.list_alerts(PLATFORM, member))

    @app_commands.command(name="unalert", description="Stop one of your job alerts")
    @app_commands.describe(number="The alert's number, as /alerts lists it")
    @app_commands.rename(number="id")
    async def unalert(interaction: discord.Interaction, number: app_commands.Range[int, 1]) -> None:
        member = str(interaction.user.id)
        await answer(bot, interaction, lambda s: s.remove_alert(PLATFORM, member, str(number)))

    @unalert.autocomplete("number")
    async def unalert_id(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        service = bot.personal
        if service is None:
            return []
        try:
            mine = await asyncio.to_thread(
                service.alerts.alerts, PLATFORM, str(interaction.user.id)
            )
        except Exception:  # the database is down: no suggestions, the command still explains
            log.exception("Listing alerts for autocomplete failed")
            return []
        return [
            app_commands.Choice(name=truncate(label, CHOICE_NAME_LIMIT), value=number)
            for number, label in numbered_choices(mine, str(current))
        ]

    @app_commands.command(name="myjobs", description="What you saved, applied to or hid")
    async def myjobs(interaction: discord.Interaction) -> None:
        member = str(interaction.user.id)
        await answer(bot, interaction, lambda s: s.my_jobs_text(PLATFORM, member))

    @app_commands.command(name="forget", description="Delete everything jobbot stores about you")
    async def forget(interaction: discord.Interaction) -> None:
        member = interaction.user.id
        service = bot.personal
        prompt_view = discord.ui.View(timeout=None)
        prompt_view.add_item(ForgetButton(member))
        prompt = (
            await asyncio.to_thread(service.forget_prompt, PLATFORM, str(member), with_button=True)
            if service is not None
            else UNAVAILABLE_NO_DATABASE
        )
        view = prompt_view if prompt.startswith("This deletes") else None
        await send(interaction, pack_messages(clean(prompt), []), view, ephemeral=True)

    return [alert, alerts, unalert, myjobs, forget]


async def tell_paused(bot: BotHost, interaction: discord.Interaction) -> None:
    """Once the interaction is answered, tell the member (once) that their alerts are paused.

    Called for every interaction (`on_interaction`); autocomplete gets no follow-ups."""
    service = bot.personal
    if service is None or interaction.type not in (
        discord.InteractionType.application_command,
        discord.InteractionType.component,
    ):
        return
    command = interaction.command.name if interaction.command else ""
    if command in ("alert", "alerts"):
        return  # their replies say it themselves (and `/alerts resume:True` clears it)
    member = str(interaction.user.id)
    # Taken as the interaction arrives: a pause that happens later waits for the next one.
    notice = await asyncio.to_thread(service.notice, PLATFORM, member)
    if notice is None:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + NOTICE_WAIT
    while not interaction.response.is_done():  # a follow-up needs the answer sent first
        if loop.time() > deadline:
            await asyncio.to_thread(service.notice_not_shown, PLATFORM, member)
            return
        await asyncio.sleep(0.05)
    try:
        await interaction.followup.send(truncate(clean(notice), CONTENT_LIMIT), ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("Could not tell a member their alerts are paused: HTTP %s", exc.status)
        await asyncio.to_thread(service.notice_not_shown, PLATFORM, member)
