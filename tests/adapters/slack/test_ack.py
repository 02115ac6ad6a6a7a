"""Slack is acknowledged within its 3 seconds whatever is slow behind the ack: the Web API,
`response_url`, `users.info`, the database. The real Bolt app behind the real HTTP server,
the real WebClient against the fake Slack; timings are measured as Slack would see them."""

from __future__ import annotations

import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_bolt import App

from adapters.slack.app import AFTER_ACK, build_app, listen
from adapters.slack.blocks import (
    ACTION_APPLY,
    ACTION_DETAILS,
    ACTION_NEXT,
    ACTION_SHARE,
    ACTION_SUGGESTION,
    Ref,
)
from adapters.slack.server import HttpServer
from adapters.slack.subscriptions import SlackSubscriptions
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.settings import Settings
from tests.adapters.slack.shown import shown
from tests.support.announce_doubles import FakeClock
from tests.support.fake_slack import (
    ADMIN,
    MEMBER,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    command_body,
    event_body,
    sign,
)

FORM = "application/x-www-form-urlencoded"
DEADLINE = 3.0  # Slack's


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(settings.database_url)
    yield s
    s.close()


def drain(app: App, fake: FakeSlack) -> None:
    """Let the answers still running finish against the fake, and drop the queued ones."""
    fake.release()
    app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)


@pytest.fixture
def app(settings: Settings, engine: Engine, store: Store, fake_slack: FakeSlack) -> Iterator[App]:
    subscriptions = SlackSubscriptions.from_settings(settings, store, engine, clock=FakeClock())
    app, _ = build_app(settings, engine, subcommands=subscriptions.subcommands())
    yield app
    drain(app, fake_slack)


@pytest.fixture
def url(app: App) -> Iterator[str]:
    server = HttpServer(app, signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0)
    port = server.start()
    yield f"http://127.0.0.1:{port}/slack/events"
    server.stop()


def post(url: str, body: str, content_type: str = FORM) -> tuple[int, float]:
    """POST a signed request; its status and how long the ack took."""
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={"Content-Type": content_type, **sign(body)},
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def all_at_once(url: str, bodies: list[str], content_type: str = FORM) -> list[tuple[int, float]]:
    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(lambda body: post(url, body, content_type), bodies))


def assert_all_acked_in_time(results: list[tuple[int, float]]) -> None:
    late = [(status, round(took, 2)) for status, took in results if status != 200 or took >= 2]
    assert not late, f"{len(late)} of {len(results)} not acknowledged in time: {late}"


def jobs(fake: FakeSlack, name: str, text: str = "backend", user: str = "U0001") -> str:
    return command_body("/jobs", text, fake.response_url(name), user_id=user, channel_id="C0SUB")


def test_every_listener_is_acked_first_and_answered_after_the_ack(app: App) -> None:
    """The rule new features follow: nothing registers a listener except through `listen`."""
    assert app._listeners
    for listener in app._listeners:
        assert listener.lazy_functions, listener.ack_function
        assert all(getattr(f, AFTER_ACK, False) for f in listener.lazy_functions)


