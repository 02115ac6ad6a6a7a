"""Every interaction is acknowledged before its work starts, so a slow engine, a slow API or
a locked database never costs Discord's 3-second deadline. Real discord.py against the fake
Discord; the fake's clock is when it accepted a request (after its `slow` delay)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.discord.bot import JobBot
from adapters.discord.syntax import SYNTAX
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.models import Answer, Request
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.discord.conftest import RecordingEngine
from tests.adapters.discord.test_bot import CALLBACK, run_bot
from tests.support.fake_discord import (
    EVERYONE_PERMISSIONS,
    MANAGE_CHANNELS,
    FakeDiscord,
    by_label,
    callback_path,
    click,
    slash,
)

API_DELAY = 1.0  # every interaction callback takes this long to be accepted
MANAGER = str(int(EVERYONE_PERMISSIONS) | MANAGE_CHANNELS)


class SlowEngine(RecordingEngine):
    """The real engine, taking `pause` seconds per answer and noting when each began."""

    pause = 2.5  # an old-style "defer after 2 s" plus the slow API would miss the deadline
    started: list[float]

    def ask(self, request: Request | str) -> Answer:
        self.started.append(time.monotonic())
        time.sleep(self.pause)
        return super().ask(request)


@pytest.fixture
def slow_engine(knowledge: Path) -> SlowEngine:
    engine = SlowEngine.from_source(directories([knowledge]))
    engine.requests, engine.started = [], []
    return engine


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store(Settings().database_url)
    yield s
    s.close()


async def acknowledged(fake: FakeDiscord, payload: dict) -> tuple[int, float]:
    """Dispatch `payload`; the type of its callback and how long until Discord had it."""
    sent = time.monotonic()
    await fake.dispatch("INTERACTION_CREATE", payload)
    (callback,) = await fake.wait_for("POST", callback_path(payload), within=6)
    return callback.body["type"], callback.at - sent


@pytest.mark.slow(3.5)
def test_a_slow_answer_over_a_slow_api_is_acknowledged_before_the_engine_runs(
    slow_engine: SlowEngine,
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        fake.slow("POST", CALLBACK, API_DELAY)
        payload = slash("jobs", query="python")
        kind, took = await acknowledged(fake, payload)
        assert kind == 5  # deferred: "jobbot is thinking…"
        assert took < API_DELAY + 0.8, f"acknowledged after {took:.2f} s"
        (callback,) = fake.find("POST", callback_path(payload))
        assert callback.at <= slow_engine.started[0], "the engine started before the ack"
        answer = await fake.reply_to(payload)
        assert len(answer["embeds"]) == 5

    run_bot(slow_engine, scenario)


def test_a_page_click_is_acknowledged_before_the_engine_runs(slow_engine: SlowEngine) -> None:
    slow_engine.pause = 0.0

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        first = slash("jobs", query="python")
        await fake.dispatch("INTERACTION_CREATE", first)
        sent = await fake.reply_to(first)
        slow_engine.pause = 1.0
        fake.slow("POST", CALLBACK, API_DELAY)
        page = click(by_label(sent["components"], "Next")["custom_id"], sent, ephemeral=True)
        kind, took = await acknowledged(fake, page)
        assert kind == 6  # deferred update: the clicked message is edited in place
        assert took < API_DELAY + 0.8, f"acknowledged after {took:.2f} s"
        assert "page 2 of 3" in (await fake.reply_to(page))["content"]
        (callback,) = fake.find("POST", callback_path(page))
        assert callback.at <= slow_engine.started[-1], "the engine started before the ack"

    run_bot(slow_engine, scenario)


def test_a_locked_database_delays_no_ack_and_no_search(
    engine: RecordingEngine, store: Store
) -> None:
    service = Subscriptions(store, engine=engine, syntax=SYNTAX)
    database = store.engine.url.database
    assert database

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        fake.slow("POST", CALLBACK, API_DELAY)
        writer = sqlite3.connect(database, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            subscribes = [
                slash("subscribe", query=f"rust {n}", member_permissions=MANAGER) for n in range(8)
            ]
            searches = [slash("jobs", query="python") for _ in range(3)]
            suggest = slash("unsubscribe", id="", focused="id", option_types={"id": 4})
            acks = await asyncio.gather(
                *(acknowledged(fake, p) for p in [*subscribes, *searches, suggest])
            )
            late = [round(took, 2) for _, took in acks if took >= API_DELAY + 1.5]
            assert not late, f"{len(late)} of {len(acks)} acknowledged late: {late}"
            assert acks[-1][0] == 8  # autocomplete gives up on the database, offers nothing
            for search in searches:
                assert (await fake.reply_to(search, within=3))["embeds"]
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        for subscribe in subscribes:
            reply = await fake.reply_to(subscribe, within=10)
            assert reply["content"].startswith("Subscribed this channel")

    run_bot(engine, scenario, subscriptions=service)
    assert len(store.subscriptions("discord", "900000000000000003")) == 8
