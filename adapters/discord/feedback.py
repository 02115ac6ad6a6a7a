"""👍/👎 under FAQ answers, a "did you mean" teach menu, and `/teach`, in Discord.

The core `Learning` service stores ratings and phrasings and words every reply; this module
reads clicks and decides who may teach: members with Manage Server or Manage Channels in
that channel. Both components are `DynamicItem`s whose custom_id holds what a click needs
(rating: `jobbot:rate:<u|d>:<entry id>:<question, cut>`; menu: `jobbot:teach:<question>`,
its options' values the entry ids), so they work after a restart. The client they reach
is `interaction.client`; `FeedbackHost` names what it must offer (`learning`), so this
module never imports `bot.py`. Replies are always private.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import discord
from discord import app_commands

from adapters.discord import PLATFORM
from adapters.discord.custom_ids import CUSTOM_ID_LIMIT
from adapters.discord.embeds import CONTENT_LIMIT
from adapters.discord.options import CHOICE_NAME_LIMIT, faq_choices
from adapters.discord.replies import in_time, tell
from jobbot.announce.learning import UNAVAILABLE, Learning
from jobbot.chunking import truncate
from jobbot.models import Answer

log = logging.getLogger("jobbot.discord")

RATE_TEMPLATE = r"jobbot:rate:(?P<helpful>[ud]):(?P<entry>[A-Za-z0-9_.\-]+):(?P<question>(?s:.*))"
TEACH_TEMPLATE = r"jobbot:teach:(?P<asked>(?s:.+))"
SELECT_LABEL_LIMIT = 100
SELECT_VALUE_LIMIT = 100


@runtime_checkable
class FeedbackHost(Protocol):
    """What a click needs from the client: the bot offers its `Learning` service."""

    learning: Learning | None


def rate_custom_id(helpful: bool, entry_id: str, question: str) -> str:
    head = f"jobbot:rate:{'u' if helpful else 'd'}:{entry_id}:"
    return head + " ".join(question.split())[: max(0, CUSTOM_ID_LIMIT - len(head))]


def can_teach(interaction: discord.Interaction) -> bool:
    """Manage Server or Manage Channels where the click or command happened."""
    permissions = interaction.permissions
    return bool(permissions.manage_guild or permissions.manage_channels)


def _learning(interaction: discord.Interaction) -> Learning | None:
    client = interaction.client
    return client.learning if isinstance(client, FeedbackHost) else None


async def _answer(interaction: discord.Interaction, work: Callable[[], str]) -> None:
    """Run `work` (it touches the database) off the event loop, the interaction deferred
    first (privately), and tell its reply to the person who clicked or typed."""
    defer_after = float(getattr(interaction.client, "defer_after", 0.0))
    reply = await in_time(
        interaction,
        asyncio.to_thread(work),
        defer_after=defer_after,
        ephemeral=True,
        update=False,
    )
    await tell(interaction, truncate(reply, CONTENT_LIMIT))


class RateButton(discord.ui.DynamicItem[discord.ui.Button], template=RATE_TEMPLATE):
    """👍 or 👎 on one FAQ entry's answer."""

    def __init__(self, helpful: bool, entry_id: str, question: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label="👍 Helpful" if helpful else "👎 Not helpful",
                style=discord.ButtonStyle.secondary,
                custom_id=rate_custom_id(helpful, entry_id, question),
            )
        )
        self.helpful, self.entry_id, self.question = helpful, entry_id, question

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> RateButton:
        return cls(match["helpful"] == "u", match["entry"], match["question"])

    async def callback(self, interaction: discord.Interaction) -> None:
        learning = _learning(interaction)
        if learning is None:
            await tell(interaction, UNAVAILABLE)
            return
        user = str(interaction.user.id)
        await _answer(
            interaction,
            lambda: learning.rate(PLATFORM, user, self.entry_id, self.helpful, self.question),
        )


class TeachMenu(discord.ui.DynamicItem[discord.ui.Select], template=TEACH_TEMPLATE):
    """On a "did you mean": an admin files the question asked under one of the entries."""

    def __init__(self, asked: str, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=f"jobbot:teach:{asked}",
                placeholder="Admins: file this question under…",
                options=options or [discord.SelectOption(label="…", value="-")],
            )
        )
        self.asked = asked

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> TeachMenu:
        return cls(match["asked"])

    async def callback(self, interaction: discord.Interaction) -> None:
        values: list[Any] = (interaction.data or {}).get("values") or []  # type: ignore[assignment]
        learning = _learning(interaction)
        if learning is None:
            await tell(interaction, UNAVAILABLE)
            return
        if not values:
            await tell(interaction, "Pick one of the entries in the menu.")
            return
        user, allowed, entry = str(interaction.user.id), can_teach(interaction), str(values[0])
        await _answer(
            interaction,
            lambda: learning.teach_entry(PLATFORM, user, allowed, entry, self.asked),
        )


def add_feedback(view: discord.ui.View, answer: Answer) -> None:
    """👍/👎 under an FAQ answer; the teach menu under a "did you mean"."""
    if answer.faq:
        entry = answer.faq[0]
        for helpful in (True, False):
            view.add_item(RateButton(helpful, entry.id, answer.query.raw))
        return
    asked = " ".join(answer.query.raw.split())
    head = "jobbot:teach:"
    if answer.miss != "unsure" or not answer.suggestion_ids or not asked:
        return
    if len(head) + len(asked) > CUSTOM_ID_LIMIT:
        return  # too long to carry in the menu: admins can still use /teach
    options = [
        discord.SelectOption(
            label=truncate(question, SELECT_LABEL_LIMIT), value=entry_id[:SELECT_VALUE_LIMIT]
        )
        for question, entry_id in zip(answer.suggestions, answer.suggestion_ids, strict=False)
    ][:5]
    view.add_item(TeachMenu(asked, options))


def feedback_commands() -> list[app_commands.Command]:
    """`/teach entry:<entry> phrasing:<phrasing>` for admins (Manage Server or Channels)."""

    @app_commands.command(name="teach", description="Admins: file a phrasing under an FAQ entry")
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.describe(
        entry="The FAQ entry (pick from the list)",
        phrasing="The question as people ask it",
    )
    async def teach(
        interaction: discord.Interaction,
        entry: app_commands.Range[str, 1, 100],
        phrasing: app_commands.Range[str, 1, 300],
    ) -> None:
        learning = _learning(interaction)
        if learning is None:
            await tell(interaction, UNAVAILABLE)
            return
        user, allowed = str(interaction.user.id), can_teach(interaction)
        await _answer(
            interaction, lambda: learning.teach(PLATFORM, user, allowed, f"{entry} {phrasing}")
        )

    @teach.autocomplete("entry")
    async def teach_entry(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        learning = _learning(interaction)
        if learning is None:
            return []
        entries = {e.question: e.id for e in learning.engine.corpus.faq}
        matching = faq_choices(list(entries), current)
        return [
            app_commands.Choice(name=truncate(q, CHOICE_NAME_LIMIT), value=entries[q])
            for q in matching
        ]

    return [teach]
