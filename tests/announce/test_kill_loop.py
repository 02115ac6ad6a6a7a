"""The kill loop: `jobbot scheduler` processes SIGKILLed at random (at least 20 times, some
right while Slack is answering a post) during a burst of 20 deliveries, each restarted at
once, on SQLite and on PostgreSQL. Every delivery arrives exactly once — none lost, none
posted twice — and the whole run stays bounded in time.

The leases are set to one second here (JOBBOT_CLAIM_LEASE_SECONDS, JOBBOT_LEADER_LEASE_SECONDS)
so twenty restarts fit in seconds; the poll interval stays five minutes, so every restart
resumes through its first pass and the early run it asks for when a lease still stands.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import IO

import pytest

from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.clock import SystemClock
from jobbot.sources import directories
from tests.adapters.slack.shown import shown
from tests.support.announce_doubles import knowledge_with_background, write_posting
from tests.support.fake_slack import BOT_TOKEN, FakeSlack, Recorded
from tests.support.paths import ROOT

KILLS = 20
CARD_CHANNELS = [f"CKOTLIN{n:02d}" for n in range(14)]  # one card each: 14 deliveries
DIGEST_CHANNEL = "CGOLANG"  # one digest of six postings: 6 deliveries
GO_TITLES = [f"Go Developer {n}" for n in range(6)]
KOTLIN_TITLE = "Kotlin Developer"
BOUND_SECONDS = 120
RESUME_SECONDS = 20


def prepare(url: str, knowledge: Path) -> None:
    """The scheduler has seen the back catalogue; channels subscribe; then the burst lands."""
    store = Store(url)
    try:
        Announcer(store, [], directories([knowledge])).run_once()
        clock = SystemClock()
        subscriptions = Subscriptions(store, clock)
        for channel in CARD_CHANNELS:
            subscriptions.subscribe("slack", channel, "U1", "kotlin", can_manage=True)
        subscriptions.subscribe("slack", DIGEST_CHANNEL, "U1", "golang", can_manage=True)
    finally:
        store.close()
    time.sleep(0.01)  # first seen strictly after the subscriptions
    write_posting(knowledge, "kotlin.md", KOTLIN_TITLE, "Kotlin and Jetpack Compose, Android.")
    for n, title in enumerate(GO_TITLES):
        write_posting(knowledge, f"go-{n}.md", title, "Golang microservices with gRPC.")


def start(url: str, knowledge: Path, fake: FakeSlack, log: IO[str]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "JOBBOT_DATABASE_URL": url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": fake.url,
        "JOBBOT_POLL_SECONDS": "300",
        "JOBBOT_CLAIM_LEASE_SECONDS": "1",
        "JOBBOT_LEADER_LEASE_SECONDS": "1",
        "JOBBOT_DIGEST_THRESHOLD": "5",
    }
    command = [sys.executable, "-m", "jobbot", "scheduler", "--knowledge", str(knowledge)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, text=True)


def all_done(url: str) -> bool:
    store = Store(url)
    try:
        rows = store.deliveries()
    finally:
        store.close()
    return len(rows) == len(CARD_CHANNELS) + len(GO_TITLES) and all(
        d.status == "done" for d in rows
    )


def passes(tmp_path: Path) -> int:
    """Announcement passes the schedulers have logged so far."""
    return (tmp_path / "schedulers.log").read_text(encoding="utf-8").count("announcement pass")


def run_kill_loop(url: str, tmp_path: Path, fake: FakeSlack) -> None:
    knowledge = knowledge_with_background(tmp_path / "knowledge", fillers=10)
    prepare(url, knowledge)
    fake.reply_delay["chat.postMessage"] = 0.15  # a slow Slack: posted, answer still to come
    posted = threading.Event()

    def on_request(recorded: Recorded) -> None:
        if recorded.api == "chat.postMessage":
            posted.set()

    fake.on_request = on_request
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    began = time.monotonic()
    with (tmp_path / "schedulers.log").open("w", encoding="utf-8") as log:
        for _ in range(KILLS):
            posted.clear()
            child = start(url, knowledge, fake, log)
            if rng.random() < 0.5:  # while Slack is answering a post, or just after
                posted.wait(timeout=1.2)
                time.sleep(rng.uniform(0, 0.2))
            else:  # anywhere: starting up, syncing, claiming, sending, idle
                time.sleep(rng.uniform(0.2, 1.1))
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        killed_at = time.monotonic()
        log.flush()
        passes_before = passes(tmp_path)
        final = start(url, knowledge, fake, log)
        try:
            # Done, and the last scheduler is running (it has made a pass of its own).
            while not all_done(url) or passes(tmp_path) == passes_before:
                waited = time.monotonic() - killed_at
                assert waited < RESUME_SECONDS, f"not all delivered {waited:.0f}s on (seed {seed})"
                time.sleep(0.2)
        finally:
            final.send_signal(signal.SIGTERM)
            code = final.wait(timeout=30)
    assert code == 0
    assert time.monotonic() - began < BOUND_SECONDS

    # Nothing lost, nothing twice: each posting is in exactly one message of its channel.
    for channel in CARD_CHANNELS:
        texts = [shown(m) for m in fake.channel_messages(channel)]
        assert sum(KOTLIN_TITLE in t for t in texts) == 1, (channel, texts, seed)
    digest = [shown(m) for m in fake.channel_messages(DIGEST_CHANNEL)]
    counts = Counter(title for text in digest for title in GO_TITLES if title in text)
    assert counts == Counter(GO_TITLES), (digest, seed)
    posted = sum(len(fake.channel_messages(c)) for c in [*CARD_CHANNELS, DIGEST_CHANNEL])
    assert posted == len(fake.calls("chat.postMessage")), "a post was refused or lost"
    # A clean exit leaves nothing claimed for a lease.
    store = Store(url)
    try:
        assert {d.status for d in store.deliveries()} == {"done"}
    finally:
        store.close()


@pytest.mark.slow(25)
def test_kill_loop_on_sqlite_and_postgresql_loses_and_duplicates_nothing(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Both databases at once (each with its own Slack and schedulers), to halve the time;
    where no PostgreSQL can be started, SQLite alone."""
    loops = {"sqlite": f"sqlite:///{tmp_path / 'kill.db'}"}
    try:
        loops["postgresql"] = request.getfixturevalue("postgres_url")
    except pytest.skip.Exception as skipped:
        warnings.warn(f"kill loop on SQLite only: {skipped}", stacklevel=1)
    failures: dict[str, BaseException] = {}

    def loop(name: str, url: str) -> None:
        server = FakeSlack().start()
        try:
            place = tmp_path / name
            place.mkdir()
            run_kill_loop(url, place, server)
        except BaseException as exc:  # reported below, with the database's name
            failures[name] = exc
        finally:
            server.stop()

    threads = [threading.Thread(target=loop, args=item) for item in loops.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=BOUND_SECONDS + 30)
    assert not any(t.is_alive() for t in threads), "a kill loop did not finish in time"
    for name, exc in failures.items():
        raise AssertionError(f"kill loop on {name} failed: {exc}") from exc
