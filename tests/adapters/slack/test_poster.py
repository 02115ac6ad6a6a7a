"""SlackPublisher: announcements through the real WebClient to the fake Web API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.poster import SlackPublisher
from jobbot.announce.publisher import Announcement, DeliveryError, Receipt
from jobbot.models import Posting
from jobbot.settings import Settings
from tests.adapters.slack.shown import buttons, shown
from tests.support.fake_slack import FakeSlack


def posting(n: int) -> Posting:
    return Posting(
        id=f"p{n}",
        title=f"Data Engineer {n}",
        company="Acme",
        workplace=["remote"],
        url=f"https://jobs.example.com/{n}",
        source=f"postings/p{n}.md",
    )


@pytest.fixture
def publisher(settings: Settings) -> SlackPublisher:
    return SlackPublisher.from_settings(settings)


def test_one_posting_is_posted_as_a_card(publisher: SlackPublisher, fake_slack: FakeSlack) -> None:
    publisher.publish(Announcement(channel="C42", postings=[posting(1)], query="data <!here>"))
    sent = fake_slack.wait_for("chat.postMessage")[0].body
    assert sent["channel"] == "C42"
    assert "Data Engineer 1" in shown(sent)
    assert buttons(sent)["Apply"]["url"] == "https://jobs.example.com/1"
    assert "<!here>" not in shown(sent)


def test_several_postings_are_one_digest(publisher: SlackPublisher, fake_slack: FakeSlack) -> None:
    publisher.publish(Announcement(channel="C42", postings=[posting(n) for n in range(7)]))
    assert len(fake_slack.calls("chat.postMessage")) == 1
    sent = fake_slack.calls("chat.postMessage")[0].body
    assert "*7* new openings" in shown(sent)
    assert all(f"Data Engineer {n}" in shown(sent) for n in range(7))


def test_rate_limit_reports_retry_after(publisher: SlackPublisher, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next(
        "chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "30"}
    )
    with pytest.raises(DeliveryError) as raised:
        publisher.publish(Announcement(channel="C42", postings=[posting(1)]))
    assert raised.value.retry_after == 30
    assert not raised.value.permanent
    assert len(fake_slack.calls("chat.postMessage")) == 1  # the scheduler decides when to retry


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
def test_unreachable_channels_are_permanent_failures(
    publisher: SlackPublisher, fake_slack: FakeSlack, error: str
) -> None:
    fake_slack.fail_next("chat.postMessage", error)
    with pytest.raises(DeliveryError) as raised:
        publisher.publish(Announcement(channel="C42", postings=[posting(1)]))
    assert raised.value.permanent
    assert error in str(raised.value)


def test_server_errors_are_retryable(publisher: SlackPublisher, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next("chat.postMessage", "internal_error", status=500)
    with pytest.raises(DeliveryError) as raised:
        publisher.publish(Announcement(channel="C42", postings=[posting(1)]))
    assert not raised.value.permanent
    assert raised.value.retry_after is None


def test_unreachable_slack_is_a_retryable_failure(settings: Settings) -> None:
    offline = settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    with pytest.raises(DeliveryError) as raised:
        SlackPublisher.from_settings(offline).publish(
            Announcement(channel="C42", postings=[posting(1)])
        )
    assert not raised.value.permanent


def test_needs_a_bot_token() -> None:
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        SlackPublisher.from_settings(Settings())


def test_every_announcement_carries_its_key_as_message_metadata(
    publisher: SlackPublisher, fake_slack: FakeSlack
) -> None:
    receipt = publisher.publish(Announcement(channel="C42", postings=[posting(1)], key="3-abc"))
    sent = fake_slack.wait_for("chat.postMessage")[0].body
    assert sent["metadata"] == {
        "event_type": "jobbot_announcement",
        "event_payload": {"key": "3-abc"},
    }
    [message] = fake_slack.channel_messages("C42")
    assert receipt.messages == [message["ts"]]


def test_a_look_finds_the_message_behind_hundreds_of_newer_ones(
    publisher: SlackPublisher, fake_slack: FakeSlack
) -> None:
    ours = Announcement(channel="C42", postings=[posting(1)], key="5-abc")
    sent = publisher.publish(ours)
    for n in range(450):  # a busy channel since
        fake_slack.messages["C42"].append(
            {"type": "message", "ts": f"{fake_slack.clock() + n + 1:.6f}", "text": f"hi {n}"}
        )
    looking = ours.model_copy(update={"since": datetime.now(UTC) - timedelta(minutes=1)})
    found = publisher.find(looking)
    assert found is not None
    assert found.messages == sent.messages
    assert len(fake_slack.calls("conversations.history")) == 3  # 200 a page, newest first
    other = looking.model_copy(update={"key": "6-def"})
    assert publisher.find(other) is None
    # With `since`, publishing first looks, and does not post what is already there.
    assert publisher.publish(looking).found
    assert len(fake_slack.calls("chat.postMessage")) == 1


def test_without_history_access_a_look_says_nothing_was_found(
    publisher: SlackPublisher, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail_next("conversations.history", "missing_scope")
    looking = Announcement(
        channel="C42", postings=[posting(1)], key="5-abc", since=datetime.now(UTC)
    )
    assert publisher.find(looking) is None
    assert "channels:history" in caplog.text


def test_an_edit_of_a_deleted_message_is_permanent(
    publisher: SlackPublisher, fake_slack: FakeSlack
) -> None:
    announcement = Announcement(channel="C42", postings=[posting(1)], key="5-abc")
    receipt = publisher.publish(announcement)
    fake_slack.delete_message("C42", receipt.messages[0])
    closed = announcement.model_copy(update={"closed": ["p1"]})
    with pytest.raises(DeliveryError) as caught:
        publisher.edit(Receipt(channel="C42", messages=receipt.messages), closed)
    assert caught.value.permanent
    assert "message_not_found" in str(caught.value)
