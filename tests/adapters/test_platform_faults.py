"""Faults an operator meets, through both platforms' real clients and fake servers: a
revoked bot token, and server errors or rate limits while an announcement is edited.
Nothing is lost, nothing is sent twice, the reason is plain in `jobbot scheduler --status`,
and no token reaches a log line."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from jobbot.announce.alerts import AlertStore
from jobbot.announce.digests import AlertSpec
from jobbot.app.launch import status_text
from tests.adapters.test_closing_announcements import (
    EDITS,
    MESSAGES,
    World,
    announced,
    assert_shown_closed,
)
from tests.adapters.test_closing_announcements import world as world  # the fixture
from tests.support import fake_discord, fake_slack

SECRETS = (fake_slack.BOT_TOKEN, fake_slack.SIGNING_SECRET, fake_discord.TOKEN)
TOKEN_NAME = {"slack": "SLACK_BOT_TOKEN", "discord": "DISCORD_TOKEN"}


def refuse_the_token(w: World, api: str, times: int = 50) -> None:
    """The platform answers the next `times` calls of `api` ("post" or "edit") as it does
    once the bot's token was revoked (until `fix_the_token`)."""
    if w.chat.name == "slack":
        for _ in range(times):
            method = "chat.postMessage" if api == "post" else "chat.update"
            w.chat.fake.fail_next(method, "token_revoked")  # type: ignore[attr-defined]
        return
    method, pattern = ("POST", MESSAGES) if api == "post" else ("PATCH", EDITS)
    w.chat.fake.fail(method, pattern, 401, message="401: Unauthorized", times=times)  # type: ignore[attr-defined]


def fix_the_token(w: World) -> None:
    w.chat.fake.failures.clear()  # type: ignore[attr-defined]


def fail_edits(w: World, status: int, headers: dict[str, str] | None = None) -> None:
    """The next edit answers `status` (a 5xx, or a 429 with its Retry-After)."""
    if w.chat.name == "slack":
        error = "ratelimited" if status == 429 else "internal_error"
        w.chat.fake.fail_next("chat.update", error, status=status, headers=headers)  # type: ignore[attr-defined]
        return
    body: dict[str, Any] = {"message": "error", "code": 0}
    if status == 429:
        body = {"message": "You are being rate limited.", "retry_after": 600.0, "global": False}
    w.chat.fake.fail("PATCH", EDITS, status, body=body, headers=headers or {})  # type: ignore[attr-defined]


def assert_no_secret_logged(caplog: pytest.LogCaptureFixture) -> None:
    for secret in SECRETS:
        assert secret not in caplog.text
    assert "Traceback" not in caplog.text


