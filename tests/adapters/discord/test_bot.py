"""The Discord bot end to end: real discord.py connected to a fake Discord on 127.0.0.1.

Each test dispatches INTERACTION_CREATE / MESSAGE_CREATE through the fake gateway and
asserts what discord.py sent back over REST (interaction callbacks, follow-ups, replies).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import JobBot, invite_url
from adapters.discord.custom_ids import JobsCursor
from adapters.discord.embeds import MESSAGE_EMBED_CHARS
from adapters.discord.replies import FRIENDLY_ERROR
from jobbot.models import Answer, Request
from jobbot.sources import directories
from tests.adapters.discord.conftest import RecordingEngine, write_knowledge
from tests.support.fake_discord import (
    APP_ID,
    BOT_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    TOKEN,
    USER_ID,
    FakeDiscord,
    buttons,
    by_label,
    callback_path,
    click,
    connected,
    fake_discord,
    slash,
    user_message,
)

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"
FOLLOWUP = rf"^/webhooks/{APP_ID}/[^/]+$"
ORIGINAL = rf"^/webhooks/{APP_ID}/[^/]+/messages/@original$"
EPHEMERAL = 64

Scenario = Callable[[FakeDiscord, JobBot], Awaitable[None]]


def run_bot(
    engine: Any,
    scenario: Scenario,
    prepare: Callable[[FakeDiscord], None] | None = None,
    **options: Any,
) -> None:
    """Run `scenario` against a JobBot connected to a fresh fake Discord (`prepare` sets the
    fake up before the bot logs in)."""

    async def main() -> None:
        async with fake_discord() as fake:
            if prepare is not None:
                prepare(fake)
            bot = JobBot(engine, guild_ready_timeout=0.01, **options)
            async with connected(bot, fake):
                await scenario(fake, bot)

    asyncio.run(main())


def embed_chars(embeds: list[dict[str, Any]]) -> int:
    total = 0
    for embed in embeds:
        total += len(embed.get("title", "")) + len(embed.get("description", ""))
        total += len(embed.get("footer", {}).get("text", ""))
        total += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return total


def assert_within_limits(data: dict[str, Any]) -> None:
    embeds = data.get("embeds") or []
    assert len(data.get("content") or "") <= 2000
    assert len(embeds) <= 10
    assert embed_chars(embeds) <= MESSAGE_EMBED_CHARS
    for embed in embeds:
        assert len(embed.get("title", "")) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        for field in embed.get("fields", []):
            assert len(field["name"]) <= 256
            assert len(field["value"]) <= 1024


def test_jobs_with_every_option_reaches_the_engine_and_answers_privately(
    engine: RecordingEngine,
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash(
            "jobs",
            query="python",
            workplace="remote",
            location="Berlin",
            min_salary="150k",
            type="full-time",
        )
        await fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["type"] == 5  # deferred before the engine runs: "thinking…"
        assert callback.body["data"]["flags"] & EPHEMERAL
        data = await fake.reply_to(payload)
        assert data["allowed_mentions"] == {"parse": []}
        assert_within_limits(data)

    run_bot(engine, scenario)
    (request,) = engine.requests
    assert request.command == "jobs"
    assert request.text == "python"
    assert request.platform == "discord"
    assert (request.user, request.channel) == (USER_ID, CHANNEL_ID)
    filters = request.filters
    assert filters is not None
    assert filters.workplace == ["remote"]
    assert filters.location == "Berlin"
    assert filters.employment_type == ["FULL_TIME"]
    assert filters.min_salary is not None
    assert (filters.min_salary.amount, filters.min_salary.period) == (150_000, "YEAR")


def test_jobs_results_are_embeds_with_paging_buttons_and_public_on_request(
    engine: RecordingEngine,
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="python", public=True)
        await fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert not (callback.body.get("data") or {}).get("flags", 0) & EPHEMERAL
        data = await fake.reply_to(payload)
        titles = [embed["title"] for embed in data["embeds"]]
        assert len(titles) == 5
        assert all(title.startswith("Python Backend Engineer") for title in titles)
        assert "**12** jobs" in data["content"]
        assert "page 1 of 3" in data["content"]
        labels = [b.get("label") for b in buttons(data["components"])]
        assert labels[:2] == ["Previous", "Next"]
        assert by_label(data["components"], "Previous")["disabled"] is True

    run_bot(engine, scenario)


def test_next_button_works_after_a_restart(knowledge: Path) -> None:
    """A fresh client (new process, new engine) pages a message the old one sent."""
    first = RecordingEngine.from_source(directories([knowledge]))
    first.requests = []
    sent: dict[str, Any] = {}

    async def search(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="python")
        await fake.dispatch("INTERACTION_CREATE", payload)
        sent.update(await fake.reply_to(payload))

    run_bot(first, search)
    next_button = by_label(sent["components"], "Next")
    assert len(next_button["custom_id"]) <= 100

    second = RecordingEngine.from_source(directories([knowledge]))
    second.requests = []

    async def page(fake: FakeDiscord, bot: JobBot) -> None:
        payload = click(next_button["custom_id"], sent, ephemeral=True)
        await fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["type"] == 6  # DEFERRED_UPDATE_MESSAGE, then the same message edited
        data = await fake.reply_to(payload)
        assert "page 2 of 3" in data["content"]
        page_one = {e["title"] for e in sent["embeds"]}
        page_two = {e["title"] for e in data["embeds"]}
        assert page_two
        assert not page_one & page_two
        assert by_label(data["components"], "Previous")["disabled"] is False

    run_bot(second, page)
    (request,) = second.requests
    assert (request.text, request.page, request.command) == ("python", 2, "jobs")


def test_jobs_help_is_the_engines_help(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="help")
        await fake.dispatch("INTERACTION_CREATE", payload)
        description = (await fake.reply_to(payload))["embeds"][0]["description"]
        expected = engine.ask(Request(text="help")).text
        assert expected.split("\n")[0].strip() in description

    run_bot(engine, scenario)
    assert engine.requests[0].text == "help"
    assert engine.requests[0].command is None


def test_faq_autocomplete_offers_at_most_25_matching_questions(tmp_path: Path) -> None:
    root = write_knowledge(tmp_path / "k")
    for number in range(40):
        (root / "faq" / f"career-{number}.md").write_text(
            f"---\nquestion: Career question number {number}?\n---\nAnswer {number}.\n",
            encoding="utf-8",
        )
    engine = RecordingEngine.from_source(directories([root]))

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("faq", question="car", focused="question"))
        await fake.dispatch(
            "INTERACTION_CREATE", slash("faq", question="SALARY", focused="question")
        )
        many, few = await fake.wait_for("POST", CALLBACK, count=2)
        assert many.body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        choices = many.body["data"]["choices"]
        assert len(choices) == 25
        assert all("car" in c["name"].lower() and len(c["name"]) <= 100 for c in choices)
        names = [c["name"] for c in few.body["data"]["choices"]]
        assert names == ["How do I negotiate a salary offer?"]

    run_bot(engine, scenario)


def test_faq_answer_cites_its_source(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("faq", question="How do I negotiate a salary offer?")
        await fake.dispatch("INTERACTION_CREATE", payload)
        embed = (await fake.reply_to(payload))["embeds"][0]
        assert embed["title"] == "How do I negotiate a salary offer?"
        assert "anchor high" in embed["description"]
        assert embed["footer"]["text"] == "Source: faq/salary-negotiation.md"

    run_bot(engine, scenario)
    assert engine.requests[0].command == "faq"


def test_unsure_faq_offers_did_you_mean_buttons_that_answer(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("faq", question="negotiate remote contract")
        await fake.dispatch("INTERACTION_CREATE", payload)
        data = await fake.reply_to(payload)
        suggestions = buttons(data.get("components") or [])
        assert suggestions, "a low-confidence answer offers the closest questions"
        target = suggestions[0]
        clicked = click(target["custom_id"], data, ephemeral=True)
        await fake.dispatch("INTERACTION_CREATE", clicked)
        answer = await fake.reply_to(clicked)
        assert answer["embeds"][0]["title"].startswith(target["label"].rstrip("…"))

    run_bot(engine, scenario)


def test_long_faq_answer_is_paged_within_limits(tmp_path: Path) -> None:
    root = write_knowledge(tmp_path / "k")
    paragraph = "Negotiation is a conversation about value and evidence. " * 30
    (root / "faq" / "long.md").write_text(
        "---\nquestion: How long can an answer about negotiating offers be?\n---\n"
        + "\n\n".join([paragraph] * 12),
        encoding="utf-8",
    )
    engine = RecordingEngine.from_source(directories([root]))
    question = "How long can an answer about negotiating offers be?"

    expected = engine.ask(Request(text=question, command="faq")).text
    assert len(expected) > 4096  # long enough that it must be paged
    phrase = "Negotiation is a conversation"

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("faq", question=question)
        await fake.dispatch("INTERACTION_CREATE", payload)
        sent = [await fake.reply_to(payload)]

        def delivered() -> int:
            return sum(e["description"].count(phrase) for m in sent for e in m["embeds"])

        for count in range(1, 20):
            if delivered() >= expected.count(phrase):
                break
            followups = await fake.wait_for("POST", FOLLOWUP, count=count)
            sent.append(followups[-1].body)
        assert delivered() == expected.count(phrase)
        assert len(sent) > 1
        for message in sent:
            assert_within_limits(message)

    run_bot(engine, scenario)


def test_huge_postings_still_fit_one_message(tmp_path: Path) -> None:
    root = tmp_path / "k"
    (root / "postings").mkdir(parents=True)
    skills = ", ".join(f"Zebra Skill Number {i} Extended" for i in range(40))
    for number in range(10):
        (root / "postings" / f"huge-{number}.md").write_text(
            f"---\ntitle: Senior Zebra Wrangler {number} for the Northern Savannah "
            "Conservation and Research Programme Office\n"
            f"company: {'Zebra Conservation Trust ' * 12}\n"
            f"location: {'Nairobi ' * 30}\n"
            f"skills: [{skills}]\n"
            f"url: https://jobs.example.com/zebra-{number}\n---\n"
            + ("Zebra wrangling with a lot of detail. " * 400),
            encoding="utf-8",
        )
    for number in range(15):
        (root / "postings" / f"other-{number}.md").write_text(
            f"---\ntitle: Gardener {number}\n---\nTend the gardens.\n", encoding="utf-8"
        )
    engine = RecordingEngine.from_source(directories([root]))

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="zebra wrangling")
        await fake.dispatch("INTERACTION_CREATE", payload)
        data = await fake.reply_to(payload)
        assert len(data["embeds"]) == 10
        assert_within_limits(data)

    run_bot(engine, scenario, page_size=10)


def test_mention_is_answered_as_a_reply_through_intent_routing(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        message = user_message(f"<@{BOT_ID}> python jobs please")
        await fake.dispatch("MESSAGE_CREATE", message)
        (reply,) = await fake.wait_for("POST", rf"^/channels/{CHANNEL_ID}/messages$")
        assert str(reply.body["message_reference"]["message_id"]) == message["id"]
        assert reply.body["allowed_mentions"]["parse"] == []
        assert not reply.body["allowed_mentions"].get("replied_user")
        assert reply.body["embeds"]

    run_bot(engine, scenario)
    (request,) = engine.requests
    assert request.text == "python jobs please"
    assert request.command is None


def test_dm_is_answered_and_unaddressed_messages_are_ignored(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("MESSAGE_CREATE", user_message("python jobs", mentions_bot=False))
        await fake.dispatch("MESSAGE_CREATE", user_message("how do I find remote jobs?", dm=True))
        (reply,) = await fake.wait_for("POST", rf"^/channels/{DM_CHANNEL_ID}/messages$")
        assert reply.body["embeds"] or reply.body["content"]
        assert not fake.find("POST", rf"^/channels/{CHANNEL_ID}/messages$")

    run_bot(engine, scenario)
    assert [r.text for r in engine.requests] == ["how do I find remote jobs?"]


def test_everyone_injection_cannot_ping(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="@everyone @here python", public=True)
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.dispatch(
            "MESSAGE_CREATE", user_message(f"<@{BOT_ID}> @everyone <@&12345678901234567> python")
        )
        answer = await fake.reply_to(payload)
        (reply,) = await fake.wait_for("POST", rf"^/channels/{CHANNEL_ID}/messages$")
        for body in (answer, reply.body):
            assert body["allowed_mentions"]["parse"] == []
            assert "users" not in body["allowed_mentions"]
            assert "roles" not in body["allowed_mentions"]
        content = answer["content"]
        assert "@\u200beveryone" in content
        assert "@everyone" not in content
        assert "@here" not in content

    run_bot(engine, scenario)


def test_slow_answer_is_deferred_then_edited_in(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="python"))
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
        assert callback.body["data"]["flags"] & EPHEMERAL
        (edit,) = await fake.wait_for("PATCH", ORIGINAL)
        assert len(edit.body["embeds"]) == 5
        assert edit.body["allowed_mentions"]["parse"] == []

    run_bot(engine, scenario, defer_after=0.0)


def test_missing_permissions_on_follow_up_is_explained_and_logged(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        fake.fail("PATCH", ORIGINAL, 403, code=50013, message="Missing Permissions")
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="python"))
        (note,) = await fake.wait_for("POST", FOLLOWUP)
        assert "missing permissions" in note.body["content"].lower()
        assert "Embed Links" in note.body["content"]
        assert note.body["flags"] & EPHEMERAL

    with caplog.at_level(logging.WARNING, logger="jobbot.discord"):
        run_bot(engine, scenario, defer_after=0.0)
    assert any("403" in r.getMessage() and "50013" in r.getMessage() for r in caplog.records)


def test_a_failing_command_gets_a_friendly_message_not_a_traceback(knowledge: Path) -> None:
    class BrokenEngine(RecordingEngine):
        def ask(self, request: Request | str) -> Answer:
            raise RuntimeError("internal detail that must not leak")

    engine = BrokenEngine.from_source(directories([knowledge]))

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("faq", question="anything")
        await fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["data"]["flags"] & EPHEMERAL
        # The apology replaces "thinking…" rather than leaving it spinning.
        assert (await fake.reply_to(payload))["content"] == FRIENDLY_ERROR
        assert not fake.find("POST", FOLLOWUP)

    run_bot(engine, scenario)


def test_bad_salary_option_is_explained(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="x", min_salary="lots"))
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert "not a salary" in callback.body["data"]["content"]

    run_bot(engine, scenario)
    assert engine.requests == []


def test_guild_id_syncs_commands_to_that_guild_only(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        (sync,) = fake.find("PUT", rf"^/applications/{APP_ID}/guilds/{GUILD_ID}/commands$")
        assert sorted(c["name"] for c in sync.body) == [
            "alert",
            "alerts",
            "faq",
            "forget",
            "jobs",
            "myjobs",
            "subscribe",
            "subscriptions",
            "teach",
            "unalert",
            "unsubscribe",
        ]
        assert not fake.find("PUT", rf"^/applications/{APP_ID}/commands$")

    run_bot(engine, scenario, guild_id=int(GUILD_ID))


def test_failed_guild_sync_is_logged_and_the_bot_still_answers(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse_sync(fake: FakeDiscord) -> None:
        fake.fail("PUT", r"/guilds/\d+/commands$", 403, code=50001, message="Missing Access")

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        payload = slash("jobs", query="python")
        await fake.dispatch("INTERACTION_CREATE", payload)
        assert (await fake.reply_to(payload))["embeds"]

    with caplog.at_level(logging.ERROR, logger="jobbot.discord"):
        run_bot(engine, scenario, refuse_sync, guild_id=int(GUILD_ID))
    assert any("applications.commands" in r.getMessage() for r in caplog.records)


def test_no_sync_on_an_ordinary_start_and_token_never_logged(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="python"))
        await fake.wait_for("POST", CALLBACK)
        assert not fake.find("PUT", r"/commands$")
        assert fake.identify is not None
        assert fake.identify["intents"] & (1 << 15) == 0  # no privileged message content

    with caplog.at_level(logging.DEBUG):
        run_bot(engine, scenario)
    assert TOKEN not in caplog.text


def test_reply_refused_in_channel_is_explained_by_dm(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        fake.fail(
            "POST",
            rf"^/channels/{CHANNEL_ID}/messages$",
            403,
            code=50013,
            message="Missing Permissions",
        )
        await fake.dispatch("MESSAGE_CREATE", user_message(f"<@{BOT_ID}> python jobs"))
        (note,) = await fake.wait_for("POST", rf"^/channels/{DM_CHANNEL_ID}/messages$")
        assert f"<#{CHANNEL_ID}>" in note.body["content"]
        assert "Send Messages" in note.body["content"]
        assert note.body["allowed_mentions"]["parse"] == []

    with caplog.at_level(logging.WARNING, logger="jobbot.discord"):
        run_bot(engine, scenario)
    assert any("403" in r.getMessage() for r in caplog.records)


def test_slow_page_turn_is_deferred_then_the_message_edited(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="python"))
        (edit,) = await fake.wait_for("PATCH", ORIGINAL)
        message = {**edit.body, "flags": 64}
        next_id = by_label(edit.body["components"], "Next")["custom_id"]
        await fake.dispatch("INTERACTION_CREATE", click(next_id, message, ephemeral=True))
        _, deferred = await fake.wait_for("POST", CALLBACK, count=2)
        assert deferred.body["type"] == 6  # DEFERRED_UPDATE_MESSAGE
        _, paged = await fake.wait_for("PATCH", ORIGINAL, count=2)
        assert "page 2 of 3" in paged.body["content"]

    run_bot(engine, scenario, defer_after=0.0)


def test_filters_without_text_search_and_empty_jobs_is_help(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        first, second = slash("jobs", workplace="hybrid"), slash("jobs")
        await fake.dispatch("INTERACTION_CREATE", first)
        await fake.reply_to(first)  # answered, not only deferred: the engine has been asked
        await fake.dispatch("INTERACTION_CREATE", second)
        await fake.reply_to(second)

    run_bot(engine, scenario)
    filtered, bare = engine.requests
    assert (filtered.command, filtered.text) == ("jobs", "")
    assert filtered.filters is not None
    assert filtered.filters.workplace == ["hybrid"]
    assert (bare.text, bare.command) == ("help", None)


def test_location_autocomplete_offers_known_locations(engine: RecordingEngine) -> None:
    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        await fake.dispatch(
            "INTERACTION_CREATE", slash("jobs", query="python", location="lon", focused="location")
        )
        (callback,) = await fake.wait_for("POST", CALLBACK)
        assert callback.body["type"] == 8
        locations = {p.location for p in engine.corpus.postings}
        choices = [c["value"] for c in callback.body["data"]["choices"]]
        assert choices == (["London"] if "London" in locations else [])

    run_bot(engine, scenario)


def test_invite_url_asks_for_exact_scopes_and_permissions() -> None:
    url = invite_url(int(APP_ID))
    assert "scope=bot+applications.commands" in url
    assert url.endswith("permissions=277025475584")


def test_rate_limits_are_waited_out_or_logged(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """Interaction webhooks wait out a 429 (discord.py; the token lives 15 minutes); a
    channel reply refused for longer than 30 s is logged with the wait instead of hanging."""

    def limit(fake: FakeDiscord, pattern: str, method: str, seconds: float) -> None:
        fake.fail(
            method,
            pattern,
            429,
            body={"message": "You are being rate limited.", "retry_after": seconds},
            headers={"Retry-After": str(seconds), "Via": "1.1 google"},
        )

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        limit(fake, ORIGINAL, "PATCH", 0.05)
        limit(fake, rf"^/channels/{CHANNEL_ID}/messages$", "POST", 90)
        await fake.dispatch("INTERACTION_CREATE", slash("jobs", query="python"))
        refused, delivered = await fake.wait_for("PATCH", ORIGINAL, count=2)
        assert refused.body == delivered.body
        await fake.dispatch("MESSAGE_CREATE", user_message(f"<@{BOT_ID}> python"))
        await fake.wait_for("POST", rf"^/channels/{CHANNEL_ID}/messages$")
        for _ in range(50):
            if "Rate limited for 90 s" in caplog.text:
                break
            await asyncio.sleep(0.02)

    with caplog.at_level(logging.WARNING, logger="jobbot.discord"):
        run_bot(engine, scenario, defer_after=0.0)
    assert "Rate limited for 90 s replying to a message" in caplog.text


def carrying(custom_id: str) -> dict[str, Any]:
    """A message showing one button with this custom_id (as every clicked message does)."""
    button = {"type": 2, "style": 2, "label": "Next", "custom_id": custom_id}
    return {"content": "", "components": [{"type": 1, "components": [button]}]}


def test_an_unknown_command_or_button_gets_a_clear_private_answer(
    engine: RecordingEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord can still show a command, and members still click buttons, from an older
    version: each gets a short private note, not "something went wrong" or silence."""

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        stale = slash("oldcommand", query="python")
        await fake.dispatch("INTERACTION_CREATE", stale)
        (answer,) = await fake.wait_for("POST", callback_path(stale))
        assert answer.body["data"]["flags"] & EPHEMERAL
        assert "I don't have that command (any more)" in answer.body["data"]["content"]
        for custom_id in ("jobbot:retired:3", "jobbot:jobs:not-a-page"):
            old = click(custom_id, carrying(custom_id))
            await fake.dispatch("INTERACTION_CREATE", old)
            (answer,) = await fake.wait_for("POST", callback_path(old))
            assert answer.body["data"]["flags"] & EPHEMERAL
            assert "from an older message" in answer.body["data"]["content"]
        next_page = JobsCursor("python", page=2).custom_id()
        page = click(next_page, carrying(next_page), ephemeral=True)
        await fake.dispatch("INTERACTION_CREATE", page)
        (deferred,) = await fake.wait_for("POST", callback_path(page))
        assert deferred.body["type"] == 6  # a known button still works: the page is edited in
        assert "page 2 of 3" in (await fake.reply_to(page))["content"]

    run_bot(engine, scenario)
    assert "Traceback" not in caplog.text
    assert "jobbot discord --sync" in caplog.text
