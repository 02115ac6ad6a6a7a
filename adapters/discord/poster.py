"""Announcing openings in Discord channels over REST only (no gateway connection).

`DiscordPublisher` implements `jobbot.announce.publisher.Publisher` with discord.py's own
`HTTPClient`: it logs in once (`static_login`, one GET /users/@me) and posts with
`send_message`. Short rate limits (429 with a small Retry-After) are waited out inside
discord.py; longer ones, an unreachable Discord, and every other refusal become
`DeliveryError`s the scheduler can act on.

Exactly once: every message is created with a `nonce` derived from the announcement's
`key` and `enforce_nonce`, so a create repeated within Discord's nonce window (a few
minutes; discord.py itself repeats a create after a 5xx) returns the first message instead
of posting a second. After the window, `find` reads the channel's messages since
`announcement.since` and recognises the bot's own messages by what they show. `edit`
redraws each message of a sent announcement in place.

The scheduler calls the publisher synchronously from its own thread, so the publisher owns
a private event loop and serialises calls with a lock.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Final, TypeVar

import aiohttp
import discord
from discord.http import HTTPClient, handle_message_parameters

from adapters.discord.embeds import (
    DiscordMessage,
    button_label,
    clean,
    closed_embed,
    digest_embeds,
    fit_message,
    md,
    pack_messages,
    posting_embed,
)
from adapters.discord.syntax import SYNTAX
from adapters.discord.tracking import add_track_items
from jobbot.announce.dm import alert_footer, alert_intro
from jobbot.announce.publisher import (
    Announcement,
    CredentialsError,
    DeliveryError,
    Receipt,
    RecipientUnreachableError,
)
from jobbot.untrusted import link_target

log = logging.getLogger("jobbot.discord.poster")

RATE_LIMIT_WAIT = 30.0  # discord.py waits out shorter 429s itself; longer ones are raised
REQUEST_TIMEOUT: Final = 15.0
"""Seconds one REST call may take; a slower answer is an uncertain failure."""
HISTORY_PAGE: Final = 100
HISTORY_PAGES: Final = 10
NONCE_LENGTH: Final = 25
DM_REFUSED = frozenset({50007, 10013})
"""Cannot send messages to this user (DMs closed, bot blocked, no shared server); unknown user."""

T = TypeVar("T")


def announcement_messages(announcement: Announcement) -> list[DiscordMessage]:
    """One posting as its card (as in /jobs); several as one digest, split if very long.
    A personal alert (a DM) says so, and how to stop it. Postings in `announcement.closed`
    are drawn closed (edits)."""
    about = f" matching “{md(announcement.query)}”" if announcement.query else ""
    closed = announcement.closed
    if not announcement.is_digest:
        posting = announcement.postings[0]
        card = closed_embed(posting) if announcement.is_closed(posting) else posting_embed(posting)
        if announcement.member is None:
            return [fit_message(f"New opening{about}", [card])]
    embeds = digest_embeds(announcement.postings, announcement.query, closed)
    if announcement.member is None:
        return pack_messages("", embeds)
    intro = md(alert_intro(announcement))
    footer = f"\n-# {clean(alert_footer(SYNTAX))}"
    if not announcement.is_digest:
        return [fit_message(intro + footer, [card])]
    messages = pack_messages(intro, embeds)
    messages[-1].content = (messages[-1].content + footer).strip()
    return messages


def _apply_view(announcement: Announcement) -> discord.ui.View | None:
    """An Apply link button under a single-posting card (digests link each title), then
    Save / Applied / Not interested; none of them for a posting no longer open."""
    view = discord.ui.View(timeout=None)
    posting = announcement.postings[0]
    url = link_target(posting.url)
    if not announcement.is_digest and not announcement.is_closed(posting) and url is not None:
        view.add_item(
            discord.ui.Button(
                style=discord.ButtonStyle.link, label=button_label("Apply"), url=url, row=0
            )
        )
    still_open = [p for p in announcement.postings if not announcement.is_closed(p)]
    if still_open:
        add_track_items(view, still_open, first_row=1 if view.children else 0)
    return view if view.children else None


def nonce(key: str, part: int) -> str:
    """The nonce of part `part` of the announcement named `key` (Discord allows 25 chars)."""
    digest = hashlib.sha256(f"{key}:{part}".encode()).hexdigest()
    return ("jb" + digest)[:NONCE_LENGTH]


Identity = tuple[str, tuple[tuple[str, str, str], ...]]


def _identity(content: Any, embeds: Any) -> Identity:
    """What a message shows, as compared between a sent part and the channel's history."""
    shown = []
    for embed in embeds or []:
        if isinstance(embed, dict):
            shown.append(
                tuple(str(embed.get(k) or "").strip() for k in ("title", "url", "description"))
            )
    return str(content or "").strip(), tuple(shown)  # type: ignore[return-value]


