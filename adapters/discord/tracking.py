"""Save / Applied / Not interested on Discord postings, as persistent components.

A message with one posting (an announcement, an alert DM, a single result) gets three
buttons; a page of several gets select menus listing "Save: …", "Applied: …" and
"Not interested: …" for each posting (Discord has no per-embed buttons, and a message has
at most five rows). Each component's custom_id (or option value) holds the action and the
posting id, so a click works after a restart. The click is answered privately through the
client's `personal` service (`jobbot.announce.personal.PersonalCommands`), found on
`interaction.client`, so this module never imports `bot.py`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Final

import discord

from adapters.discord import PLATFORM
from adapters.discord.embeds import CONTENT_LIMIT, button_label, clean
from jobbot.announce.personal import UNAVAILABLE_NO_DATABASE, PersonalCommands, TrackReply
from jobbot.chunking import truncate
from jobbot.models import Posting
from jobbot.present import CARD_ACTIONS, TRACK_LABELS

log = logging.getLogger("jobbot.discord")

CUSTOM_ID_LIMIT: Final = 100
OPTION_LIMIT: Final = 25
OPTION_LABEL_LIMIT: Final = 100
TRACK_TEMPLATE: Final = rf"jobbot:track:(?P<action>{'|'.join(TRACK_LABELS)}):(?P<posting>(?s:.+))"
SELECT_TEMPLATE: Final = r"jobbot:track-menu:(?P<n>[0-9])"
POSTINGS_PER_MENU: Final = OPTION_LIMIT // len(CARD_ACTIONS)


def track_custom_id(action: str, posting_id: str) -> str | None:
    """`jobbot:track:<action>:<posting id>`, or None when it would pass 100 characters."""
    custom_id = f"jobbot:track:{action}:{posting_id}"
    return custom_id if posting_id and len(custom_id) <= CUSTOM_ID_LIMIT else None


class TrackButton(discord.ui.DynamicItem[discord.ui.Button], template=TRACK_TEMPLATE):
    """Save / Applied / Not interested (and Undo, Hide company) for one posting."""

    def __init__(
        self, action: str, posting_id: str, *, label: str | None = None, row: int | None = None
    ) -> None:
        style = discord.ButtonStyle.secondary if action != "save" else discord.ButtonStyle.primary
        super().__init__(
            discord.ui.Button(
                label=button_label(label or TRACK_LABELS[action]),
                style=style,
                custom_id=track_custom_id(action, posting_id) or "jobbot:track:save:?",
                row=row,
            )
        )
        self.action = action
        self.posting_id = posting_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> TrackButton:
        return cls(match["action"], match["posting"], label=getattr(item, "label", None))

    async def callback(self, interaction: discord.Interaction) -> None:
        await track(interaction, self.action, self.posting_id)


class TrackSelect(discord.ui.DynamicItem[discord.ui.Select], template=SELECT_TEMPLATE):
    """A menu of "Save: <title>" / "Applied: <title>" / "Not interested: <title>"."""

    def __init__(
        self, number: int, postings: Sequence[Posting] = (), row: int | None = None
    ) -> None:
        options = [
            discord.SelectOption(
                label=truncate(clean(f"{TRACK_LABELS[action]}: {p.title}"), OPTION_LABEL_LIMIT),
                value=value,
                description=truncate(clean(p.company), OPTION_LABEL_LIMIT) if p.company else None,
            )
            for p in postings
            for action in CARD_ACTIONS
            if len(value := f"{action}:{p.id}") <= CUSTOM_ID_LIMIT
        ][:OPTION_LIMIT]
        super().__init__(
            discord.ui.Select(
                custom_id=f"jobbot:track-menu:{number}",
                placeholder="Save, applied or not interested…",
                options=options or [discord.SelectOption(label="…", value="none")],
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> TrackSelect:
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        values = (interaction.data or {}).get("values") or []  # type: ignore[union-attr]
        action, _, posting_id = str(values[0] if values else "").partition(":")
        if action in CARD_ACTIONS and posting_id:
            await track(interaction, action, posting_id)


def add_track_items(view: discord.ui.View, postings: Sequence[Posting], first_row: int) -> None:
    """Buttons for one posting, menus for several, from `first_row` (at most row 4)."""
    if len(postings) == 1:
        buttons = [
            TrackButton(action, postings[0].id, row=first_row)
            for action in CARD_ACTIONS
            if track_custom_id(action, postings[0].id)
        ]
        for button in buttons:
            view.add_item(button)
        return
    postings = list({p.id: p for p in postings if p.id}.values())  # option values must differ
    for number, start in enumerate(range(0, len(postings), POSTINGS_PER_MENU)):
        row = first_row + number
        chunk = postings[start : start + POSTINGS_PER_MENU]
        if row > 4 or not chunk:
            break
        menu = TrackSelect(number, chunk, row=row)
        if menu.item.options and menu.item.options[0].value != "none":
            view.add_item(menu)


def reply_view(reply: TrackReply) -> discord.ui.View | None:
    """Undo (and after Not interested, "Hide every posting from <company>")."""
    view = discord.ui.View(timeout=None)
    if reply.undo is not None and track_custom_id(reply.undo, reply.posting_id):
        view.add_item(TrackButton(reply.undo, reply.posting_id))
    if reply.company and track_custom_id("company", reply.posting_id):
        label = f"Hide every posting from {reply.company}"
        view.add_item(TrackButton("company", reply.posting_id, label=label))
    return view if view.children else None


async def track(interaction: discord.Interaction, action: str, posting_id: str) -> None:
    """Do the click through the client's `personal` service; answer privately."""
    service: PersonalCommands | None = getattr(interaction.client, "personal", None)
    try:
        if service is None:
            await interaction.response.send_message(UNAVAILABLE_NO_DATABASE, ephemeral=True)
            return
        user = str(interaction.user.id)
        reply = await asyncio.to_thread(service.track, PLATFORM, user, action, posting_id)
        view = reply_view(reply)
        await interaction.response.send_message(
            truncate(clean(reply.text), CONTENT_LIMIT),
            view=view or discord.utils.MISSING,
            ephemeral=True,
        )
    except discord.HTTPException as exc:
        log.warning(
            "Could not answer a Save/Applied click: HTTP %s (code %s)", exc.status, exc.code
        )
