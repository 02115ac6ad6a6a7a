"""`/subscribe`, `/subscriptions`, `/unsubscribe`: real discord.py against the fake Discord,
the real `Subscriptions` service and a SQLite store."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import JobBot
from adapters.discord.subscriptions import NO_DATABASE, SERVER_ONLY
from adapters.discord.syntax import SYNTAX
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.models import Answer, Request
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.discord.conftest import RecordingEngine
from tests.adapters.discord.test_bot import CALLBACK, EPHEMERAL, ORIGINAL, Scenario, run_bot
from tests.support.fake_discord import (
    CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    MANAGE_CHANNELS,
    USER_ID,
    FakeDiscord,
    callback_path,
    slash,
)

MANAGER_PERMISSIONS = str(int(EVERYONE_PERMISSIONS) | MANAGE_CHANNELS)


@pytest.fixture
def store() -> Iterator[Store]:
    """The database `jobbot discord` would use (the conftest points it at a tmp SQLite)."""
    s = Store(Settings().database_url)
    yield s
    s.close()


def run_with_subscriptions(
    engine: RecordingEngine, store: Store | None, scenario: Scenario, **options: Any
) -> None:
    service = Subscriptions(store, engine=engine, syntax=SYNTAX) if store else None
    run_bot(engine, scenario, subscriptions=service, **options)


async def reply_to(fake: FakeDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    """Send an interaction; the bot's single response to it: the callback's `type`, and as
    `data` the message the user sees (edited into a deferred response), with its flags."""
    await fake.dispatch("INTERACTION_CREATE", payload)
    (callback,) = await fake.wait_for("POST", callback_path(payload))
    data = dict(callback.body.get("data") or {})
    if callback.body["type"] in (5, 6):
        data.update(await fake.reply_to(payload))
    await asyncio.sleep(0.05)
    assert len(fake.find("POST", callback_path(payload))) == 1  # exactly one answer
    assert not fake.find("POST", rf"^/webhooks/\d+/{payload['token']}$")  # and no follow-up
    return {"type": callback.body["type"], "data": data}


def test_manager_subscribes_lists_and_unsubscribes_the_channel(
    engine: RecordingEngine, store: Store
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        body = await reply_to(
            fake,
            slash("subscribe", query="python  remote", member_permissions=MANAGER_PERMISSIONS),
        )
        data = body["data"]
        assert data["flags"] & EPHEMERAL
        assert data["content"].startswith("Subscribed this channel to `python remote` (#1).")
        assert "Stop with `/unsubscribe id:1`." in data["content"]
        assert data["allowed_mentions"] == {"parse": []}
        (sub,) = store.subscriptions("discord", CHANNEL_ID)
        assert (sub.query, sub.created_by) == ("python remote", USER_ID)

        listing = (await reply_to(fake, slash("subscriptions")))["data"]
        assert listing["flags"] & EPHEMERAL
        assert "**Subscriptions in this channel**" in listing["content"]
        assert "#1 `python remote`" in listing["content"]

        await reply_to(fake, slash("subscribe", query="golang"))
        choices = await reply_to(
            fake, slash("unsubscribe", id="", focused="id", option_types={"id": 4})
        )
        assert choices["type"] == 8  # autocomplete result
        assert choices["data"]["choices"] == [
            {"name": "#1 python remote", "value": 1},
            {"name": "#2 golang", "value": 2},
        ]
        narrowed = await reply_to(
            fake, slash("unsubscribe", id="go", focused="id", option_types={"id": 4})
        )
        assert narrowed["data"]["choices"] == [{"name": "#2 golang", "value": 2}]

        gone = (await reply_to(fake, slash("unsubscribe", id=1)))["data"]
        assert gone["content"].startswith("Unsubscribed #1 (`python remote`).")
        assert [s.query for s in store.subscriptions("discord", CHANNEL_ID)] == ["golang"]
        again = (await reply_to(fake, slash("unsubscribe", id=1)))["data"]
        assert "This channel has no subscription #1" in again["content"]
        empty = (await reply_to(fake, slash("subscribe", query=" ")))["data"]
        assert "e.g. `/subscribe query:backend remote`" in empty["content"]

    run_with_subscriptions(engine, store, scenario)


def test_member_without_manage_channels_is_refused_and_nothing_is_stored(
    engine: RecordingEngine, store: Store
) -> None:
    store.add_subscription("discord", CHANNEL_ID, "golang", "someone", datetime.now(UTC))

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        for payload in (
            slash("subscribe", query="python", member_permissions=EVERYONE_PERMISSIONS),
            slash("unsubscribe", id=1, member_permissions=EVERYONE_PERMISSIONS),
        ):
            data = (await reply_to(fake, payload))["data"]
            assert data["flags"] & EPHEMERAL
            assert "Only people who can manage this channel" in data["content"]
            assert "`/subscriptions`" in data["content"]
        listing = await reply_to(
            fake, slash("subscriptions", member_permissions=EVERYONE_PERMISSIONS)
        )
        assert "#1 `golang`" in listing["data"]["content"]  # anyone may look

    run_with_subscriptions(engine, store, scenario)
    assert [s.query for s in store.subscriptions("discord", CHANNEL_ID)] == ["golang"]


def test_subscriptions_in_a_dm_are_explained_and_nothing_is_stored(
    engine: RecordingEngine, store: Store
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        for payload in (
            slash("subscribe", query="python", in_dm=True),
            slash("subscriptions", in_dm=True),
            slash("unsubscribe", id=1, in_dm=True),
        ):
            data = (await reply_to(fake, payload))["data"]
            assert data["content"] == SERVER_ONLY
            assert data["flags"] & EPHEMERAL
        choices = await reply_to(
            fake, slash("unsubscribe", id="", focused="id", in_dm=True, option_types={"id": 4})
        )
        assert choices["data"]["choices"] == []

    run_with_subscriptions(engine, store, scenario)
    assert store.subscriptions() == []


def test_query_with_nothing_to_match_is_explained(engine: RecordingEngine, store: Store) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        data = (await reply_to(fake, slash("subscribe", query="the and of")))["data"]
        assert "I can't find anything to match" in data["content"]

    run_with_subscriptions(engine, store, scenario)
    assert store.subscriptions() == []


def test_without_a_database_subscriptions_say_so_and_search_still_works(
    engine: RecordingEngine,
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        data = (await reply_to(fake, slash("subscribe", query="python")))["data"]
        assert data["content"] == NO_DATABASE
        jobs = (await reply_to(fake, slash("jobs", query="python")))["data"]
        assert jobs["embeds"]

    run_with_subscriptions(engine, None, scenario)


def test_help_names_discords_subscription_commands(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        data = (await reply_to(fake, slash("jobs", query="help")))["data"]
        text = "\n".join(e.get("description", "") for e in data["embeds"]) + (data["content"] or "")
        assert "`/subscribe query:<text>`" in text
        assert "`/subscriptions`" in text
        assert "`/unsubscribe id:<number>`" in text
        assert "/jobs subscribe" not in text

    run_with_subscriptions(engine, None, scenario)


class SlowEngine(RecordingEngine):
    """An engine that takes longer than Discord's 3-second budget would allow."""

    def ask(self, request: Request | str) -> Answer:
        time.sleep(0.3)
        return super().ask(request)


def test_slow_subscribe_is_deferred_then_the_reply_edited_in(knowledge: Path, store: Store) -> None:
    engine = SlowEngine.from_source(directories([knowledge]))

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("subscribe", query="python"))
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["type"] == 5  # deferred: "jobbot is thinking…"
        assert callback.body["data"]["flags"] & EPHEMERAL
        (edit,) = await fake.wait_for("PATCH", ORIGINAL)
        assert edit.body["content"].startswith("Subscribed this channel to `python` (#1).")

    run_with_subscriptions(engine, store, scenario, defer_after=0.05)
    assert [s.query for s in store.subscriptions("discord", CHANNEL_ID)] == ["python"]