def _part_identity(message: DiscordMessage) -> Identity:
    return _identity(message.content, [embed.to_dict() for embed in message.embeds])


class DiscordPublisher:
    """Posts announcements to Discord channels by id, using a bot token (REST only)."""

    platform = "discord"

    def __init__(self, token: str, *, timeout: float = REQUEST_TIMEOUT) -> None:
        self._token = token
        self._timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._http: HTTPClient | None = None
        self._me: str | None = None
        self._lock = threading.Lock()
        self._dms: dict[int, int] = {}  # member id → their DM channel id

    def publish(self, announcement: Announcement) -> Receipt:
        """Send the announcement to `announcement.channel` (with `since`: only the parts
        an earlier attempt did not deliver), or raise `DeliveryError`."""
        return self._run(lambda: self._publish(announcement))

    def find(self, announcement: Announcement) -> Receipt | None:
        """Which parts of `announcement` the channel shows since `announcement.since`."""
        return self._run(lambda: self._find(announcement))

    def edit(self, receipt: Receipt, announcement: Announcement) -> None:
        """Redraw every message of a sent announcement; closed postings lose Apply."""
        self._run(lambda: self._edit(receipt, announcement))

    def close(self) -> None:
        """Close the HTTP session and the private loop."""
        with self._lock:
            if self._http is not None:
                self._loop.run_until_complete(self._http.close())
                self._http = None
            self._loop.close()

    def _run(self, work: Callable[[], Awaitable[T]]) -> T:
        with self._lock:
            try:
                return self._loop.run_until_complete(work())
            except DeliveryError:
                raise
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                # Discord unreachable, too slow, or the connection dropped: it may have
                # taken the message anyway.
                if self._http is not None:
                    self._loop.run_until_complete(self._http.close())
                    self._http = None
                raise DeliveryError(
                    f"cannot reach Discord: {type(exc).__name__}: {exc}", uncertain=True
                ) from exc

    async def _client(self) -> HTTPClient:
        if self._http is None:
            http = HTTPClient(self._loop, max_ratelimit_timeout=RATE_LIMIT_WAIT)
            try:
                me = await asyncio.wait_for(http.static_login(self._token), self._timeout)
            except discord.LoginFailure as exc:
                await http.close()
                raise token_refused() from exc
            except discord.HTTPException as exc:
                await http.close()
                raise _delivery_error(exc, "logging in") from exc
            except BaseException:
                await http.close()
                raise
            self._me = str(me.get("id")) if isinstance(me, dict) else None
            self._http = http
        return self._http

    @staticmethod
    def _id(value: str, what: str) -> int:
        try:
            return int(value)
        except ValueError as exc:
            raise DeliveryError(f"not a Discord {what}: {value!r}", permanent=True) from exc

    async def _target(self, http: HTTPClient, announcement: Announcement) -> int:
        """The channel to post in: the channel itself, or the member's DM channel."""
        if announcement.member is None:
            return self._id(announcement.channel, "channel id")
        return await self._dm_channel(http, self._id(announcement.member, "user id"))

    async def _call(self, doing: str, request: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(request, self._timeout)
        except discord.RateLimited as exc:
            raise DeliveryError(f"rate limited {doing}", retry_after=exc.retry_after) from exc
        except discord.HTTPException as exc:
            raise _delivery_error(exc, doing) from exc

    async def _publish(self, announcement: Announcement) -> Receipt:
        if announcement.member is None:
            self._id(announcement.channel, "channel id")
        http = await self._client()
        channel_id = await self._target(http, announcement)
        messages = announcement_messages(announcement)
        present: list[str | None] = [None] * len(messages)
        if announcement.since is not None:
            present = await self._look(http, channel_id, messages, announcement.since)
        view = _apply_view(announcement)
        ids: list[str] = []
        for index, message in enumerate(messages):
            if present[index] is not None:
                ids.append(str(present[index]))
                continue
            last = index == len(messages) - 1
            params = handle_message_parameters(
                content=message.content or None,
                embeds=message.embeds,
                view=view if last and view is not None else discord.utils.MISSING,
                allowed_mentions=discord.AllowedMentions.none(),
                nonce=nonce(announcement.key, index) if announcement.key else None,
            )
            try:
                sent = await self._call(
                    f"posting to channel {channel_id}", http.send_message(channel_id, params=params)
                )
            except DeliveryError as exc:
                code = getattr(exc.__cause__, "code", None)
                member = announcement.member
                if member is not None and code in DM_REFUSED:
                    self._dms.pop(int(member), None)
                    raise RecipientUnreachableError(
                        f"Discord cannot DM this member (code {code})"
                    ) from exc
                raise
            ids.append(str(sent["id"]))
        log.info(
            "Announced %d posting(s) in Discord channel %s", len(announcement.postings), channel_id
        )
        found = all(item is not None for item in present)
        return Receipt(channel=str(channel_id), messages=ids, found=found)

    async def _find(self, announcement: Announcement) -> Receipt | None:
        http = await self._client()
        channel_id = await self._target(http, announcement)
        messages = announcement_messages(announcement)
        present = await self._look(http, channel_id, messages, announcement.since)
        ids = [item for item in present if item is not None]
        if not ids:
            return None
        return Receipt(
            channel=str(channel_id),
            messages=ids,
            found=True,
            complete=len(ids) == len(messages),
        )

    async def _look(
        self,
        http: HTTPClient,
        channel_id: int,
        messages: list[DiscordMessage],
        since: datetime | None,
    ) -> list[str | None]:
        """For each part, the id of the bot's message since `since` that shows it."""
        wanted = [_part_identity(message) for message in messages]
        present: list[str | None] = [None] * len(messages)
        after = discord.utils.time_snowflake(since) if since is not None else 0
        for _ in range(HISTORY_PAGES):
            page = await self._call(
                f"reading channel {channel_id}",
                http.logs_from(channel_id, HISTORY_PAGE, after=after),
            )
            if not page:
                break
            for item in sorted(page, key=lambda m: int(m["id"])):
                author = str((item.get("author") or {}).get("id", ""))
                if self._me is not None and author != self._me:
                    continue
                shown = _identity(item.get("content"), item.get("embeds"))
                for index, identity in enumerate(wanted):
                    if present[index] is None and identity == shown:
                        present[index] = str(item["id"])
                        break
            if all(item is not None for item in present) or len(page) < HISTORY_PAGE:
                break
            after = max(int(m["id"]) for m in page)
        return present

    async def _edit(self, receipt: Receipt, announcement: Announcement) -> None:
        channel_id = self._id(receipt.channel, "channel id")
        http = await self._client()
        messages = announcement_messages(announcement)
        if len(messages) > len(receipt.messages) and receipt.messages:
            # Redrawn it takes more messages than were sent: fold the rest into the last.
            keep = len(receipt.messages) - 1
            rest = [embed for message in messages[keep:] for embed in message.embeds]
            messages = [*messages[:keep], fit_message(messages[keep].content, rest)]
        view = _apply_view(announcement)
        for index, (message_id, message) in enumerate(
            zip(receipt.messages, messages, strict=False)
        ):
            last = index == len(receipt.messages) - 1
            params = handle_message_parameters(
                content=message.content,
                embeds=message.embeds,
                view=view if last else None,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            await self._call(
                f"editing message {message_id} in channel {channel_id}",
                http.edit_message(channel_id, int(message_id), params=params),
            )

    async def _dm_channel(self, http: HTTPClient, user_id: int) -> int:
        """The DM channel with a member (created once, then remembered)."""
        known = self._dms.get(user_id)
        if known is not None:
            return known
        try:
            channel = await asyncio.wait_for(http.start_private_message(user_id), self._timeout)
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
    """discord.py's refusal as a `DeliveryError`: 403/404 are permanent, 429 retries later,
    5xx may have been done anyway."""
    detail = f"Discord refused {doing}: HTTP {exc.status} (code {exc.code}) {exc.text}".strip()
    if exc.status == 401:
        return token_refused()
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
    return DeliveryError(detail, permanent=exc.status in (403, 404), uncertain=exc.status >= 500)


def token_refused() -> CredentialsError:
    """Discord refused the bot token itself (reset, or the bot deleted): deliveries wait."""
    return CredentialsError(
        "Discord rejected DISCORD_TOKEN (401): reset the bot's token and set it; "
        "announcements wait until then"
    )
