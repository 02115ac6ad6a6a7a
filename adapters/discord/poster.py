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
    digest_embeds,
    fit_message,
    md,
    pack_messages,
    posting_embed,
)
from jobbot.announce.publisher import Announcement, DeliveryError
from jobbot.untrusted import link_target

log = logging.getLogger("jobbot.discord.poster")

RATE_LIMIT_WAIT = 30.0  # discord.py waits out shorter 429s itself; longer ones are raised


def announcement_messages(announcement: Announcement) -> list[DiscordMessage]:
    """One posting as its card (as in /jobs); several as one digest, split if very long."""
    about = f" matching “{md(announcement.query)}”" if announcement.query else ""
    if not announcement.is_digest:
        posting = announcement.postings[0]
        return [fit_message(f"New opening{about}", [posting_embed(posting)])]
    return pack_messages("", digest_embeds(announcement.postings, announcement.query))


def _apply_view(announcement: Announcement) -> discord.ui.View | None:
    """An Apply link button under a single-posting card (digests link each title)."""
    if announcement.is_digest:
        return None
    posting = announcement.postings[0]
    url = link_target(posting.url)
    if url is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(
        discord.ui.Button(style=discord.ButtonStyle.link, label=button_label("Apply"), url=url)
    )
    return view


class DiscordPublisher:
    """Posts announcements to Discord channels by id, using a bot token (REST only)."""

    platform = "discord"

    def __init__(self, token: str) -> None:
        self._token = token
        self._loop = asyncio.new_event_loop()
        self._http: HTTPClient | None = None
        self._lock = threading.Lock()

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
        try:
            channel_id = int(announcement.channel)
        except ValueError as exc:
            raise DeliveryError(
                f"not a Discord channel id: {announcement.channel!r}", permanent=True
            ) from exc
        http = await self._client()
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
                raise _delivery_error(exc, f"posting to channel {channel_id}") from exc
        log.info(
            "Announced %d posting(s) in Discord channel %s", len(announcement.postings), channel_id
        )


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
