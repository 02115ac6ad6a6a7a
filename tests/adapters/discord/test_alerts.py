"""Personal alerts and "My jobs" end to end through Discord: members use /alert, /alerts,
/myjobs, /forget and the Save / Applied / Not interested components (real discord.py over
the fake gateway); the real `Announcer` on a fake clock sends alert DMs through the real
`DiscordPublisher` (create DM, then post) to the fake REST API."""

from __future__ import annotations

import asyncio
import copy
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.bot import JobBot
from adapters.discord.buttons import view_for
from adapters.discord.custom_ids import JobsCursor
from adapters.discord.embeds import limit_problems
from adapters.discord.poster import DiscordPublisher, _apply_view, announcement_messages
from adapters.discord.syntax import SYNTAX
from adapters.discord.tracking import TrackSelect
from jobbot.announce.alerts import AlertStore
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.publisher import Announcement
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.models import Posting, Request
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.discord.test_bot import FOLLOWUP, run_bot
from tests.support.announce_doubles import FakeClock, knowledge_with_background
from tests.support.fake_discord import (
    DM_CHANNEL_ID,
    EVERYONE_PERMISSIONS,
    HUMAN,
    TOKEN,
    USER_ID,
    FakeDiscord,
    buttons,
    callback_path,
    click,
    slash,
)
from tests.support.paths import ROOT

DM_MESSAGES = rf"^/channels/{DM_CHANNEL_ID}/messages$"
OPEN_DM = r"^/users/@me/channels$"
OTHER_USER = "900000000000000777"


def add_posting(knowledge: Path, slug: str, title: str, body: str) -> str:
    (knowledge / "postings" / f"{slug}.md").write_text(
        f"---\nid: {slug}\ntitle: {title}\ncompany: Gopher Co\n"
        f"url: https://jobs.example.com/{slug}\n---\n{body}\n",
        encoding="utf-8",
    )
    return slug


def go_posting(knowledge: Path, n: int) -> str:
    return add_posting(knowledge, f"golang-{n}", f"Go Developer {n}", "Golang services, remote.")


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    root = knowledge_with_background(tmp_path / "knowledge", fillers=10)
    for n in range(1, 4):
        add_posting(root, f"python-{n}", f"Python Engineer {n}", "Python backend services.")
    return root


@pytest.fixture
def store() -> Store:
    s = Store(Settings().database_url)  # the conftest's tmp SQLite, as `jobbot discord` uses
    yield s  # type: ignore[misc]
    s.close()


def as_member(payload: dict[str, Any], user_id: str) -> dict[str, Any]:
    """The same interaction, from another member of the server."""
    payload = copy.deepcopy(payload)
    payload["member"]["user"] = {**HUMAN, "id": user_id, "username": f"u{user_id[-3:]}"}
    return payload


