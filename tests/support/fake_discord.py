"""A small fake of Discord on 127.0.0.1: REST API plus gateway, for the real discord.py client.

The REST side records every request (method, path, JSON body) and answers with canned JSON
(the bot user, the application, interaction callbacks, webhook follow-ups, channel messages,
command sync). `fail(...)` makes chosen requests answer with an error (403, 404, 429...).

Channel messages are kept as Discord keeps them: a create stores the message under a
snowflake taken from `clock` (tests with a fake clock point it there); a create with
`nonce` and `enforce_nonce` within `nonce_window` seconds of an earlier one with the same
nonce returns that message instead of posting again; `GET /channels/{id}/messages` pages
them (`after`, `before`, `limit`, newest first, no nonce, as Discord answers history);
`PATCH` edits one (404 Unknown Message once `delete_message` removed it, 404 Unknown Channel
for a channel in `gone_channels`). `reply_delay` holds the answer to message creates after
the message was stored, as a slow Discord does.
`slow(...)` makes chosen requests wait before they are recorded and answered (a slow API).
The gateway side sends HELLO, answers IDENTIFY with READY and then lets a test dispatch
INTERACTION_CREATE / MESSAGE_CREATE events exactly as Discord would.

`discord.http.Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY` are pointed at the fake
while it runs and restored afterwards.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.bot import JobBot

TOKEN = "fake-token.DO-NOT-LOG.abc123"
APP_ID = "900000000000000001"
BOT_ID = APP_ID
GUILD_ID = "900000000000000002"
CHANNEL_ID = "900000000000000003"
DM_CHANNEL_ID = "900000000000000004"
USER_ID = "900000000000000005"
TIMESTAMP = "2026-01-01T12:00:00.000000+00:00"

BOT_USER = {
    "id": BOT_ID,
    "username": "jobbot",
    "discriminator": "0",
    "global_name": "jobbot",
    "avatar": None,
    "bot": True,
    "flags": 0,
    "mfa_enabled": False,
    "verified": True,
}
HUMAN = {
    "id": USER_ID,
    "username": "ada",
    "discriminator": "0",
    "global_name": "Ada",
    "avatar": None,
}
APPLICATION = {
    "id": APP_ID,
    "name": "jobbot",
    "description": "",
    "icon": None,
    "bot_public": True,
    "bot_require_code_grant": False,
    "owner": HUMAN,
    "verify_key": "00",
    "flags": 0,
    "summary": "",
    "team": None,
}

TEXT_CHANNEL = {
    "id": CHANNEL_ID,
    "type": 0,
    "guild_id": GUILD_ID,
    "name": "jobs",
    "position": 0,
    "permission_overwrites": [],
    "nsfw": False,
    "parent_id": None,
    "topic": None,
    "last_message_id": None,
    "rate_limit_per_user": 0,
}

_ids = itertools.count(910000000000000000)


def snowflake() -> str:
    return str(next(_ids))


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON exactly as Discord labels it (discord.py checks for a bare `application/json`)."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


@dataclass
class Recorded:
    """One request the client made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)  # when the fake accepted it


@dataclass
class Failure:
    method: str
    pattern: str
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


