"""The acknowledgement soak: many concurrent Slack commands and Discord interactions against
the fake servers, with the fake API slow, timed as Slack and Discord would time them.

Used by `tests/adapters/test_soak.py` (bounded, in the suite) and `bench/bench_ack.py`
(figures for docs/benchmarks.md). Both bots answer from the bundled knowledge.
"""

from __future__ import annotations

import contextlib
import statistics
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_bolt import App

from adapters.discord.bot import JobBot
from adapters.slack.app import build_app
from adapters.slack.server import HttpServer
from jobbot.engine import Engine
from jobbot.settings import BUNDLED_KNOWLEDGE, Settings
from jobbot.sources import directories
from tests.support.fake_discord import (
    APP_ID,
    callback_path,
    connected,
    fake_discord,
    original_path,
    slash,
)
from tests.support.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, command_body, sign

DEADLINE = 3.0  # Slack's and Discord's, for the acknowledgement
QUERIES = [
    ("/jobs", "python backend remote"),
    ("/jobs", "senior go kubernetes europe"),
    ("/faq", "how do I prepare for a technical interview"),
    ("/jobs", "data engineer 120k+"),
    ("/faq", "what does a backend engineer do"),
]
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
ORIGINAL = rf"^/webhooks/{APP_ID}/[^/]+/messages/@original$"


@dataclass
class Soak:
    """One soak's figures: each request's acknowledgement time, and how the answers went."""

    platform: str
    requests: int
    api_delay: float
    acks: list[float] = field(default_factory=list)  # seconds, one per acknowledged request
    failed: int = 0  # refused or never acknowledged
    answered: int = 0
    all_answered_after: float = 0.0

    @property
    def in_time(self) -> int:
        return sum(1 for took in self.acks if took < DEADLINE)

    def line(self) -> str:
        ordered = sorted(self.acks) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        return (
            f"{self.platform}: {self.requests} concurrent, API slow by {self.api_delay:g} s: "
            f"{self.in_time}/{self.requests} acknowledged within {DEADLINE:g} s "
            f"(median {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s"
            f"); {self.answered}/{self.requests} answered, the last after "
            f"{self.all_answered_after:.1f} s"
        )


def _engine() -> Engine:
    return Engine.from_source(directories([BUNDLED_KNOWLEDGE]))


def _post(url: str, body: str) -> tuple[int, float]:
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", **sign(body)},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status, time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - started
    except OSError:
        return 0, time.monotonic() - started


AppBuilder = Callable[[Settings, Engine], App]


def jobbot_app(settings: Settings, engine: Engine) -> App:
    return build_app(settings, engine)[0]


def slack_soak(
    requests: int = 200,
    api_delay: float = 1.0,
    answers_within: float = 60,
    build: AppBuilder = jobbot_app,
) -> Soak:
    """`requests` signed slash commands at once over HTTP; every Web API call and
    response_url post answered only after `api_delay`. `build` makes the Bolt app
    (jobbot's by default; bench/bench_ack.py also measures Bolt's defaults)."""
    fake = FakeSlack().start()
    settings = Settings(
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=fake.url
    )
    app = build(settings, _engine())
    server = HttpServer(app, signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0)
    url = f"http://127.0.0.1:{server.start()}/slack/events"
    fake.slow("", api_delay)
    soak = Soak("slack", requests, api_delay)
    try:
        bodies = [
            command_body(command, text, fake.response_url(f"soak{n}"), user_id=f"U{n:05d}")
            for n, (command, text) in enumerate(QUERIES[n % len(QUERIES)] for n in range(requests))
        ]
        started = time.monotonic()
        with ThreadPoolExecutor(requests) as pool:
            results = list(pool.map(lambda body: _post(url, body), bodies))
        soak.acks = [took for status, took in results if status == 200]
        soak.failed = requests - len(soak.acks)
        deadline = started + answers_within
        while time.monotonic() < deadline and len(fake.calls("/response/soak")) < requests:
            time.sleep(0.05)
        answers = fake.calls("/response/soak")
        soak.answered = len({r.path for r in answers})
        soak.all_answered_after = max((r.at for r in answers), default=started) - started
    finally:
        fake.release()
        app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)
        server.stop()
        fake.stop()
    return soak


async def discord_soak(
    requests: int = 200,
    api_delay: float = 1.0,
    answers_within: float = 60,
    defer_after: float = 0.0,
) -> Soak:
    """`requests` slash commands dispatched at once through the gateway; every interaction
    callback and response edit accepted only after `api_delay`. `defer_after` > 0 is the
    old "answer at once if quick, else defer" behaviour, for comparison."""
    soak = Soak("discord", requests, api_delay)
    async with fake_discord() as fake:
        bot = JobBot(_engine(), guild_ready_timeout=0.01, defer_after=defer_after)
        async with connected(bot, fake):
            fake.slow("POST", CALLBACK, api_delay)
            fake.slow("PATCH", ORIGINAL, api_delay)
            payloads = [
                slash(command.lstrip("/"), **{"query" if command == "/jobs" else "question": text})
                for command, text in (QUERIES[n % len(QUERIES)] for n in range(requests))
            ]
            sent: dict[str, float] = {}
            started = time.monotonic()
            for payload in payloads:
                sent[payload["id"]] = time.monotonic()
                await fake.dispatch("INTERACTION_CREATE", payload)
            await _until(fake.wait_for("POST", CALLBACK, requests, within=2 * DEADLINE + 5))
            for payload in payloads:
                found = fake.find("POST", callback_path(payload))
                if found:
                    soak.acks.append(found[0].at - sent[payload["id"]])
            soak.failed = requests - len(soak.acks)
            answered_at = []
            for payload in payloads:
                callback = fake.find("POST", callback_path(payload))
                if callback and callback[0].body["type"] == 4:  # answered with the callback
                    answered_at.append(callback[0].at)
            await _until(
                fake.wait_for("PATCH", ORIGINAL, requests - len(answered_at), within=answers_within)
            )
            for payload in payloads:
                answered_at += [edit.at for edit in fake.find("PATCH", original_path(payload))[:1]]
            soak.answered = len(answered_at)
            soak.all_answered_after = max(answered_at, default=started) - started
    return soak


async def _until(waiting: Awaitable[object]) -> None:
    """Wait for the fake to have seen them all; on a timeout, count what did arrive."""
    with contextlib.suppress(TimeoutError):
        await waiting