def press(custom_id: str, label: str = "Save") -> dict[str, Any]:
    """A click on a button with this custom_id, on a message that carries it (as on any
    message the bot sent before, even before a restart)."""
    button = {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
    return click(custom_id, {"content": "", "components": [{"type": 1, "components": [button]}]})


def select(custom_id: str, value: str, message: dict[str, Any]) -> dict[str, Any]:
    """A choice in a select menu (a component interaction) on `message`."""
    payload = click(custom_id, message)
    payload["data"] = {"custom_id": custom_id, "component_type": 3, "values": [value]}
    return payload


class Server:
    """The bot, the scheduler and its publisher sharing one database and one fake clock."""

    def __init__(self, fake: FakeDiscord, store: Store, knowledge: Path, clock: FakeClock):
        self.fake = fake
        self.store = store
        self.knowledge = knowledge
        self.clock = clock
        self.publisher = DiscordPublisher(TOKEN)

    async def run_once(self) -> RunReport:
        announcer = Announcer(
            self.store, [self.publisher], directories([self.knowledge]), clock=self.clock
        )
        report = await asyncio.to_thread(announcer.run_once)
        assert report.error is None, report.summary()
        return report

    async def baseline(self) -> None:
        assert (await self.run_once()).sync.first_sync  # type: ignore[union-attr]
        self.clock.advance(minutes=1)

    async def reply(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch an interaction; the data of the bot's (private) answer, with the flags of
        its first response (an answer edited into a deferred response carries none)."""
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        (callback,) = await self.fake.wait_for("POST", callback_path(payload))
        data = dict(callback.body.get("data") or {})
        if callback.body["type"] in (5, 6):  # deferred: the answer is edited in
            data.update(await self.fake.reply_to(payload))
        return data

    async def say(self, payload: dict[str, Any]) -> str:
        data = await self.reply(payload)
        assert data["flags"] & 64  # only the member sees it
        embeds = data.get("embeds") or []
        texts = [f"{e.get('title', '')}\n{e.get('description', '')}" for e in embeds]
        return "\n".join([str(data.get("content") or ""), *texts])

    def dms(self) -> list[dict[str, Any]]:
        return [r.body for r in self.fake.find("POST", DM_MESSAGES)]

    async def close(self) -> None:
        await asyncio.to_thread(self.publisher.close)


Flow = Callable[[Server], Awaitable[None]]


def serve(store: Store, knowledge: Path, flow: Flow, clock: FakeClock | None = None) -> FakeClock:
    """Run `flow` against a connected bot whose personal commands use the fake clock."""
    clock = clock or FakeClock()
    engine = Engine.from_source(directories([knowledge]))
    personal = PersonalCommands(store, engine, clock, syntax=SYNTAX)

    async def scenario(fake: FakeDiscord, bot: JobBot) -> None:
        server = Server(fake, store, knowledge, clock)
        try:
            await flow(server)
        finally:
            await server.close()

    run_bot(engine, scenario, personal=personal)
    return clock


def test_a_member_without_manage_channels_gets_a_matching_posting_by_dm_once(
    store: Store, knowledge: Path
) -> None:
    async def flow(s: Server) -> None:
        await s.baseline()
        reply = await s.say(slash("alert", query="golang", member_permissions=EVERYONE_PERMISSIONS))
        assert "Alert #1 set: `golang`, instant" in reply
        assert "`/unalert id:1`" in reply
        s.clock.advance(minutes=1)
        new = go_posting(s.knowledge, 1)
        add_posting(s.knowledge, "rust-1", "Rust Developer", "Rust services.")

        report = await s.run_once()

        assert [x.posting_ids for x in report.sent] == [[new]]
        (opened,) = s.fake.find("POST", OPEN_DM)
        assert str(opened.body["recipient_id"]) == USER_ID
        (dm,) = s.dms()
        assert dm["content"].startswith("New opening for “golang” (your job alert)")
        assert "/alerts" in dm["content"]
        assert dm["embeds"][0]["title"] == "Go Developer 1"
        assert "Rust Developer" not in str(dm)
        labels = [b["label"] for b in buttons(dm["components"])]
        assert labels == ["Apply", "Save", "Applied", "Not interested"]
        assert dm["allowed_mentions"] == {"parse": []}

        s.clock.advance(minutes=5)
        assert (await s.run_once()).sent == []
        assert len(s.dms()) == 1

    serve(store, knowledge, flow)


CRASHING_RUN = """
import os, sys
from datetime import datetime
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock, RecordingPublisher

def die(announcement):
    os._exit(3)  # killed after the DM was claimed, before Discord saw anything

url, knowledge, now = sys.argv[1:4]
publisher = RecordingPublisher("discord", on_publish=die)
Announcer(Store(url), [publisher], directories([knowledge]),
          clock=FakeClock(datetime.fromisoformat(now))).run_once()
"""


def test_a_kill_between_claim_and_send_still_delivers_the_dm_once(
    store: Store, knowledge: Path
) -> None:
    async def flow(s: Server) -> None:
        await s.baseline()
        await s.say(slash("alert", query="golang"))
        s.clock.advance(minutes=1)
        go_posting(s.knowledge, 1)
        child = await asyncio.to_thread(
            subprocess.run,
            [
                *(sys.executable, "-c", CRASHING_RUN, Settings().database_url),
                *(str(s.knowledge), s.clock.now().isoformat()),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert child.returncode == 3, child.stderr
        (claimed,) = s.store.deliveries("discord", f"dm:{USER_ID}")
        assert claimed.status == "claimed"
        for minutes in (6, 6, 30):
            s.clock.advance(minutes=minutes)
            await s.run_once()
        assert len(s.dms()) == 1
        assert [d.status for d in s.store.deliveries("discord", f"dm:{USER_ID}")] == ["done"]

    serve(store, knowledge, flow)


def test_daily_digests_come_at_each_members_hour_in_their_own_time_zone(
    store: Store, knowledge: Path
) -> None:
    # Monday 2 March 2026, 09:00 UTC: 18:00 in Tokyo, 04:00 in New York.
    async def flow(s: Server) -> None:
        await s.baseline()
        tokyo = slash("alert", query="golang", frequency="daily", hour=19, timezone="asia/tokyo")
        assert "daily at 19:00 (Asia/Tokyo)" in await s.say(tokyo)
        new_york = slash("alert", query="golang daily at 7", timezone="America/New_York")
        assert "daily at 07:00 (America/New_York)" in await s.say(as_member(new_york, OTHER_USER))
        s.clock.advance(minutes=1)
        go_posting(s.knowledge, 1)

        async def at(hour: int, minute: int = 0) -> int:
            target = s.clock.now().replace(hour=hour, minute=minute)
            s.clock.advance(seconds=(target - s.clock.now()).total_seconds())
            await s.run_once()
            return len(s.fake.find("POST", DM_MESSAGES))

        assert await at(9, 30) == 0  # digests, not instant
        assert await at(9, 59) == 0  # 18:59 in Tokyo
        assert await at(10, 0) == 1  # 19:00 in Tokyo
        assert await at(11, 59) == 1  # 06:59 in New York
        assert await at(12, 0) == 2  # 07:00 in New York
        assert await at(23, 0) == 2  # nothing new: nothing more
        recipients = [str(r.body["recipient_id"]) for r in s.fake.find("POST", OPEN_DM)]
        assert recipients == [USER_ID, OTHER_USER]
        for dm in s.dms():
            assert dm["content"].startswith("Your daily job alert: 1 new opening for “golang")

    serve(store, knowledge, flow)


def test_a_member_who_cannot_be_messaged_is_paused_and_told_next_time(
    store: Store, knowledge: Path
) -> None:
    async def flow(s: Server) -> None:
        await s.baseline()
        await s.say(slash("alert", query="golang"))
        s.clock.advance(minutes=1)
        go_posting(s.knowledge, 1)
        s.fake.fail(
            "POST", DM_MESSAGES, 403, code=50007, message="Cannot send messages to this user"
        )

        report = await s.run_once()

        assert [len(report.sent), len(report.failed)] == [0, 1]
        state = AlertStore(s.store).state("discord", USER_ID)
        assert state is not None
        assert state.paused_at is not None
        s.clock.advance(minutes=5)
        go_posting(s.knowledge, 2)
        assert (await s.run_once()).failed == []  # paused: not even tried
        assert len(s.dms()) == 1  # the refused one only

        before = len(s.fake.find("POST", FOLLOWUP))
        assert "Python Engineer" in await s.say(slash("jobs", query="python"))
        (told,) = (await s.fake.wait_for("POST", FOLLOWUP, count=before + 1))[before:]
        assert "Your alerts are paused" in told.body["content"]
        assert "`/alerts resume:True`" in told.body["content"]
        assert told.body["flags"] & 64
        await s.say(slash("jobs", query="python"))
        await asyncio.sleep(0.3)
        assert len(s.fake.find("POST", FOLLOWUP)) == before + 1  # told once

        assert "on again" in await s.say(slash("alerts", resume=True))
        s.clock.advance(minutes=5)
        await s.run_once()
        assert "Go Developer 2" in str(s.dms()[-1])

    serve(store, knowledge, flow)


def test_save_applied_and_not_interested_are_kept_across_a_restart(
    store: Store, knowledge: Path
) -> None:
    async def first_run(s: Server) -> None:
        results = await s.reply(slash("jobs", query="python"))
        rows = [row["components"] for row in results["components"]]
        [menu] = [c for row in rows for c in row if c["type"] == 3]
        assert "Save: Python Engineer 1" in [o["label"] for o in menu["options"]]
        message = {"content": results["content"], "components": results["components"]}
        saved = await s.say(select(menu["custom_id"], "save:python-1", message))
        assert "Saved **Python Engineer 1**" in saved
        await s.say(select(menu["custom_id"], "applied:python-2", message))
        hidden = await s.reply(select(menu["custom_id"], "hide:python-3", message))
        assert "won't appear in your searches or alerts" in hidden["content"]
        labels = [b["label"] for b in buttons(hidden["components"])]
        assert labels == ["Undo", "Hide every posting from Gopher Co"]

    async def after_restart(s: Server) -> None:
        mine = await s.say(slash("myjobs"))
        saved, applied = mine.split("**Applied**")
        assert "Python Engineer 1" in saved
        assert "Python Engineer 2" in applied
        assert "**Not interested:** 1 posting" in mine
        found = await s.say(slash("jobs", query="python"))
        assert "Python Engineer 3" not in found
        assert "Python Engineer 1" in found
        undo = await s.say(press("jobbot:track:clear:python-3", "Undo"))
        assert "Removed **Python Engineer 3**" in undo
        assert "Python Engineer 3" in await s.say(slash("jobs", query="python"))

    serve(store, knowledge, first_run)
    serve(store, knowledge, after_restart)  # a new bot process over the same database


def test_forget_deletes_everything_after_the_askers_confirmation(
    store: Store, knowledge: Path
) -> None:
    async def flow(s: Server) -> None:
        await s.baseline()
        await s.say(slash("alert", query="golang"))
        await s.say(as_member(slash("alert", query="golang"), OTHER_USER))
        await s.say(press("jobbot:track:save:python-1"))
        s.clock.advance(minutes=1)
        go_posting(s.knowledge, 1)
        await s.run_once()

        prompt = await s.reply(slash("forget"))
        assert "1 alert, 1 posting on your list, 1 record of an alert DM" in prompt["content"]
        (delete,) = buttons(prompt["components"])
        assert delete["label"] == "Delete everything"
        assert AlertStore(s.store).alerts("discord", USER_ID)  # nothing gone before confirming
        message = {"content": prompt["content"], "components": prompt["components"]}

        refused = await s.say(as_member(click(delete["custom_id"], message), OTHER_USER))
        assert "for the member who asked" in refused
        assert AlertStore(s.store).alerts("discord", USER_ID)

        done = await s.reply(click(delete["custom_id"], message))
        assert "Done: I deleted everything I stored about you" in done["content"]
        assert AlertStore(s.store).alerts("discord", USER_ID) == []
        assert s.store.deliveries("discord", f"dm:{USER_ID}") == []
        assert "Nothing saved yet" in await s.say(slash("myjobs"))
        assert len(AlertStore(s.store).alerts("discord", OTHER_USER)) == 1

    serve(store, knowledge, flow)


def test_alert_dms_stay_within_discords_limits_and_mention_nobody() -> None:

    hostile = "@everyone <@123> **bold** "
    postings = [
        Posting(
            id=f"p{n}",
            title=hostile * 20,
            company=hostile,
            url=f"https://x.example/{n}",
            source="x",
        )
        for n in range(25)
    ]
    for announcement in (
        Announcement(channel="dm:1", postings=postings[:1], query=hostile, member="1"),
        Announcement(channel="dm:1", postings=postings, query=hostile, member="1", digest="daily"),
    ):
        messages = announcement_messages(announcement)
        assert limit_problems(messages) == []
        assert all("@everyone" not in m.content for m in messages)
        view = _apply_view(announcement)
        assert view is not None
        rows = {item.row for item in view.children}
        assert len(view.children) <= 25
        assert max(r or 0 for r in rows) <= 4


def test_a_page_of_ten_results_keeps_every_button_within_five_rows(knowledge: Path) -> None:
    for n in range(4, 12):
        add_posting(knowledge, f"python-{n}", f"Python Engineer {n}", "Python backend services.")
    engine = Engine.from_source(directories([knowledge]))
    answer = engine.ask(Request(text="python", command="jobs", page_size=10))
    assert len(answer.jobs) == 10
    view = view_for(answer, JobsCursor(text="python"))
    assert view is not None
    menus = [item for item in view.children if isinstance(item, TrackSelect)]
    assert len(menus) == 2
    offered = {o.value for menu in menus for o in menu.item.options}
    assert offered == {f"{a}:{job.id}" for job in answer.jobs for a in ("save", "applied", "hide")}
    assert max(item.row or 0 for item in view.children) <= 4
    assert len(view.to_components()) <= 5


def test_bad_alert_options_get_a_clear_reply_and_store_nothing(
    store: Store, knowledge: Path
) -> None:
    """Discord checks option ranges in its client; a payload that skips them (an old
    client, a forged request) must not store an alert whose digest hour cannot exist."""

    async def flow(s: Server) -> None:
        replies = [
            await s.say(slash("alert", query="   ")),
            await s.say(slash("alert", query="golang", hour=30)),
            await s.say(slash("alert", query="golang", frequency="weekly", weekday=9)),
            await s.say(slash("alert", query="golang", timezone="Mars/Phobos")),
            await s.say(slash("alert", query="x" * 400)),
            await s.say(slash("unalert", id=99)),
        ]
        assert "Personal alerts: `/alert query:python remote`" in replies[0]
        assert "hours run from 0 to 23" in replies[1]
        assert "“9” is not a value that option takes" in replies[2]
        assert "not a time zone I know" in replies[3]
        assert "too long (400 characters; at most 300)" in replies[4]
        assert "You have no alert #99" in replies[5]
        assert not [r for r in replies if "something went wrong" in r]
        assert AlertStore(s.store).alerts("discord", USER_ID) == []
        assert "You have no alerts" in await s.say(slash("alerts"))

    serve(store, knowledge, flow)