def test_a_feature_registered_through_listen_is_acked_while_its_work_is_slow(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    done: list[str] = []

    def slow_feedback(body: dict, respond: Callable[..., object]) -> None:
        time.sleep(1.5)
        done.append(body["actions"][0]["value"])

    def feature(app: App) -> None:
        listen(app.action("feedback_up"), slow_feedback)

    app, _ = build_app(settings, engine, listeners=[feature])
    server = HttpServer(app, signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0)
    url = f"http://127.0.0.1:{server.start()}/slack/events"
    try:
        clicks = [action_body("feedback_up", f"v{n}", fake_slack.response_url()) for n in range(8)]
        assert_all_acked_in_time(all_at_once(url, clicks))
        deadline = time.monotonic() + 5
        while len(done) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sorted(done) == [f"v{n}" for n in range(8)]
    finally:
        server.stop()
        drain(app, fake_slack)


def test_thirty_commands_with_a_slow_response_url_are_all_acked_in_time(
    url: str, fake_slack: FakeSlack
) -> None:
    fake_slack.slow("/response/", 1.0)
    results = all_at_once(url, [jobs(fake_slack, f"c{n}") for n in range(30)])
    assert_all_acked_in_time(results)
    replies = fake_slack.wait_for("/response/c", count=30, timeout=10)
    assert all("Backend" in shown(reply.body) for reply in replies)


def test_a_hanging_users_info_delays_no_ack_and_no_other_answer(
    url: str, fake_slack: FakeSlack
) -> None:
    fake_slack.slow("users.info", 30.0)  # hangs until the test ends (the client gives up at 10 s)
    subscribes = [jobs(fake_slack, f"s{n}", f"subscribe python {n}", MEMBER) for n in range(20)]
    assert_all_acked_in_time(all_at_once(url, subscribes))
    status, took = post(url, jobs(fake_slack, "search"))
    assert status == 200
    assert took < 2
    assert "Backend" in shown(fake_slack.wait_for("/response/search", timeout=DEADLINE)[0].body)


def test_a_database_locked_by_another_writer_delays_no_ack(
    url: str, fake_slack: FakeSlack, store: Store
) -> None:
    database = store.engine.url.database
    assert database
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        subscribes = [jobs(fake_slack, f"s{n}", f"subscribe rust {n}", ADMIN) for n in range(15)]
        searches = [jobs(fake_slack, f"q{n}") for n in range(5)]
        assert_all_acked_in_time(all_at_once(url, subscribes + searches))
        answered = fake_slack.wait_for("/response/q", count=5, timeout=DEADLINE)
        assert all("Backend" in shown(reply.body) for reply in answered)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    replies = fake_slack.wait_for("/response/s", count=15, timeout=10)
    assert all("Subscribed this channel" in shown(reply.body) for reply in replies)
    assert len(store.subscriptions("slack", "C0SUB")) == 15


def test_every_kind_of_request_is_acked_while_the_web_api_hangs(
    url: str, fake_slack: FakeSlack
) -> None:
    """Commands, mentions, DMs, App Home and every button, with every Web API call and
    response_url hanging and a burst of commands queued up in front of them."""
    fake_slack.slow("", 30.0)
    value = Ref("jobs", "backend").encode()
    detail = Ref("jobs", "backend", posting="backend-python").encode()
    forms = [jobs(fake_slack, f"burst{n}") for n in range(40)]
    forms += [
        command_body("/faq", "referrals", fake_slack.response_url("faq")),
        jobs(fake_slack, "sub", "subscribe go", MEMBER),
        action_body(ACTION_NEXT, value, fake_slack.response_url("next")),
        action_body(f"{ACTION_DETAILS}:0", detail, fake_slack.response_url("details")),
        action_body(ACTION_SHARE, value, fake_slack.response_url("share"), ephemeral=False),
        action_body(
            f"{ACTION_SUGGESTION}:0", Ref("faq", "visa").encode(), fake_slack.response_url()
        ),
        action_body(f"{ACTION_APPLY}:0", "", fake_slack.response_url("apply")),
    ]
    events = [
        event_body({"type": "app_mention", "user": "U1", "text": "<@UBOT> go", "ts": "1.0",
                    "channel": "C1"}, "EvMention"),
        event_body({"type": "message", "channel_type": "im", "user": "U1", "text": "go",
                    "ts": "2.0", "channel": "D1"}, "EvDm"),
        event_body({"type": "app_home_opened", "user": "U1", "tab": "home"}, "EvHome"),
    ]  # fmt: skip
    with ThreadPoolExecutor(len(forms) + len(events)) as pool:
        acked = list(pool.map(lambda body: post(url, body), forms))
        acked += list(pool.map(lambda body: post(url, body, "application/json"), events))
    assert_all_acked_in_time(acked)
