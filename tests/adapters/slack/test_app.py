"""The real Bolt app and WebClient, driven through `app.dispatch` with signed requests as
Slack sends them; assertions are on what reached the fake Slack server."""

from __future__ import annotations

import json
import logging
import time

import pytest

from adapters.slack.app import FRIENDLY_ERROR, SlashContext, build_app
from adapters.slack.mrkdwn import markdown_to_mrkdwn
from jobbot.engine import Engine
from jobbot.models import Answer, FAQHit, Request
from jobbot.settings import Settings
from tests.adapters.slack.conftest import POSTINGS, ManualClock, SlackHarness, settle
from tests.adapters.slack.shown import all_buttons, buttons, shown
from tests.support.fake_slack import (
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    command_body,
    event_body,
)

TITLES = {
    "Backend Engineer (Python)",
    "Backend Engineer (Go)",
    "Senior Backend Engineer (Java)",
    "Backend Developer (Node.js)",
    "Backend Engineer (Rust)",
    "Product Designer",
}


def titles_in(text: str) -> set[str]:
    return {title for title in TITLES if title in text}


def run_jobs(harness: SlackHarness, text: str) -> dict:
    started = time.monotonic()
    response = harness.form(command_body("/jobs", text, harness.fake.response_url("jobs")))
    assert response.status == 200
    assert time.monotonic() - started < 3, "Slack needs the ack within 3 seconds"
    return harness.fake.wait_for("/response/jobs")[-1].body


def click(harness: SlackHarness, button: dict, name: str, **kwargs: object) -> dict:
    response = harness.form(
        action_body(button["action_id"], button["value"], harness.fake.response_url(name), **kwargs)  # type: ignore[arg-type]
    )
    assert response.status == 200
    return harness.fake.wait_for(f"/response/{name}")[-1].body


# --- /jobs ------------------------------------------------------------------------------


def test_jobs_acks_then_posts_ephemeral_results_with_paging_and_share(
    harness: SlackHarness,
) -> None:
    message = run_jobs(harness, "backend")
    assert message["response_type"] == "ephemeral"
    text = shown(message)
    assert len(titles_in(text)) == 2  # page_size=2 in the test settings
    assert "Product Designer" not in text
    assert "Page 1 of 3" in text
    labels = buttons(message)
    assert {"Apply", "Details", "Next ▶", "Share to channel"} <= set(labels)
    assert "◀ Previous" not in labels
    # Each card carries the facts from its posting, and Apply opens the posting's URL.
    for name, (title, company, _, skills, url, _) in POSTINGS.items():
        if title in text:
            assert company in text, name
            assert "$120,000 – $150,000 / year" in text
            assert skills.split(", ")[0] in text
            assert any(b.get("url") == url for b in all_buttons(message)), name


def test_next_and_previous_buttons_page_through_results(harness: SlackHarness) -> None:
    first = run_jobs(harness, "backend")
    second = click(harness, buttons(first)["Next ▶"], "next")
    assert second["replace_original"] is True
    assert "Page 2 of 3" in shown(second)
    assert titles_in(shown(second)).isdisjoint(titles_in(shown(first)))
    assert {"◀ Previous", "Next ▶"} <= set(buttons(second))
    back = click(harness, buttons(second)["◀ Previous"], "previous")
    assert titles_in(shown(back)) == titles_in(shown(first))


def test_details_button_shows_the_full_posting_only_to_the_clicker(
    harness: SlackHarness,
) -> None:
    first = run_jobs(harness, "backend")
    details = click(harness, buttons(first)["Details"], "details")
    assert details["response_type"] == "ephemeral"
    assert details["replace_original"] is False
    assert details["blocks"][0]["type"] == "header"
    title = details["blocks"][0]["text"]["text"]
    assert title in TITLES
    assert "Source:" in shown(details)


