"""Exactly once, not at least once, through both platforms' real clients and fake servers.

The platform accepting a message and the store recording it are two steps; whatever comes
between them — the answer arriving after the client's timeout, the disk filling before the
record is written, the process killed — the next attempt looks on the platform first (Slack:
the message's `metadata` in `conversations.history`; Discord: `nonce` with `enforce_nonce`,
then the channel's recent messages) and does not post a second copy.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import event

from adapters.discord.poster import DiscordPublisher
from adapters.slack.poster import SlackPublisher
from jobbot.announce.alerts import AlertStore
from jobbot.announce.database import StoreError
from jobbot.announce.digests import AlertSpec
from jobbot.announce.publisher import Publisher
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.sources import directories
from tests.support import fake_discord, fake_slack
from tests.support.announce_doubles import FakeClock, knowledge_with_background, write_posting
from tests.support.paths import ROOT

SLACK_CHANNEL = "C0JOBS"
DISCORD_MESSAGES = rf"^/channels/{fake_discord.CHANNEL_ID}/messages$"


@dataclass
class Platform:
    """One platform's fake server and a way to make its publisher."""

    name: str
    channel: str
    server: Any
    made: list[Any] = field(default_factory=list)

    def publisher(self, *, timeout: float | None = None) -> Publisher:
        if self.name == "slack":
            client = WebClient(
                token=fake_slack.BOT_TOKEN,
                base_url=self.server.url,
                timeout=timeout or 10,
                retry_handlers=[],
            )
            return SlackPublisher(client)
        publisher = DiscordPublisher(fake_discord.TOKEN, timeout=timeout or 15)
        self.made.append(publisher)
        return publisher

    def posts(self) -> int:
        """How many times a message was posted (what the channel's members see)."""
        if self.name == "slack":
            return len(self.server.channel_messages(self.channel))
        return len(self.server.posted(self.channel))

    def post_requests(self) -> int:
        if self.name == "slack":
            return len(self.server.calls("chat.postMessage"))
        return len(self.server.find("POST", DISCORD_MESSAGES))

    def slow_first_post(self, seconds: float) -> None:
        """The first post is accepted, but its answer comes after `seconds`."""
        if self.name == "slack":
            self.server.reply_delay["chat.postMessage"] = seconds

            def fast_again(recorded: fake_slack.Recorded) -> None:
                if recorded.api == "chat.postMessage":
                    self.server.reply_delay.pop("chat.postMessage", None)

            self.server.on_request = fast_again
            return
        self.server.reply_delay = seconds

        def fast(_: fake_discord.Recorded) -> None:
            self.server.reply_delay = 0.0

        self.server.on_create = fast

    def on_post(self, hook: Any) -> None:
        """Call `hook()` once a post was stored, before the client gets its answer."""
        if self.name == "slack":

            def on_request(recorded: fake_slack.Recorded) -> None:
                if recorded.api == "chat.postMessage":
                    hook()

            self.server.on_request = on_request
        else:
            self.server.on_create = lambda _: hook()

    def child_env(self) -> dict[str, str]:
        if self.name == "slack":
            return {"SLACK_BOT_TOKEN": fake_slack.BOT_TOKEN, "SLACK_API_URL": self.server.url}
        return {"DISCORD_TOKEN": fake_discord.TOKEN, "DISCORD_API_BASE": self.server.base}


@contextmanager
def platform_for(name: str, clock: FakeClock) -> Iterator[Platform]:
    if name == "slack":
        server = fake_slack.FakeSlack().start()
        server.clock = lambda: clock.now().timestamp()
        try:
            yield Platform(name, SLACK_CHANNEL, server)
        finally:
            server.stop()
        return
    with fake_discord.fake_discord_in_thread() as fake:
        fake.clock = clock.now
        made = Platform(name, fake_discord.CHANNEL_ID, fake)
        try:
            yield made
        finally:
            for publisher in made.made:
                publisher.close()


@dataclass
class World:
    platform: Platform
    store: Store
    url: str
    clock: FakeClock
    knowledge: Path

    def announcer(self, publisher: Publisher, store: Store | None = None) -> Announcer:
        return Announcer(
            store or self.store, [publisher], directories([self.knowledge]), clock=self.clock
        )

    def delivered(self) -> list[tuple[str, str]]:
        return [(d.posting_id, d.status) for d in self.store.deliveries()]


