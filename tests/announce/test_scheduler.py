"""The announcement loop: exactly once per channel, through crashes, rate limits and rivals."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from adapters.console.publisher import ConsolePublisher, render_announcement
from jobbot.announce.publisher import Announcement, DeliveryError
from jobbot.announce.scheduler import Announcer, schedule
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.models import Posting, Salary
from jobbot.sources import directories
from tests.support.announce_doubles import (
    START,
    FakeClock,
    RecordingPublisher,
    knowledge_with_background,
    rate_limited,
    write_posting,
)
from tests.support.paths import ROOT


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_with_background(tmp_path / "knowledge", fillers=10)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'announce.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def announcer(
    store: Store, knowledge: Path, clock: FakeClock, *publishers: RecordingPublisher, **kw: object
) -> Announcer:
    return Announcer(store, publishers, directories([knowledge]), clock=clock, **kw)  # type: ignore[arg-type]


def subscribe(store: Store, clock: FakeClock, platform: str, channel: str, query: str) -> None:
    reply = Subscriptions(store, clock).subscribe(platform, channel, "U1", query, can_manage=True)
    assert reply.startswith("Subscribed"), reply


def baseline_and_subscribe(
    store: Store, knowledge: Path, clock: FakeClock, subs: list[tuple[str, str, str]]
) -> None:
    """The scheduler has seen the back catalogue; then channels subscribe."""
    report = announcer(store, knowledge, clock, RecordingPublisher()).run_once()
    assert report.sync is not None
    assert report.sync.first_sync
    clock.advance(minutes=1)
    for platform, channel, query in subs:
        subscribe(store, clock, platform, channel, query)
    clock.advance(minutes=1)


def add_go_posting(knowledge: Path, name: str = "golang.md", n: int = 1) -> str:
    write_posting(knowledge, name, f"Go Developer {n}", "Golang microservices with gRPC, remote.")
    return Path(name).stem


def test_new_file_is_announced_once_per_matching_channel(
    store: Store, db_url: str, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(
        store,
        knowledge,
        clock,
        [
            ("slack", "C-go", "golang"),
            ("slack", "C-go2", "golang"),
            ("slack", "C-other", "kubernetes"),
            ("discord", "555", "golang"),
        ],
    )
    slack, discord = RecordingPublisher("slack"), RecordingPublisher("discord")
    pid = add_go_posting(knowledge)

    report = announcer(store, knowledge, clock, slack, discord).run_once()

    assert report.sync is not None
    assert report.sync.new == [pid]
    assert sorted((a.channel, [p.id for p in a.postings], a.query) for a in slack.sent) == [
        ("C-go", [pid], "golang"),
        ("C-go2", [pid], "golang"),
    ]
    assert [(a.channel, a.postings[0].title) for a in discord.sent] == [("555", "Go Developer 1")]

    # The same process again, then a restart over the same database: nothing more.
    clock.advance(minutes=5)
    assert announcer(store, knowledge, clock, slack, discord).run_once().sent == []
    restarted = Store(db_url)
    clock.advance(minutes=5)
    assert announcer(restarted, knowledge, clock, slack, discord).run_once().sent == []
    restarted.close()
    assert len(slack.sent) == 2
    assert len(discord.sent) == 1
    assert {(d.status, d.attempts) for d in store.deliveries()} == {("done", 1)}


def test_back_catalogue_is_never_announced(store: Store, knowledge: Path, clock: FakeClock) -> None:
    # A channel subscribes before the scheduler ever ran, while a matching posting exists.
    add_go_posting(knowledge, "old-go.md")
    subscribe(store, clock, "slack", "C1", "golang")
    clock.advance(minutes=1)
    slack = RecordingPublisher()
    assert announcer(store, knowledge, clock, slack).run_once().sent == []
    # A later subscription does not get what was already there either.
    clock.advance(minutes=1)
    subscribe(store, clock, "slack", "C2", "golang")
    clock.advance(minutes=1)
    assert announcer(store, knowledge, clock, slack).run_once().sent == []
    # Only postings first seen after both: each channel gets the new one alone.
    pid = add_go_posting(knowledge, "new-go.md", 2)
    clock.advance(minutes=1)
    announcer(store, knowledge, clock, slack).run_once()
    assert sorted(slack.posting_ids()) == [pid, pid]


CRASHING_RUN = """
import os, sys
from datetime import datetime
from jobbot.announce.scheduler import Announcer
from jobbot.sources import directories
from jobbot.announce.store import Store
from tests.support.announce_doubles import FakeClock, RecordingPublisher