def test_share_posts_the_results_for_everyone_credited_to_the_sharer(
    harness: SlackHarness,
) -> None:
    first = run_jobs(harness, "backend")
    click_response = harness.form(
        action_body(
            "jobs_share",
            buttons(first)["Share to channel"]["value"],
            harness.fake.response_url("shared"),
        )
    )
    assert click_response.status == 200
    assert harness.fake.wait_for("/response/shared")[0].body["delete_original"] is True
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "C0001"
    assert titles_in(shown(posted)) == titles_in(shown(first))
    assert "Shared by <@U0001>" in shown(posted)
    assert "Share to channel" not in buttons(posted)
    assert "Next ▶" not in buttons(posted)


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel"])
def test_share_where_the_bot_cannot_post_is_explained(harness: SlackHarness, error: str) -> None:
    first = run_jobs(harness, "backend")
    harness.fake.fail_next("chat.postMessage", error)
    harness.form(
        action_body(
            "jobs_share",
            buttons(first)["Share to channel"]["value"],
            harness.fake.response_url("s"),
        )
    )
    explanation = harness.fake.wait_for("/response/s")[0].body
    assert "/invite @jobbot" in explanation["text"]
    assert explanation["response_type"] == "ephemeral"


def test_jobs_help_is_the_engine_help(harness: SlackHarness, engine: Engine) -> None:
    help_text = engine.ask(Request(text="help")).text
    message = run_jobs(harness, "help")
    assert markdown_to_mrkdwn(help_text) in shown(message)
    assert message["response_type"] == "ephemeral"


def test_jobs_help_followed_by_words_is_a_search(harness: SlackHarness, engine: Engine) -> None:
    help_text = engine.ask(Request(text="help")).text
    message = run_jobs(harness, "help desk")
    assert markdown_to_mrkdwn(help_text) not in shown(message)


