"""Personal alerts and "My jobs" end to end through Slack: signed commands and clicks to the
real Bolt app, the real `Announcer` on a fake clock, the real `SlackPublisher` opening DMs
(`conversations.open`) and posting them to the fake Web API. Assertions are on what reached
the fake server and what the store kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.slack import platform
from adapters.slack.alerts import SlackAlerts
from adapters.slack.app import AFTER_ACK, build_app
from adapters.slack.blocks import announcement_blocks, announcement_text
from adapters.slack.home import home_blocks
from adapters.slack.limits import problems
from adapters.slack.subscriptions import SlackSubscriptions
from jobbot.announce.alerts import AlertStore
from jobbot.announce.personal import Listed, MyJobs
from jobbot.announce.publisher import Announcement
from jobbot.announce.scheduler import Announcer, RunReport
from jobbot.announce.store import Store
from jobbot.announce.tracking import Item
from jobbot.app.launch import status_text
from jobbot.engine import Engine
from jobbot.models import Posting
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.adapters.slack.conftest import ManualClock, SlackHarness, settle, write_knowledge
from tests.adapters.slack.shown import all_buttons, shown
from tests.contract import live
from tests.support.announce_doubles import START, FakeClock, knowledge_with_background
from tests.support.fake_slack import (
    ADMIN,
    MEMBER,
    FakeSlack,
    action_body,
    command_body,
    event_body,
)
from tests.support.paths import ROOT

BERLIN_MEMBER = "U0001"  # users.info says Europe/Berlin
LA_MEMBER = MEMBER  # users.info says America/Los_Angeles, and is no admin


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return knowledge_with_background(write_knowledge(tmp_path / "knowledge"), fillers=10)


def add_posting(knowledge: Path, slug: str, title: str, *, location: str = "Remote") -> str:
    (knowledge / "postings" / f"{slug}.md").write_text(
        "---\n"
        f"id: {slug}\n"
        f'title: "{title}"\n'
        'company: "Gamma Data"\n'
        f'location: "{location}"\n'
        "skills: [Python, Airflow]\n"
        f'url: "https://jobs.example.com/gamma/{slug}"\n'
        "---\n"
        "Python data pipelines with Airflow.\n",
        encoding="utf-8",
    )
    return slug


@dataclass
class Workspace:
    """The Slack app (with alerts), the store both sides share, and the scheduler's clock."""

    harness: SlackHarness
    store: Store
    clock: FakeClock
    knowledge: Path
    settings: Settings
    engine: Engine
    replies: int = 0

    def announcer(self, store: Store | None = None) -> Announcer:
        publisher = platform.build_publisher(self.settings)
        assert publisher is not None
        return Announcer(
            store or self.store, [publisher], directories([self.knowledge]), clock=self.clock
        )

    def run(self) -> RunReport:
        report = self.announcer().run_once()
        assert report.error is None, report.summary()
        assert report.skipped is None, report.summary()
        return report

    def _url(self) -> tuple[str, str]:
        self.replies += 1
        name = f"r{self.replies}"
        return name, self.harness.fake.response_url(name)

    def _reply(self, name: str, body: str, count: int = 1) -> list[dict[str, Any]]:
        assert self.harness.form(body).status == 200
        return [r.body for r in self.harness.fake.wait_for(f"/response/{name}", count)]

    def command(self, text: str, user: str, count: int = 1) -> list[dict[str, Any]]:
        name, url = self._url()
        return self._reply(name, command_body("/jobs", text, url, user_id=user), count)

    def say(self, text: str, user: str) -> str:
        return shown(self.command(text, user)[-1])

    def click(self, button: dict[str, Any], user: str) -> dict[str, Any]:
        name, url = self._url()
        body = action_body(button["action_id"], button.get("value", ""), url, user=user)
        return self._reply(name, body)[-1]

    def dms(self, user: str) -> list[dict[str, Any]]:
        return [
            r.body
            for r in self.harness.fake.calls("chat.postMessage")
            if r.body.get("channel") == f"D{user}"
        ]


def build(settings: Settings, engine: Engine, fake: FakeSlack, store: Store, clock: FakeClock):
    subscriptions = SlackSubscriptions.from_settings(settings, store, engine, clock=clock)
    alerts = SlackAlerts.from_settings(store, engine, clock=clock)
    app, bot = build_app(
        settings,
        engine,
        clock=ManualClock(),
        subcommands={**subscriptions.subcommands(), **alerts.subcommands()},
        listeners=[alerts.register],
    )
    alerts.attach(bot)
    return SlackHarness(app, bot, fake, ManualClock())


