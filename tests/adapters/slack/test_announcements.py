"""Announcements end to end through Slack: a signed `/jobs subscribe` to the real Bolt app, the
real `Announcer` with an injected clock, and the real `SlackPublisher` posting to the fake
Web API. Assertions are on what reached the fake server and what the store recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.slack import platform
from adapters.slack.app import build_app
from adapters.slack.subscriptions import SlackSubscriptions
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.schema import DONE
from jobbot.announce.store import Store
from jobbot.app.cli import main
from jobbot.engine import Engine
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.slack.conftest import ManualClock, SlackHarness, write_knowledge
from tests.adapters.slack.shown import all_buttons, buttons, shown
from tests.support.announce_doubles import FakeClock, knowledge_with_background
from tests.support.fake_slack import ADMIN, BOT_TOKEN, MEMBER, FakeSlack, command_body

CHANNEL = "C0ANNOUNCE"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """The Slack tests' postings plus unrelated ones, so several new Python postings still
    stand out in BM25 (a word in half the documents carries no weight)."""
    return knowledge_with_background(write_knowledge(tmp_path / "knowledge"), fillers=10)


def add_posting(knowledge: Path, slug: str, title: str, *, location: str = "Remote") -> str:
    """A new posting file, as someone adding an opening would write it; returns its id."""
    (knowledge / "postings" / f"{slug}.md").write_text(
        "---\n"
        f"id: {slug}\n"
        f'title: "{title}"\n'
        'company: "Gamma Data"\n'
        f'location: "{location}"\n'
        "skills: [Python, Airflow]\n"
        f'url: "https://jobs.example.com/gamma/{slug}"\n'
        'salary: "$130,000 - $160,000 per year"\n'
        "---\n"
        "Python data pipelines with Airflow.\n",
        encoding="utf-8",
    )
    return slug


@dataclass
class World:
    """One workspace: the chat app, the store both sides share, and the announcer's clock."""

    harness: SlackHarness
    store: Store
    clock: FakeClock
    knowledge: Path
    settings: Settings

    def announcer(self, store: Store | None = None) -> Announcer:
        publisher = platform.build_publisher(self.settings)
        assert publisher is not None
        return Announcer(
            store or self.store,
            [publisher],
            directories([self.knowledge]),
            clock=self.clock,
            digest_threshold=self.settings.digest_threshold,
        )

    def command(self, text: str, user: str, name: str) -> str:
        body = command_body(
            "/jobs", text, self.harness.fake.response_url(name), user_id=user, channel_id=CHANNEL
        )
        assert self.harness.form(body).status == 200
        return shown(self.harness.fake.wait_for(f"/response/{name}")[-1].body)

    def posts(self) -> list[dict]:
        return [r.body for r in self.harness.fake.calls("chat.postMessage")]

    def baseline_then_subscribe(self, user: str = ADMIN) -> str:
        """The scheduler's first look (the back catalogue), then a channel subscribes."""
        first = self.announcer().run_once()
        assert first.sync is not None
        assert first.sync.first_sync
        self.clock.advance(minutes=1)
        reply = self.command("subscribe python remote", user, "subscribe")
        self.clock.advance(minutes=1)
        return reply


@pytest.fixture
def world(
    settings: Settings, engine: Engine, fake_slack: FakeSlack, knowledge: Path
) -> Iterator[World]:
    store = Store(settings.database_url)
    clock = FakeClock()
    subscriptions = SlackSubscriptions.from_settings(settings, store, engine, clock=clock)
    app, bot = build_app(
        settings, engine, clock=ManualClock(), subcommands=subscriptions.subcommands()
    )
    yield World(
        SlackHarness(app, bot, fake_slack, ManualClock()), store, clock, knowledge, settings
    )
    store.close()


def sent_ids(report: RunReport) -> list[str]:
    return [pid for sent in report.sent for pid in sent.posting_ids]


