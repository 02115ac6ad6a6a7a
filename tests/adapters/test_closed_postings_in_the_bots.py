"""A posting that closes leaves what members see in the bots themselves: Slack `/jobs`
results and figures, Discord `/jobs` results and its location autocomplete. The real Bolt
app and discord.py client against the fake servers; the engine's clock moves past the
posting's `valid_through` with no reload."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from adapters.discord.bot import JobBot
from adapters.slack.app import build_app
from jobbot.engine import Engine
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.discord.test_bot import CALLBACK, run_bot
from tests.adapters.slack.conftest import ManualClock, SlackHarness
from tests.adapters.slack.shown import shown
from tests.support import fake_discord, fake_slack
from tests.support.announce_doubles import knowledge_with_background

TODAY = date(2026, 12, 1)
LAST_DAY = TODAY + timedelta(days=2)


class Today:
    """The engine's clock, moved by the test."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> date:
        return self.day


def knowledge(root: Path) -> Path:
    root = knowledge_with_background(root, fillers=6)
    (root / "postings" / "kotlin-reykjavik.md").write_text(
        "---\nid: kotlin-reykjavik\ntitle: Kotlin Engineer\ncompany: Northwind\n"
        f"location: Reykjavik, Iceland\nvalid_through: {LAST_DAY.isoformat()}\n"
        "url: https://jobs.example.com/kotlin\n---\nKotlin services on the JVM.\n",
        encoding="utf-8",
    )
    return root


def test_slack_search_and_figures_drop_a_posting_once_it_closes(tmp_path: Path) -> None:
    today = Today()
    engine = Engine.from_source(directories([knowledge(tmp_path / "k")]), today=today)
    fake = fake_slack.FakeSlack().start()
    try:
        settings = Settings(
            slack_bot_token=fake_slack.BOT_TOKEN,
            slack_signing_secret=fake_slack.SIGNING_SECRET,
            slack_api_url=fake.url,
        )
        app, bot = build_app(settings, engine, clock=ManualClock())
        harness = SlackHarness(app, bot, fake, ManualClock())
        asked = 0

        def ask(text: str) -> str:
            nonlocal asked
            asked += 1
            url = fake.response_url(f"r{asked}")
            assert harness.form(fake_slack.command_body("/jobs", text, url)).status == 200
            return shown(fake.wait_for(f"/response/r{asked}")[-1].body)

        def dm(text: str) -> str:
            nonlocal asked
            asked += 1
            event = {"type": "message", "channel": "D0001", "channel_type": "im"}
            event |= {"user": "U0001", "text": text, "ts": f"1700000000.{asked:06d}"}
            assert harness.json(fake_slack.event_body(event, f"Ev{asked}")).status == 200
            replies = fake.wait_for("chat.postMessage", count=len(sent) + 1)
            sent.append(replies[-1])
            return shown(replies[-1].body)

        sent: list[object] = []
        before = ask("kotlin")
        assert "Kotlin Engineer" in before
        assert "closes in 2 days" in before
        assert "Kotlin Engineer" in ask("kotlin reykjavik")
        assert "1 of 12 openings" in dm("how many jobs in reykjavik?")

        today.day = LAST_DAY + timedelta(days=1)

        assert "Kotlin Engineer" not in ask("kotlin")
        assert "Kotlin Engineer" not in ask("kotlin reykjavik")
        assert "No opening matches reykjavik" in dm("how many jobs in reykjavik?")
        assert "Kotlin" not in dm("which skills are most in demand?")
    finally:
        fake.stop()


def test_discord_search_and_location_autocomplete_drop_a_closed_posting(tmp_path: Path) -> None:
    today = Today()
    engine = Engine.from_source(directories([knowledge(tmp_path / "k")]), today=today)

    async def offered(fake: fake_discord.FakeDiscord, typed: str) -> list[str]:
        before = len(fake.find("POST", CALLBACK))
        payload = fake_discord.slash("jobs", query="kotlin", location=typed, focused="location")
        await fake.dispatch("INTERACTION_CREATE", payload)
        callbacks = await fake.wait_for("POST", CALLBACK, count=before + 1)
        return [c["value"] for c in callbacks[-1].body["data"]["choices"]]

    async def results(fake: fake_discord.FakeDiscord) -> str:
        payload = fake_discord.slash("jobs", query="kotlin")
        await fake.dispatch("INTERACTION_CREATE", payload)
        await fake.wait_for("POST", fake_discord.callback_path(payload))
        return str(await fake.reply_to(payload))

    async def scenario(fake: fake_discord.FakeDiscord, bot: JobBot) -> None:
        assert await offered(fake, "reyk") == ["Reykjavik, Iceland"]
        before = await results(fake)
        assert "Kotlin Engineer" in before
        assert "'name': 'Closes', 'value': 'In 2 days'" in before.replace("'inline': True, ", "")
        today.day = LAST_DAY + timedelta(days=1)
        assert await offered(fake, "reyk") == []
        assert "Kotlin Engineer" not in await results(fake)

    run_bot(engine, scenario)
