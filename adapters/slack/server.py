"""Transports around `App.dispatch`: HTTP (aiohttp) and Socket Mode.

HTTP serves `/slack/events` (commands, events and interactivity all POST there) and
`/healthz`. Bolt's `dispatch` is synchronous, so it runs in a worker thread and the event
loop keeps accepting requests; with `process_before_response=False` it returns as soon as a
listener acks, well within Slack's 3 seconds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Mapping

from aiohttp import web
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger("jobbot.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024


def to_bolt_request(body: str, query: str, headers: Mapping[str, str]) -> BoltRequest:
    grouped: dict[str, list[str]] = {}
    for name, value in headers.items():
        grouped.setdefault(name.lower(), []).append(value)
    return BoltRequest(body=body, query=query, headers=grouped)


def to_web_response(response: BoltResponse) -> web.Response:
    headers = {
        name: values[0]
        for name, values in response.headers.items()
        if values and name != "set-cookie"
    }
    body = response.body if isinstance(response.body, str) else str(response.body or "")
    return web.Response(status=response.status, body=body.encode("utf-8"), headers=headers)


def build_web_app(bolt_app: App) -> web.Application:
    """The aiohttp application: Slack's endpoint and a health check."""

    async def events(request: web.Request) -> web.Response:
        body = await request.text()
        bolt_request = to_bolt_request(body, request.query_string, request.headers)
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(None, bolt_app.dispatch, bolt_request)
        return to_web_response(response)

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


class HttpServer:
    """The HTTP transport on its own event-loop thread; `start` returns the bound port."""

    def __init__(self, bolt_app: App, host: str = "0.0.0.0", port: int = 3000) -> None:
        self.bolt_app = bolt_app
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    def start(self) -> int:
        ready = threading.Event()
        failure: list[BaseException] = []

        async def serve() -> None:
            self._runner = web.AppRunner(build_web_app(self.bolt_app), access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
            # The bound address tells the real port when asked for port 0.
            self.port = int(self._runner.addresses[0][1])

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(serve())
            except BaseException as error:
                failure.append(error)
                ready.set()
                return
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name="jobbot-slack-http", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self.port

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._thread = None


def socket_mode_handler(bolt_app: App, app_token: str) -> SocketModeHandler:
    """Socket Mode over Bolt's built-in client; `apps.connections.open` goes to the same
    Web API base URL as every other call, so `SLACK_API_URL` applies here too."""
    return SocketModeHandler(bolt_app, app_token=app_token, web_client=bolt_app.client)