def die(announcement):
    os._exit(3)  # the process is killed after the claim, before the platform saw anything

url, knowledge, now = sys.argv[1:4]
publisher = RecordingPublisher("slack", on_publish=die)
clock = FakeClock(datetime.fromisoformat(now))
Announcer(Store(url), [publisher], directories([knowledge]), clock=clock).run_once()
"""


def test_crash_between_claim_and_send_is_delivered_once_after_the_lease(
    store: Store, db_url: str, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    pid = add_go_posting(knowledge)
    crashed_at = clock.now()
    child = subprocess.run(
        [sys.executable, "-c", CRASHING_RUN, db_url, str(knowledge), crashed_at.isoformat()],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 3, child.stderr
    [claimed] = store.deliveries()
    assert (claimed.posting_id, claimed.status) == (pid, "claimed")

    slack = RecordingPublisher(clock=clock)
    # The dead scheduler's leader lease and its claim (15 s each) still stand; the pass that
    # finds the lock taken says when to come back.
    clock.advance(seconds=10)
    skipped = announcer(store, knowledge, clock, slack).run_once()
    assert skipped.skipped == "another scheduler is announcing"
    assert skipped.retry_in is not None
    assert 5 <= skipped.retry_in <= 6
    # After the leases the posting goes out, exactly once.
    clock.advance(seconds=6)
    announcer(store, knowledge, clock, slack).run_once()
    clock.advance(minutes=30)
    announcer(store, knowledge, clock, slack).run_once()
    assert slack.posting_ids() == [pid]
    assert slack.sent_at == [crashed_at + timedelta(seconds=16)]
    assert [d.status for d in store.deliveries()] == ["done"]


def test_rate_limit_is_retried_after_retry_after(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    pid = add_go_posting(knowledge)
    started = clock.now()
    slack = RecordingPublisher(clock=clock, failures=[rate_limited(7)])

    announcer(store, knowledge, clock, slack).run_once()

    assert slack.calls == 2
    assert slack.posting_ids() == [pid]
    assert 7 in clock.sleeps
    assert slack.sent_at[0] - started >= timedelta(seconds=7)
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("done", 2, "ratelimited")


def test_long_retry_after_defers_to_a_later_run(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher(clock=clock, failures=[rate_limited(600)])
    report = announcer(store, knowledge, clock, slack).run_once()
    assert len(report.deferred) == 1
    assert clock.sleeps == []  # did not block the loop for ten minutes
    clock.advance(minutes=9)
    announcer(store, knowledge, clock, slack).run_once()
    assert slack.calls == 1
    clock.advance(minutes=2)
    announcer(store, knowledge, clock, slack).run_once()
    assert slack.calls == 2
    assert len(slack.sent) == 1


def test_messages_to_one_channel_are_a_second_apart(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    for n in range(3):
        add_go_posting(knowledge, f"go-{n}.md", n)
    slack = RecordingPublisher(clock=clock)
    announcer(store, knowledge, clock, slack).run_once()
    assert len(slack.sent) == 3
    gaps = [b - a for a, b in zip(slack.sent_at, slack.sent_at[1:], strict=False)]
    assert all(gap >= timedelta(seconds=1) for gap in gaps), gaps


def test_many_matches_become_one_digest(store: Store, knowledge: Path, clock: FakeClock) -> None:
    baseline_and_subscribe(
        store, knowledge, clock, [("slack", "C-many", "golang"), ("slack", "C-few", "kotlin")]
    )
    go = {add_go_posting(knowledge, f"go-{n}.md", n) for n in range(6)}
    for n in range(2):
        write_posting(knowledge, f"kotlin-{n}.md", f"Android Dev {n}", "Kotlin and Jetpack.")
    slack = RecordingPublisher()

    announcer(store, knowledge, clock, slack, digest_threshold=5).run_once()

    many = [a for a in slack.sent if a.channel == "C-many"]
    few = [a for a in slack.sent if a.channel == "C-few"]
    assert len(many) == 1
    assert many[0].is_digest
    assert {p.id for p in many[0].postings} == go
    assert [len(a.postings) for a in few] == [1, 1]


def test_huge_digests_are_split(store: Store, knowledge: Path, clock: FakeClock) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    for n in range(30):
        add_go_posting(knowledge, f"go-{n:02}.md", n)
    slack = RecordingPublisher()
    announcer(store, knowledge, clock, slack).run_once()
    assert [len(a.postings) for a in slack.sent] == [25, 5]
    assert len(set(slack.posting_ids())) == 30


def test_transient_failures_back_off_then_retry_next_run(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher(clock=clock, failures=[DeliveryError("HTTP 503")] * 3)

    report = announcer(store, knowledge, clock, slack).run_once()

    assert len(report.deferred) == 1
    assert clock.sleeps == [2.0, 4.0]
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("retry", 3, "HTTP 503")
    assert delivery.next_attempt_at == clock.now() + timedelta(seconds=8)
    clock.advance(seconds=10)
    announcer(store, knowledge, clock, slack).run_once()
    assert len(slack.sent) == 1
    assert store.deliveries()[0].status == "done"


def test_permanent_error_is_recorded_and_not_retried(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher(failures=[DeliveryError("channel_not_found", permanent=True)])
    report = announcer(store, knowledge, clock, slack).run_once()
    assert len(report.failed) == 1
    for _ in range(3):
        clock.advance(hours=1)
        announcer(store, knowledge, clock, slack).run_once()
    assert slack.calls == 1
    [delivery] = store.deliveries()
    assert (delivery.status, delivery.last_error) == ("failed", "channel_not_found")


def test_attempts_are_capped(store: Store, knowledge: Path, clock: FakeClock) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher(failures=[DeliveryError("timeout")] * 100)
    for _ in range(5):
        announcer(store, knowledge, clock, slack, max_attempts=4).run_once()
        clock.advance(hours=1)
    assert slack.calls == 4
    assert store.deliveries()[0].status == "failed"


def test_a_crashing_publisher_does_not_stop_other_channels(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(
        store, knowledge, clock, [("discord", "1", "golang"), ("slack", "C1", "golang")]
    )
    add_go_posting(knowledge)
    discord = RecordingPublisher("discord", failures=[RuntimeError("bug")] * 3)
    slack = RecordingPublisher("slack")
    announcer(store, knowledge, clock, discord, slack).run_once()
    assert len(slack.sent) == 1
    assert store.deliveries("discord")[0].last_error == "RuntimeError: bug"


def test_edits_are_not_reannounced_unless_asked(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher()
    announcer(store, knowledge, clock, slack).run_once()
    write_posting(knowledge, "golang.md", "Go Developer 1", "Golang and gRPC, now hybrid.")
    clock.advance(minutes=5)
    report = announcer(store, knowledge, clock, slack).run_once()
    assert report.sync is not None
    assert report.sync.edited == ["golang"]
    assert len(slack.sent) == 1

    write_posting(knowledge, "golang.md", "Go Developer 1", "Golang and gRPC, onsite again.")
    clock.advance(minutes=5)
    announcer(store, knowledge, clock, slack, reannounce_edits=True).run_once()
    assert len(slack.sent) == 2
    assert "onsite again" in slack.sent[1].postings[0].description
    clock.advance(minutes=5)
    announcer(store, knowledge, clock, slack, reannounce_edits=True).run_once()
    assert len(slack.sent) == 2


def test_removed_postings_stop_matching(store: Store, knowledge: Path, clock: FakeClock) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    add_go_posting(knowledge)
    slack = RecordingPublisher(failures=[DeliveryError("HTTP 500")] * 3)
    announcer(store, knowledge, clock, slack).run_once()  # fails, waits for a retry
    (knowledge / "postings" / "golang.md").unlink()
    clock.advance(hours=1)
    report = announcer(store, knowledge, clock, slack).run_once()
    assert report.sync is not None
    assert report.sync.removed == ["golang"]
    assert slack.sent == []
    assert slack.calls == 3


def test_platform_without_publisher_waits_for_one(
    store: Store, knowledge: Path, clock: FakeClock
) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("discord", "9", "golang")])
    pid = add_go_posting(knowledge)
    announcer(store, knowledge, clock, RecordingPublisher("slack")).run_once()
    assert store.deliveries() == []
    clock.advance(minutes=5)
    discord = RecordingPublisher("discord")
    announcer(store, knowledge, clock, discord).run_once()
    assert discord.posting_ids() == [pid]


def test_unreadable_sources_change_nothing(store: Store, knowledge: Path, clock: FakeClock) -> None:
    baseline_and_subscribe(store, knowledge, clock, [("slack", "C1", "golang")])
    source = directories([knowledge.parent / "missing"])
    report = Announcer(store, [RecordingPublisher()], source, clock=clock).run_once()
    assert report.error is not None
    assert "knowledge directory not found" in report.error
    assert all(seen.removed_at is None for seen in store.seen_postings().values())


def run_concurrently(announcers: list[Announcer], rounds: int) -> None:
    barrier = threading.Barrier(len(announcers))
    errors: list[BaseException] = []

    def work(a: Announcer) -> None:
        try:
            for _ in range(rounds):
                barrier.wait(timeout=30)
                a.run_once()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(a,)) for a in announcers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


def assert_two_schedulers_never_duplicate(url: str, knowledge: Path, use_lock: bool) -> None:
    clock = FakeClock()
    setup = Store(url)
    baseline_and_subscribe(
        setup, knowledge, clock, [("slack", f"C{n}", "golang") for n in range(3)]
    )
    posted = {add_go_posting(knowledge, f"go-{n}.md", n) for n in range(4)}
    stores = [Store(url), Store(url)]
    publishers = [RecordingPublisher(delay=0.01), RecordingPublisher(delay=0.01)]
    announcers = [
        announcer(s, knowledge, clock, p, use_leader_lock=use_lock, min_interval=0)
        for s, p in zip(stores, publishers, strict=True)
    ]
    run_concurrently(announcers, rounds=3)

    sent = [(a.channel, p.id) for pub in publishers for a in pub.sent for p in a.postings]
    assert sorted(sent) == sorted((f"C{n}", pid) for n in range(3) for pid in posted)
    assert {d.status for d in setup.deliveries()} == {"done"}
    for s in [*stores, setup]:
        s.close()


@pytest.mark.parametrize("use_lock", [True, False], ids=["leader-lock", "claims-only"])
def test_two_schedulers_on_one_sqlite_database_never_duplicate(
    tmp_path: Path, knowledge: Path, use_lock: bool
) -> None:
    assert_two_schedulers_never_duplicate(
        f"sqlite:///{tmp_path / 'shared.db'}", knowledge, use_lock
    )


PUBLISHING_RUN = """
import sys, time
from datetime import datetime
from jobbot.announce.scheduler import Announcer
from jobbot.sources import directories
from jobbot.announce.store import Store
from tests.support.announce_doubles import FakeClock, RecordingPublisher