@pytest.fixture
def ws(settings: Settings, fake_slack: FakeSlack, knowledge: Path) -> Iterator[Workspace]:
    engine = Engine.from_source(directories([knowledge]))
    store = Store(settings.database_url)
    clock = FakeClock()
    harness = build(settings, engine, fake_slack, store, clock)
    yield Workspace(harness, store, clock, knowledge, settings, engine)
    store.close()


def baseline(ws: Workspace) -> None:
    """The scheduler's first look at the sources: the back catalogue, never sent."""
    assert ws.run().sync.first_sync  # type: ignore[union-attr]
    ws.clock.advance(minutes=1)


def test_a_member_who_is_no_admin_gets_a_matching_new_posting_by_dm_once(
    ws: Workspace, settings: Settings
) -> None:
    baseline(ws)
    reply = ws.say("alert python remote", LA_MEMBER)
    assert "Alert #1 set: `python remote`, instant" in reply
    assert "Stop it with `/jobs alert off 1`" in reply
    ws.clock.advance(minutes=1)
    new = add_posting(ws.knowledge, "data-python", "Data Engineer (Python)")
    add_posting(ws.knowledge, "lyon-python", "Python Developer", location="Lyon (On-site)")

    report = ws.run()

    assert [s.posting_ids for s in report.sent] == [[new]]
    assert "alert DMs: 1 sent, 0 failed" in report.summary()
    [opened] = ws.harness.fake.calls("conversations.open")
    assert opened.body["users"] == LA_MEMBER
    [dm] = ws.dms(LA_MEMBER)
    text = shown(dm)
    assert "New opening for “python remote” (your job alert)" in text
    assert "Data Engineer (Python)" in text
    assert "Python Developer" not in text  # on-site: the alert's `remote` holds
    labels = [b["text"]["text"] for b in all_buttons(dm)]
    assert {"Apply", "Save", "Applied", "Not interested"} <= set(labels)
    assert "/jobs alerts" in text

    ws.clock.advance(minutes=5)
    assert ws.run().sent == []
    restarted = Store(settings.database_url)
    try:
        ws.clock.advance(minutes=5)
        assert ws.announcer(restarted).run_once().sent == []
    finally:
        restarted.close()
    assert len(ws.dms(LA_MEMBER)) == 1
    assert "alerts: 1 (1 instant) from 1 member" in status_text(ws.store)
    assert "alert DMs: 1 done" in status_text(ws.store)


def test_alerts_lists_and_alert_off_removes_only_ones_own(ws: Workspace) -> None:
    ws.say("alert python remote", LA_MEMBER)
    ws.say("alert weekly on friday at 6pm golang", BERLIN_MEMBER)
    listing = ws.say("alerts", BERLIN_MEMBER)
    assert "#2 `golang` — weekly on Friday at 18:00 (Europe/Berlin)" in listing
    assert "python remote" not in listing
    assert "no alert #1" in ws.say("alert off 1", BERLIN_MEMBER)
    assert "Stopped alert #1" in ws.say("alert off 1", LA_MEMBER)
    assert [a.query for a in AlertStore(ws.store).alerts()] == ["golang"]


CRASHING_RUN = """
import os, sys
from datetime import datetime
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock, RecordingPublisher

def die(announcement):
    os._exit(3)  # killed after the DM was claimed, before Slack saw anything

url, knowledge, now = sys.argv[1:4]
publisher = RecordingPublisher("slack", on_publish=die)
Announcer(Store(url), [publisher], directories([knowledge]),
          clock=FakeClock(datetime.fromisoformat(now))).run_once()
"""


def test_a_kill_between_claim_and_send_still_delivers_the_dm_once(ws: Workspace) -> None:
    baseline(ws)
    ws.say("alert python remote", LA_MEMBER)
    ws.clock.advance(minutes=1)
    new = add_posting(ws.knowledge, "data-python", "Data Engineer (Python)")
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_RUN,
            ws.settings.database_url,
            str(ws.knowledge),
            ws.clock.now().isoformat(),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 3, child.stderr
    [claimed] = ws.store.deliveries("slack", f"dm:{LA_MEMBER}")
    assert (claimed.posting_id, claimed.status) == (new, "claimed")

    for minutes in (6, 6, 30):  # the dead leader's lease, then its claim's, run out
        ws.clock.advance(minutes=minutes)
        ws.announcer().run_once()

    assert len(ws.dms(LA_MEMBER)) == 1
    assert [d.status for d in ws.store.deliveries("slack", f"dm:{LA_MEMBER}")] == ["done"]


