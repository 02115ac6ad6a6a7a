"""The send path on its own: a look before any resend that may duplicate, leases renewed
while a send is slow, and a pass that finds a lease standing asks to run again when it
runs out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from jobbot.announce.publisher import DeliveryError
from jobbot.announce.scheduler import RETRY_JOB_ID, Announcer, schedule
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.clock import SystemClock
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
    s = Store(f"sqlite:///{tmp_path / 'delivery.db'}")
    yield s
    s.close()


def subscribed(store: Store, knowledge: Path, clock: FakeClock | SystemClock) -> str:
    """The back catalogue seen, a channel subscribed to golang, then a new Go posting."""
    Announcer(store, [], directories([knowledge]), clock=clock).run_once()
    if isinstance(clock, FakeClock):
        clock.advance(minutes=1)
    Subscriptions(store, clock).subscribe("slack", "C1", "U1", "golang", can_manage=True)
    if isinstance(clock, FakeClock):
        clock.advance(minutes=1)
    else:
        time.sleep(0.01)
    write_posting(knowledge, "golang.md", "Go Developer", "Golang microservices, remote.")
    return "golang"


def test_after_an_uncertain_failure_the_next_attempt_looks_before_sending(
    store: Store, knowledge: Path
) -> None:
    clock = FakeClock()
    pid = subscribed(store, knowledge, clock)
    timeout = DeliveryError("read timed out", uncertain=True)
    publisher = RecordingPublisher(clock=clock, after_accepting=[timeout])

    report = Announcer(store, [publisher], directories([knowledge]), clock=clock).run_once()

    assert publisher.posting_ids() == [pid]  # accepted once, never sent again
    assert publisher.finds == 1
    assert [s.posting_ids for s in report.found] == [[pid]]
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "done",
        2,
        "read timed out",
    )


def test_a_refusal_is_resent_without_looking(store: Store, knowledge: Path) -> None:
    clock = FakeClock()
    subscribed(store, knowledge, clock)
    publisher = RecordingPublisher(clock=clock, failures=[DeliveryError("HTTP 400")])
    Announcer(store, [publisher], directories([knowledge]), clock=clock).run_once()
    assert publisher.finds == 0
    assert len(publisher.sent) == 1


def test_a_slow_send_keeps_its_claim_alive(store: Store, knowledge: Path) -> None:
    """With a lease shorter than the send, only the heartbeat stops a second scheduler (no
    leader lock) from taking the claim over and posting a second copy."""
    clock = SystemClock()
    subscribed(store, knowledge, clock)
    lease = timedelta(seconds=0.3)
    slow = RecordingPublisher(delay=1.0)
    rival = RecordingPublisher()

    def announcer(publisher: RecordingPublisher) -> Announcer:
        return Announcer(
            store,
            [publisher],
            directories([knowledge]),
            claim_lease=lease,
            leader_lease=lease,
            use_leader_lock=False,
        )

    first = threading.Thread(target=announcer(slow).run_once)
    first.start()
    time.sleep(0.6)  # twice the lease into the slow send
    announcer(rival).run_once()
    first.join(timeout=10)
    assert len(slow.sent) == 1
    assert rival.sent == []
    assert [d.status for d in store.deliveries()] == ["done"]


def test_a_pass_that_finds_the_lock_taken_runs_again_when_its_lease_runs_out(
    store: Store, knowledge: Path
) -> None:
    clock = SystemClock()
    subscribed(store, knowledge, clock)
    publisher = RecordingPublisher()
    announcer = Announcer(
        store,
        [publisher],
        directories([knowledge]),
        leader_lease=timedelta(seconds=15),
    )
    scheduler = BackgroundScheduler()
    scheduler.start(paused=True)
    try:
        job = schedule(scheduler, announcer, 300)
        # A scheduler that died a moment ago still holds the lock for a few seconds.
        with store.leader("announcer", clock.now(), timedelta(seconds=3), "dead-one") as other:
            assert other is not None
            job.func()
        again = scheduler.get_job(RETRY_JOB_ID)
        assert again is not None
        wait = (again.next_run_time - clock.now()).total_seconds()
        assert 2 < wait < 5  # when the dead one's lease runs out, not in five minutes
        assert publisher.sent == []
        again.func()
        assert publisher.posting_ids() == ["golang"]
    finally:
        scheduler.shutdown(wait=False)


def test_stopping_in_the_middle_of_a_send_gives_the_claim_back(
    store: Store, knowledge: Path
) -> None:
    clock = FakeClock()
    subscribed(store, knowledge, clock)

    def interrupted(_announcement: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of a send

    announcer = Announcer(
        store,
        [RecordingPublisher(on_publish=interrupted)],
        directories([knowledge]),
        clock=clock,
    )
    with pytest.raises(KeyboardInterrupt):
        announcer.run_once()
    [released] = store.deliveries()
    assert released.status == "retry"  # due now, not after a lease
    assert released.next_attempt_at == clock.now()
    publisher = RecordingPublisher()
    clock.advance(seconds=1)
    Announcer(store, [publisher], directories([knowledge]), clock=clock).run_once()
    assert publisher.posting_ids() == ["golang"]
