"""Subscribing a channel, as a user types it in any chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.discord.syntax import SYNTAX
from jobbot.announce.commands import has_criteria
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions, is_subscription_command
from jobbot.engine import Engine
from jobbot.models import Answer, Query, Request
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock, knowledge_with_background, write_posting


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'subs.db'}")
    yield s
    s.close()


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    root = knowledge_with_background(tmp_path / "knowledge")
    write_posting(root, "golang.md", "Go Developer", "Golang microservices and gRPC, remote.")
    return Engine.from_source(directories([root]))


@pytest.fixture
def subs(store: Store, engine: Engine) -> Subscriptions:
    return Subscriptions(store, FakeClock(), engine)


def test_manager_subscribes_and_sees_it_listed(subs: Subscriptions, store: Store) -> None:
    reply = subs.handle("slack", "C1", "U1", True, "subscribe golang")
    assert "Subscribed this channel to `golang` (#1)" in reply
    assert "1 current posting matches already" in reply
    assert "/jobs unsubscribe 1" in reply
    [sub] = store.subscriptions("slack", "C1")
    assert (sub.query, sub.created_by) == ("golang", "U1")

    listing = subs.handle("slack", "C1", "U9", False, "subscriptions")
    assert "#1 `golang`" in listing
    assert "2026-03-02" in listing
    assert subs.list("slack", "C2").startswith("This channel has no subscriptions")


def test_non_manager_is_refused_and_nothing_changes(subs: Subscriptions, store: Store) -> None:
    subs.subscribe("slack", "C1", "U1", "golang", can_manage=True)
    refused = subs.handle("slack", "C1", "U2", False, "subscribe python")
    assert "Only people who can manage this channel" in refused
    assert "Only people who can manage" in subs.unsubscribe("slack", "C1", 1, can_manage=False)
    assert [s.query for s in store.subscriptions()] == ["golang"]


def test_empty_and_huge_queries_get_a_clear_reply(subs: Subscriptions, store: Store) -> None:
    assert "Tell me what to watch for" in subs.handle("slack", "C1", "U1", True, "subscribe   ")
    huge = subs.subscribe("slack", "C1", "U1", "word " * 200, can_manage=True)
    assert "too long" in huge
    assert store.subscriptions() == []


def test_duplicate_subscription_is_reported_not_added(subs: Subscriptions, store: Store) -> None:
    subs.subscribe("slack", "C1", "U1", "golang remote", can_manage=True)
    reply = subs.subscribe("slack", "C1", "U2", "Golang   REMOTE", can_manage=True)
    assert reply == "This channel is already subscribed to `golang remote` (#1)."
    assert len(store.subscriptions()) == 1


def test_unsubscribe_by_number(subs: Subscriptions, store: Store) -> None:
    subs.subscribe("slack", "C1", "U1", "golang", can_manage=True)
    subs.subscribe("slack", "C2", "U1", "golang", can_manage=True)
    assert "no subscription #2" in subs.unsubscribe("slack", "C1", "2", can_manage=True)
    assert "`abc` is not a subscription number" in subs.handle(
        "slack", "C1", "U1", True, "unsubscribe abc"
    )
    assert "Which one?" in subs.handle("slack", "C1", "U1", True, "unsubscribe")
    assert subs.handle("slack", "C1", "U1", True, "unsubscribe #1") == (
        "Unsubscribed #1 (`golang`). No more announcements for it here."
    )
    assert [(s.id, s.channel) for s in store.subscriptions()] == [(2, "C2")]


class NothingToMatch:
    """An engine whose parser finds no keyword or filter (e.g. only stop words)."""

    def ask(self, request: Request | str) -> Answer:
        return Answer(intent="jobs", query=Query(raw=str(request)))


def test_query_with_nothing_to_match_is_refused(store: Store) -> None:
    subs = Subscriptions(store, FakeClock(), NothingToMatch())
    reply = subs.subscribe("discord", "42", "7", "the and of", can_manage=True)
    assert "can't find anything to match" in reply
    assert store.subscriptions() == []


def test_store_failure_is_a_message_not_a_traceback(subs: Subscriptions, store: Store) -> None:
    store.engine.dispose()
    Path(str(store.engine.url.database)).unlink()
    Path(str(store.engine.url.database)).mkdir()  # the database file is now unusable
    assert "unavailable right now" in subs.list("slack", "C1")
    assert "unavailable right now" in subs.subscribe("slack", "C1", "U1", "go", can_manage=True)


def test_channel_limit(store: Store, engine: Engine) -> None:
    subs = Subscriptions(store, FakeClock(), engine, max_per_channel=2)
    subs.subscribe("slack", "C1", "U1", "golang", can_manage=True)
    subs.subscribe("slack", "C1", "U1", "swift", can_manage=True)
    assert "already has 2 subscriptions" in subs.subscribe(
        "slack", "C1", "U1", "spark", can_manage=True
    )


def test_hints_are_spelled_in_the_platforms_syntax(store: Store, engine: Engine) -> None:
    subs = Subscriptions(store, FakeClock(), engine, syntax=SYNTAX)
    assert "`/unsubscribe id:1`" in subs.subscribe("discord", "9", "7", "golang", can_manage=True)


def test_routing_helpers() -> None:
    assert is_subscription_command("Subscribe backend")
    assert is_subscription_command("subscriptions")
    assert not is_subscription_command("subscriber growth roles")
    assert not is_subscription_command("")
    assert has_criteria(Query(workplace=["remote"]))
    assert not has_criteria(Query(raw="the"))