url, knowledge, now, out = sys.argv[1:5]

def record(announcement):
    time.sleep(0.02)
    with open(out, "a", encoding="utf-8") as log:
        for posting in announcement.postings:
            log.write(f"{announcement.channel} {posting.id}\\n")

publisher = RecordingPublisher("slack", on_publish=record)
clock = FakeClock(datetime.fromisoformat(now))
store = Store(url)
for _ in range(3):
    Announcer(store, [publisher], directories([knowledge]), clock=clock,
              use_leader_lock=False, min_interval=0).run_once()
"""


def test_two_scheduler_processes_on_one_sqlite_file_never_duplicate(
    store: Store, db_url: str, knowledge: Path, clock: FakeClock, tmp_path: Path
) -> None:
    baseline_and_subscribe(
        store, knowledge, clock, [("slack", f"C{n}", "golang") for n in range(3)]
    )
    posted = {add_go_posting(knowledge, f"go-{n}.md", n) for n in range(4)}
    out = tmp_path / "sent.txt"
    args = [db_url, str(knowledge), clock.now().isoformat(), str(out)]
    children = [
        subprocess.Popen([sys.executable, "-c", PUBLISHING_RUN, *args], cwd=ROOT) for _ in range(2)
    ]
    assert [child.wait(timeout=120) for child in children] == [0, 0]
    sent = out.read_text(encoding="utf-8").split("\n")[:-1]
    assert sorted(sent) == sorted(f"C{n} {pid}" for n in range(3) for pid in posted)


@pytest.mark.parametrize("use_lock", [True, False], ids=["advisory-lock", "claims-only"])
def test_two_schedulers_on_one_postgresql_database_never_duplicate(
    postgres_url: str, knowledge: Path, use_lock: bool
) -> None:
    assert_two_schedulers_never_duplicate(postgres_url, knowledge, use_lock)


def test_postgresql_advisory_lock_excludes_a_second_leader(postgres_url: str) -> None:
    first, second = Store(postgres_url), Store(postgres_url)
    with first.leader("announcer", START, timedelta(minutes=5)) as lead:
        assert lead is not None
        with second.leader("announcer", START, timedelta(minutes=5)) as other:
            assert other is None
    with second.leader("announcer", START, timedelta(minutes=5)) as other:
        assert other is not None
    first.close()
    second.close()


def test_interval_job_runs_the_pass(store: Store, knowledge: Path, db_url: str) -> None:
    scheduler = BackgroundScheduler()
    ran = threading.Event()
    outcome: list[JobExecutionEvent] = []

    def listener(event: JobExecutionEvent) -> None:
        outcome.append(event)
        ran.set()

    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    a = Announcer(store, [ConsolePublisher(io.StringIO())], directories([knowledge]))
    job = schedule(scheduler, a, 300)
    assert (job.max_instances, job.coalesce) == (1, True)
    assert job.trigger.interval == timedelta(seconds=300)
    scheduler.start()
    try:
        assert ran.wait(timeout=30)
    finally:
        scheduler.shutdown(wait=True)
    assert outcome[0].exception is None
    assert store.first_sync_at() is not None
    assert len(store.seen_postings()) == 15  # 5 background + 10 fillers


def test_console_card_shows_what_a_user_needs() -> None:
    posting = Posting(
        id="p",
        title="Go Developer",
        company="Orbit",
        location="Berlin",
        workplace=["remote", "hybrid"],
        salary=Salary(min=90000, max=120000, currency="EUR", period="YEAR"),
        url="https://jobs.example/go",
        source="p.md",
    )
    card = render_announcement(Announcement(channel="console", postings=[posting], query="go"))
    assert card == textwrap.dedent(
        """\
        📣 New opening for `go`:
          **Go Developer** — Orbit
          Berlin · Remote / Hybrid · €90,000 – €120,000 / year
          Apply: https://jobs.example/go"""
    )
    other = posting.model_copy(update={"id": "q", "title": "Rust Dev", "url": None})
    digest = render_announcement(Announcement(channel="c", postings=[posting, other]))
    assert digest.splitlines()[0] == "📣 2 new openings:"
    assert "**Rust Dev**" in digest

    stream = io.StringIO()
    ConsolePublisher(stream).publish(Announcement(channel="console", postings=[posting]))
    assert "[#console] 📣 New opening:" in stream.getvalue()