def test_subcommands_dispatch_in_one_place(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    seen: list[tuple[str, str | None, str | None]] = []

    def subscriptions(context: SlashContext) -> None:
        seen.append((context.args, context.user, context.channel))
        context.respond(text="1 subscription")

    app, bot = build_app(settings, engine, subcommands={"subscriptions": subscriptions})
    harness = SlackHarness(app, bot, fake_slack, ManualClock())
    message = run_jobs(harness, "Subscriptions \n all")
    assert message["text"] == "1 subscription"
    assert seen == [("all", "U0001", "C0001")]


def test_user_text_cannot_ping_or_inject_formatting(harness: SlackHarness) -> None:
    message = run_jobs(harness, "backend <!channel> <!here> <@U999> & <https://evil|click>")
    text = shown(message)
    for raw in ("<!channel>", "<!here>", "<@U999>", "<https://evil"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text
    assert "&amp;" in text


# --- /faq -------------------------------------------------------------------------------


class ScriptedEngine:
    """Answers with a fixed `Answer`, so both sides of the engine's confidence gate render."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers
        self.requests: list[Request] = []

    def ask(self, request: Request | str) -> Answer:
        request = Request(text=request) if isinstance(request, str) else request
        self.requests.append(request)
        return self.answers.get(request.text) or Answer(intent="help", text="*help*")


def scripted(settings: Settings, fake: FakeSlack, answers: dict[str, Answer]) -> SlackHarness:
    engine = ScriptedEngine(answers)
    app, bot = build_app(settings, engine)  # type: ignore[arg-type]
    return SlackHarness(app, bot, fake, ManualClock())


REFERRALS = FAQHit(
    id="faq/referrals.md",
    question="How do employee referrals work?",
    answer="Submit it in the **HR portal**.",
    source="faq/referrals.md",
    score=3.2,
)


def test_faq_confident_answer_shows_the_source(settings: Settings, fake_slack: FakeSlack) -> None:
    confident = Answer(
        intent="faq", faq=[REFERRALS], text="Submit it in the **HR portal**.", confident=True
    )
    harness = scripted(settings, fake_slack, {"how do referrals work": confident})
    harness.form(command_body("/faq", "how do referrals work", fake_slack.response_url("faq")))
    message = fake_slack.wait_for("/response/faq")[0].body
    text = shown(message)
    assert "Submit it in the *HR portal*." in text
    assert "faq/referrals.md" in text
    assert "How do employee referrals work?" in text
    assert engine_requests(harness)[0].command == "faq"


def engine_requests(harness: SlackHarness) -> list[Request]:
    return harness.bot.engine.requests  # type: ignore[attr-defined]


def test_faq_below_the_gate_offers_three_questions_that_ask_themselves(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    unsure = Answer(
        intent="faq",
        text="I'm not sure. Did you mean one of these?",
        confident=False,
        suggestions=[
            "How do employee referrals work?",
            "Do you sponsor work visas?",
            "What is the notice period?",
            "A fourth question that is not shown",
        ],
    )
    answered = Answer(intent="faq", faq=[REFERRALS], text="Submit it in the HR portal.")
    harness = scripted(
        settings,
        fake_slack,
        {"refferal bonus?": unsure, "How do employee referrals work?": answered},
    )
    harness.form(command_body("/faq", "refferal bonus?", fake_slack.response_url("faq")))
    message = fake_slack.wait_for("/response/faq")[0].body
    offered = buttons(message)
    assert set(offered) >= {
        "How do employee referrals work?",
        "Do you sponsor work visas?",
        "What is the notice period?",
    }
    assert "A fourth question that is not shown" not in offered
    reply = click(harness, offered["How do employee referrals work?"], "suggestion")
    assert "Submit it in the HR portal." in shown(reply)
    assert engine_requests(harness)[-1].text == "How do employee referrals work?"
    assert engine_requests(harness)[-1].command == "faq"


def test_a_failing_engine_gives_a_friendly_message_not_a_traceback(
    settings: Settings, fake_slack: FakeSlack
) -> None:
    class Broken:
        def ask(self, request: Request) -> Answer:
            raise RuntimeError("index exploded at /secret/path")

    app, _ = build_app(settings, Broken())  # type: ignore[arg-type]
    harness = SlackHarness(app, _, fake_slack, ManualClock())
    harness.form(command_body("/jobs", "backend", fake_slack.response_url("broken")))
    message = fake_slack.wait_for("/response/broken")[0].body
    assert message["text"] == FRIENDLY_ERROR
    assert "exploded" not in json.dumps(message)


# --- mentions and DMs -------------------------------------------------------------------


def mention(text: str, ts: str = "1700000000.000100", event_id: str = "Ev1") -> str:
    event = {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": "C0001",
        "event_ts": ts,
    }
    return event_body(event, event_id)


def direct_message(text: str, event_id: str = "Ev2", **extra: str) -> str:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0001",
        "text": text,
        "ts": "1700000000.000200",
        "channel": "D0001",
        **extra,
    }
    return event_body(event, event_id)


def test_mention_is_answered_in_a_thread(harness: SlackHarness) -> None:
    assert harness.json(mention("backend jobs")).status == 200
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "C0001"
    assert posted["thread_ts"] == "1700000000.000100"
    assert titles_in(shown(posted))
    assert "Share to channel" not in buttons(posted)


def test_mention_text_is_escaped_in_the_reply(harness: SlackHarness) -> None:
    harness.json(mention("<!channel> backend"))
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert "<!channel>" not in shown(posted)


def test_direct_message_is_answered(harness: SlackHarness) -> None:
    harness.json(direct_message("backend"))
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert posted["channel"] == "D0001"
    assert "thread_ts" not in posted
    assert titles_in(shown(posted))


@pytest.mark.parametrize(
    "extra",
    [{"bot_id": "B0OTHER"}, {"subtype": "message_changed"}, {"subtype": "bot_message"}],
)
def test_bot_posts_and_edits_get_no_answer(harness: SlackHarness, extra: dict) -> None:
    assert harness.json(direct_message("backend", **extra)).status == 200
    settle()
    assert harness.fake.calls("chat.postMessage") == []


def test_a_retry_never_produces_a_second_answer(harness: SlackHarness) -> None:
    harness.json(mention("backend", event_id="EvRetry"))
    harness.fake.wait_for("chat.postMessage")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert harness.json(mention("backend", event_id="EvRetry"), headers=retry).status == 200
    # A redelivery without the header (e.g. Socket Mode reconnect) is caught by its event id.
    assert harness.json(mention("backend", event_id="EvRetry")).status == 200
    settle()
    assert len(harness.fake.calls("chat.postMessage")) == 1


def test_a_retry_of_an_event_never_received_is_answered_once(harness: SlackHarness) -> None:
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "connection_failed"}
    harness.json(mention("backend", event_id="EvLost"), headers=retry)
    harness.json(mention("backend", event_id="EvLost"), headers={**retry, "X-Slack-Retry-Num": "2"})
    harness.fake.wait_for("chat.postMessage")
    settle()
    assert len(harness.fake.calls("chat.postMessage")) == 1


def test_seen_event_ids_expire_so_memory_stays_bounded(harness: SlackHarness) -> None:
    harness.json(mention("backend", event_id="EvOld"))
    harness.fake.wait_for("chat.postMessage")
    harness.clock.now += 3600
    harness.json(mention("backend", event_id="EvOld"))
    harness.fake.wait_for("chat.postMessage", count=2)


def test_rate_limited_post_is_retried_after_retry_after(harness: SlackHarness) -> None:
    harness.fake.fail_next(
        "chat.postMessage", "ratelimited", status=429, headers={"Retry-After": "1"}
    )
    harness.json(mention("backend"))
    first, second = harness.fake.wait_for("chat.postMessage", count=2, timeout=8)
    assert second.at - first.at >= 1.0
    assert titles_in(shown(second.body))


def test_app_home_explains_the_commands(harness: SlackHarness, engine: Engine) -> None:
    event = {"type": "app_home_opened", "user": "U0001", "channel": "D0001", "tab": "home"}
    harness.json(event_body(event, "EvHome"))
    published = harness.fake.wait_for("views.publish")[0].body
    assert published["user_id"] == "U0001"
    assert published["view"]["type"] == "home"
    assert markdown_to_mrkdwn(engine.ask(Request(text="help")).text) in shown(published)


# --- signatures -------------------------------------------------------------------------


def test_bad_signature_is_rejected_with_401(harness: SlackHarness) -> None:
    body = command_body("/jobs", "backend", harness.fake.response_url())
    response = harness.form(body, headers={"X-Slack-Signature": "v0=" + "0" * 64})
    assert response.status == 401
    settle()
    assert harness.fake.calls("/response/") == []


def test_stale_timestamp_is_rejected_with_401(harness: SlackHarness) -> None:
    body = command_body("/jobs", "backend", harness.fake.response_url())
    response = harness.form(body, timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401
    settle()
    assert harness.fake.calls("/response/") == []


def test_tokens_never_reach_the_log(
    harness: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    run_jobs(harness, "backend")
    harness.fake.fail_next("chat.postMessage", "not_in_channel")
    harness.json(mention("backend"))
    harness.fake.wait_for("chat.postMessage")
    settle()
    assert BOT_TOKEN not in caplog.text
    assert SIGNING_SECRET not in caplog.text


def test_an_expired_response_url_is_logged(
    harness: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.fake.fail_next("expired", "expired_url", status=404)
    harness.form(command_body("/jobs", "backend", harness.fake.response_url("expired")))
    harness.fake.wait_for("/response/expired")
    deadline = time.monotonic() + 3
    while "expired_url" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "response_url refused the reply: 404" in caplog.text
