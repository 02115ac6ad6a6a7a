"""Socket Mode: Bolt's built-in client against a local websocket server standing in for Slack."""

from __future__ import annotations

import asyncio
import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from adapters.slack.app import build_app
from adapters.slack.server import socket_mode_handler
from jobbot.engine import Engine
from jobbot.settings import Settings
from tests.adapters.slack.shown import shown
from tests.support.fake_slack import APP_TOKEN, BOT_TOKEN, BOT_USER, TEAM, FakeSlack


class FakeSocketMode:
    """A websocket endpoint that sends envelopes and collects what the client sends back."""

    def __init__(self) -> None:
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        self.outbox: asyncio.Queue[dict[str, Any]] | None = None
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        assert self.outbox is not None
        await ws.send_json({"type": "hello", "num_connections": 1})

        async def pump() -> None:
            assert self.outbox is not None
            while True:
                await ws.send_json(await self.outbox.get())

        sender = asyncio.ensure_future(pump())
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.received.put(json.loads(message.data))
        sender.cancel()
        return ws

    def start(self) -> str:
        self._thread.start()

        async def setup() -> int:
            self.outbox = asyncio.Queue()
            web_app = web.Application()
            web_app.router.add_get("/link", self._socket)
            self._runner = web.AppRunner(web_app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            return int(self._runner.addresses[0][1])

        self.port = asyncio.run_coroutine_threadsafe(setup(), self.loop).result(5)
        return f"ws://127.0.0.1:{self.port}/link"

    def send(self, envelope: dict[str, Any]) -> None:
        assert self.outbox is not None
        self.loop.call_soon_threadsafe(self.outbox.put_nowait, envelope)

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


@pytest.fixture
def socket_server() -> Iterator[FakeSocketMode]:
    server = FakeSocketMode()
    yield server
    server.stop()


@pytest.mark.slow(3)
def test_slash_command_over_socket_mode_is_acked_and_answered(
    socket_server: FakeSocketMode,
    fake_slack: FakeSlack,
    settings: Settings,
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_slack.socket_url = socket_server.start()
    socket_settings = settings.model_copy(update={"slack_signing_secret": None})
    app, _ = build_app(socket_settings, engine, socket_mode=True)
    handler = socket_mode_handler(app, APP_TOKEN)
    handler.connect()
    try:
        opened = fake_slack.wait_for("apps.connections.open")[0]
        assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
        socket_server.send(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": TEAM,
                    "channel_id": "C0001",
                    "user_id": "U0001",
                    "command": "/jobs",
                    "text": "backend <!here>",
                    "api_app_id": "A0001",
                    "response_url": fake_slack.response_url("socket"),
                    "trigger_id": "1.2.3",
                },
            }
        )
        ack = socket_server.received.get(timeout=5)
        assert ack["envelope_id"] == "env-1"
        message = fake_slack.wait_for("/response/socket")[0].body
        assert message["response_type"] == "ephemeral"
        assert "Page 1 of 3" in shown(message)
        assert "<!here>" not in shown(message)

        # An Events API envelope redelivered with retry_attempt gets no second answer.
        event = {
            "team_id": TEAM,
            "event": {
                "type": "app_mention",
                "user": "U1",
                "text": f"<@{BOT_USER}> backend",
                "ts": "5.0",
                "channel": "C5",
            },
            "type": "event_callback",
            "event_id": "EvSock",
        }
        socket_server.send(
            {"envelope_id": "env-2", "type": "events_api", "payload": event, "retry_attempt": 0}
        )
        socket_server.send(
            {
                "envelope_id": "env-3",
                "type": "events_api",
                "payload": event,
                "retry_attempt": 1,
                "retry_reason": "timeout",
            }
        )
        acked = {socket_server.received.get(timeout=5)["envelope_id"] for _ in range(2)}
        assert acked == {"env-2", "env-3"}
        posted = fake_slack.wait_for("chat.postMessage")
        assert posted[0].body["thread_ts"] == "5.0"
        time.sleep(0.3)
        assert len(fake_slack.calls("chat.postMessage")) == 1
    finally:
        handler.close()
    assert APP_TOKEN not in caplog.text
    assert BOT_TOKEN not in caplog.text