@dataclass
class FakeDiscord:
    """The fake server; see the module docstring."""

    requests: list[Recorded] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    delays: list[tuple[str, str, float]] = field(default_factory=list)
    port: int = 0
    identify: dict[str, Any] | None = None
    close_on_identify: int | None = None
    loop: asyncio.AbstractEventLoop | None = None
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    nonce_window: float = 300.0
    channel_messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    gone_channels: set[str] = field(default_factory=set)
    reply_delay: float = 0.0
    on_create: Callable[[Recorded], None] | None = None
    _nonces: dict[tuple[str, str], tuple[datetime, dict[str, Any]]] = field(default_factory=dict)
    _last_id: int = 0
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _seq: itertools.count = field(default_factory=lambda: itertools.count(2))
    _changed: asyncio.Event | None = None

    # --- test-facing helpers ----------------------------------------------------------

    def fail(
        self,
        method: str,
        pattern: str,
        status: int,
        *,
        code: int = 0,
        message: str = "error",
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` requests whose path matches `pattern` with an error."""
        self.failures.append(
            Failure(
                method,
                pattern,
                status,
                body if body is not None else {"message": message, "code": code},
                headers or {},
                times,
            )
        )

    def slow(self, method: str, pattern: str, seconds: float) -> None:
        """Accept requests whose path matches `pattern` only after `seconds`."""
        self.delays.append((method, pattern, seconds))

    def find(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    async def wait_for(
        self, method: str, pattern: str, count: int = 1, within: float = 5.0
    ) -> list[Recorded]:
        """Wait until at least `count` matching requests were recorded; return them."""
        assert self._changed is not None

        async def until() -> list[Recorded]:
            while len(found := self.find(method, pattern)) < count:
                self._changed.clear()
                await self._changed.wait()
            return found

        return await asyncio.wait_for(until(), within)

    async def reply_to(self, interaction: dict[str, Any], within: float = 5.0) -> dict[str, Any]:
        """The message the person behind `interaction` sees: the callback's own message when
        it was answered at once (type 4, 7), else the edit of the deferred response."""
        (callback,) = await self.wait_for("POST", callback_path(interaction), within=within)
        if callback.body["type"] in (4, 7):
            return dict(callback.body["data"])
        edits = await self.wait_for("PATCH", original_path(interaction), within=within)
        return dict(edits[0].body)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway DISPATCH to every connected client."""
        for socket in self._sockets:
            await socket.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def hang_up(self, code: int) -> None:
        """Close every gateway connection with `code` (4004 ends a bot for good)."""
        for socket in list(self._sockets):
            await socket.close(code=code)

    def call(self, coroutine: Any, timeout: float = 10.0) -> Any:
        """Run one of the async helpers from another thread (`fake_discord_in_thread`)."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    # --- REST -------------------------------------------------------------------------

    async def rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/api/v10")
        body: Any = None
        if request.content_type == "application/json":
            body = await request.json()
        elif request.content_type.startswith("multipart/"):
            form = await request.post()
            body = json.loads(str(form.get("payload_json", "{}")))
        delay = max(
            (
                s
                for m, pattern, s in self.delays
                if m == request.method and re.search(pattern, path)
            ),
            default=0.0,
        )
        if delay:
            await asyncio.sleep(delay)
        recorded = Recorded(request.method, path, dict(request.query), body, dict(request.headers))
        self.requests.append(recorded)
        if self._changed is not None:
            self._changed.set()
        for failure in self.failures:
            if (
                failure.times > 0
                and failure.method == request.method
                and re.search(failure.pattern, path)
            ):
                failure.times -= 1
                return _json(failure.body, status=failure.status, headers=failure.headers)
        channel = re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path)
        if channel and request.method in ("POST", "PATCH", "GET"):
            query = dict(request.query)
            response = self.channel_api(request.method, channel[1], channel[2], body or {}, query)
            if request.method == "POST":
                delay = self.reply_delay
                if self.on_create is not None:
                    self.on_create(recorded)
                if delay:
                    await asyncio.sleep(delay)
            return response
        return self.answer(request.method, path, body)

    # --- channel messages --------------------------------------------------------------

    def _message_id(self) -> str:
        stamp = discord.utils.time_snowflake(self.clock())
        self._last_id = max(stamp, self._last_id + 1)
        return str(self._last_id)

    def channel_api(
        self,
        method: str,
        channel_id: str,
        message_id: str | None,
        body: dict[str, Any],
        query: dict[str, str],
    ) -> web.Response:
        if channel_id in self.gone_channels:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        stored = self.channel_messages.setdefault(channel_id, [])
        if method == "GET" and message_id is None:
            return _json(self._history(stored, query))
        if method == "POST" and message_id is None:
            return _json(self._create(channel_id, stored, body))
        if method == "PATCH" and message_id is not None:
            message = next((m for m in stored if m["id"] == message_id), None)
            if message is None:
                return _json({"message": "Unknown Message", "code": 10008}, status=404)
            for key, empty in (("content", ""), ("embeds", []), ("components", [])):
                if key in body:
                    message[key] = body[key] if body[key] is not None else empty
            message["edited_timestamp"] = self.clock().isoformat()
            return _json(message)
        return _json({"message": "405: Method Not Allowed", "code": 0}, status=405)

    def _create(
        self, channel_id: str, stored: list[dict[str, Any]], body: dict[str, Any]
    ) -> dict[str, Any]:
        nonce = body.get("nonce")
        now = self.clock()
        if nonce is not None and body.get("enforce_nonce"):
            earlier = self._nonces.get((channel_id, str(nonce)))
            if earlier is not None and (now - earlier[0]).total_seconds() <= self.nonce_window:
                return {**earlier[1], "nonce": nonce}
        message = self.message(channel_id, body)
        message["id"] = self._message_id()
        message["timestamp"] = now.isoformat()
        stored.append(message)
        if nonce is not None:
            self._nonces[(channel_id, str(nonce))] = (now, message)
        return {**message, "nonce": nonce} if nonce is not None else message

    @staticmethod
    def _history(stored: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
        limit = max(1, min(100, int(query.get("limit") or 50)))
        ordered = sorted(stored, key=lambda m: int(m["id"]))
        if query.get("after"):
            after = int(query["after"])
            ordered = [m for m in ordered if int(m["id"]) > after][:limit]
        else:
            if query.get("before"):
                before = int(query["before"])
                ordered = [m for m in ordered if int(m["id"]) < before]
            ordered = ordered[-limit:]
        return list(reversed(ordered))

    def delete_message(self, channel_id: str, message_id: str) -> None:
        """Someone deleted the message: later edits of it answer 404 Unknown Message."""
        stored = self.channel_messages.get(channel_id, [])
        self.channel_messages[channel_id] = [m for m in stored if m["id"] != message_id]

    def posted(self, channel_id: str) -> list[dict[str, Any]]:
        """The channel's messages as they stand now (edits applied), oldest first."""
        return sorted(self.channel_messages.get(channel_id, []), key=lambda m: int(m["id"]))

    def answer(self, method: str, path: str, body: Any) -> web.Response:
        if path == "/users/@me":
            return _json(BOT_USER)
        if path == "/oauth2/applications/@me":
            return _json(APPLICATION)
        if path in ("/gateway", "/gateway/bot"):
            return _json(
                {
                    "url": f"ws://127.0.0.1:{self.port}/gateway",
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 1000,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if match := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            return _json({"interaction": {"id": match[1], "type": (body or {}).get("type", 4)}})
        if re.fullmatch(r"/webhooks/\d+/[^/]+(/messages/@original)?", path):
            return _json(self.message(CHANNEL_ID, body or {}))
        if path == "/users/@me/channels" and method == "POST":
            return _json({"id": DM_CHANNEL_ID, "type": 1, "recipients": [HUMAN]})
        if match := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self.message(match[1], body or {}))
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path) and method == "PUT":
            return _json(
                [
                    {**command, "id": snowflake(), "application_id": APP_ID, "version": "1"}
                    for command in body or []
                ]
            )
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    @staticmethod
    def message(channel_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A message object as Discord returns it after a send or an edit."""
        return {
            "id": snowflake(),
            "channel_id": channel_id,
            "author": BOT_USER,
            "content": body.get("content") or "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }

    # --- gateway ----------------------------------------------------------------------

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            if payload["op"] == 1:
                await socket.send_json({"op": 11})
            elif payload["op"] == 2:
                self.identify = payload["d"]
                if self.close_on_identify is not None:
                    await socket.close(code=self.close_on_identify)
                    break
                self._sockets.append(socket)
                await socket.send_json(
                    {
                        "op": 0,
                        "t": "READY",
                        "s": 1,
                        "d": {
                            "v": 10,
                            "user": BOT_USER,
                            "guilds": [],
                            "session_id": "fake-session",
                            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                            "application": {"id": APP_ID, "flags": 0},
                        },
                    }
                )
        with suppress(ValueError):
            self._sockets.remove(socket)
        return socket


@asynccontextmanager
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """Run the fake on 127.0.0.1 (port 0) with discord.py pointed at it."""
    fake = FakeDiscord()
    fake._changed = asyncio.Event()
    fake.loop = asyncio.get_running_loop()
    app = web.Application()
    app.router.add_get("/gateway", fake.gateway)
    app.router.add_route("*", "/api/v10/{tail:.*}", fake.rest)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    fake.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{fake.port}/gateway")
    try:
        yield fake
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway
        for socket in list(fake._sockets):
            await socket.close()
        await runner.cleanup()


@asynccontextmanager
async def connected(bot: JobBot, fake: FakeDiscord) -> AsyncIterator[JobBot]:
    """Log `bot` in to the fake and keep it connected to the fake gateway."""
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect(reconnect=False))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot
    finally:
        await bot.close()
        with suppress(asyncio.CancelledError, discord.ConnectionClosed):
            await asyncio.wait_for(task, 5)  # re-raises anything that broke the gateway loop


# --- payloads as Discord sends them ------------------------------------------------------


def callback_path(interaction: dict[str, Any]) -> str:
    """The pattern of `interaction`'s response callback (defer or answer)."""
    return rf"^/interactions/{interaction['id']}/{re.escape(interaction['token'])}/callback$"


def original_path(interaction: dict[str, Any]) -> str:
    """The pattern of edits to `interaction`'s original (deferred) response."""
    return rf"^/webhooks/{APP_ID}/{re.escape(interaction['token'])}/messages/@original$"


MANAGE_CHANNELS = 1 << 4
EVERYONE_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 31))  # view, send, use commands


def _base_interaction(
    kind: int, *, guild: bool = True, permissions: str = "2147483647"
) -> dict[str, Any]:
    """An interaction as Discord sends it; `permissions` are the member's in the channel."""
    payload: dict[str, Any] = {
        "id": snowflake(),
        "application_id": APP_ID,
        "type": kind,
        "token": f"interaction-token-{snowflake()}",
        "version": 1,
        "channel_id": CHANNEL_ID,
        "locale": "en-US",
        "attachment_size_limit": 8_388_608,
        "app_permissions": "2147483647",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": 0,
    }
    if guild:
        payload.update(
            guild_id=GUILD_ID,
            guild_locale="en-US",
            channel=TEXT_CHANNEL,
            member={
                "user": HUMAN,
                "roles": [],
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": permissions,
            },
        )
    else:
        payload.update(channel={"id": DM_CHANNEL_ID, "type": 1}, user=HUMAN, context=1)
        payload["channel_id"] = DM_CHANNEL_ID
    return payload


OPTION_TYPES = {str: 3, int: 4, bool: 5}


def slash(
    name: str,
    *,
    focused: str | None = None,
    in_dm: bool = False,
    member_permissions: str = "2147483647",
    option_types: dict[str, int] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """An application command (type 2), or its autocomplete (type 4) when `focused` names the
    option being typed; `in_dm` sends it from a DM, `member_permissions` sets what the member
    may do in the channel (default: everything); `option_types` overrides an option's type
    (an integer option being typed arrives as a string)."""
    payload = _base_interaction(
        4 if focused else 2, guild=not in_dm, permissions=member_permissions
    )
    types = option_types or {}
    payload["data"] = {
        "id": snowflake(),
        "name": name,
        "type": 1,
        "options": [
            {
                "name": key,
                "type": types.get(key, OPTION_TYPES[type(value)]),
                "value": value,
                **({"focused": True} if key == focused else {}),
            }
            for key, value in options.items()
        ],
    }
    return payload


def click(custom_id: str, message: dict[str, Any], *, ephemeral: bool = False) -> dict[str, Any]:
    """A button click (type 3) on `message` (a message object as recorded by the fake)."""
    payload = _base_interaction(3)
    payload["data"] = {"custom_id": custom_id, "component_type": 2}
    payload["message"] = {
        **FakeDiscord.message(CHANNEL_ID, message),
        "flags": 64 if ephemeral else 0,
    }
    return payload


def user_message(content: str, *, dm: bool = False, mentions_bot: bool = True) -> dict:
    """A MESSAGE_CREATE from a person, in the guild channel (or a DM)."""
    payload = {
        **FakeDiscord.message(DM_CHANNEL_ID if dm else CHANNEL_ID, {"content": content}),
        "author": HUMAN,
        "mentions": [BOT_USER] if mentions_bot and not dm else [],
    }
    if not dm:
        payload["guild_id"] = GUILD_ID
        payload["member"] = {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False}
    return payload


def buttons(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button in a message's component rows."""
    return [item for row in components for item in row.get("components", [])]


def by_label(components: list[dict[str, Any]], label: str) -> dict[str, Any]:
    return next(b for b in buttons(components) if b.get("label") == label)


@contextmanager
def fake_discord_in_thread() -> Iterator[FakeDiscord]:
    """The fake on its own loop in a background thread, for code that runs its own loop
    (the synchronous `DiscordPublisher`, `jobbot discord --sync`)."""
    loop = asyncio.new_event_loop()
    started: concurrent.futures.Future[FakeDiscord] = concurrent.futures.Future()
    stop = asyncio.Event()

    async def serve() -> None:
        async with fake_discord() as fake:
            started.set_result(fake)
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    fake = started.result(timeout=5)
    try:
        yield fake
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=5)
        loop.close()
