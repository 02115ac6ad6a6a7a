"""Answers and postings as Discord messages: embeds plus a line of content.

Pure functions: an `Answer` (or `Posting`) goes in, `DiscordMessage`s come out, already within
every Discord limit (title 256, description 4096, 25 fields of 256/1024, footer 2048, 6000
characters and 10 embeds per message, 2000 characters of content). Buttons are the bot's
business (`bot.py`), because they carry state; this module only draws.

Everything shown is passed through `clean`, which breaks @everyone/@here and every
`<@user>`, `<@&role>`, `<#channel>` and `</command>` mention, so even text copied from a
user's query cannot ping or name anyone (the client also sends `allowed_mentions` none;
this is the second belt). Posting and FAQ text is untrusted (`jobbot.untrusted`): fields go
through `md` (links made plain, every markdown character escaped), descriptions and FAQ
answers through `inert`, so the only links are a posting's own URL on its title and button.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import discord
from discord.utils import escape_mentions

from jobbot.chunking import split_text, truncate
from jobbot.models import Answer, Posting
from jobbot.present import EMPLOYMENT_LABELS, facts, workplace_label
from jobbot.untrusted import inert, is_web_url, link_target

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
MESSAGE_EMBED_CHARS = 6000
MESSAGE_EMBEDS = 10
CONTENT_LIMIT = 2000
BUTTON_LABEL_LIMIT = 80

COLOUR = discord.Colour(0x2B7A78)
CLOSED_COLOUR = discord.Colour(0x747F8D)
SNIPPET = 280
SKILLS_LIMIT = 512

INTENT_TITLES = {"help": "How to use jobbot", "stats": "From the postings", "unknown": None}


@dataclass
class DiscordMessage:
    """One message to send: content (≤ 2000) and embeds (≤ 10, ≤ 6000 characters in all)."""

    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)


_MENTION = re.compile(r"<(?=[@#/:]|a:|t:)")
_MARKDOWN = re.compile(r"([\\*_~`|\[\]<])")
# Headings, quotes, lists: markup only at the start of a line (`1.` is escaped at its dot).
_LINE_START = re.compile(r"^(\s*+(?:\d{1,9}+)?)([#>+.)-])", re.MULTILINE)


def clean(text: str) -> str:
    """Text safe to show: mentions broken so nothing pings or names anyone."""
    return _MENTION.sub("<\u200b", escape_mentions(text))


def md(untrusted: str) -> str:
    """Untrusted text (a title, a company, a query) shown as typed: links made plain, every
    markdown character escaped (masked links, headings, lists, spoilers), mentions broken."""
    escaped = _MARKDOWN.sub(r"\\\1", inert(untrusted))
    return clean(_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", escaped))


def _field(embed: discord.Embed, name: str, value: str | None, *, inline: bool = True) -> None:
    """A field whose value is untrusted text (escaped with `md`); names are ours."""
    if value and value.strip():
        embed.add_field(
            name=truncate(clean(name), FIELD_NAME_LIMIT),
            value=truncate(md(value), FIELD_VALUE_LIMIT),
            inline=inline,
        )


_FIELD_LINE = re.compile(r"^[\w][\w /&()-]{0,30}:\s")
_MARKUP = re.compile(r"^[#>*\-\s]+|[*_`]+")


def _snippet(posting: Posting, limit: int = SNIPPET) -> str:
    """The first real sentences of a posting's text, as a teaser under its title.

    Headings, the title repeated, and `Label: value` lines (which the fields already show)
    are skipped, so the teaser says something the fields don't.
    """
    title = posting.title.strip().lower()
    kept: list[str] = []
    for raw in posting.description.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or _FIELD_LINE.match(_MARKUP.sub("", line)):
            continue
        plain = _MARKUP.sub("", line).strip()
        if plain.lower() == title or not plain:
            continue
        kept.append(plain)
        if sum(len(k) for k in kept) >= limit:
            break
    return truncate(" ".join(kept), limit)


def posting_embed(posting: Posting) -> discord.Embed:
    """A posting as one embed; the same in /jobs results and in channel announcements. Its
    title links to the posting's own URL; nothing else in it can link."""
    title = truncate(md(posting.title), TITLE_LIMIT)
    url = link_target(posting.url)
    embed = discord.Embed(title=title, url=url, description=md(_snippet(posting)), colour=COLOUR)
    shown = facts(posting)
    _field(embed, "Company", shown.company)
    _field(embed, "Location", shown.location)
    _field(embed, "Workplace", workplace_label(posting, ", "))
    _field(embed, "Salary", shown.salary)
    _field(embed, "Closes", shown.closes.removeprefix("closes ").capitalize())
    _field(
        embed, "Type", ", ".join(EMPLOYMENT_LABELS[t].capitalize() for t in posting.employment_type)
    )
    if posting.seniority:
        _field(embed, "Seniority", posting.seniority.capitalize())
    _field(embed, "Skills", truncate(", ".join(shown.skills), SKILLS_LIMIT), inline=False)
    footer = f"Posted {shown.posted} · " if shown.posted else ""  # footers show no markdown
    embed.set_footer(text=truncate(clean(inert(f"{footer}{posting.source}")), FOOTER_LIMIT))
    return embed


