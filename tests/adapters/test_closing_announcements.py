"""Postings that end, through both platforms' real clients and fake servers: every message
already sent for a closed posting is edited in place (Slack `chat.update` on the same
channel and `ts`, a Discord message edit) to say "No longer open" without its Apply button;
a failed or empty sync closes nothing; a restart between the close and the edit still edits,
once; an edit that cannot be made is recorded once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest

from adapters.discord.poster import DiscordPublisher
from adapters.slack.poster import SlackPublisher
from jobbot.announce.alerts import AlertStore
from jobbot.announce.digests import AlertSpec
from jobbot.announce.publisher import Announcement, DeliveryError, Publisher, Receipt
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.app.launch import status_text
from jobbot.settings import Settings
from jobbot.sources import CompositeSource, DirectorySource
from tests.adapters.slack.shown import all_buttons, shown
from tests.support import fake_discord, fake_slack
from tests.support.announce_doubles import (
    BoardSource,
    FakeClock,
    knowledge_with_background,
)

MESSAGES = rf"^/channels/{fake_discord.CHANNEL_ID}/messages$"
EDITS = rf"^/channels/{fake_discord.CHANNEL_ID}/messages/\d+$"


class Crash(BaseException):
    """The process dying (nothing in jobbot may swallow it)."""


class Chat(Protocol):
    """One platform's fake server, seen as a user of the channel sees it."""

    name: str
    channel: str

    def publisher(self) -> Publisher: ...
    def posts(self) -> list[dict[str, Any]]: ...
    def edits(self) -> list[dict[str, Any]]: ...
    def messages(self) -> list[dict[str, Any]]: ...
    def text(self, message: dict[str, Any]) -> str: ...
    def apply_urls(self, message: dict[str, Any]) -> list[str]: ...
    def delete(self, message: dict[str, Any]) -> None: ...


@dataclass
class SlackChat:
    fake: fake_slack.FakeSlack
    name: str = "slack"
    channel: str = "C0JOBS"

    def publisher(self) -> SlackPublisher:
        settings = Settings(slack_bot_token=fake_slack.BOT_TOKEN, slack_api_url=self.fake.url)
        return SlackPublisher.from_settings(settings)

    def posts(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.calls("chat.postMessage")]

    def edits(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.calls("chat.update")]

    def messages(self) -> list[dict[str, Any]]:
        return self.fake.channel_messages(self.channel)

    def text(self, message: dict[str, Any]) -> str:
        return shown(message)

    def apply_urls(self, message: dict[str, Any]) -> list[str]:
        return [b["url"] for b in all_buttons(message) if b["text"]["text"] == "Apply"]

    def delete(self, message: dict[str, Any]) -> None:
        self.fake.delete_message(self.channel, message["ts"])


@dataclass
class DiscordChat:
    fake: fake_discord.FakeDiscord
    name: str = "discord"
    channel: str = fake_discord.CHANNEL_ID
    made: list[DiscordPublisher] = field(default_factory=list)

    def publisher(self) -> DiscordPublisher:
        publisher = DiscordPublisher(fake_discord.TOKEN)
        self.made.append(publisher)
        return publisher

    def posts(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.find("POST", MESSAGES)]

    def edits(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.find("PATCH", EDITS)]

    def messages(self) -> list[dict[str, Any]]:
        return self.fake.posted(self.channel)

    def text(self, message: dict[str, Any]) -> str:
        parts = [message.get("content") or ""]
        for embed in message.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
        return "\n".join(parts)

    def apply_urls(self, message: dict[str, Any]) -> list[str]:
        return [
            b["url"] for b in fake_discord.buttons(message.get("components") or []) if b.get("url")
        ]

    def delete(self, message: dict[str, Any]) -> None:
        self.fake.delete_message(self.channel, message["id"])