def test_new_matching_posting_is_announced_once_even_after_a_restart(
    world: World, settings: Settings
) -> None:
    assert "Subscribed this channel to `python remote`" in world.baseline_then_subscribe()
    assert world.posts() == []  # the back catalogue is never announced
    new = add_posting(world.knowledge, "data-python", "Data Engineer (Python)")
    add_posting(world.knowledge, "lyon-python", "Python Developer", location="Lyon (On-site)")

    report = world.announcer().run_once()

    assert sent_ids(report) == [new]
    [post] = world.posts()
    assert post["channel"] == CHANNEL
    text = shown(post)
    assert "New opening matching “python remote”" in text
    assert "Data Engineer (Python)" in text
    assert "Gamma Data" in text
    assert "$130,000 – $160,000 / year" in text
    assert "Python Developer" not in text  # on-site: the `remote` filter holds
    assert buttons(post)["Apply"]["url"] == "https://jobs.example.com/gamma/data-python"

    world.clock.advance(minutes=5)
    assert world.announcer().run_once().sent == []
    restarted = Store(settings.database_url)  # a new process over the same database
    try:
        world.clock.advance(minutes=5)
        assert world.announcer(restarted).run_once().sent == []
        [delivery] = restarted.deliveries("slack", CHANNEL)
        assert (delivery.posting_id, delivery.status) == (new, DONE)
    finally:
        restarted.close()
    assert len(world.posts()) == 1


def test_rate_limited_post_is_retried_after_retry_after(world: World) -> None:
    world.baseline_then_subscribe()
    new = add_posting(world.knowledge, "data-python", "Data Engineer (Python)")
    world.harness.fake.fail_next(
        "chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "7"}
    )
    started = world.clock.now()

    report = world.announcer().run_once()

    assert sent_ids(report) == [new]
    assert len(world.posts()) == 2  # the refused one, then the delivered one
    assert world.clock.sleeps == [7.0]
    [delivery] = world.store.deliveries("slack", CHANNEL)
    assert delivery.status == DONE
    assert delivery.attempts == 2
    assert delivery.delivered_at == started + timedelta(seconds=7)
    world.clock.advance(minutes=5)
    assert world.announcer().run_once().sent == []
    assert len(world.posts()) == 2


def test_non_admin_cannot_subscribe_so_nothing_is_announced(world: World) -> None:
    reply = world.baseline_then_subscribe(user=MEMBER)
    assert "Only people who can manage this channel" in reply
    assert world.store.subscriptions() == []
    add_posting(world.knowledge, "data-python", "Data Engineer (Python)")
    assert world.announcer().run_once().sent == []
    assert world.posts() == []


def test_more_new_postings_than_the_threshold_make_one_digest(world: World) -> None:
    world.baseline_then_subscribe()
    count = world.settings.digest_threshold + 1
    ids = [
        add_posting(world.knowledge, f"data-{n}", f"Python Data Engineer {n}") for n in range(count)
    ]

    report = world.announcer().run_once()

    assert sorted(sent_ids(report)) == sorted(ids)
    [post] = world.posts()
    text = shown(post)
    assert f"*{count}* new openings matching “python remote”" in text
    assert all(f"Python Data Engineer {n}" in text for n in range(count))
    applies = [b["url"] for b in all_buttons(post) if b["text"]["text"] == "Apply"]
    assert sorted(applies) == sorted(f"https://jobs.example.com/gamma/{i}" for i in ids)


def test_build_publisher_needs_a_token_and_honours_slack_api_url(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    assert platform.build_publisher(Settings()) is None
    publisher = platform.build_publisher(settings)
    assert publisher is not None
    assert publisher.platform == "slack"
    assert publisher.client.base_url == fake_slack.url


def test_jobbot_scheduler_posts_to_slack_via_build_publisher(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    world: World,
    fake_slack: FakeSlack,
) -> None:
    """`jobbot scheduler --once` (the Procfile `clock:` process) finds the Slack publisher."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    knowledge = ["--knowledge", str(world.knowledge)]
    assert main(["scheduler", "--once", *knowledge]) == 0
    subscribed = SlackSubscriptions.from_settings(world.settings, world.store)
    subscribed.service.subscribe("slack", CHANNEL, ADMIN, "python remote", can_manage=True)
    add_posting(world.knowledge, "data-python", "Data Engineer (Python)")

    assert main(["scheduler", "--once", *knowledge]) == 0

    out = capsys.readouterr()
    assert "1 messages sent" in out.out
    assert BOT_TOKEN not in out.out + out.err
    [post] = world.posts()
    assert post["channel"] == CHANNEL
    assert "Data Engineer (Python)" in shown(post)
