"""The Discord bot: slash commands, buttons, mentions and DMs, all answered by the engine.

`JobBot` only translates: options and messages become `Request`s, `Answer`s become embeds
(`embeds.py`) and buttons. Buttons are `DynamicItem`s whose custom_id holds their whole state
(`custom_ids.py`), so a click on a message sent before a restart still works.

Interactions must be answered within 3 seconds: the engine runs in a worker thread and, if it
has not answered after `defer_after` seconds, the interaction is deferred first and the answer
edited in when ready.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.custom_ids import FAQ_TEMPLATE, JOBS_TEMPLATE, JobsCursor, faq_custom_id
from adapters.discord.embeds import (
    CONTENT_LIMIT,
    DiscordMessage,
    button_label,
    render_answer,
    render_jobs,
)
from adapters.discord.options import (
    CHOICE_NAME_LIMIT,
    EMPLOYMENT_TYPES,
    WORKPLACES,
    faq_choices,
    parse_salary,
)
from jobbot.chunking import truncate
from jobbot.engine import Engine
from jobbot.models import Answer, Request

log = logging.getLogger("jobbot.discord")

PLATFORM = "discord"
DEFER_AFTER = 2.0
SUGGESTION_BUTTONS = 5
APPLY_BUTTONS = 10
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


FRIENDLY_ERROR = "Sorry, something went wrong on my side while answering. Please try again."
RATE_LIMITED = "Discord is rate-limiting me right now; please try again in a minute."
REPLY_FORBIDDEN = (
    "I couldn't answer you in <#{channel}>: Discord says I'm missing permissions there "
    "({detail}). A server admin can give jobbot **Send Messages**, **Embed Links** and "
    "**Read Message History** in that channel. You can always ask me here in a DM."
)
FORBIDDEN_HELP = (
    "I couldn't post my answer here: Discord says I'm missing permissions in this channel "
    "({detail}). A server admin can give jobbot **Send Messages**, **Embed Links** and "
    "**Read Message History** here."
)


class JobsPageButton(discord.ui.DynamicItem[discord.ui.Button], template=JOBS_TEMPLATE):
    """Previous/Next on job results; the custom_id carries the search and the target page."""

    def __init__(self, cursor: JobsCursor, *, label: str = "Next", disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=cursor.custom_id(),
                disabled=disabled,
            )
        )
        self.cursor = cursor

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> JobsPageButton:
        label = getattr(item, "label", None) or "Next"
        return cls(JobsCursor.from_match(match), label=label)

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, JobBot):
            await client.page_jobs(interaction, self.cursor)


class FAQSuggestionButton(discord.ui.DynamicItem[discord.ui.Button], template=FAQ_TEMPLATE):
    """A "did you mean" button: asks the engine the suggested question."""

    def __init__(self, question: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=button_label(question),
                style=discord.ButtonStyle.primary,
                custom_id=faq_custom_id(question),
            )
        )
        self.question = question

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match[str], /
    ) -> FAQSuggestionButton:
        return cls(match["question"])

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, JobBot):
            await client.answer_suggestion(interaction, self.question)


def jobs_view(cursor: JobsCursor, answer: Answer) -> discord.ui.View | None:
    """Previous/Next (when there is more than one page) and one Apply link per posting."""
    view = discord.ui.View(timeout=None)
    if answer.pages > 1:
        previous = cursor.at(max(1, min(answer.page - 1, answer.pages)))
        following = cursor.at(min(answer.pages, answer.page + 1))
        view.add_item(JobsPageButton(previous, label="Previous", disabled=answer.page <= 1))
        if following.custom_id() != previous.custom_id():
            view.add_item(
                JobsPageButton(following, label="Next", disabled=answer.page >= answer.pages)
            )
    links = [job for job in answer.jobs if job.url and job.url.startswith(("http://", "https://"))]
    for index, job in enumerate(links[:APPLY_BUTTONS]):
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle.link,
                label=button_label(f"Apply: {job.title}"),
                url=job.url,
                row=1 + index // 5,
            )
        )
    return view if view.children else None


def suggestions_view(suggestions: Sequence[str]) -> discord.ui.View | None:
    """One button per suggested FAQ question (the engine decides which and how many)."""
    questions = [q for q in suggestions if q.strip()][:SUGGESTION_BUTTONS]
    if not questions:
        return None
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for question in questions:
        custom_id = faq_custom_id(question)
        if custom_id not in seen:
            seen.add(custom_id)
            view.add_item(FAQSuggestionButton(question))
    return view


def view_for(answer: Answer, cursor: JobsCursor | None) -> discord.ui.View | None:
    """The buttons an answer needs: paging and Apply for jobs, "did you mean" otherwise."""
    if answer.intent == "jobs" and cursor is not None:
        return jobs_view(cursor.at(answer.page), answer)
    return suggestions_view(answer.suggestions)


def _shortened_note(cursor: JobsCursor) -> str:
    if not cursor.is_shortened():
        return ""
    parsed = JobsCursor.parse(cursor.custom_id())
    shown = parsed.text if parsed else ""
    return f"\n-# Previous/Next page through the shortened search “{shown}”."


def mention_text(content: str, bot_id: int) -> str:
    """A mention's text without the bot's own `<@id>`/`<@!id>` tokens."""
    return " ".join(re.sub(rf"<@!?{bot_id}>", " ", content).split())


class JobBot(discord.Client):
    """A Discord client wired to an `Engine`. Add more commands with `bot.tree.add_command`."""

    def __init__(
        self,
        engine: Engine,
        *,
        page_size: int = 5,
        guild_id: int | None = None,
        defer_after: float = DEFER_AFTER,
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
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        for command in build_commands():
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(JobsPageButton, FAQSuggestionButton)
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
            **fields,
        )

    async def ask(self, request: Request) -> Answer:
        """The engine's answer, computed off the event loop so the gateway stays responsive."""
        return await asyncio.to_thread(self.engine.ask, request)

    async def ask_in_time(
        self, interaction: discord.Interaction, request: Request, *, ephemeral: bool, update: bool
    ) -> Answer:
        """Ask the engine; defer the interaction first if the answer takes a while."""
        task = asyncio.ensure_future(self.ask(request))
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if not done and not interaction.response.is_done():
            if update:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        return await task

    def faq_questions(self) -> list[tuple[str, list[str]]]:
        """Every FAQ question the engine knows, with its aliases, for autocomplete."""
        return [(entry.question, entry.aliases) for entry in self.engine.corpus.faq]

    def locations(self) -> list[str]:
        """Every posting location the engine knows, for autocomplete."""
        return sorted({p.location for p in self.engine.corpus.postings if p.location})

    # --- answering interactions --------------------------------------------------------

    async def answer_jobs(
        self, interaction: discord.Interaction, cursor: JobsCursor, *, ephemeral: bool
    ) -> None:
        """The first page of a /jobs search, or the help answer for `/jobs help`."""
        if cursor.filters() is None and cursor.text.strip().lower() in HELP_WORDS | {""}:
            request = self.request("help", interaction)
            answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=False)
            await self.send(interaction, render_answer(answer), None, ephemeral=ephemeral)
            return
        request = self.request(
            cursor.text, interaction, command="jobs", filters=cursor.filters(), page=1
        )
        answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=False)
        message = render_jobs(answer, cursor.text)
        message.content = truncate(message.content + _shortened_note(cursor), CONTENT_LIMIT)
        await self.send(interaction, [message], view_for(answer, cursor), ephemeral=ephemeral)

    async def page_jobs(self, interaction: discord.Interaction, cursor: JobsCursor) -> None:
        """Previous/Next: the same search at another page, edited into the same message."""
        try:
            request = self.request(
                cursor.text, interaction, command="jobs", filters=cursor.filters(), page=cursor.page
            )
            answer = await self.ask_in_time(interaction, request, ephemeral=True, update=True)
            message = render_jobs(answer, cursor.text)
            message.content = truncate(message.content + _shortened_note(cursor), CONTENT_LIMIT)
            view = view_for(answer, cursor)
            if interaction.response.is_done():
                await interaction.edit_original_response(
                    content=message.content, embeds=message.embeds, view=view
                )
            else:
                await interaction.response.edit_message(
                    content=message.content, embeds=message.embeds, view=view
                )
        except discord.HTTPException as exc:
            await self.explain_http_error(interaction, exc)
        except Exception:
            log.exception("Paging job results failed")
            await self.tell(interaction, FRIENDLY_ERROR)

    async def answer_faq(
        self, interaction: discord.Interaction, question: str, *, ephemeral: bool
    ) -> None:
        request = self.request(question, interaction, command="faq")
        answer = await self.ask_in_time(interaction, request, ephemeral=ephemeral, update=False)
        await self.send(
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
            await self.tell(interaction, FRIENDLY_ERROR)

    async def send(
        self,
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
            await self.explain_http_error(interaction, exc)
        except discord.RateLimited as exc:
            log.warning("Rate limited for %.0f s answering an interaction", exc.retry_after)
            await self.tell(interaction, RATE_LIMITED)

    async def explain_http_error(
        self, interaction: discord.Interaction, error: discord.HTTPException
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
        await self.tell(interaction, text)

    async def tell(self, interaction: discord.Interaction, text: str) -> None:
        """A short ephemeral note to whoever is waiting; failures are only logged."""
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException as exc:
            log.warning("Could not tell the user either: HTTP %s (code %s)", exc.status, exc.code)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Every command failure ends in a friendly ephemeral message, never a traceback."""
        original = getattr(error, "original", error)
        if isinstance(original, discord.HTTPException):
            await self.explain_http_error(interaction, original)
            return
        if isinstance(error, app_commands.TransformerError | app_commands.CheckFailure):
            await self.tell(interaction, str(error))
            return
        command = interaction.command.name if interaction.command else "?"
        log.error("/%s failed", command, exc_info=original)
        await self.tell(interaction, FRIENDLY_ERROR)

    # --- mentions and DMs --------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """Answer a DM or a message that mentions the bot, as a reply to it."""
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        is_dm = isinstance(message.channel, discord.DMChannel)
        if not is_dm and not any(user.id == me.id for user in message.mentions):
            return
        text = mention_text(message.content, me.id)
        try:
            answer = await self.ask(self.request(text, message))
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
                    await message.channel.send(
                        part.content or None, embeds=part.embeds, view=part_view
                    )
        except discord.HTTPException as exc:
            log.warning(
                "Could not reply in channel %s: HTTP %s (code %s) %s",
                message.channel.id,
                exc.status,
                exc.code,
                exc.text,
            )
            if isinstance(exc, discord.Forbidden) and not is_dm:
                await self.explain_by_dm(message, exc)
        except discord.RateLimited as exc:
            log.warning("Rate limited for %.0f s replying to a message", exc.retry_after)

    async def explain_by_dm(self, message: discord.Message, error: discord.Forbidden) -> None:
        """The channel refused our reply: tell the person who asked, privately."""
        text = REPLY_FORBIDDEN.format(
            channel=message.channel.id, detail=error.text or "Missing Permissions"
        )
        try:
            await message.author.send(text)
        except discord.HTTPException as exc:
            log.warning(
                "Could not DM the explanation either: HTTP %s (code %s)", exc.status, exc.code
            )


# --- the command tree -------------------------------------------------------------------

WORKPLACE_CHOICES = [app_commands.Choice(name=name, value=name) for name in WORKPLACES]
TYPE_CHOICES = [app_commands.Choice(name=name, value=name) for name in EMPLOYMENT_TYPES]


def _choices(values: Sequence[str]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(
            name=truncate(v, CHOICE_NAME_LIMIT), value=truncate(v, CHOICE_NAME_LIMIT)
        )
        for v in values
    ]


def build_commands() -> list[app_commands.Command]:
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
        bot = interaction.client
        assert isinstance(bot, JobBot)
        try:
            floor = parse_salary(min_salary) if min_salary else None
        except ValueError as exc:
            await bot.tell(interaction, str(exc))
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
        bot = interaction.client
        return _choices(faq_choices(bot.locations(), current)) if isinstance(bot, JobBot) else []

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
        bot = interaction.client
        assert isinstance(bot, JobBot)
        await bot.answer_faq(interaction, question, ephemeral=not public)

    @faq.autocomplete("question")
    async def faq_question(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        bot = interaction.client
        if not isinstance(bot, JobBot):
            return []
        return _choices(faq_choices(bot.faq_questions(), current))

    return [jobs, faq]