def test_a_revoked_token_makes_announcements_wait_and_loses_none(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the clients' own request logs included
    world.add("go-1", "Go Developer 1")
    refuse_the_token(world, "post")

    for _ in range(12):  # the token stays refused for two hours: more than 10 attempts
        report = world.run()
        assert report.sent == []
        assert report.failed == []  # waiting, not given up
        world.clock.advance(minutes=6)

    [delivery] = world.store.deliveries(world.chat.name, world.chat.channel)
    assert delivery.status == "retry"
    assert delivery.attempts == 0  # the token's fault, not this delivery's
    status = status_text(world.store)
    assert TOKEN_NAME[world.chat.name] in status
    assert "announcements wait" in status
    assert world.chat.messages() == []

    fix_the_token(world)
    world.clock.advance(minutes=11)  # the wait is over
    report = world.run()

    assert [s.posting_ids for s in report.sent] == [["go-1"]]
    [message] = world.chat.messages()
    assert world.chat.apply_urls(message) == ["https://jobs.example.com/go-1"]
    world.clock.advance(hours=1)
    world.run()
    assert len(world.chat.messages()) == 1
    assert "go-1" in caplog.text  # the logs were captured, and hold no secret
    assert_no_secret_logged(caplog)


def test_a_revoked_token_leaves_closed_announcements_to_be_edited_later(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    announced(world, "go-1", "Go Developer 1")
    world.remove("go-1")
    refuse_the_token(world, "edit")

    for _ in range(7):  # more passes than an edit has attempts
        report = world.run()
        assert report.edits.failed == []
        world.clock.advance(minutes=11)

    assert "announcement edits: 0 done, 0 failed" in status_text(world.store)
    fix_the_token(world)
    world.run()
    [after] = world.chat.messages()
    assert_shown_closed(world, after, "Go Developer 1")
    assert "announcement edits: 1 done, 0 failed" in status_text(world.store)
    assert_no_secret_logged(caplog)


def test_a_revoked_token_never_pauses_a_members_alerts(world: World) -> None:
    """A refused DM pauses the member; a refused token is no fault of theirs."""
    member = "UMEMBER" if world.chat.name == "slack" else fake_discord.USER_ID
    alerts = AlertStore(world.store)
    alerts.add(world.chat.name, member, AlertSpec("golang"), "UTC", world.clock.now())
    world.clock.advance(minutes=1)
    world.add("go-1", "Go Developer 1")
    if world.chat.name == "slack":
        world.chat.fake.fail_next("conversations.open", "invalid_auth")  # type: ignore[attr-defined]
    else:
        world.chat.fake.fail("POST", r"^/users/@me/channels$", 401, times=1)  # type: ignore[attr-defined]

    report = world.run()

    assert [s.channel for s in report.sent] == [world.chat.channel]  # the DM waits
    assert report.failed == []
    state = alerts.state(world.chat.name, member)
    assert state is None or state.paused_at is None
    world.clock.advance(minutes=15)
    report = world.run()
    assert [s.channel for s in report.sent] == [f"dm:{member}"]


@pytest.mark.parametrize("status", [500, 429])
def test_an_edit_refused_by_a_server_error_or_rate_limit_is_made_later_once(
    world: World, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    announced(world, "go-1", "Go Developer 1")
    world.remove("go-1")
    fail_edits(world, status, {"Retry-After": "600"} if status == 429 else None)

    first = world.run()

    assert first.edits.failed == []
    if world.chat.name == "slack" or status == 429:  # discord.py retries a 5xx itself
        assert first.edits.edited == []
        assert len(first.edits.deferred) == 1
        [message] = world.chat.messages()
        assert "No longer open" not in world.chat.text(message)
    for _ in range(3):
        world.clock.advance(minutes=11)
        world.run()
    [after] = world.chat.messages()
    assert_shown_closed(world, after, "Go Developer 1")
    assert "announcement edits: 1 done, 0 failed" in status_text(world.store)
    assert len(world.chat.posts()) == 1
    assert_no_secret_logged(caplog)


def test_a_server_error_on_the_post_is_retried_and_lands_once(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    world.add("go-1", "Go Developer 1")
    if world.chat.name == "slack":
        world.chat.fake.fail_next("chat.postMessage", "internal_error", status=500)  # type: ignore[attr-defined]
    else:  # discord.py retries a 5xx itself (with the same nonce) before the scheduler does
        world.chat.fake.fail("POST", MESSAGES, 500)  # type: ignore[attr-defined]

    report = world.run()
    for _ in range(2):
        world.clock.advance(minutes=5)
        report = world.run() if not report.sent else report

    assert [s.posting_ids for s in report.sent] == [["go-1"]]
    world.clock.advance(hours=1)
    world.run()
    [message] = world.chat.messages()
    assert world.chat.apply_urls(message) == ["https://jobs.example.com/go-1"]
    assert_no_secret_logged(caplog)


def test_a_channel_the_bot_cannot_post_in_fails_once_and_says_why(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    world.chat.fake.gone_channels.add(world.chat.channel)  # type: ignore[attr-defined]
    world.add("go-1", "Go Developer 1")

    report = world.run()

    assert len(report.failed) == 1
    for _ in range(3):
        world.clock.advance(hours=1)
        assert world.run().failed == []  # given up on once, not retried forever
    assert len(world.chat.posts()) == 1
    status = status_text(world.store)
    assert f"failed {world.chat.name}/{world.chat.channel}" in status
    assert "channel_not_found" in status or "404" in status
    assert_no_secret_logged(caplog)
