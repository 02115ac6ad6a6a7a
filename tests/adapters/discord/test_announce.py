"""Announcements end to end through Discord: a channel subscribes with `/subscribe` (real
discord.py over the fake gateway), the real `Announcer` polls a knowledge directory and the
real `DiscordPublisher` posts to the fake Discord REST API."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import JobBot
from adapters.discord.poster import DiscordPublisher
from adapters.discord.syntax import SYNTAX
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.engine import Engine
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.discord.test_bot import run_bot
from tests.support.announce_doubles import FakeClock, knowledge_with_background
from tests.support.fake_discord import (
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    MANAGE_CHANNELS,
    TOKEN,
    FakeDiscord,
    buttons,
    callback_path,
    slash,
)

MESSAGES = rf"^/channels/{CHANNEL_ID}/messages$"
MANAGER = str(int(EVERYONE_PERMISSIONS) | MANAGE_CHANNELS)
CALLBACK = r"^/interactions/\d+/[^/]+/callback$"


def add_posting(knowledge: Path, n: int) -> str:
    """A new Go opening with an apply link; returns its posting id."""
    path = knowledge / "postings" / f"golang-{n}.md"
    path.write_text(
        f"---\nid: golang-{n}\ntitle: Go Developer {n}\ncompany: Gopher Co\n"
        f"url: https://jobs.example.com/golang-{n}\n---\n"
        "Golang microservices with gRPC, remote.\n",
        encoding="utf-8",
    )
    return path.stem


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_with_background(tmp_path / "knowledge", fillers=10)


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store(Settings().database_url)  # the conftest's tmp SQLite, as `jobbot discord` uses
    yield s
    s.close()


class Deployment:
    """The bot, the scheduler and the publisher sharing one database and one fake clock."""

    def __init__(self, fake: FakeDiscord, store: Store, knowledge: Path, clock: FakeClock) -> None:
        self.fake = fake
        self.store = store
        self.knowledge = knowledge
        self.clock = clock
        self.publisher = DiscordPublisher(TOKEN)
        self.announcer = self.new_announcer()

    def new_announcer(self) -> Announcer:
        return Announcer(
            self.store, [self.publisher], directories([self.knowledge]), clock=self.clock
        )

    async def run_once(self) -> RunReport:
        """One scheduler pass, in a worker thread as under APScheduler."""
        return await asyncio.to_thread(self.announcer.run_once)

    async def restart(self) -> None:
        """A new scheduler process: fresh publisher and announcer, same database."""
        await asyncio.to_thread(self.publisher.close)
        self.publisher = DiscordPublisher(TOKEN)
        self.announcer = self.new_announcer()

    async def close(self) -> None:
        await asyncio.to_thread(self.publisher.close)

    async def command(self, payload: dict[str, Any]) -> str:
        """Dispatch a slash command; the bot's (ephemeral) reply text."""
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await self.fake.wait_for("POST", callback_path(payload))
        assert callback.body["data"]["flags"] & 64
        return str((await self.fake.reply_to(payload))["content"])

    def posts(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.find("POST", MESSAGES)]


Flow = Callable[[Deployment], Awaitable[None]]


def deploy(store: Store, knowledge: Path, flow: Flow) -> FakeClock:
    """Run `flow(deployment)` with a connected bot whose subscriptions use the fake clock."""
    clock = FakeClock()
    engine = Engine.from_source(directories([knowledge]))
    service = Subscriptions(store, clock, engine, syntax=SYNTAX)

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        deployment = Deployment(fake, store, knowledge, clock)
        try:
            await flow(deployment)
        finally:
            await deployment.close()

    run_bot(engine, scenario, subscriptions=service)
    return clock


async def subscribe_and_baseline(d: Deployment, query: str = "golang") -> None:
    reply = await d.command(slash("subscribe", query=query, member_permissions=MANAGER))
    assert reply.startswith(f"Subscribed this channel to `{query}`"), reply
    baseline = await d.run_once()
    assert baseline.sync is not None
    assert baseline.sync.first_sync
    assert baseline.sent == []
    assert d.posts() == []
    d.clock.advance(minutes=1)


