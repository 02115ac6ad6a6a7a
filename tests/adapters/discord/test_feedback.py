"""👍/👎 on FAQ answers, the "did you mean" teach menu and /teach, with real discord.py
against the fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import JobBot
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import NOT_ALLOWED, UNAVAILABLE, Learning
from jobbot.announce.store import Store
from tests.adapters.discord.conftest import RecordingEngine
from tests.support.fake_discord import (
    EVERYONE_PERMISSIONS,
    MANAGE_CHANNELS,
    FakeDiscord,
    buttons,
    by_label,
    callback_path,
    click,
    connected,
    fake_discord,
    slash,
)

UNSURE = "negotiate remote contract"
EPHEMERAL = 64


@pytest.fixture
def feedback(tmp_path: Path) -> Feedback:
    return Feedback(Store(f"sqlite:///{tmp_path / 'discord.db'}"))


def run(engine: RecordingEngine, learning: Learning | None, scenario: Any) -> None:
    async def main() -> None:
        async with fake_discord() as fake:
            bot = JobBot(engine, guild_ready_timeout=0.01, learning=learning)
            async with connected(bot, fake):
                await scenario(fake, bot)

    asyncio.run(main())


def pick(custom_id: str, message: dict[str, Any], value: str, permissions: str) -> dict:
    """Choosing `value` in a select menu, by a member with `permissions` in the channel."""
    payload = click(custom_id, message, ephemeral=True)
    payload["data"].update(component_type=3, values=[value])
    payload["member"]["permissions"] = permissions
    return payload


async def reply_to(fake: FakeDiscord, payload: dict) -> dict:
    """What the person who sent `payload` sees, as `{"data": message, "flags": ...}`."""
    await fake.dispatch("INTERACTION_CREATE", payload)
    shown = await fake.reply_to(payload)
    (callback,) = await fake.wait_for("POST", callback_path(payload))
    return {"data": shown, "flags": (callback.body.get("data") or {}).get("flags", 0)}


def test_an_faq_answer_is_rated_with_its_buttons(
    engine: RecordingEngine, feedback: Feedback
) -> None:
    learning = Learning(feedback, engine)

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        answer = await reply_to(fake, slash("faq", question="How do I find remote jobs?"))
        data = answer["data"]
        down = by_label(data["components"], "👎 Not helpful")
        reply = await reply_to(fake, click(down["custom_id"], data, ephemeral=True))
        assert "Thanks for telling me" in reply["data"]["content"]
        assert reply["flags"] == EPHEMERAL

    run(engine, learning, scenario)
    [rating] = feedback.worst_rated()
    assert rating.entry_id.startswith("how-do-i-find-remote-jobs")
    assert rating.unhelpful == 1


def test_an_admin_files_a_did_you_mean_question_from_its_menu(
    engine: RecordingEngine, feedback: Feedback
) -> None:
    learning = Learning(feedback, engine)

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        unsure = await reply_to(fake, slash("faq", question=UNSURE))
        data = unsure["data"]
        [menu] = [c for c in buttons(data["components"]) if c.get("type") == 3]
        value = next(o["value"] for o in menu["options"] if "negotiate" in o["label"])
        refused = await reply_to(fake, pick(menu["custom_id"], data, value, EVERYONE_PERMISSIONS))
        assert refused["data"]["content"] == NOT_ALLOWED
        taught = await reply_to(fake, pick(menu["custom_id"], data, value, str(MANAGE_CHANNELS)))
        assert "Taught" in taught["data"]["content"]
        again = await reply_to(fake, slash("faq", question=UNSURE))
        assert again["data"]["embeds"][0]["title"] == "How do I negotiate a salary offer?"

    run(engine, learning, scenario)
    [phrasing] = feedback.phrasings()
    assert phrasing.entry_id.startswith("how-do-i-negotiate")
    assert phrasing.phrasing == UNSURE


def test_teach_command_needs_manage_server_or_channels(
    engine: RecordingEngine, feedback: Feedback
) -> None:
    learning = Learning(feedback, engine)
    languages = next(e.id for e in engine.corpus.faq if "languages" in e.question)

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        member = slash(
            "teach",
            entry=languages,
            phrasing="what should I code in",
            member_permissions=EVERYONE_PERMISSIONS,
        )
        refused = await reply_to(fake, member)
        assert refused["data"]["content"] == NOT_ALLOWED
        admin = slash("teach", entry=languages, phrasing="what should I code in")
        taught = await reply_to(fake, admin)
        assert "Taught" in taught["data"]["content"]

    run(engine, learning, scenario)
    assert engine.ask("what should I code in").faq[0].id == languages


def test_without_a_database_a_rating_says_feedback_is_unavailable(
    engine: RecordingEngine,
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        answer = await reply_to(fake, slash("faq", question="How do I find remote jobs?"))
        data = answer["data"]
        up = by_label(data["components"], "👍 Helpful")
        reply = await reply_to(fake, click(up["custom_id"], data, ephemeral=True))
        assert reply["data"]["content"] == UNAVAILABLE

    run(engine, None, scenario)


def test_an_empty_search_offers_searches_that_work_as_buttons(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        empty = await reply_to(fake, slash("jobs", query="python berlin contract"))
        data = empty["data"]
        searches = [b for b in buttons(data["components"]) if b.get("label", "").startswith("🔎")]
        assert searches
        found = await reply_to(fake, click(searches[0]["custom_id"], data, ephemeral=True))
        assert found["data"]["embeds"], "the suggested search finds openings"
        assert "Nothing found" not in str(found["data"])

    run(engine, None, scenario)
