"""SlackPublisher: announcements through the real WebClient to the fake Web API."""

from __future__ import annotations

import pytest

from adapters.slack.poster import SlackPublisher
from jobbot.announce.publisher import Announcement, DeliveryError
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
