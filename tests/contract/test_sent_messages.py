"""What actually goes over the wire: announcements (a card, a digest), their edits once a
posting closed, and personal-alert DMs (a card, a daily digest), sent by the real Slack and
Discord clients to the fake servers from postings whose every field is hostile, then read
the way each platform's client reads them. Nothing may ping anyone, and the only links are
the postings' own URLs. The hostile text adds each platform's own syntax to the shared
corpus: Slack's `<url|label>`, `<!here>`, user groups, `mailto:`; plain-http masked links,
headings, quotes and `-#` subtext at the start of a line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters.discord.poster import DiscordPublisher
from adapters.slack.poster import SlackPublisher
from jobbot.announce.publisher import Announcement, Publisher
from jobbot.settings import Settings
from tests.contract import live
from tests.support import fake_discord, fake_slack
from tests.support.hostile import HOSTILE, hostile_posting

PLATFORM_SYNTAX = (
    "<!here> <!everyone> <!subteam^S123|team> <@U123|bob> <http://evil.example/a|Click> "
    "<mailto:x@evil.example|mail> [x](http://evil.example/b) [y](<http://evil.example/c>) "
    "[z]( http://evil.example/d ) @channel @here www.evil.example/w\n# Heading\n> quote\n"
    "-# sub *b* _i_ ~s~ `c` ```block``` <tel:123|call> "
)
OWN = "https://jobs.example/own"


def postings() -> list[Any]:
    made = []
    for n in range(7):
        base = hostile_posting(n, url=f"{OWN}{n}", split=n == 3)
        extra = PLATFORM_SYNTAX + HOSTILE
        made.append(
            base.model_copy(
                update={
                    "title": base.title + " " + extra,
                    "company": (base.company or "") + extra,
                    "location": (base.location or "") + extra,
                    "description": (base.description or "") + ("\n" + extra) * 3,
                }
            )
        )
    return made


def announcements(channel: str, member: str) -> list[Announcement]:
    items = postings()
    query = PLATFORM_SYNTAX + HOSTILE
    return [
        Announcement(channel=channel, postings=items[:1], query=query, key="1-a"),
        Announcement(channel=channel, postings=items, query=query, key="2-b"),
        Announcement(channel=f"dm:{member}", postings=items[:1], member=member, query=query),
        Announcement(
            channel=f"dm:{member}", postings=items, member=member, query=query, digest="daily"
        ),
    ]


def send_and_close(publisher: Publisher, items: list[Announcement]) -> None:
    for announcement in items:
        receipt = publisher.publish(announcement)
        assert receipt is not None
        closed = announcement.model_copy(update={"closed": [announcement.postings[0].id]})
        publisher.edit(receipt, closed)  # type: ignore[attr-defined]


def own_links_only(found: live.Live) -> None:
    assert [m for m in found.mentions if m != "@channel"] == []  # no such mention in Discord
    assert [link for link in found.links if not link.startswith(OWN)] == []
    assert found.links, "the postings' own URLs are still links"


def test_slack_messages_as_sent_ping_nobody_and_link_only_the_postings() -> None:
    fake = fake_slack.FakeSlack().start()
    try:
        settings = Settings(slack_bot_token=fake_slack.BOT_TOKEN, slack_api_url=fake.url)
        send_and_close(SlackPublisher.from_settings(settings), announcements("C0JOBS", "UMEMBER"))
        sent = [r.body for r in fake.calls("chat.postMessage") + fake.calls("chat.update")]
    finally:
        fake.stop()
    assert len(sent) == 8
    found = live.slack(sent)
    assert found.mentions == []
    own_links_only(found)


@pytest.fixture
def discord_fake() -> Iterator[fake_discord.FakeDiscord]:
    with fake_discord.fake_discord_in_thread() as fake:
        yield fake


def test_discord_messages_as_sent_ping_nobody_and_link_only_the_postings(
    discord_fake: fake_discord.FakeDiscord,
) -> None:
    publisher = DiscordPublisher(fake_discord.TOKEN)
    try:
        send_and_close(publisher, announcements(fake_discord.CHANNEL_ID, fake_discord.USER_ID))
    finally:
        publisher.close()
    sent = [
        r.body
        for r in discord_fake.requests
        if r.method in ("POST", "PATCH") and r.path.startswith("/channels/")
    ]
    assert len(sent) >= 8
    assert all(body.get("allowed_mentions") == {"parse": []} for body in sent)
    own_links_only(live.discord_payloads(sent))