def shrink_embed(embed: discord.Embed, budget: int) -> discord.Embed:
    """The embed cut down to at most `budget` characters (as Discord counts them).

    Least important text goes first: the description, then the longest field values, then
    the footer, then the title; the link and the field names stay as long as possible.
    """
    if len(embed) <= budget:
        return embed
    data = embed.to_dict()
    excess = len(embed) - budget
    description = data.get("description", "")
    if description:
        keep = max(0, len(description) - excess)
        data["description"] = truncate(description, keep) if keep > 1 else ""
        if not data["description"]:
            data.pop("description")
        shrunk = discord.Embed.from_dict(data)
        if len(shrunk) <= budget:
            return shrunk
        excess = len(shrunk) - budget
    fields = data.get("fields", [])
    while excess > 0 and fields:
        longest = max(fields, key=lambda f: len(f["value"]))
        if len(longest["value"]) <= 1:
            fields.remove(longest)
            excess -= len(longest["name"]) + len(longest["value"])
            continue
        keep = max(1, len(longest["value"]) - excess)
        excess -= len(longest["value"]) - len(truncate(longest["value"], keep))
        longest["value"] = truncate(longest["value"], keep)
    footer = data.get("footer", {}).get("text", "")
    if excess > 0 and footer:
        data.pop("footer")
        excess -= len(footer)
    if excess > 0 and data.get("title"):
        data["title"] = truncate(data["title"], max(1, len(data["title"]) - excess))
    return discord.Embed.from_dict(data)


def fit_message(content: str, embeds: Sequence[discord.Embed]) -> DiscordMessage:
    """One message holding `embeds` (at most 10) within 6000 characters, by shrinking each."""
    kept = list(embeds[:MESSAGE_EMBEDS])
    if sum(len(e) for e in kept) > MESSAGE_EMBED_CHARS:
        budget = MESSAGE_EMBED_CHARS // max(1, len(kept))
        kept = [shrink_embed(e, budget) for e in kept]
    return DiscordMessage(content=truncate(content, CONTENT_LIMIT), embeds=kept)


def pack_messages(content: str, embeds: Iterable[discord.Embed]) -> list[DiscordMessage]:
    """Embeds grouped into as few messages as the limits allow; `content` on the first."""
    messages: list[DiscordMessage] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        if current and (len(current) == MESSAGE_EMBEDS or size + len(embed) > MESSAGE_EMBED_CHARS):
            messages.append(fit_message("", current))
            current, size = [], 0
        current.append(embed)
        size += len(embed)
    if current or not messages:
        messages.append(fit_message("", current))
    messages[0].content = truncate(content, CONTENT_LIMIT)
    return messages


def text_embeds(markdown: str, *, title: str | None = None, footer: str | None = None) -> list:
    """Long markdown as embeds of at most 4096 characters each, title on the first, footer on
    the last; split on paragraph, line, then word boundaries (`jobbot.chunking`)."""
    chunks = split_text(clean(markdown), DESCRIPTION_LIMIT) or ["Nothing to show."]
    embeds = [discord.Embed(description=chunk, colour=COLOUR) for chunk in chunks]
    if title:
        embeds[0].title = truncate(clean(title), TITLE_LIMIT)
    if footer:
        embeds[-1].set_footer(text=truncate(clean(footer), FOOTER_LIMIT))
    return embeds


def jobs_header(answer: Answer, query: str) -> str:
    """`**12** jobs for “python remote” — page 1 of 3`, with the query escaped."""
    shown = md(truncate(" ".join(query.split()), 200))
    noun = "job" if answer.total == 1 else "jobs"
    about = f" for “{shown}”" if shown else ""
    pages = f" — page {answer.page} of {answer.pages}" if answer.pages > 1 else ""
    return f"**{answer.total}** {noun}{about}{pages}"


def render_jobs(answer: Answer, query: str) -> DiscordMessage:
    """One page of job results as a single message (so Previous/Next can edit it)."""
    if not answer.jobs:
        text = answer.text or "No jobs match that search."
        if answer.page > 1:
            text = f"There is no page {answer.page} any more; the results may have changed."
        return fit_message(jobs_header(answer, query), text_embeds(text)[:1])
    embeds = [posting_embed(job) for job in answer.jobs]
    return fit_message(jobs_header(answer, query), embeds)


