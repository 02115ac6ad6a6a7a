"""Edits in place, platform-neutral: redrawn when a posting's state changes, retried when
the platform says "later", left alone when the change undid itself meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jobbot.announce.messages import Messages
from jobbot.announce.publisher import DeliveryError
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.sources import directories
from tests.support.announce_doubles import (
    FakeClock,
    RecordingPublisher,
    knowledge_with_background,
    write_posting,
)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_with_background(tmp_path / "knowledge", fillers=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'edits.db'}")
    yield s
    s.close()


def run(store: Store, knowledge: Path, clock: FakeClock, publisher: RecordingPublisher):
    clock.advance(minutes=5)
    return Announcer(store, [publisher], directories([knowledge]), clock=clock).run_once()


def test_a_change_that_undoes_itself_before_the_edit_is_never_drawn(
    store: Store, knowledge: Path
) -> None:
    clock = FakeClock()
    publisher = RecordingPublisher(clock=clock)
    run(store, knowledge, clock, publisher)
    Subscriptions(store, clock).subscribe("slack", "C1", "U1", "golang", can_manage=True)
    path = write_posting(knowledge, "golang.md", "Go Developer", "Golang services, remote.")
    run(store, knowledge, clock, publisher)
    assert len(publisher.sent) == 1

    saved = path.read_text(encoding="utf-8")
    path.unlink()
    publisher.edit_failures = [DeliveryError("rate limited", retry_after=600)]
    first = run(store, knowledge, clock, publisher)
    assert first.edits.deferred  # Slack said later
    path.write_text(saved, encoding="utf-8")  # and the posting is back before later came
    clock.advance(minutes=15)
    for _ in range(3):
        run(store, knowledge, clock, publisher)
    assert publisher.edits == []  # nothing to redraw: it shows what is true
    counts = Messages(store).edit_counts()
    assert (counts.done, counts.failed) == (0, 0)
    assert Messages(store).editable(["slack"]) == []  # and it is not looked at again


def test_a_later_edit_is_retried_and_made_once(store: Store, knowledge: Path) -> None:
    clock = FakeClock()
    publisher = RecordingPublisher(clock=clock)
    run(store, knowledge, clock, publisher)
    Subscriptions(store, clock).subscribe("slack", "C1", "U1", "golang", can_manage=True)
    path = write_posting(knowledge, "golang.md", "Go Developer", "Golang services, remote.")
    run(store, knowledge, clock, publisher)
    path.unlink()
    publisher.edit_failures = [DeliveryError("HTTP 503", uncertain=True)]
    run(store, knowledge, clock, publisher)
    assert publisher.edits == []
    clock.advance(minutes=10)
    for _ in range(3):
        run(store, knowledge, clock, publisher)
    [(receipt, edited)] = publisher.edits
    assert receipt.messages == ["m1"]
    assert edited.closed == ["golang"]
    assert Messages(store).edit_counts().done == 1
