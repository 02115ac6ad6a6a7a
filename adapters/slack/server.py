"""Transports around `App.dispatch`: HTTP (aiohttp) and Socket Mode.

HTTP serves `/slack/events` (commands, events and interactivity all POST there),
`/healthz` (ready: index loaded, database answering) and `/metrics` (Prometheus).
Each request's signature is checked on its raw bytes first (`signature.py`): an
unsigned, stale or forged one gets 401 before its body is decoded or parsed, a replayed one
an empty 200 without a second answer, an unreadable signed one 400, each without a
traceback. Bolt's `dispatch` is synchronous, so it runs in a small pool of its own and the
event loop keeps accepting requests; it only runs middleware and the listener's ack (the
work runs later in the app's worker pool, see `app.py`), so it returns within milliseconds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode import SocketModeHandler

from adapters.slack.signature import RequestCheck, Verdict
from jobbot.app.ops import HEALTH_PATH, METRICS_PATH, Health, health_body, metrics_body

log = logging.getLogger("jobbot.slack")

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1024 * 1024
ACK_THREADS = 8  # dispatch only acks; the answers run in the app's worker pool
REFUSAL_LOG_SECONDS = 60.0


class RefusalLog:
    """One warning for the first refused request, then at most one a minute with a count,
    so a flood of unsigned requests cannot flood the log."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.count = 0
        self._unlogged = 0
        self._next = 0.0
        self._lock = threading.Lock()

    def refused(self, why: str) -> None:
        now = self.clock()
        with self._lock:
            self.count += 1
            self._unlogged += 1
            if now < self._next:
                return
            count, self._unlogged, self._next = self._unlogged, 0, now + REFUSAL_LOG_SECONDS
        log.warning(
            "refused %d request(s) to %s (%s); is SLACK_SIGNING_SECRET the app's?",
            count,
            EVENTS_PATH,
            why,
        )


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


def is_ssl_check(raw: bytes) -> bool:
    """Slack's certificate check (`ssl_check=1`), a tiny form answered with an empty 200."""
    return len(raw) <= 1024 and ("ssl_check", "1") in parse_qsl(raw.decode("latin-1"))


def dispatch(bolt_app: App, bolt_request: BoltRequest) -> BoltResponse:
    """`App.dispatch`, with a failure logged once and answered 500 (never a traceback out)."""
    try:
        return bolt_app.dispatch(bolt_request)
    except Exception:
        log.exception("Bolt failed to dispatch a Slack request")
        return BoltResponse(status=500, body="")


def build_web_app(
    bolt_app: App,
    check: RequestCheck,
    *,
    executor: Executor | None = None,
    refusals: RefusalLog | None = None,
    health: Health | None = None,
) -> web.Application:
    """The aiohttp application: Slack's endpoint, readiness and Prometheus metrics."""
    refusals = refusals or RefusalLog()

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        verdict = check.check(
            raw,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
        )
        if verdict is Verdict.REFUSED:
            if "X-Slack-Signature" not in request.headers and is_ssl_check(raw):
                return web.Response(status=200)
            refusals.refused("bad, missing or stale signature")
            return web.Response(status=401, text="invalid signature")
        if verdict is Verdict.REPLAY:
            log.info("acknowledged a replayed request without answering it again")
            return web.Response(status=200)
        try:
            bolt_request = to_bolt_request(
                raw.decode("utf-8"), request.query_string, request.headers
            )
        except Exception as error:  # signed, yet not a payload Bolt can read
            log.warning("a signed request had an unreadable body: %s", type(error).__name__)
            return web.Response(status=400, text="unreadable body")
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(executor, dispatch, bolt_app, bolt_request)
        return to_web_response(response)

    async def ready(_: web.Request) -> web.Response:
        if health is None:
            return web.json_response({"ok": True})
        loop = asyncio.get_running_loop()
        status, body = await loop.run_in_executor(None, health_body, health)
        return web.Response(status=status, body=body, content_type="application/json")

    async def metrics(_: web.Request) -> web.Response:
        body, content_type = metrics_body()
        return web.Response(body=body, headers={"Content-Type": content_type})

    web_app = web.Application(client_max_size=MAX_BODY_BYTES)
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get(HEALTH_PATH, ready)
    web_app.router.add_get(METRICS_PATH, metrics)
    return web_app


class HttpServer:
    """The HTTP transport on its own event-loop thread; `start` returns the bound port."""

    def __init__(
        self,
        bolt_app: App,
        *,
        signing_secret: str,
        host: str = "0.0.0.0",
        port: int = 3000,
        health: Health | None = None,
    ) -> None:
        self.bolt_app = bolt_app
        self.health = health
        self.check = RequestCheck(signing_secret)
        self.refusals = RefusalLog()
        self.host = host
        self.port = port
        self._executor = ThreadPoolExecutor(ACK_THREADS, thread_name_prefix="jobbot-slack-ack")
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    def start(self) -> int:
        ready = threading.Event()
        failure: list[BaseException] = []

        async def serve() -> None:
            web_app = build_web_app(
                self.bolt_app,
                self.check,
                executor=self._executor,
                refusals=self.refusals,
                health=self.health,
            )
            self._runner = web.AppRunner(web_app, access_log=None)
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
        self._executor.shutdown(wait=False)


def socket_mode_handler(bolt_app: App, app_token: str) -> SocketModeHandler:
    """Socket Mode over Bolt's built-in client; `apps.connections.open` goes to the same
    Web API base URL as every other call, so `SLACK_API_URL` applies here too."""
    return SocketModeHandler(bolt_app, app_token=app_token, web_client=bolt_app.client)
