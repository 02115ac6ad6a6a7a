"""DiscordPublisher: announcements posted over discord.py's REST client to a fake Discord."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.discord import platform
from adapters.discord.poster import DiscordPublisher
from jobbot.announce.publisher import Announcement, CredentialsError, DeliveryError, Publisher
from jobbot.app.launch import build_publishers
from jobbot.app.platforms import registered
from jobbot.models import Posting, Salary
from jobbot.settings import Settings
from tests.support.fake_discord import TOKEN, FakeDiscord, buttons, fake_discord_in_thread

CHANNEL = "123456789012345678"
MESSAGES = rf"^/channels/{CHANNEL}/messages$"


def posting(number: int = 1, **fields: object) -> Posting:
    base: dict[str, object] = {
        "id": f"p{number}",
        "title": f"Senior Python Engineer {number}",
        "company": "Acme",
        "location": "Berlin",
        "workplace": ["remote"],
        "salary": Salary(min=120_000, max=150_000, currency="EUR", period="YEAR"),
        "skills": ["Python", "PostgreSQL"],
        "url": f"https://jobs.example.com/{number}",
        "source": f"postings/p{number}.md",
    }
    base.update(fields)
    return Posting.model_validate(base)


@pytest.fixture
def fake() -> Iterator[FakeDiscord]:
    with fake_discord_in_thread() as server:
        yield server


@pytest.fixture
def publisher(fake: FakeDiscord) -> Iterator[DiscordPublisher]:
    publisher = DiscordPublisher(TOKEN)
    yield publisher
    publisher.close()


def test_one_new_posting_is_posted_as_its_card_with_an_apply_button(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    as_protocol: Publisher = publisher  # what the scheduler holds
    as_protocol.publish(
        Announcement(channel=CHANNEL, postings=[posting()], query="python @everyone")
    )
    (sent,) = fake.find("POST", MESSAGES)
    body = sent.body
    (embed,) = body["embeds"]
    assert embed["title"] == "Senior Python Engineer 1"
    assert embed["url"] == "https://jobs.example.com/1"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Company"] == "Acme"
    assert fields["Salary"] == "€120,000 – €150,000 / year"
    assert fields["Workplace"] == "Remote"
    apply, *track = buttons(body["components"])
    assert [b["label"] for b in track] == ["Save", "Applied", "Not interested"]
    assert (apply["label"], apply["url"], apply["style"]) == (
        "Apply",
        "https://jobs.example.com/1",
        5,
    )
    assert body["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in body["content"]
    assert sent.headers["Authorization"] == f"Bot {TOKEN}"
    assert len(fake.find("GET", r"^/users/@me$")) == 1  # logged in once


def test_several_postings_become_one_digest(fake: FakeDiscord, publisher: DiscordPublisher) -> None:
    postings = [posting(n) for n in range(1, 8)]
    publisher.publish(Announcement(channel=CHANNEL, postings=postings, query="python"))
    publisher.publish(Announcement(channel=CHANNEL, postings=postings[:2]))
    first, second = fake.find("POST", MESSAGES)
    (digest,) = first.body["embeds"]
    assert digest["title"] == "7 new openings matching “python”"
    for number in range(1, 8):
        assert (
            f"[Senior Python Engineer {number}](https://jobs.example.com/{number})"
            in (digest["description"])
        )
    # No Apply button (each title links), but Save / Applied / Not interested for each.
    [[menu]] = [row["components"] for row in first.body["components"]]
    assert menu["options"][0]["label"] == "Save: Senior Python Engineer 1"
    assert second.body["embeds"][0]["title"] == "2 new openings"
    assert len(fake.find("GET", r"^/users/@me$")) == 1


def test_long_rate_limit_becomes_retry_after(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    fake.fail(
        "POST",
        MESSAGES,
        429,
        body={"message": "You are being rate limited.", "retry_after": 64.5, "global": False},
        headers={"Retry-After": "65", "Via": "1.1 google", "X-RateLimit-Scope": "user"},
    )
    with pytest.raises(DeliveryError) as caught:
        publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
    assert caught.value.retry_after == pytest.approx(64.5)
    assert not caught.value.permanent


def test_short_rate_limit_is_waited_out(fake: FakeDiscord, publisher: DiscordPublisher) -> None:
    fake.fail(
        "POST",
        MESSAGES,
        429,
        body={"message": "You are being rate limited.", "retry_after": 0.05, "global": False},
        headers={"Retry-After": "1", "Via": "1.1 google"},
    )
    publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
    assert len(fake.find("POST", MESSAGES)) == 2  # refused once, then delivered


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [(404, 10003, "Unknown Channel"), (403, 50001, "Missing Access")],
)
def test_unknown_channel_or_no_access_is_permanent(
    fake: FakeDiscord, publisher: DiscordPublisher, status: int, code: int, message: str
) -> None:
    fake.fail("POST", MESSAGES, status, code=code, message=message)
    with pytest.raises(DeliveryError) as caught:
        publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
    assert caught.value.permanent
    assert message in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_not_a_channel_id_is_permanent(publisher: DiscordPublisher) -> None:
    with pytest.raises(DeliveryError) as caught:
        publisher.publish(Announcement(channel="#jobs", postings=[posting()]))
    assert caught.value.permanent


def test_a_rejected_token_makes_deliveries_wait_not_fail(fake: FakeDiscord) -> None:
    """A revoked token is the operator's to fix; the announcement is not at fault."""
    fake.fail("GET", r"^/users/@me$", 401, code=0, message="401: Unauthorized")
    publisher = DiscordPublisher("wrong")
    try:
        with pytest.raises(CredentialsError) as caught:
            publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
        assert not caught.value.permanent
        assert caught.value.retry_after
        assert "DISCORD_TOKEN" in str(caught.value)
        assert "wrong" not in str(caught.value)
    finally:
        publisher.close()


