"""👍/👎 on FAQ answers, the "did you mean" teach menu and `/faq teach`, through the real Bolt
app against the fake Web API (users.info decides who is an admin)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode

import pytest

from adapters.slack import blocks
from adapters.slack.app import build_app
from adapters.slack.feedback import SlackFeedback
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import NOT_ALLOWED, UNAVAILABLE, Learning
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.settings import Settings
from tests.adapters.slack.conftest import ManualClock, SlackHarness
from tests.adapters.slack.shown import buttons, shown
from tests.support.fake_slack import ADMIN, MEMBER, FakeSlack, action_body, command_body

UNSURE = "do you sponsor referrals for work"
"""Near both FAQ entries of the test knowledge (referrals, visas): "did you mean"."""


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store(settings.database_url)
    yield s
    s.close()


def harness_with(settings: Settings, engine: Engine, fake: FakeSlack, learning: Learning | None):
    feedback = SlackFeedback(learning, settings.slack_admins)
    app, bot = build_app(
        settings,
        engine,
        clock=ManualClock(),
        listeners=[feedback.register],
        faq_subcommands=feedback.subcommands(),
    )
    return SlackHarness(app, bot, fake, ManualClock())


@pytest.fixture
def slack(settings: Settings, engine: Engine, fake_slack: FakeSlack, store: Store) -> SlackHarness:
    return harness_with(settings, engine, fake_slack, Learning(Feedback(store), engine))


def faq(harness: SlackHarness, text: str, name: str, user: str = "U0001") -> dict:
    url = harness.fake.response_url(name)
    assert harness.form(command_body("/faq", text, url, user_id=user)).status == 200
    return harness.fake.wait_for(f"/response/{name}")[-1].body


def click(harness: SlackHarness, button: dict, name: str, user: str = "U0001") -> dict:
    url = harness.fake.response_url(name)
    body = action_body(button["action_id"], button["value"], url, user=user)
    assert harness.form(body).status == 200
    return harness.fake.wait_for(f"/response/{name}")[-1].body


def pick(harness: SlackHarness, message: dict, question: str, name: str, user: str) -> dict:
    """Choose `question` in the message's teach menu, as Slack posts a static_select."""
    block = next(b for b in message["blocks"] if str(b.get("block_id", "")).startswith("faq_teach"))
    menu = block["elements"][0]
    option = next(o for o in menu["options"] if o["text"]["text"] == question)
    url = harness.fake.response_url(name)
    payload = json.loads(parse_qs(action_body(menu["action_id"], "", url, user=user))["payload"][0])
    payload["actions"] = [
        {
            "action_id": menu["action_id"],
            "block_id": block["block_id"],
            "type": "static_select",
            "selected_option": option,
            "action_ts": "1700000000.000200",
        }
    ]
    assert harness.form(urlencode({"payload": json.dumps(payload)})).status == 200
    return harness.fake.wait_for(f"/response/{name}")[-1].body


def test_a_faq_answer_can_be_rated_and_a_second_click_changes_the_rating(
    slack: SlackHarness, store: Store
) -> None:
    answer = faq(slack, "how do employee referrals work?", "answer")
    offered = buttons(answer)
    assert {"👍 Helpful", "👎 Not helpful"} <= set(offered)
    reply = click(slack, offered["👎 Not helpful"], "down")
    assert "Thanks for telling me" in shown(reply)
    assert reply["response_type"] == "ephemeral"
    assert reply["replace_original"] is False  # the answer stays where it was
    [rating] = Feedback(store).worst_rated()
    assert rating.unhelpful == 1
    assert rating.entry_id.startswith("how-do-employee-referrals-work")
    click(slack, offered["👍 Helpful"], "up")
    assert Feedback(store).worst_rated() == []


def test_an_admin_files_a_did_you_mean_question_under_an_entry_from_its_menu(
    slack: SlackHarness, store: Store
) -> None:
    unsure = faq(slack, UNSURE, "unsure")
    assert "Did you mean" in shown(unsure)
    refused = pick(slack, unsure, "Do you sponsor work visas?", "member", MEMBER)
    assert NOT_ALLOWED in shown(refused)
    assert Feedback(store).phrasings() == []
    taught = pick(slack, unsure, "Do you sponsor work visas?", "admin", ADMIN)
    assert "Taught" in shown(taught)
    again = faq(slack, UNSURE, "again")
    assert "after the offer stage" in shown(again)  # answered at once, from the visa entry


def test_faq_teach_from_a_slash_command_needs_an_admin(slack: SlackHarness, store: Store) -> None:
    listing = faq(slack, "teach", "list", ADMIN)
    assert "Do you sponsor work visas?" in shown(listing)
    assert NOT_ALLOWED in shown(faq(slack, f"teach 2 {UNSURE}", "member", MEMBER))
    assert "Taught" in shown(faq(slack, f"teach 2 {UNSURE}", "admin", ADMIN))
    assert [p.phrasing for p in Feedback(store).phrasings()] == [UNSURE]


def test_without_a_database_buttons_say_feedback_is_unavailable(
    settings: Settings, engine: Engine, fake_slack: FakeSlack
) -> None:
    harness = harness_with(settings, engine, fake_slack, Learning(None, engine))
    answer = faq(harness, "how do employee referrals work?", "answer")
    reply = click(harness, buttons(answer)["👍 Helpful"], "up")
    assert UNAVAILABLE.split(":")[0] in shown(reply)


def test_the_teach_menu_carries_the_question_within_slack_limits(engine: Engine) -> None:
    unsure = engine.ask(UNSURE)
    [menu] = blocks.learning_blocks(unsure)
    assert menu["block_id"] == f"{blocks.TEACH_BLOCK}{UNSURE}"
    assert len(menu["block_id"]) <= blocks.MAX_BLOCK_ID
    long_question = engine.ask("do you sponsor referrals for work " + "really " * 60)
    assert blocks.learning_blocks(long_question) == []  # too long to carry: /faq teach instead


def test_an_empty_search_offers_searches_that_work_as_buttons(slack: SlackHarness) -> None:
    url = slack.fake.response_url("empty")
    assert slack.form(command_body("/jobs", "go berlin", url)).status == 200
    empty = slack.fake.wait_for("/response/empty")[-1].body
    assert "Nothing found" in shown(empty)
    searches = {label: b for label, b in buttons(empty).items() if label.startswith("🔎")}
    assert "🔎 go" in searches
    found = click(slack, searches["🔎 go"], "found")
    assert "Backend Engineer (Go)" in shown(found)