class Crash(BaseException):
    """The process dying mid-send (not an `Exception`: nothing in jobbot may swallow it)."""


@pytest.mark.slow(5)
@hyp_settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["add", "subscribe", "run", "fail", "crash", "ratelimit", "tick"]),
        max_size=18,
    )
)
def test_every_new_posting_reaches_every_subscribed_channel_exactly_once(ops: list[str]) -> None:
    """Any interleaving of new files, subscriptions, failures, crashes and time: nothing is
    sent twice, and once the platform behaves, everything due has been sent once."""
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = knowledge_with_background(Path(tmp) / "knowledge", fillers=20)
        store = Store(f"sqlite:///{Path(tmp) / 'prop.db'}")
        clock = FakeClock()
        publisher = RecordingPublisher(clock=clock)
        baseline = None
        written: list[str] = []  # postings written but not yet seen by a run
        first_seen: dict[str, object] = {}
        created: dict[str, object] = {}
        # One scheduler process's source, kept across its passes as `jobbot scheduler` keeps
        # it (it parses only new files); a crash ends the process, so the next gets a new one.
        source = directories([knowledge])

        def run(failures: list[BaseException]) -> None:
            nonlocal baseline, source
            publisher.failures = list(failures)
            now = clock.now()
            try:
                Announcer(store, [publisher], source, clock=clock, max_attempts=1000).run_once()
            except Crash:
                source = directories([knowledge])
            baseline = baseline or now
            for pid in written:
                first_seen[pid] = now
            written.clear()

        for op in ops:
            if op == "add":
                written.append(add_go_posting(knowledge, f"go-{len(first_seen) + len(written)}.md"))
            elif op == "subscribe":
                channel = f"C{len(created)}"
                subscribe(store, clock, "slack", channel, "golang")
                created[channel] = clock.now()
            elif op == "tick":
                clock.advance(minutes=4)
            else:
                failures = {
                    "run": [],
                    "fail": [DeliveryError("HTTP 503")] * 3,
                    "crash": [Crash()],
                    "ratelimit": [rate_limited(5)],
                }[op]
                run(failures)
            clock.advance(minutes=1)
            # Nothing is ever sent twice, whatever happened so far.
            sent = [(a.channel, p.id) for a in publisher.sent for p in a.postings]
            assert len(sent) == len(set(sent)), sent

        clock.advance(hours=1)
        run([])
        clock.advance(hours=1)
        run([])
        expected = {
            (channel, pid)
            for channel, since in created.items()
            for pid, seen_at in first_seen.items()
            if baseline is not None and seen_at > max(since, baseline)  # type: ignore[operator]
        }
        sent = [(a.channel, p.id) for a in publisher.sent for p in a.postings]
        assert sorted(sent) == sorted(expected)
        store.close()
