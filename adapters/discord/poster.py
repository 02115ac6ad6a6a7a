"""Announcing new openings in Discord channels over REST only (no gateway connection).

`DiscordPublisher` implements `jobbot.announce.publisher.Publisher` with discord.py's own
`HTTPClient`: it logs in once (`static_login`, one GET /users/@me) and posts with
`send_message`. Short rate limits (429 with a small Retry-After) are waited out inside
discord.py; longer ones, an unreachable Discord, and every other refusal become
`DeliveryError`s the scheduler can act on.

The scheduler calls `publish` synchronously from its own thread, so the publisher owns a
private event loop and serialises calls with a lock.
"""

from __future__ import annotations

import asyncio
import logging
import threading

import aiohttp
import discord
from discord.http import HTTPClient, handle_message_parameters

from adapters.discord.embeds import (
    DiscordMessage,
    button_label,
    clean,
    digest_embeds,
    fit_message,
    pack_messages,
    posting_embed,
)
from adapters.discord.syntax import SYNTAX
from adapters.discord.tracking import add_track_items
from jobbot.announce.dm import alert_footer, alert_intro
from jobbot.announce.publisher import Announcement, DeliveryError, RecipientUnreachableError

log = logging.getLogger("jobbot.discord.poster")

RATE_LIMIT_WAIT = 30.0  # discord.py waits out shorter 429s itself; longer ones are raised
DM_REFUSED = frozenset({50007, 10013})
"""Cannot send messages to this user (DMs closed, bot blocked, no shared server); unknown user."""


def announcement_messages(announcement: Announcement) -> list[DiscordMessage]:
    """One posting as its card (as in /jobs); several as one digest, split if very long.
    A personal alert (a DM) says so, and how to stop it."""
    about = f" matching “{clean(announcement.query)}”" if announcement.query else ""
    if announcement.member is not None:
        intro = clean(alert_intro(announcement))
        footer = f"\n-# {clean(alert_footer(SYNTAX))}"
        if not announcement.is_digest:
            return [fit_message(intro + footer, [posting_embed(announcement.postings[0])])]
        messages = pack_messages(intro, digest_embeds(announcement.postings, announcement.query))
        messages[-1].content = (messages[-1].content + footer).strip()
        return messages
    if not announcement.is_digest:
        posting = announcement.postings[0]
        return [fit_message(f"New opening{about}", [posting_embed(posting)])]
    return pack_messages("", digest_embeds(announcement.postings, announcement.query))


def _apply_view(announcement: Announcement) -> discord.ui.View | None:
    """An Apply link button under a single-posting card (digests link each title), then
    Save / Applied / Not interested."""
    view = discord.ui.View(timeout=None)
    posting = announcement.postings[0]
    if (
        not announcement.is_digest
        and posting.url
        and posting.url.startswith(("http://", "https://"))
    ):
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle.link, label=button_label("Apply"), url=posting.url, row=0
            )
        )
    add_track_items(view, announcement.postings, first_row=1 if view.children else 0)
    return view if view.children else None


class DiscordPublisher:
    """Posts announcements to Discord channels by id, using a bot token (REST only)."""

    platform = "discord"

    def __init__(self, token: str) -> None:
        self._token = token
        self._loop = asyncio.new_event_loop()
        self._http: HTTPClient | None = None
        self._lock = threading.Lock()
        self._dms: dict[int, int] = {}  # member id → their DM channel id

    def publish(self, announcement: Announcement) -> None:
        """Send the announcement to `announcement.channel`, or raise `DeliveryError`."""
        with self._lock:
            try:
                self._loop.run_until_complete(self._publish(announcement))
            except DeliveryError:
                raise
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                # Discord unreachable or the connection dropped: retry later.
                if self._http is not None:
                    self._loop.run_until_complete(self._http.close())
                    self._http = None
                raise DeliveryError(f"cannot reach Discord: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        """Close the HTTP session and the private loop."""
        with self._lock:
            if self._http is not None:
                self._loop.run_until_complete(self._http.close())
                self._http = None
            self._loop.close()

    async def _client(self) -> HTTPClient:
        if self._http is None:
            http = HTTPClient(self._loop, max_ratelimit_timeout=RATE_LIMIT_WAIT)
            try:
                await http.static_login(self._token)
            except discord.LoginFailure as exc:
                await http.close()
                raise DeliveryError("Discord rejected DISCORD_TOKEN", permanent=True) from exc
            except discord.HTTPException as exc:
                await http.close()
                raise _delivery_error(exc, "logging in") from exc
            self._http = http
        return self._http

    async def _publish(self, announcement: Announcement) -> None:
        member = announcement.member
        try:
            channel_id = int(announcement.channel if member is None else member)
        except ValueError as exc:
            raise DeliveryError(
                f"not a Discord channel or user id: {announcement.channel!r}", permanent=True
            ) from exc
        http = await self._client()
        if member is not None:
            channel_id = await self._dm_channel(http, channel_id)
        messages = announcement_messages(announcement)
        view = _apply_view(announcement)
        for index, message in enumerate(messages):
            last = index == len(messages) - 1
            params = handle_message_parameters(
                content=message.content or None,
                embeds=message.embeds,
                view=view if last and view is not None else discord.utils.MISSING,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            try:
                await http.send_message(channel_id, params=params)
            except discord.RateLimited as exc:
                raise DeliveryError(
                    f"rate limited posting to channel {channel_id}", retry_after=exc.retry_after
                ) from exc
            except discord.HTTPException as exc:
                if member is not None and exc.code in DM_REFUSED:
                    self._dms.pop(int(member), None)
                    raise RecipientUnreachableError(
                        f"Discord cannot DM this member (code {exc.code})"
                    ) from exc
                raise _delivery_error(exc, f"posting to channel {channel_id}") from exc
        log.info(
            "Announced %d posting(s) in Discord channel %s", len(announcement.postings), channel_id
        )

    async def _dm_channel(self, http: HTTPClient, user_id: int) -> int:
        """The DM channel with a member (created once, then remembered)."""
        known = self._dms.get(user_id)
        if known is not None:
            return known
        try:
            channel = await http.start_private_message(user_id)
        except discord.RateLimited as exc:
            raise DeliveryError("rate limited opening a DM", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            if exc.code in DM_REFUSED or exc.status == 404:
                raise RecipientUnreachableError(
                    f"Discord cannot DM this member (HTTP {exc.status}, code {exc.code})"
                ) from exc
            raise _delivery_error(exc, "opening a DM") from exc
        self._dms[user_id] = int(channel["id"])
        return self._dms[user_id]


def _delivery_error(exc: discord.HTTPException, doing: str) -> DeliveryError:
    """discord.py's refusal as a `DeliveryError`: 403/404 are permanent, 429 retries later."""
    detail = f"Discord refused {doing}: HTTP {exc.status} (code {exc.code}) {exc.text}".strip()
    if exc.status == 429:
        retry_after = None
        response = getattr(exc, "response", None)
        header = response.headers.get("Retry-After") if response is not None else None
        if header:
            try:
                retry_after = float(header)
            except ValueError:
                retry_after = None
        return DeliveryError(detail, retry_after=retry_after or 1.0)
    return DeliveryError(detail, permanent=exc.status in (401, 403, 404))