def test_publisher_is_made_from_settings_only_with_a_token(fake: FakeDiscord) -> None:
    assert platform.build_publisher(Settings()) is None
    publisher = platform.build_publisher(Settings(discord_token=TOKEN))
    assert publisher is not None
    try:
        publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
    finally:
        publisher.close()
    (sent,) = fake.find("POST", MESSAGES)
    assert sent.headers["Authorization"] == f"Bot {TOKEN}"


def test_jobbot_scheduler_finds_the_discord_publisher(fake: FakeDiscord) -> None:
    (publisher,) = build_publishers(Settings(discord_token=TOKEN), registered())
    assert isinstance(publisher, DiscordPublisher)
    try:
        publisher.publish(Announcement(channel=CHANNEL, postings=[posting()]))
    finally:
        publisher.close()
    assert len(fake.find("POST", MESSAGES)) == 1


def long_digest(key: str = "7-abcdef") -> Announcement:
    """More than one Discord message holds: 25 postings with long titles and links."""
    postings = [
        posting(
            n,
            title=f"Senior Staff Platform Engineer {n} " + "Kubernetes " * 12,
            url=f"https://jobs.example.com/{n}/" + "x" * 120,
        )
        for n in range(1, 26)
    ]
    return Announcement(channel=CHANNEL, postings=postings, query="platform", key=key)


def test_every_part_carries_a_nonce_and_a_repeat_within_the_window_posts_nothing(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    first = publisher.publish(long_digest())
    assert len(first.messages) == 2
    bodies = [r.body for r in fake.find("POST", MESSAGES)]
    assert [b["enforce_nonce"] for b in bodies] == [True, True]
    assert len({b["nonce"] for b in bodies}) == 2
    assert all(len(b["nonce"]) <= 25 for b in bodies)
    again = publisher.publish(long_digest())  # the same message, sent again at once
    assert again.messages == first.messages
    assert len(fake.posted(CHANNEL)) == 2


def test_a_half_sent_announcement_is_completed_not_repeated(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    announcement = long_digest()
    sent = publisher.publish(announcement)
    fake.delete_message(CHANNEL, sent.messages[1])  # as if the second part never went out
    fake.nonce_window = 0.0  # and Discord's nonce window is over
    looking = announcement.model_copy(update={"since": datetime.now(UTC) - timedelta(minutes=1)})

    found = publisher.find(looking)
    assert found is not None
    assert (found.messages, found.complete) == ([sent.messages[0]], False)

    completed = publisher.publish(looking)
    assert completed.messages[0] == sent.messages[0]
    assert len(completed.messages) == 2
    assert len(fake.posted(CHANNEL)) == 2  # the first part once, the second part once
    assert len(fake.find("POST", MESSAGES)) == 3
    assert publisher.find(looking) == completed.model_copy(update={"found": True})


def test_someone_elses_message_that_looks_the_same_is_not_taken_for_ours(
    fake: FakeDiscord, publisher: DiscordPublisher
) -> None:
    announcement = Announcement(channel=CHANNEL, postings=[posting()], key="9-abc")
    publisher.publish(announcement)
    for message in fake.channel_messages[CHANNEL]:
        message["author"] = {**message["author"], "id": "123"}  # another bot posted it
    looking = announcement.model_copy(update={"since": datetime.now(UTC) - timedelta(hours=1)})
    assert publisher.find(looking) is None