def test_a_daily_digest_arrives_at_each_members_hour_in_their_time_zone(ws: Workspace) -> None:
    # The fake clock starts on Monday 2 March 2026, 09:00 UTC: 10:00 in Berlin, 01:00 in LA.
    baseline(ws)
    for member in (BERLIN_MEMBER, LA_MEMBER):
        reply = ws.say("alert daily at 8 python remote", member)
        assert "daily at 08:00" in reply
    assert "(Europe/Berlin), next on Tue 03 Mar" in ws.say("alerts", BERLIN_MEMBER)
    assert "(America/Los_Angeles), next on Mon 02 Mar" in ws.say("alerts", LA_MEMBER)
    ws.clock.advance(minutes=1)
    new = add_posting(ws.knowledge, "data-python", "Data Engineer (Python)")

    def run_at(hour: int, minute: int, day: int = 2) -> list[str]:
        target = ws.clock.now().replace(day=day, hour=hour, minute=minute)
        ws.clock.advance(seconds=(target - ws.clock.now()).total_seconds())
        ws.run()
        return [m for m in (BERLIN_MEMBER, LA_MEMBER) for _ in ws.dms(m)]

    assert run_at(9, 5) == []  # a digest, not instant
    assert run_at(15, 55) == []  # 07:55 in Los Angeles
    assert run_at(16, 0) == [LA_MEMBER]  # 08:00 in Los Angeles
    assert run_at(6, 55, day=3) == [LA_MEMBER]  # 07:55 in Berlin
    assert run_at(7, 0, day=3) == [BERLIN_MEMBER, LA_MEMBER]  # 08:00 in Berlin
    assert run_at(16, 5, day=3) == [BERLIN_MEMBER, LA_MEMBER]  # nothing new: nothing sent
    for member in (BERLIN_MEMBER, LA_MEMBER):
        [digest] = ws.dms(member)
        assert "Your daily job alert: 1 new opening for “python remote”" in shown(digest)
        assert "Data Engineer (Python)" in shown(digest)
        [delivery] = ws.store.deliveries("slack", f"dm:{member}")
        assert (delivery.posting_id, delivery.status) == (new, "done")


def test_refused_dms_pause_the_alert_and_the_member_is_told_next_time(ws: Workspace) -> None:
    baseline(ws)
    ws.say("alert python remote", LA_MEMBER)
    ws.clock.advance(minutes=1)
    add_posting(ws.knowledge, "data-python", "Data Engineer (Python)")
    ws.harness.fake.fail_next("conversations.open", "user_disabled")

    report = ws.run()

    assert [len(report.sent), len(report.failed)] == [0, 1]
    state = AlertStore(ws.store).state("slack", LA_MEMBER)
    assert state is not None
    assert state.paused_at is not None
    ws.clock.advance(minutes=5)
    add_posting(ws.knowledge, "ml-python", "ML Engineer (Python)")
    assert ws.run().sent == []  # paused: nothing tried
    assert ws.dms(LA_MEMBER) == []

    answer, notice = ws.command("python", LA_MEMBER, count=2)
    assert "Backend Engineer (Python)" in shown(answer) + shown(notice)  # the search, too
    told = shown(notice) if "paused" in shown(notice) else shown(answer)
    assert "Your alerts are paused" in told
    assert "/jobs alerts resume" in told
    settle()
    ws.command("python", LA_MEMBER)  # told once, not on every command
    settle()
    assert len(ws.harness.fake.calls(f"/response/r{ws.replies}")) == 1
    assert "paused" in ws.say("alerts", LA_MEMBER)

    assert "on again" in ws.say("alerts resume", LA_MEMBER)
    ws.clock.advance(minutes=5)
    add_posting(ws.knowledge, "bi-python", "BI Engineer (Python)")
    ws.run()
    # What came while paused is caught up on; the refused one is not retried.
    sent = " ".join(shown(dm) for dm in ws.dms(LA_MEMBER))
    assert "ML Engineer (Python)" in sent
    assert "BI Engineer (Python)" in sent
    assert "Data Engineer (Python)" not in sent