def test_new_posting_is_announced_once_as_a_card_with_apply_even_after_a_restart(
    store: Store, knowledge: Path
) -> None:
    async def flow(d: Deployment) -> None:
        refused = await d.command(
            slash("subscribe", query="designer", member_permissions=EVERYONE_PERMISSIONS)
        )
        assert "Only people who can manage this channel" in refused
        await subscribe_and_baseline(d)
        assert [s.query for s in d.store.subscriptions("discord", CHANNEL_ID)] == ["golang"]

        add_posting(d.knowledge, 1)
        report = await d.run_once()
        assert [s.posting_ids for s in report.sent] == [["golang-1"]]
        (post,) = d.posts()
        assert post["content"] == "New opening matching “golang”"
        (embed,) = post["embeds"]
        assert embed["title"] == "Go Developer 1"
        assert embed["url"] == "https://jobs.example.com/golang-1"
        apply, *track = buttons(post["components"])
        assert (apply["label"], apply["url"]) == ("Apply", "https://jobs.example.com/golang-1")
        assert [b["label"] for b in track] == ["Save", "Applied", "Not interested"]
        assert post["allowed_mentions"] == {"parse": []}

        d.clock.advance(minutes=1)
        assert (await d.run_once()).sent == []
        await d.restart()
        d.clock.advance(minutes=1)
        again = await d.run_once()
        assert again.sent == []
        assert again.error is None
        assert len(d.posts()) == 1  # still exactly one message

    deploy(store, knowledge, flow)


def test_rate_limited_announcement_is_retried_and_delivered_once(
    store: Store, knowledge: Path
) -> None:
    async def flow(d: Deployment) -> None:
        await subscribe_and_baseline(d)
        # longer than discord.py waits itself (30 s), so the publisher raises DeliveryError
        d.fake.fail(
            "POST",
            MESSAGES,
            429,
            body={"message": "You are being rate limited.", "retry_after": 45.0, "global": False},
            headers={"Retry-After": "45", "Via": "1.1 google", "X-RateLimit-Scope": "user"},
        )
        add_posting(d.knowledge, 1)
        report = await d.run_once()
        assert [s.posting_ids for s in report.sent] == [["golang-1"]]
        assert report.deferred == []
        assert report.failed == []
        assert 45.0 in d.clock.sleeps  # Retry-After honoured (on the fake clock)
        refused, delivered = d.fake.find("POST", MESSAGES)
        assert refused.body == delivered.body
        d.clock.advance(minutes=5)
        assert (await d.run_once()).sent == []
        assert len(d.fake.find("POST", MESSAGES)) == 2

    deploy(store, knowledge, flow)


def test_long_rate_limit_defers_to_a_later_pass_then_delivers_once(
    store: Store, knowledge: Path
) -> None:
    async def flow(d: Deployment) -> None:
        await subscribe_and_baseline(d)
        d.fake.fail(
            "POST",
            MESSAGES,
            429,
            body={"message": "You are being rate limited.", "retry_after": 600.0, "global": True},
            headers={"Retry-After": "600", "Via": "1.1 google", "X-RateLimit-Global": "true"},
        )
        add_posting(d.knowledge, 1)
        first = await d.run_once()
        assert first.sent == []
        assert len(first.deferred) == 1
        d.clock.advance(minutes=1)
        assert (await d.run_once()).sent == []  # not before Retry-After
        await d.restart()
        d.clock.advance(minutes=10)
        later = await d.run_once()
        assert [s.posting_ids for s in later.sent] == [["golang-1"]]
        assert len(d.fake.find("POST", MESSAGES)) == 2  # one refused, one delivered

    deploy(store, knowledge, flow)


def test_more_new_postings_than_the_threshold_become_one_digest(
    store: Store, knowledge: Path
) -> None:
    async def flow(d: Deployment) -> None:
        await subscribe_and_baseline(d)
        ids = [add_posting(d.knowledge, n) for n in range(1, 7)]  # threshold is 5
        report = await d.run_once()
        assert len(report.sent) == 1
        assert sorted(report.sent[0].posting_ids) == sorted(ids)
        (post,) = d.posts()
        (digest,) = post["embeds"]
        assert digest["title"] == "6 new openings matching “golang”"
        for n in range(1, 7):
            assert (
                f"[Go Developer {n}](https://jobs.example.com/golang-{n})"
                in (digest["description"])
            )

    deploy(store, knowledge, flow)
