"""The slash-command tree: /jobs and /faq with their options and autocomplete, plus the
subscription commands from `subscriptions.py`.

Commands are built for one client (`build_commands(bot)`), so a handler reaches the bot it
belongs to without importing `bot.py`; the handlers only turn options into core values and
leave the asking and answering to the bot.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from adapters.discord.custom_ids import JobsCursor
from adapters.discord.feedback import feedback_commands
from adapters.discord.host import BotHost
from adapters.discord.options import (
    CHOICE_NAME_LIMIT,
    EMPLOYMENT_TYPES,
    WORKPLACES,
    faq_choices,
    parse_salary,
)
from adapters.discord.replies import tell
from adapters.discord.subscriptions import subscription_commands
from jobbot.chunking import truncate

WORKPLACE_CHOICES = [app_commands.Choice(name=name, value=name) for name in WORKPLACES]
TYPE_CHOICES = [app_commands.Choice(name=name, value=name) for name in EMPLOYMENT_TYPES]


def _choices(values: Sequence[str]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(
            name=truncate(v, CHOICE_NAME_LIMIT), value=truncate(v, CHOICE_NAME_LIMIT)
        )
        for v in values
    ]


def build_commands(bot: BotHost) -> list[app_commands.Command]:
    """The slash commands; a new feature adds its own with `bot.tree.add_command`."""

    @app_commands.command(name="jobs", description="Search job postings (try /jobs help)")
    @app_commands.describe(
        query="What you are looking for, e.g. python backend remote; 'help' explains",
        workplace="Only remote, hybrid or onsite jobs",
        location="A city, country or region, e.g. Berlin",
        min_salary="Minimum yearly salary, e.g. 150k or $120,000",
        employment="Full-time, part-time, contract or internship",
        public="Show the results to the whole channel (default: only you)",
    )
    @app_commands.rename(employment="type")
    @app_commands.choices(workplace=WORKPLACE_CHOICES, employment=TYPE_CHOICES)
    async def jobs(
        interaction: discord.Interaction,
        query: app_commands.Range[str, 0, 1000] = "",
        workplace: app_commands.Choice[str] | None = None,
        location: app_commands.Range[str, 1, 100] | None = None,
        min_salary: app_commands.Range[str, 1, 30] | None = None,
        employment: app_commands.Choice[str] | None = None,
        public: bool = False,
    ) -> None:
        try:
            floor = parse_salary(min_salary) if min_salary else None
        except ValueError as exc:
            await tell(interaction, str(exc))
            return
        cursor = JobsCursor(
            text=" ".join(query.split()),
            workplace=WORKPLACES[workplace.value] if workplace else None,
            employment_type=EMPLOYMENT_TYPES[employment.value] if employment else None,
            min_salary=floor,
            location=" ".join(location.split()) if location else None,
        )
        await bot.answer_jobs(interaction, cursor, ephemeral=not public)

    @jobs.autocomplete("location")
    async def jobs_location(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return _choices(faq_choices(bot.locations(), current))

    @app_commands.command(name="faq", description="Ask a career question")
    @app_commands.describe(
        question="Your question; pick a suggestion or type your own",
        public="Show the answer to the whole channel (default: only you)",
    )
    async def faq(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 1000],
        public: bool = False,
    ) -> None:
        await bot.answer_faq(interaction, question, ephemeral=not public)

    @faq.autocomplete("question")
    async def faq_question(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return _choices(faq_choices(bot.faq_questions(), current))

    return [jobs, faq, *subscription_commands(bot), *feedback_commands()]
