"""Personal alerts in the scheduler's pass: DMs through the same claim-then-send as channel
announcements, once per (posting, member), with the member's own exclusions and timing."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from jobbot.announce.alerts import AlertStore
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.publisher import RecipientUnreachableError
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.announce.tracking import Tracking
from jobbot.app.launch import status_text
from jobbot.engine import Engine
from jobbot.models import Posting
from jobbot.sources import directories
from tests.support.announce_doubles import (
    FakeClock,
    RecordingPublisher,
    knowledge_with_background,
    rate_limited,
)


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_with_background(tmp_path / "knowledge", fillers=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'alerts.db'}")
    yield s
    s.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def post(
    knowledge: Path,
    slug: str,
    title: str,
    company: str = "Gopher Co",
    body: str = "Golang microservices with gRPC, remote.",
) -> str:
    path = knowledge / "postings" / f"{slug}.md"
    path.write_text(
        f"---\nid: {slug}\ntitle: {title}\ncompany: {company}\n---\n{body}\n", encoding="utf-8"
    )
    return slug


class Setup:
    def __init__(self, store: Store, knowledge: Path, clock: FakeClock) -> None:
        self.store, self.knowledge, self.clock = store, knowledge, clock
        self.slack = RecordingPublisher("slack", clock=clock)

    def announcer(self, *publishers: RecordingPublisher, **kw: object) -> Announcer:
        chosen = publishers or (self.slack,)
        return Announcer(self.store, chosen, directories([self.knowledge]), clock=self.clock, **kw)  # type: ignore[arg-type]

    def alert(self, member: str, text: str, tz: str | None = None) -> str:
        engine = Engine.from_source(directories([self.knowledge]))
        reply = PersonalCommands(self.store, engine, self.clock).handle(
            "slack", member, f"alert {text}", tz=tz
        )
        assert "set" in reply, reply
        return reply

    def dms(self, member: str) -> list[list[str]]:
        return [[p.id for p in a.postings] for a in self.slack.sent if a.member == member]


@pytest.fixture
def s(store: Store, knowledge: Path, clock: FakeClock) -> Setup:
    setup = Setup(store, knowledge, clock)
    assert setup.announcer().run_once().sync.first_sync  # type: ignore[union-attr]
    clock.advance(minutes=1)
    return setup


def test_one_dm_per_posting_and_member_however_many_alerts_match(s: Setup) -> None:
    s.alert("U1", "golang")
    s.alert("U1", "grpc microservices")
    s.alert("U2", "golang")
    s.clock.advance(minutes=1)
    go = post(s.knowledge, "go-1", "Go Developer")
    post(s.knowledge, "rust-1", "Rust Developer", body="Rust services on site.")

    report = s.announcer().run_once()

    assert s.dms("U1") == [[go]]
    assert s.dms("U2") == [[go]]
    [to_u1] = [a for a in s.slack.sent if a.member == "U1"]
    assert to_u1.channel == "dm:U1"
    assert to_u1.query == "golang, grpc microservices"
    assert len(report.sent) == 2
    s.clock.advance(minutes=5)
    assert s.announcer().run_once().sent == []
    assert {(d.channel, d.status) for d in s.store.deliveries()} == {
        ("dm:U1", "done"),
        ("dm:U2", "done"),
    }


def test_negative_words_and_not_interested_keep_postings_out_of_alerts(s: Setup) -> None:
    s.alert("U1", "golang -frontend")
    Tracking(s.store).hide_company("slack", "U1", "Spammy  RECRUITERS", s.clock.now())
    s.clock.advance(minutes=1)
    wanted = post(s.knowledge, "go-1", "Go Developer")
    post(s.knowledge, "go-2", "Go Frontend Developer")
    post(s.knowledge, "go-3", "Go Developer", company="Spammy Recruiters")

    s.announcer().run_once()

    assert s.dms("U1") == [[wanted]]


def test_a_hidden_posting_is_not_sent_even_when_it_matches(s: Setup) -> None:
    s.alert("U1", "golang")
    s.clock.advance(minutes=1)
    hidden = post(s.knowledge, "go-1", "Go Developer")
    kept = post(s.knowledge, "go-2", "Golang Engineer")
    Tracking(s.store).mark(
        "slack", "U1", Posting(id=hidden, title="x", source="x"), "hidden", s.clock.now()
    )
    s.announcer().run_once()
    assert s.dms("U1") == [[kept]]


def test_dms_on_one_platform_are_paced_apart(s: Setup) -> None:
    for member in ("U1", "U2", "U3"):
        s.alert(member, "golang")
    s.clock.advance(minutes=1)
    post(s.knowledge, "go-1", "Go Developer")

    s.announcer(dm_interval=2.0).run_once()

    assert len(s.slack.sent_at) == 3
    gaps = [(b - a).total_seconds() for a, b in pairwise(s.slack.sent_at)]
    assert gaps == [2.0, 2.0]


def test_a_member_who_cannot_be_messaged_is_paused_until_they_resume(s: Setup) -> None:
    s.alert("U1", "golang")
    s.alert("U2", "golang")
    s.clock.advance(minutes=1)
    first = post(s.knowledge, "go-1", "Go Developer")
    s.slack.failures = [RecipientUnreachableError("DMs closed")]

    report = s.announcer().run_once()

    assert len(report.failed) == 1
    assert len(report.sent) == 1  # the other member is not held up
    alerts = AlertStore(s.store)
    assert alerts.paused() == {("slack", "U1")}
    assert "1 paused (DMs refused)" in status_text(s.store)
    assert "alert DMs: 1 done, 1 failed, 0 waiting" in status_text(s.store)
    s.clock.advance(minutes=5)
    second = post(s.knowledge, "go-2", "Golang Engineer")
    s.announcer().run_once()
    assert s.dms("U1") == []  # paused: not even tried
    assert s.dms("U2") == [[first], [second]]

    service = PersonalCommands(s.store)
    notice = service.notice("slack", "U1")
    assert notice is not None
    assert "DMs closed" in notice
    assert service.notice("slack", "U1") is None  # told once
    assert "on again" in service.resume("slack", "U1")
    s.announcer().run_once()
    assert s.dms("U1") == [[second]]  # the refused one is recorded as failed, not retried
    assert first not in [pid for ids in s.dms("U1") for pid in ids]


def test_an_instant_match_is_not_repeated_in_the_members_digest(s: Setup) -> None:
    s.alert("U1", "golang")
    s.alert("U1", "daily at 10 grpc", tz="UTC")
    s.clock.advance(minutes=1)
    go = post(s.knowledge, "go-1", "Go Developer")
    s.announcer().run_once()
    assert s.dms("U1") == [[go]]
    s.clock.advance(hours=1)  # 10:02 UTC: the digest's slot
    assert s.announcer().run_once().sent == []
    assert s.dms("U1") == [[go]]
    [digest] = [a for a in AlertStore(s.store).alerts() if a.frequency == "daily"]
    assert digest.last_digest_at is not None  # its slot was served, with nothing to send


def test_a_digest_held_up_by_a_rate_limit_goes_out_when_due_not_a_day_later(s: Setup) -> None:
    s.alert("U1", "daily at 10 golang", tz="UTC")
    s.clock.advance(minutes=1)
    go = post(s.knowledge, "go-1", "Go Developer")
    s.clock.advance(hours=1)
    s.slack.failures = [rate_limited(600)]

    deferred = s.announcer().run_once()

    assert len(deferred.deferred) == 1
    assert s.dms("U1") == []
    s.clock.advance(minutes=11)
    s.announcer().run_once()
    assert s.dms("U1") == [[go]]
    [digest] = [a for a in s.slack.sent if a.member == "U1"]
    assert digest.digest == "daily"
    s.clock.advance(days=1)
    assert s.announcer().run_once().sent == []


def test_a_platform_without_a_publisher_keeps_its_members_alerts_waiting(s: Setup) -> None:
    PersonalCommands(s.store, None, s.clock).handle("discord", "42", "alert golang")
    s.clock.advance(minutes=1)
    go = post(s.knowledge, "go-1", "Go Developer")
    assert s.announcer().run_once().sent == []
    discord = RecordingPublisher("discord")
    s.announcer(discord).run_once()
    assert [[p.id for p in a.postings] for a in discord.sent] == [[go]]
    assert discord.sent[0].member == "42"


def test_more_instant_matches_than_the_threshold_are_one_dm(s: Setup) -> None:
    s.alert("U1", "golang")
    s.clock.advance(minutes=1)
    ids = [post(s.knowledge, f"go-{n}", f"Go Developer {n}") for n in range(7)]
    s.announcer(digest_threshold=5).run_once()
    [dm] = s.dms("U1")
    assert sorted(dm) == sorted(ids)
    assert s.slack.sent[0].digest is None  # a burst, not the member's scheduled digest