@pytest.fixture(params=["slack", "discord"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    clock = FakeClock()
    knowledge = knowledge_with_background(tmp_path / "knowledge", fillers=10)
    url = f"sqlite:///{tmp_path / 'once.db'}"
    store = Store(url)
    with platform_for(request.param, clock) as platform:
        w = World(platform, store, url, clock, knowledge)
        w.announcer(platform.publisher()).run_once()  # the back catalogue
        clock.advance(minutes=1)
        Subscriptions(store, clock).subscribe(
            platform.name, platform.channel, "U1", "golang", can_manage=True
        )
        clock.advance(minutes=1)
        write_posting(knowledge, "golang.md", "Go Developer", "Golang microservices, remote.")
        yield w
    store.close()


def test_an_answer_after_the_client_timeout_is_not_posted_again(world: World) -> None:
    world.platform.slow_first_post(1.5)
    publisher = world.platform.publisher(timeout=0.4)

    report = world.announcer(publisher).run_once()

    assert world.platform.posts() == 1
    assert [s.posting_ids for s in report.found] == [["golang"]]
    assert world.delivered() == [("golang", "done")]
    world.clock.advance(hours=1)
    assert world.announcer(publisher).run_once().sent == []
    assert world.platform.posts() == 1


def test_an_alert_dm_answered_after_the_client_timeout_is_not_sent_again(world: World) -> None:
    """The member's DM goes through the same look-before-resend as a channel's message."""
    member = "UMEMBER" if world.platform.name == "slack" else fake_discord.USER_ID
    AlertStore(world.store).add(
        world.platform.name, member, AlertSpec("golang"), "UTC", world.clock.now()
    )
    server = world.platform.server
    if world.platform.name == "slack":  # every post is accepted, and answered late
        server.reply_delay["chat.postMessage"] = 1.5
        dm_channel = f"D{member}"
    else:
        server.reply_delay = 1.5
        dm_channel = fake_discord.DM_CHANNEL_ID
    publisher = world.platform.publisher(timeout=0.4)

    world.clock.advance(minutes=1)
    report = world.announcer(publisher).run_once()

    assert sorted(s.channel for s in report.found) == sorted(
        [world.platform.channel, f"dm:{member}"]
    )
    for _ in range(2):
        world.clock.advance(hours=1)
        assert world.announcer(publisher).run_once().sent == []
    if world.platform.name == "slack":
        dms = server.channel_messages(dm_channel)
    else:
        dms = server.posted(dm_channel)
    assert len(dms) == 1
    assert world.platform.posts() == 1


@pytest.mark.parametrize("world", ["discord"], indirect=True)
def test_discord_recognises_its_message_after_the_nonce_window(world: World) -> None:
    world.platform.server.nonce_window = 0.0  # a resend would be a new message
    world.platform.slow_first_post(1.5)
    publisher = world.platform.publisher(timeout=0.4)
    report = world.announcer(publisher).run_once()
    assert world.platform.posts() == 1
    assert [s.posting_ids for s in report.found] == [["golang"]]


@contextmanager
def disk_full_once(store: Store, when: Any) -> Iterator[list[str]]:
    """The database refuses the first write `when(statement, parameters)` picks, as a disk
    that just filled up does; yields the statements refused."""
    refused: list[str] = []

    def refuse(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if not refused and when(statement, parameters):
            refused.append(statement)
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(store.engine, "before_cursor_execute", refuse)
    try:
        yield refused
    finally:
        event.remove(store.engine, "before_cursor_execute", refuse)


def records_the_send(statement: str, parameters: Any) -> bool:
    """The write that says a message arrived: a delivery marked done (or its message sent)."""
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    return statement.lstrip().upper().startswith("UPDATE") and any(
        v in ("done", "sent") for v in values
    )


def test_a_disk_full_after_the_platform_accepted_is_not_posted_again(world: World) -> None:
    publisher = world.platform.publisher()
    full = disk_full_once(world.store, records_the_send)
    with full as refused, pytest.raises(StoreError):
        world.announcer(publisher).run_once()
    assert refused
    assert world.platform.posts() == 1
    for _ in range(3):
        world.clock.advance(minutes=6)
        world.announcer(publisher).run_once()
    assert world.platform.posts() == 1
    assert world.delivered() == [("golang", "done")]


ONE_PASS = """
import os, sys
from datetime import datetime
from discord.http import Route
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.app.platforms import registered
from jobbot.app.launch import build_publishers
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock

url, knowledge, now = sys.argv[1:4]
if os.environ.get("DISCORD_API_BASE"):
    Route.BASE = os.environ["DISCORD_API_BASE"]
publishers = build_publishers(Settings(), registered())
clock = FakeClock(datetime.fromisoformat(now))
Announcer(Store(url), publishers, directories([knowledge]), clock=clock).run_once()
print("the pass finished: it should have been killed", flush=True)
"""


def test_a_kill_after_the_platform_accepted_is_not_posted_again(world: World) -> None:
    child: list[subprocess.Popen[str]] = []
    killed = threading.Event()

    def kill() -> None:  # the post is stored; the scheduler dies before it hears so
        if not killed.is_set():
            os.kill(child[0].pid, signal.SIGKILL)
            killed.set()

    world.platform.on_post(kill)
    env = {**os.environ, **world.platform.child_env()}
    args = [world.url, str(world.knowledge), world.clock.now().isoformat()]
    child.append(
        subprocess.Popen(
            [sys.executable, "-c", ONE_PASS, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    out, err = child[0].communicate(timeout=60)
    assert killed.is_set(), err
    assert child[0].returncode == -signal.SIGKILL, out + err
    assert world.platform.posts() == 1
    [claimed] = world.store.deliveries()
    assert claimed.status == "claimed"

    publisher = world.platform.publisher()
    for wait in (8, 8, 8, 700):  # restarted: within the 15-second leases, after any lease
        world.clock.advance(seconds=wait)
        world.announcer(publisher).run_once()
    assert world.platform.posts() == 1
    assert world.platform.post_requests() == 1
    assert world.delivered() == [("golang", "done")]


def run(world: World, publisher: Publisher, *, minutes: float = 1) -> RunReport:
    world.clock.advance(minutes=minutes)
    return world.announcer(publisher).run_once()


def test_a_failed_pass_does_not_lock_out_the_next_one(world: World) -> None:
    """A pass that fails, and whose leader lock could not be released either (a full disk
    refuses the delete too), must not make the same process wait out its lease."""
    publisher = world.platform.publisher()
    announcer = world.announcer(publisher)

    def lock_release(statement: str, _: Any) -> bool:
        return statement.lstrip().upper().startswith("DELETE FROM LEADER_LOCKS")

    send_refused = disk_full_once(world.store, records_the_send)
    release_refused = disk_full_once(world.store, lock_release)
    with send_refused, release_refused, pytest.raises(StoreError):
        announcer.run_once()
    world.clock.advance(minutes=1)
    report = announcer.run_once()
    assert report.skipped is None
    assert world.platform.posts() == 1
    assert world.delivered() == [("golang", "done")]


def test_an_interrupted_delivery_goes_out_at_the_next_pass(world: World) -> None:
    """A pass that fails mid-delivery gives its claim back: the next pass (a minute later)
    sends, rather than waiting out a long claim lease."""
    publisher = world.platform.publisher()
    if world.platform.name == "slack":
        world.platform.server.fail_next("chat.postMessage", "channel_is_full_right_now")
    else:
        world.platform.server.fail("POST", DISCORD_MESSAGES, 400, code=0, message="Bad Request")

    def records_the_failure(statement: str, parameters: Any) -> bool:
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        return statement.lstrip().upper().startswith("UPDATE") and any(
            isinstance(v, str) and ("refused" in v) for v in values
        )

    full = disk_full_once(world.store, records_the_failure)
    with full as refused, pytest.raises(StoreError):
        world.announcer(publisher).run_once()
    assert refused
    assert world.platform.posts() == 0
    report = run(world, publisher, minutes=1)
    assert [s.posting_ids for s in report.sent] == [["golang"]]
    assert world.platform.posts() == 1


def test_leases_are_seconds_so_a_restart_resumes_quickly() -> None:
    announcer = Announcer(
        Store("sqlite://"), [], directories([ROOT / "knowledge"]), clock=FakeClock()
    )
    assert announcer.claim_lease <= timedelta(seconds=15)
    assert announcer.leader_lease <= timedelta(seconds=15)
    assert announcer.heartbeat.interval <= 5
