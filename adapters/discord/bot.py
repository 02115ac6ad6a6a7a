"""The Discord client: `JobBot` connects, registers the commands and buttons, and answers.

`JobBot` only translates: options and messages become `Request`s, `Answer`s become embeds
(`embeds.py`) and buttons (`buttons.py`). The command tree is built in `commands.py` and
`subscriptions.py`, mentions and DMs are answered in `mentions.py`, and `replies.py` sends
to an interaction in time; each gets this client passed in, so none imports this module.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord import PLATFORM
from adapters.discord.alerts import ForgetButton, alert_commands, tell_paused
from adapters.discord.buttons import (
    FAQSuggestionButton,
    JobsPageButton,
    shortened_note,
    view_for,
)
from adapters.discord.commands import build_commands
from adapters.discord.custom_ids import JobsCursor
from adapters.discord.embeds import CONTENT_LIMIT, DiscordMessage, render_answer, render_jobs
from adapters.discord.feedback import RateButton, TeachMenu
from adapters.discord.mentions import answer_message
from adapters.discord.replies import (
    FRIENDLY_ERROR,
    explain_command_error,
    explain_http_error,
    in_time,
    send,
    tell,
)
from adapters.discord.syntax import SYNTAX
from adapters.discord.tracking import TrackButton, TrackSelect
from jobbot.announce.learning import Learning
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.subscriptions import Subscriptions
from jobbot.chunking import truncate
from jobbot.engine import Engine
from jobbot.models import Answer, Request

log = logging.getLogger("jobbot.discord")

DEFER_AFTER = 0.0  # defer every interaction before its work starts (replies.in_time)
HELP_WORDS = {"help", "/help", "?"}

# What the bot needs in a channel: see it, post and reply (replies need Read Message History),
# embed links (job cards) and post in threads; slash commands need Use Application Commands.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
    use_application_commands=True,
)
SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot to a server with exactly the scopes and permissions
    it needs (permissions integer 277025475584)."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


COMPONENTS: tuple[type[discord.ui.DynamicItem[Any]], ...] = (
    JobsPageButton,
    FAQSuggestionButton,
    TrackButton,
    TrackSelect,
    ForgetButton,
    RateButton,
    TeachMenu,
)
"""Every button and menu jobbot sends; each custom_id holds its state, so any process
answers a click on any message."""
STALE_COMPONENT = (
    "That button is from an older message I can no longer act on. "
    "Run the command again (`/jobs query:help` lists them)."
)


def known_component(interaction: discord.Interaction) -> bool:
    """Whether one of `COMPONENTS` answers this click."""
    custom_id = str((interaction.data or {}).get("custom_id") or "")
    return any(item.__discord_ui_compiled_template__.fullmatch(custom_id) for item in COMPONENTS)


class JobBot(discord.Client):
    """A Discord client wired to an `Engine`. Add more commands with `bot.tree.add_command`."""

    def __init__(
        self,
        engine: Engine,
        *,
        page_size: int = 5,
        guild_id: int | None = None,
        defer_after: float = DEFER_AFTER,
        subscriptions: Subscriptions | None = None,
        personal: PersonalCommands | None = None,
        learning: Learning | None = None,
        **options: object,
    ) -> None:
        # jobbot has no voice features: skip discord.py's start-up warnings about voice libraries
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        intents = discord.Intents.default()
        intents.message_content = False  # privileged; mentions and DMs carry content anyway
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=30.0,
            **options,  # type: ignore[arg-type]
        )
        self.engine = engine
        self.page_size = max(1, min(10, page_size))
        self.guild_id = guild_id
        self.defer_after = defer_after
        self.subscriptions = subscriptions
        self.personal = personal
        self._notices: set[asyncio.Task[None]] = set()
        self.learning = learning  # ratings and teaching (`feedback.py`); None: unavailable
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = explain_command_error  # type: ignore[method-assign]
        for command in [*build_commands(self), *alert_commands(self)]:
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*COMPONENTS)
        if self.guild_id is not None:
            guild = discord.Object(id=self.guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.HTTPException as exc:
                log.error(
                    "Could not sync commands to guild %s: HTTP %s (code %s) %s. Is the bot in "
                    "that server, invited with the applications.commands scope?",
                    self.guild_id,
                    exc.status,
                    exc.code,
                    exc.text,
                )
            else:
                log.info("Synced %d commands to guild %s", len(synced), self.guild_id)

    async def on_ready(self) -> None:
        log.info("Connected to Discord as %s (id %s)", self.user, getattr(self.user, "id", "?"))
        if self.application_id is not None:
            log.info("Invite the bot with %s", invite_url(self.application_id))

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """After any command or click: a member whose alert DMs failed is told, once. A
        click no component answers (a message from an older version) is told so, rather
        than left to fail as "This interaction failed"."""
        if interaction.type is discord.InteractionType.component and not known_component(
            interaction
        ):
            log.info("a click on a component this version does not know")
            await tell(interaction, STALE_COMPONENT)
            return
        task = asyncio.create_task(tell_paused(self, interaction))
        self._notices.add(task)
        task.add_done_callback(self._notices.discard)

    async def on_message(self, message: discord.Message) -> None:
        """Answer a DM or a message that mentions the bot, as a reply to it."""
        await answer_message(self, message)

    # --- asking the engine -------------------------------------------------------------

    def request(
        self, text: str, where: discord.Interaction | discord.Message, **fields: Any
    ) -> Request:
        """A core request carrying who asked where (ids only)."""
        user = where.user if isinstance(where, discord.Interaction) else where.author
        channel = where.channel_id if isinstance(where, discord.Interaction) else where.channel.id
        return Request(
            text=text,
            platform=PLATFORM,
            user=str(user.id),
            channel=str(channel) if channel else None,
            page_size=self.page_size,
            syntax=SYNTAX,
            **fields,
        )

    async def ask(self, request: Request) -> Answer:
        """The engine's answer, computed off the event loop so the gateway stays responsive.
        Help and hints name Discord's own commands (the request carries its syntax); the
        asker's Not interested postings are left out."""
        personal = self.personal
        if personal is None:
            return await asyncio.to_thread(self.engine.ask, request)
        return await asyncio.to_thread(lambda: self.engine.ask(personal.personalize(request)))

    async def ask_in_time(
        self, interaction: discord.Interaction, request: Request, *, ephemeral: bool, update: bool
    ) -> Answer:
        """Ask the engine, with the interaction deferred before the engine starts."""
        return await in_time(
            interaction,
            self.ask(request),
            defer_after=self.defer_after,
            ephemeral=ephemeral,
            update=update,
        )

    def faq_questions(self) -> list[tuple[str, list[str]]]:
        """Every FAQ question the engine knows, with its aliases, for autocomplete."""
        return [(entry.question, entry.aliases) for entry in self.engine.corpus.faq]

    def locations(self) -> list[str]:
        """Every posting location the engine knows, for autocomplete."""
        return sorted({p.location for p in self.engine.open_postings() if p.location})

    # --- answering interactions --------------------------------------------------------

    async def jobs_page(
        self,
        interaction: discord.Interaction,
        cursor: JobsCursor,
        *,
        page: int,
        ephemeral: bool,
        update: bool,
    ) -> tuple[DiscordMessage, discord.ui.View | None]:
        """One page of a jobs search as a message and its buttons, for a new reply or an edit."""
        request = self.request(
            cursor.text, interaction, command="jobs", filters=cursor.filters(), page=page
        )
        answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=update)
        message = render_jobs(answer, cursor.text)
        message.content = truncate(message.content + shortened_note(cursor), CONTENT_LIMIT)
        return message, view_for(answer, cursor)

    async def answer_jobs(
        self, interaction: discord.Interaction, cursor: JobsCursor, *, ephemeral: bool
    ) -> None:
        """The first page of a /jobs search, or the help answer for `/jobs help`."""
        if cursor.filters() is None and cursor.text.strip().lower() in HELP_WORDS | {""}:
            request = self.request("help", interaction)
            answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=False)
            await send(interaction, render_answer(answer), None, ephemeral=ephemeral)
            return
        message, view = await self.jobs_page(
            interaction, cursor, page=1, ephemeral=ephemeral, update=False
        )
        await send(interaction, [message], view, ephemeral=ephemeral)

    async def page_jobs(self, interaction: discord.Interaction, cursor: JobsCursor) -> None:
        """Previous/Next: the same search at another page, edited into the same message."""
        try:
            message, view = await self.jobs_page(
                interaction, cursor, page=cursor.page, ephemeral=True, update=True
            )
            if interaction.response.is_done():
                await interaction.edit_original_response(
                    content=message.content, embeds=message.embeds, view=view
                )
            else:
                await interaction.response.edit_message(
                    content=message.content, embeds=message.embeds, view=view
                )
        except discord.HTTPException as exc:
            await explain_http_error(interaction, exc)
        except Exception:
            log.exception("Paging job results failed")
            await tell(interaction, FRIENDLY_ERROR)

    async def answer_faq(
        self, interaction: discord.Interaction, question: str, *, ephemeral: bool
    ) -> None:
        request = self.request(question, interaction, command="faq")
        answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=False)
        await send(
            interaction,
            render_answer(answer, question),
            view_for(answer, None),
            ephemeral=ephemeral,
        )

    async def answer_suggestion(self, interaction: discord.Interaction, question: str) -> None:
        """A "did you mean" click: answer that question, as visibly as the message clicked."""
        message = interaction.message
        ephemeral = bool(message and message.flags.ephemeral)
        try:
            await self.answer_faq(interaction, question, ephemeral=ephemeral)
        except Exception:
            log.exception("Answering a suggested question failed")
            await tell(interaction, FRIENDLY_ERROR)
