"""`/jobs subscribe|subscriptions|unsubscribe` through the real Bolt app: who may change a
channel's subscriptions (users.info on the fake Web API), what is stored, what users see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from adapters.slack.app import build_app
from adapters.slack.subscriptions import SlackSubscriptions
from jobbot.announce.store import Store, Subscription
from jobbot.announce.subscriptions import Subscriptions
from jobbot.engine import Engine
from jobbot.settings import Settings
from tests.adapters.slack.conftest import ManualClock, SlackHarness
from tests.adapters.slack.shown import shown
from tests.support.announce_doubles import FakeClock
from tests.support.fake_slack import ADMIN, MEMBER, OWNER, FakeSlack, command_body

CHANNEL = "C0JOBS"


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    # settings.database_url is the tmp SQLite the autouse env fixture points at.
    s = Store(settings.database_url)
    yield s
    s.close()


def make_harness(settings: Settings, engine: Engine, fake: FakeSlack, store: Store) -> SlackHarness:
    subscriptions = SlackSubscriptions.from_settings(settings, store, engine, clock=FakeClock())
    clock = ManualClock()
    app, bot = build_app(settings, engine, clock=clock, subcommands=subscriptions.subcommands())
    return SlackHarness(app, bot, fake, clock)


@pytest.fixture
def subs(settings: Settings, engine: Engine, fake_slack: FakeSlack, store: Store) -> SlackHarness:
    return make_harness(settings, engine, fake_slack, store)


def jobs(harness: SlackHarness, text: str, user: str, name: str, channel: str = CHANNEL) -> dict:
    """Run `/jobs <text>` as `user` in `channel`; the (ephemeral) reply it got."""
    body = command_body(
        "/jobs", text, harness.fake.response_url(name), user_id=user, channel_id=channel
    )
    assert harness.form(body).status == 200
    reply = harness.fake.wait_for(f"/response/{name}")[-1].body
    assert reply["response_type"] == "ephemeral"
    return reply


def stored(store: Store, channel: str = CHANNEL) -> list[Subscription]:
    return store.subscriptions("slack", channel)


def test_admin_subscribes_the_channel(subs: SlackHarness, store: Store) -> None:
    reply = shown(jobs(subs, "subscribe python remote", ADMIN, "sub"))
    assert "Subscribed this channel to `python remote`" in reply
    assert "/jobs unsubscribe 1" in reply
    assert "Traceback" not in reply
    [sub] = stored(store)
    assert (sub.platform, sub.channel, sub.query, sub.created_by) == (
        "slack",
        CHANNEL,
        "python remote",
        ADMIN,
    )
    [lookup] = subs.fake.calls("users.info")
    assert lookup.body["user"] == ADMIN


def test_owner_may_subscribe_too(subs: SlackHarness, store: Store) -> None:
    assert "Subscribed" in shown(jobs(subs, "subscribe backend", OWNER, "sub"))
    assert [s.query for s in stored(store)] == ["backend"]


def test_member_is_refused_and_nothing_is_stored(subs: SlackHarness, store: Store) -> None:
    reply = shown(jobs(subs, "subscribe python remote", MEMBER, "sub"))
    assert "Only people who can manage this channel" in reply
    assert "/jobs subscriptions" in reply
    assert stored(store) == []


def test_listed_slack_admin_may_subscribe_without_a_role_lookup(
    settings: Settings, engine: Engine, fake_slack: FakeSlack, store: Store
) -> None:
    listed = settings.model_copy(update={"slack_admins": [MEMBER.lower()]})
    harness = make_harness(listed, engine, fake_slack, store)
    assert "Subscribed" in shown(jobs(harness, "subscribe rust", MEMBER, "sub"))
    assert [s.query for s in stored(store)] == ["rust"]
    assert fake_slack.calls("users.info") == []


def test_admins_setting_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, fake_slack: FakeSlack, store: Store
) -> None:
    monkeypatch.setenv("JOBBOT_SLACK_ADMINS", f"U9, {MEMBER}")
    env = Settings(slack_api_url=fake_slack.url)
    assert SlackSubscriptions.from_settings(env, store).admins == {"U9", MEMBER}


@pytest.mark.parametrize(
    ("error", "status"), [("missing_scope", 200), ("user_not_found", 200), ("fatal_error", 500)]
)
def test_role_lookup_failure_is_a_clear_refusal(
    subs: SlackHarness, store: Store, error: str, status: int
) -> None:
    subs.fake.fail_next("users.info", error, status=status)
    reply = shown(jobs(subs, "subscribe python", ADMIN, "sub"))
    assert "couldn't check your role" in reply
    assert "JOBBOT_SLACK_ADMINS" in reply
    assert "Only people who can manage this channel" in reply
    assert "Traceback" not in reply
    assert "Something went wrong" not in reply
    assert stored(store) == []


def test_unknown_user_is_not_an_admin(subs: SlackHarness, store: Store) -> None:
    reply = shown(jobs(subs, "subscribe python", "UNOBODY", "sub"))
    assert "user_not_found" in reply
    assert stored(store) == []


def test_deactivated_admin_is_not_an_admin(subs: SlackHarness, store: Store) -> None:
    subs.fake.users["UGONE"] = {"is_admin": True, "deleted": True}
    assert "Only people who can manage" in shown(jobs(subs, "subscribe python", "UGONE", "sub"))
    assert stored(store) == []


def test_anyone_may_list_without_a_role_lookup(subs: SlackHarness, store: Store) -> None:
    assert "no subscriptions" in shown(jobs(subs, "subscriptions", MEMBER, "empty"))
    jobs(subs, "subscribe python remote", ADMIN, "sub")
    jobs(subs, "subscribe rust", ADMIN, "sub2")
    calls = len(subs.fake.calls("users.info"))
    listing = shown(jobs(subs, "subscriptions", MEMBER, "list"))
    assert "*Subscriptions in this channel*" in listing  # markdown bold became mrkdwn
    assert "#1 `python remote`" in listing
    assert "#2 `rust`" in listing
    assert len(subs.fake.calls("users.info")) == calls
    # Another channel's list is its own.
    assert "no subscriptions" in shown(jobs(subs, "subscriptions", MEMBER, "other", "C0OTHER"))


def test_unsubscribe_needs_an_admin_too(subs: SlackHarness, store: Store) -> None:
    jobs(subs, "subscribe python remote", ADMIN, "sub")
    refused = shown(jobs(subs, "unsubscribe 1", MEMBER, "no"))
    assert "Only people who can manage this channel" in refused
    assert len(stored(store)) == 1
    done = shown(jobs(subs, "unsubscribe 1", ADMIN, "yes"))
    assert "Unsubscribed #1 (`python remote`)" in done
    assert stored(store) == []
    assert "no subscription #1" in shown(jobs(subs, "unsubscribe 1", ADMIN, "again"))


def test_subscribe_mentions_text_is_escaped(subs: SlackHarness, store: Store) -> None:
    reply = jobs(subs, "subscribe python <!channel> remote", ADMIN, "sub")
    assert "<!channel>" not in shown(reply)
    assert "&lt;!channel&gt;" in shown(reply)


def test_subscribe_without_a_query_explains_itself(subs: SlackHarness, store: Store) -> None:
    reply = shown(jobs(subs, "subscribe", ADMIN, "sub"))
    assert "Tell me what to watch for" in reply
    assert "/jobs subscribe backend remote" in reply
    assert stored(store) == []


def test_a_word_that_only_starts_like_a_verb_is_a_search(subs: SlackHarness, store: Store) -> None:
    reply = shown(jobs(subs, "subscriber python", MEMBER, "search"))
    assert "Backend Engineer (Python)" in reply
    assert "Only people" not in reply
    assert subs.fake.calls("users.info") == []
    assert stored(store) == []


def test_help_lists_the_subscription_commands(subs: SlackHarness) -> None:
    reply = shown(jobs(subs, "help", MEMBER, "help"))
    assert "`/jobs subscribe &lt;query&gt;`" in reply  # Slack shows `/jobs subscribe <query>`
    assert "`/jobs subscriptions`" in reply
    assert "`/jobs unsubscribe &lt;id&gt;`" in reply


def test_unreachable_slack_means_not_an_admin(store: Store) -> None:
    offline = WebClient(token="xoxb-offline", base_url="http://127.0.0.1:9/api/", timeout=2)
    permission = SlackSubscriptions(Subscriptions(store)).permission(offline, ADMIN)
    assert not permission.allowed
    assert "couldn't check your role" in permission.problem
    assert "xoxb-offline" not in permission.problem