def card_button(reply: dict[str, Any], title: str, label: str) -> dict[str, Any]:
    """The button labelled `label` on the card of the posting titled `title`."""
    blocks = reply["blocks"]
    for index, block in enumerate(blocks):
        if block.get("type") == "section" and title in block["text"]["text"]:
            actions = blocks[index + 1]
            return next(e for e in actions["elements"] if e["text"]["text"] == label)
    raise AssertionError(f"no card for {title}")


def test_save_applied_and_not_interested_are_kept_across_a_restart(
    ws: Workspace, settings: Settings, fake_slack: FakeSlack
) -> None:
    def card(query: str, title: str, label: str) -> dict[str, Any]:
        [results] = ws.command(query, LA_MEMBER)
        return card_button(results, title, label)

    saved = ws.click(card("python", "Backend Engineer (Python)", "Save"), LA_MEMBER)
    assert "Saved *Backend Engineer (Python)*" in shown(saved)
    assert "Undo" in [b["text"]["text"] for b in all_buttons(saved)]
    ws.click(card("golang", "Backend Engineer (Go)", "Applied"), LA_MEMBER)
    hidden = ws.click(card("java", "Senior Backend Engineer (Java)", "Not interested"), LA_MEMBER)
    assert "won't appear in your searches or alerts" in shown(hidden)
    assert "Hide every posting from Cedar Bank" in [b["text"]["text"] for b in all_buttons(hidden)]

    # A restart: a new store and a new app over the same database.
    ws.store.close()
    ws.store = Store(settings.database_url)
    ws.harness = build(settings, ws.engine, fake_slack, ws.store, ws.clock)

    mine = ws.say("saved", LA_MEMBER)
    assert "**Saved**" not in mine  # Slack mrkdwn, not markdown
    assert "Backend Engineer (Python)" in mine.split("*Applied*")[0]
    assert "Backend Engineer (Go)" in mine.split("*Applied*")[1]
    assert "Not interested:* 1 posting" in mine
    assert "Senior Backend Engineer (Java)" not in shown(ws.command("java", LA_MEMBER)[0])
    assert "Backend Engineer (Go)" in shown(ws.command("golang", LA_MEMBER)[0])
    others = shown(ws.command("java", ADMIN)[0])
    assert "Senior Backend Engineer (Java)" in others  # hidden for that member only

    # App Home: the same list, and a closed posting stays, marked closed.
    (ws.knowledge / "postings" / "backend-python.md").unlink()
    ws.engine.reload(directories([ws.knowledge]).load())
    event = {"type": "app_home_opened", "user": LA_MEMBER, "tab": "home", "channel": "D1"}
    assert ws.harness.json(event_body(event, "EvHome1")).status == 200
    [home] = ws.harness.fake.wait_for("views.publish")
    page = shown(home.body)
    assert "My jobs" in page
    assert "Backend Engineer (Python)* · Acme Robotics · _closed_" in page
    assert "Backend Engineer (Go)" in page
    assert "Senior Backend Engineer (Java)" in page  # under Not interested, to show again
    assert "jobbot: jobs and career answers" in page


def test_forget_me_deletes_everything_after_confirmation(ws: Workspace) -> None:
    baseline(ws)
    ws.say("alert python remote", LA_MEMBER)
    ws.say("alert python remote", BERLIN_MEMBER)
    ws.clock.advance(minutes=1)
    add_posting(ws.knowledge, "data-python", "Data Engineer (Python)")
    ws.run()
    [results] = ws.command("python", LA_MEMBER)
    ws.click(card_button(results, "Backend Engineer (Python)", "Save"), LA_MEMBER)

    [prompt] = ws.command("forget me", LA_MEMBER)
    text = shown(prompt)
    assert "1 alert, 1 posting on your list" in text
    assert "record of an alert DM" in text
    assert AlertStore(ws.store).alerts("slack", LA_MEMBER)  # nothing deleted before confirming
    [delete] = [b for b in all_buttons(prompt) if b["text"]["text"] == "Delete everything"]
    assert delete["style"] == "danger"
    assert "confirm" in delete

    done = ws.click(delete, LA_MEMBER)

    assert "Done: I deleted everything I stored about you" in shown(done)
    assert AlertStore(ws.store).alerts("slack", LA_MEMBER) == []
    assert ws.store.deliveries("slack", f"dm:{LA_MEMBER}") == []
    assert "Nothing saved yet" in ws.say("saved", LA_MEMBER)
    assert "nothing stored about you" in ws.say("forget me", LA_MEMBER)
    # Another member's data is untouched.
    assert len(AlertStore(ws.store).alerts("slack", BERLIN_MEMBER)) == 1
    assert len(ws.store.deliveries("slack", f"dm:{BERLIN_MEMBER}")) == 1