@contextmanager
def chat_for(name: str, clock: FakeClock) -> Iterator[Chat]:
    if name == "slack":
        server = fake_slack.FakeSlack().start()
        server.clock = lambda: clock.now().timestamp()
        try:
            yield SlackChat(server)
        finally:
            server.stop()
        return
    with fake_discord.fake_discord_in_thread() as fake:
        fake.clock = clock.now
        chat = DiscordChat(fake)
        try:
            yield chat
        finally:
            for publisher in chat.made:
                publisher.close()


@dataclass
class World:
    """One channel subscribed to `golang`, a knowledge directory and a job board."""

    chat: Chat
    store: Store
    url: str
    clock: FakeClock
    knowledge: Path
    board: BoardSource
    publisher: Publisher
    source: CompositeSource = field(init=False)

    def __post_init__(self) -> None:
        # One process's sources: a failing board is served from its last good answer.
        self.source = CompositeSource([DirectorySource(self.knowledge), self.board])

    def announcer(self, store: Store | None = None, publisher: Publisher | None = None):
        return Announcer(
            store or self.store, [publisher or self.publisher], self.source, clock=self.clock
        )

    def run(self, **kw: Any) -> RunReport:
        self.clock.advance(minutes=5)
        report = self.announcer(**kw).run_once()
        assert report.error is None, report.error
        return report

    def add(self, name: str, title: str, extra: str = "") -> str:
        path = self.knowledge / "postings" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\nid: {name}\ntitle: {title}\nurl: https://jobs.example.com/{name}\n{extra}---\n"
            "Golang microservices with gRPC, remote.\n",
            encoding="utf-8",
        )
        return name

    def remove(self, name: str) -> None:
        (self.knowledge / "postings" / f"{name}.md").unlink()


