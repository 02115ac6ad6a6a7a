"""/faq through the real engine over the test knowledge: both sides of its confidence gate."""

from __future__ import annotations

from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.shown import buttons, shown
from tests.support.fake_slack import BOT_USER, action_body, command_body, event_body


def ask_faq(harness: SlackHarness, text: str, name: str) -> dict:
    assert harness.form(command_body("/faq", text, harness.fake.response_url(name))).status == 200
    return harness.fake.wait_for(f"/response/{name}")[0].body


def test_faq_answers_with_its_source(harness: SlackHarness) -> None:
    message = ask_faq(harness, "how do employee referrals work?", "faq")
    text = shown(message)
    assert "HR portal" in text
    assert "faq/referrals.md" in text
    assert message["response_type"] == "ephemeral"


def test_unsure_faq_offers_questions_that_ask_themselves(harness: SlackHarness) -> None:
    message = ask_faq(harness, "what is the parking policy for bicycles", "unsure")
    offered = buttons(message)
    assert "Do you sponsor work visas?" in offered
    assert "HR portal" not in shown(message)
    choice = offered["Do you sponsor work visas?"]
    harness.form(action_body(choice["action_id"], choice["value"], harness.fake.response_url("q")))
    answer = harness.fake.wait_for("/response/q")[0].body
    assert "after the offer stage" in shown(answer)
    assert answer["replace_original"] is True


def test_a_question_in_a_mention_is_answered_from_the_faq(harness: SlackHarness) -> None:
    event = {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@{BOT_USER}> do you sponsor work visas?",
        "ts": "1700000000.000900",
        "channel": "C0001",
    }
    harness.json(event_body(event, "EvFaq"))
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert posted["thread_ts"] == "1700000000.000900"
    assert "after the offer stage" in shown(posted)


def test_a_pay_question_in_a_dm_gets_figures_then_the_postings(harness: SlackHarness) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U0001",
        "text": "what do backend engineers earn?",
        "ts": "1700000000.000950",
        "channel": "D0001",
    }
    harness.json(event_body(event, "EvPay"))
    posted = harness.fake.wait_for("chat.postMessage")[0].body
    assert "median $135,000" in posted["text"]  # what the notification shows
    text = shown({"blocks": posted["blocks"]})
    assert "median $135,000" in text
    assert text.index("median $135,000") < text.index("Backend")
    assert "Apply" in buttons(posted)
