"""The persistent buttons under an answer: Previous/Next, Apply links and "did you mean".

Paging and suggestion buttons are `DynamicItem`s whose custom_id holds their whole state
(`custom_ids.py`), so a click on a message sent before a restart still works. discord.py
builds them from the custom_id, so a click reaches the client only as `interaction.client`;
`ButtonHandler` names what the client must offer, and this module never imports `bot.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import discord

from adapters.discord.custom_ids import FAQ_TEMPLATE, JOBS_TEMPLATE, JobsCursor, faq_custom_id
from adapters.discord.embeds import button_label
from adapters.discord.feedback import add_feedback
from adapters.discord.tracking import add_track_items
from jobbot.models import Answer
from jobbot.untrusted import inert, link_target

SUGGESTION_BUTTONS = 5
APPLY_BUTTONS = 10


@runtime_checkable
class ButtonHandler(Protocol):
    """What a click needs from the client: the bot implements both."""

    async def page_jobs(self, interaction: discord.Interaction, cursor: JobsCursor) -> None: ...

    async def answer_suggestion(self, interaction: discord.Interaction, question: str) -> None: ...


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
        if isinstance(client, ButtonHandler):
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
        if isinstance(client, ButtonHandler):
            await client.answer_suggestion(interaction, self.question)


def jobs_view(cursor: JobsCursor, answer: Answer) -> discord.ui.View | None:
    """Previous/Next (when there is more than one page), one Apply link per posting, and
    Save / Applied / Not interested (rows 3 and 4)."""
    view = discord.ui.View(timeout=None)
    if answer.pages > 1:
        previous = cursor.at(max(1, min(answer.page - 1, answer.pages)))
        following = cursor.at(min(answer.pages, answer.page + 1))
        view.add_item(JobsPageButton(previous, label="Previous", disabled=answer.page <= 1))
        if following.custom_id() != previous.custom_id():
            view.add_item(
                JobsPageButton(following, label="Next", disabled=answer.page >= answer.pages)
            )
    links = [(job, url) for job in answer.jobs if (url := link_target(job.url))]
    for index, (job, url) in enumerate(links[:APPLY_BUTTONS]):
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle.link,
                label=button_label(f"Apply: {inert(job.title)}"),
                url=url,
                row=1 + index // 5,
            )
        )
    add_track_items(view, answer.jobs, first_row=3)
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
    """The buttons an answer needs: paging and Apply for jobs, "did you mean" otherwise;
    then searches that work after an empty one, and 👍/👎 or the teach menu (`feedback`)."""
    if answer.intent == "jobs" and cursor is not None:
        view = jobs_view(cursor.at(answer.page), answer)
    else:
        view = suggestions_view(answer.suggestions)
    view = view or discord.ui.View(timeout=None)
    for search in answer.searches[:3]:
        if len(view.children) < 20:
            view.add_item(
                JobsPageButton(JobsCursor(text=search), label=button_label(f"🔎 {search}"))
            )
    add_feedback(view, answer)
    return view if view.children else None


def shortened_note(cursor: JobsCursor) -> str:
    """A line under a jobs page saying which shortened search its buttons page through."""
    if not cursor.is_shortened():
        return ""
    parsed = JobsCursor.parse(cursor.custom_id())
    shown = parsed.text if parsed else ""
    return f"\n-# Previous/Next page through the shortened search “{shown}”."