@pytest.fixture(params=["slack", "discord"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    clock = FakeClock()
    knowledge = knowledge_with_background(tmp_path / "knowledge", fillers=10)
    url = f"sqlite:///{tmp_path / 'closing.db'}"
    store = Store(url)
    with chat_for(request.param, clock) as chat:
        w = World(chat, store, url, clock, knowledge, BoardSource(), chat.publisher())
        assert w.run().sync.first_sync  # type: ignore[union-attr]
        reply = Subscriptions(store, clock).subscribe(
            chat.name, chat.channel, "U1", "golang", can_manage=True
        )
        assert reply.startswith("Subscribed"), reply
        yield w
    store.close()


def announced(w: World, name: str, title: str, extra: str = "") -> dict[str, Any]:
    w.add(name, title, extra)
    report = w.run()
    assert [s.posting_ids for s in report.sent] == [[name]]
    [message] = w.chat.messages()
    assert w.chat.apply_urls(message) == [f"https://jobs.example.com/{name}"]
    return message


def assert_shown_closed(w: World, message: dict[str, Any], title: str) -> None:
    assert title in w.chat.text(message)
    assert "No longer open" in w.chat.text(message)
    assert w.chat.apply_urls(message) == []


def test_a_removed_file_edits_its_announcement_in_place(world: World) -> None:
    before = announced(world, "go-1", "Go Developer 1")
    world.remove("go-1")

    report = world.run()

    assert report.sync is not None
    assert report.sync.removed == ["go-1"]
    assert len(report.edits.edited) == 1
    [edit] = world.chat.edits()
    if world.chat.name == "slack":  # the same channel and ts
        assert (edit["channel"], edit["ts"]) == (world.chat.channel, before["ts"])
    [after] = world.chat.messages()  # edited in place, not a new message
    assert_shown_closed(world, after, "Go Developer 1")
    assert len(world.chat.posts()) == 1
    for _ in range(2):
        world.run()
    assert len(world.chat.edits()) == 1  # once
    assert "postings: 15 open, 1 closed (1 removed)" in status_text(world.store)
    assert "announcement edits: 1 done, 0 failed" in status_text(world.store)


def test_a_passed_valid_through_closes_the_posting_and_edits_the_announcement(
    world: World,
) -> None:
    last_day = world.clock.now().date() + timedelta(days=2)
    announced(world, "go-1", "Go Developer 1", f"valid_through: {last_day.isoformat()}\n")
    world.clock.advance(days=2)
    assert world.run().sync.expired == []  # type: ignore[union-attr]  # its last day
    assert world.chat.edits() == []
    world.clock.advance(days=1)

    report = world.run()

    assert report.sync is not None
    assert report.sync.expired == ["go-1"]
    [after] = world.chat.messages()
    assert_shown_closed(world, after, "Go Developer 1")
    assert "1 expired" in status_text(world.store)


def test_a_board_that_drops_a_posting_closes_it_on_the_second_sync(world: World) -> None:
    world.board.add("board-go", "Go Developer (Board)", "Golang services.", "https://b.example/1")
    report = world.run()
    assert [s.posting_ids for s in report.sent] == [["board-go"]]
    world.board.drop("board-go")
    world.board.add("board-other", "Designer", "Figma.")  # the board still answers

    once = world.run()
    assert once.sync is not None
    assert once.sync.closed == []
    assert world.chat.edits() == []

    twice = world.run()
    assert twice.sync is not None
    assert twice.sync.removed == ["board-go"]
    [after] = world.chat.messages()
    assert_shown_closed(world, after, "Go Developer (Board)")


def test_a_failed_or_empty_sync_closes_nothing_and_says_so(world: World) -> None:
    world.board.add("board-go", "Go Developer (Board)", "Golang services.", "https://b.example/1")
    world.run()
    world.board.failing = "HTTP 503 from the board"
    for _ in range(3):
        report = world.run()
        assert report.sync is not None
        assert report.sync.closed == []
    world.board.failing = None
    world.board.postings = []  # the board answers, with nothing at all
    for _ in range(3):
        report = world.run()
        assert report.sync is not None
        assert report.sync.closed == []
        assert "board:test returned no postings where it had 1: none closed" in report.summary()
    assert world.chat.edits() == []
    assert world.store.closed_ids() == set()
    [message] = world.chat.messages()
    assert "No longer open" not in world.chat.text(message)


class DiesBeforeEditing:
    """The platform's publisher in a process that is killed just before it edits."""

    def __init__(self, inner: Publisher) -> None:
        self.inner = inner
        self.platform = inner.platform

    def publish(self, announcement: Announcement) -> Receipt | None:
        return self.inner.publish(announcement)

    def edit(self, receipt: Receipt, announcement: Announcement) -> None:
        raise Crash


def test_a_restart_between_the_close_and_the_edit_still_edits_once(world: World) -> None:
    announced(world, "go-1", "Go Developer 1")
    world.remove("go-1")
    dying = DiesBeforeEditing(world.publisher)
    world.clock.advance(minutes=5)
    with pytest.raises(Crash):
        world.announcer(publisher=dying).run_once()  # type: ignore[arg-type]
    assert world.store.closed_ids() == {"go-1"}  # the close was recorded
    assert world.chat.edits() == []

    restarted = Store(world.url)  # a new process over the same database
    try:
        publisher = world.chat.publisher()
        for _ in range(3):
            world.run(store=restarted, publisher=publisher)
    finally:
        restarted.close()
    assert len(world.chat.edits()) == 1
    [after] = world.chat.messages()
    assert_shown_closed(world, after, "Go Developer 1")


def test_an_edit_that_cannot_be_made_is_recorded_once(world: World) -> None:
    message = announced(world, "go-1", "Go Developer 1")
    world.chat.delete(message)  # someone deleted the announcement
    world.remove("go-1")

    report = world.run()
    assert len(report.edits.failed) == 1
    for _ in range(3):
        world.clock.advance(hours=2)
        world.run()

    assert len(world.chat.edits()) == 1  # tried once, not again and again
    status = status_text(world.store)
    assert "announcement edits: 0 done, 1 failed" in status
    assert f"failed {world.chat.name}/{world.chat.channel}" in status


def test_in_a_digest_only_the_closed_postings_line_is_marked(world: World) -> None:
    for n in range(6):  # more than the digest threshold (5)
        world.add(f"go-{n}", f"Go Developer {n}")
    report = world.run()
    assert [len(s.posting_ids) for s in report.sent] == [6]
    world.remove("go-2")

    world.run()

    [digest] = world.chat.messages()
    text = world.chat.text(digest)
    assert text.count("No longer open") == 1
    for n in range(6):
        assert f"Go Developer {n}" in text  # every title stays
    if world.chat.name == "slack":
        urls = world.chat.apply_urls(digest)
        assert "https://jobs.example.com/go-2" not in urls
        assert len(urls) == 5
    else:
        assert "[Go Developer 2]" not in json.dumps(digest)  # no longer a link
        assert "[Go Developer 3](https://jobs.example.com/go-3)" in text
        assert "~~Go Developer 2~~ — No longer open" in text


class SlowToAccept:
    """A publisher whose platform says "not now" (rate limited for 10 minutes)."""

    def __init__(self, inner: Publisher) -> None:
        self.inner = inner
        self.platform = inner.platform

    def publish(self, announcement: Announcement) -> Receipt | None:
        raise DeliveryError("rate limited", retry_after=600)


def test_a_posting_that_closes_before_it_is_sent_is_never_sent(world: World) -> None:
    world.add("go-1", "Go Developer 1")
    slow = SlowToAccept(world.publisher)
    world.clock.advance(minutes=5)
    first = world.announcer(publisher=slow).run_once()  # type: ignore[arg-type]
    assert len(first.deferred) == 1
    world.remove("go-1")
    world.clock.advance(hours=2)
    for _ in range(2):
        world.run()
    assert world.chat.posts() == []
    assert world.chat.edits() == []


def test_a_closed_posting_that_comes_back_is_shown_open_again(world: World) -> None:
    announced(world, "go-1", "Go Developer 1")
    path = world.knowledge / "postings" / "go-1.md"
    saved = path.read_text(encoding="utf-8")
    world.remove("go-1")
    world.run()
    path.write_text(saved, encoding="utf-8")

    report = world.run()

    assert report.sync is not None
    assert report.sync.restored == ["go-1"]
    assert len(world.chat.edits()) == 2
    [message] = world.chat.messages()
    assert "No longer open" not in world.chat.text(message)
    assert world.chat.apply_urls(message) == ["https://jobs.example.com/go-1"]
    assert len(world.chat.posts()) == 1  # reopened, not announced again


def test_an_alert_dm_whose_posting_closes_is_edited_in_place(world: World) -> None:
    slack = world.chat.name == "slack"
    member = "UMEMBER" if slack else fake_discord.USER_ID
    AlertStore(world.store).add(
        world.chat.name, member, AlertSpec("golang"), "UTC", world.clock.now()
    )
    world.clock.advance(minutes=1)
    world.add("go-1", "Go Developer 1")
    world.run()
    fake = world.chat.fake  # type: ignore[attr-defined]
    dm_channel = f"D{member}" if slack else fake_discord.DM_CHANNEL_ID
    dm_messages = fake.channel_messages if slack else fake.posted
    [sent] = dm_messages(dm_channel)
    world.remove("go-1")

    world.run()

    [after] = dm_messages(dm_channel)  # the same message, redrawn
    if slack:
        edits = [e for e in world.chat.edits() if e["channel"] == dm_channel]
        assert [e["ts"] for e in edits] == [sent["ts"]]
    else:
        assert after["id"] == sent["id"]
        assert fake.find("PATCH", rf"^/channels/{dm_channel}/messages/{sent['id']}$")
    assert_shown_closed(world, after, "Go Developer 1")
    assert "your job alert" in world.chat.text(after)
    world.run()
    assert "announcement edits: 2 done, 0 failed" in status_text(world.store)  # DM + channel