def test_every_alert_listener_is_acked_first_and_answered_after_the_ack(ws: Workspace) -> None:

    listeners = ws.harness.app._listeners
    assert len(listeners) > 11  # the bot's own, plus the alert buttons
    for listener in listeners:
        assert listener.lazy_functions, listener.ack_function
        assert all(getattr(f, AFTER_ACK, False) for f in listener.lazy_functions)


def mrkdwn_of(message: dict[str, Any]) -> str:
    """Every mrkdwn text in a message (what Slack parses for mentions and links)."""
    found: list[str] = [str(message.get("text", ""))]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks"))
    return "\n".join(found)


def test_alert_dms_and_my_jobs_stay_within_slacks_limits_and_inert() -> None:

    hostile = "<!channel> <@U123> *bold* [x](https://evil.example) "
    postings = [
        Posting(
            id=f"p{n}" * 40,
            title=hostile * 5,
            company=hostile,
            url=f"https://x.example/{n}",
            source="x",
        )
        for n in range(25)
    ]
    for announcement in (
        Announcement(channel="dm:U1", postings=postings[:1], query=hostile, member="U1"),
        Announcement(
            channel="dm:U1", postings=postings, query=hostile, member="U1", digest="weekly"
        ),
    ):
        message = {
            "text": announcement_text(announcement),
            "blocks": announcement_blocks(announcement),
        }
        assert problems(message) == []
        assert "<!channel>" not in mrkdwn_of(message)  # plain_text is never parsed by Slack
        assert "<@U123>" not in mrkdwn_of(message)
    items = [
        Listed(Item(p.id, "saved", p.title, p.company, p.url, START), n % 2 == 0)
        for n, p in enumerate(postings)
    ]
    home = {"text": "home", "blocks": home_blocks(MyJobs(saved=items, applied=items, hidden=items))}
    assert len(home["blocks"]) <= 100  # a Home tab holds 100 blocks, a message 50
    assert [p for p in problems(home) if "(limit 50)" not in p] == []
    assert "<!channel>" not in mrkdwn_of(home)


def test_bad_alert_input_gets_a_clear_reply_and_changes_nothing(ws: Workspace) -> None:
    assert "Personal alerts: `/jobs alert python remote`" in ws.say("alert   ", LA_MEMBER)
    assert "too long (400 characters; at most 300)" in ws.say("alert " + "x" * 400, LA_MEMBER)
    assert "I can't find anything to match in `-python`" in ws.say("alert -python", LA_MEMBER)
    assert "hours run from 0 to 23" in ws.say("alert daily at 25 python", LA_MEMBER)
    assert "not a time zone I know" in ws.say("alert python Mars/Phobos", LA_MEMBER)
    assert "`abc` is not an alert number" in ws.say("alert off abc", LA_MEMBER)
    assert "Which one? Give its number" in ws.say("alert off", LA_MEMBER)
    assert AlertStore(ws.store).alerts("slack", LA_MEMBER) == []
    for n in range(10):
        assert f"Alert #{n + 1} set" in ws.say(f"alert python {n}", LA_MEMBER)
    assert "You have 10 alerts already" in ws.say("alert golang", LA_MEMBER)
    assert "You have no alert #99" in ws.say("alert off 99", LA_MEMBER)
    assert "You have no alert #1" in ws.say("alert off 1", BERLIN_MEMBER)  # not theirs
    assert len(AlertStore(ws.store).alerts("slack", LA_MEMBER)) == 10
    assert "#10 `python 9`" in ws.say("alerts", LA_MEMBER)


def test_an_alert_query_echoed_back_links_and_pings_nothing(ws: Workspace) -> None:
    hostile = (
        "python <!channel> @here <@U123> [Bank Login](https://evil.example/x) "
        "<https://evil.example/auto> https://evil.example/bare <http://evil.example/a|Click>"
    )
    replies = [
        *ws.command(f"alert {hostile}", LA_MEMBER),
        *ws.command("alerts", LA_MEMBER),
        *ws.command(f"alert off {hostile}", LA_MEMBER),
    ]
    assert "Alert #1 set" in shown(replies[0])
    found = live.slack(replies)  # the notification text as well as the blocks
    assert found.mentions == []
    assert found.links == []
