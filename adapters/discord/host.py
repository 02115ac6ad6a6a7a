"""What the command, mention and subscription modules need from the running bot.

They are built for one client and call back into it; typing them against this protocol
rather than `bot.JobBot` keeps the imports one way (bot → commands), with no cycle.
"""

from __future__ import annotations

from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.custom_ids import JobsCursor
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.subscriptions import Subscriptions
from jobbot.models import Answer, Request


class BotHost(Protocol):
    """The parts of `JobBot` its feature modules use."""

    tree: app_commands.CommandTree[Any]
    user: discord.ClientUser | None
    subscriptions: Subscriptions | None
    personal: PersonalCommands | None
    defer_after: float

    def request(
        self, text: str, where: discord.Interaction | discord.Message, **fields: Any
    ) -> Request: ...

    async def ask(self, request: Request) -> Answer: ...

    def faq_questions(self) -> list[tuple[str, list[str]]]: ...

    def locations(self) -> list[str]: ...

    async def answer_jobs(
        self, interaction: discord.Interaction, cursor: JobsCursor, *, ephemeral: bool
    ) -> None: ...

    async def answer_faq(
        self, interaction: discord.Interaction, question: str, *, ephemeral: bool
    ) -> None: ...