def render_answer(answer: Answer, query: str = "") -> list[DiscordMessage]:
    """Any answer as one or more messages (long answers are paged across messages)."""
    if answer.intent == "jobs":
        return [render_jobs(answer, query or answer.query.raw)]
    if answer.intent == "faq" and answer.faq and answer.confident:
        top = answer.faq[
            0
        ]  # drawn from the entry: the question is the title, the source the footer
        embeds = text_embeds(
            inert(top.answer), title=md(top.question), footer=inert(f"Source: {top.source}")
        )
        return pack_messages("", embeds)
    title = INTENT_TITLES.get(answer.intent)
    if answer.intent == "stats" and answer.stats is not None and answer.stats.postings:
        title = f"From {answer.stats.postings} posting{'s' if answer.stats.postings != 1 else ''}"
    content = "Did you mean one of these?" if answer.suggestions else ""
    return pack_messages(content, text_embeds(answer.text or "I have no answer.", title=title))


CLOSED_NOTE = "No longer open"


def digest_embeds(
    postings: Sequence[Posting], query: str, closed: Collection[str] = ()
) -> list[discord.Embed]:
    """Several new postings as a compact list: one line per posting, its title linked to
    the posting's own URL; every other character of the line is escaped text. A posting in
    `closed` keeps its title, unlinked and struck through, marked closed."""
    lines = []
    for posting in postings:
        title = md(posting.title)
        if posting.id in closed:
            lines.append(f"• ~~{title}~~ — {CLOSED_NOTE}")
            continue
        url = link_target(posting.url)
        head = f"[{title}]({url})" if url else f"**{title}**"
        line = md(facts(posting).line(with_company=True))
        lines.append(f"• {head} — {line}".rstrip(" —"))
    about = f" matching “{md(query)}”" if query else ""
    title = f"{len(postings)} new openings{about}"
    return text_embeds("\n".join(lines), title=title)


def closed_embed(posting: Posting) -> discord.Embed:
    """A closed posting's card in an edited announcement: the title, without its link, and
    "No longer open"."""
    embed = discord.Embed(
        title=truncate(md(posting.title), TITLE_LIMIT),
        description=f"⛔ **{CLOSED_NOTE}**",
        colour=CLOSED_COLOUR,
    )
    company = facts(posting).company
    if company:
        _field(embed, "Company", company)
    return embed


def button_label(text: str) -> str:
    """A button label within Discord's 80-character limit."""
    return truncate(" ".join(text.split()), BUTTON_LABEL_LIMIT) or "…"


def limit_problems(messages: Sequence[object]) -> list[str]:
    """Every Discord limit the messages break (content, embed count and sizes, fields)."""
    found: list[str] = []
    for number, message in enumerate(messages):
        if not isinstance(message, DiscordMessage):
            found.append(f"message {number} is a {type(message).__name__}")
            continue
        where = f"message {number}"
        if len(message.content) > CONTENT_LIMIT:
            found.append(f"{where}: content over {CONTENT_LIMIT}")
        if not message.content and not message.embeds:
            found.append(f"{where}: empty")
        if len(message.embeds) > MESSAGE_EMBEDS:
            found.append(f"{where}: {len(message.embeds)} embeds (limit {MESSAGE_EMBEDS})")
        if sum(len(embed) for embed in message.embeds) > MESSAGE_EMBED_CHARS:
            found.append(f"{where}: embeds over {MESSAGE_EMBED_CHARS} characters")
        for embed in message.embeds:
            found += [f"{where}: {p}" for p in _embed_problems(embed)]
    return found


def _embed_problems(embed: discord.Embed) -> list[str]:
    found: list[str] = []
    if len(embed.title or "") > TITLE_LIMIT:
        found.append(f"title over {TITLE_LIMIT}")
    if len(embed.description or "") > DESCRIPTION_LIMIT:
        found.append(f"description over {DESCRIPTION_LIMIT}")
    if len(embed.fields) > FIELD_COUNT_LIMIT:
        found.append(f"{len(embed.fields)} fields (limit {FIELD_COUNT_LIMIT})")
    for item in embed.fields:
        if len(item.name or "") > FIELD_NAME_LIMIT or len(item.value or "") > FIELD_VALUE_LIMIT:
            found.append(f"field {item.name!r} over its limits")
    if len(embed.footer.text or "") > FOOTER_LIMIT:
        found.append(f"footer over {FOOTER_LIMIT}")
    if embed.url and not is_web_url(embed.url):
        found.append(f"embed link is not http(s): {embed.url!r}")
    return found
