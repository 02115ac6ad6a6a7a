"""Each member's stored data: alerts, their list, hidden companies, and `forget me`, on
SQLite and PostgreSQL; one member's data never touches another's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from jobbot.announce.alerts import AlertStore
from jobbot.announce.digests import AlertSpec
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.privacy import footprint, forget
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.announce.tracking import Tracking
from jobbot.engine import Engine
from jobbot.models import Posting, Request
from tests.support.announce_doubles import START, FakeClock
from tests.support.search_corpus import TODAY, corpus


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'members.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    s = Store(url)
    yield s
    s.close()


def posting(n: int, company: str = "Acme") -> Posting:
    return Posting(
        id=f"p{n}", title=f"Engineer {n}", company=company, url=f"https://x.example/{n}", source="x"
    )


def test_the_list_keeps_what_a_posting_was_and_the_latest_choice(store: Store) -> None:
    lists = Tracking(store)
    lists.mark("slack", "U1", posting(1), "saved", START)
    lists.mark("slack", "U1", posting(1), "applied", START + timedelta(minutes=1))
    lists.mark("slack", "U1", posting(2), "hidden", START + timedelta(minutes=2))
    lists.mark("slack", "U2", posting(1), "saved", START)
    assert [(i.posting_id, i.status) for i in lists.items("slack", "U1")] == [
        ("p2", "hidden"),
        ("p1", "applied"),
    ]
    [item] = lists.items("slack", "U1", "applied")
    assert (item.title, item.company, item.url) == ("Engineer 1", "Acme", "https://x.example/1")
    assert lists.hidden("slack", "U1").postings == ["p2"]
    assert lists.hidden("discord", "U1").postings == []  # another platform, another member


def test_hidden_companies_compare_without_case_or_spacing(store: Store) -> None:
    lists = Tracking(store)
    assert lists.hide_company("slack", "U1", "Acme  Corp", START)
    assert not lists.hide_company("slack", "U1", "ACME corp", START)
    assert lists.hidden("slack", "U1").companies == ["acme corp"]
    assert lists.unhide_company("slack", "U1", "acme CORP")
    assert not lists.hidden("slack", "U1")


def test_a_long_list_drops_the_oldest_not_interested_first(store: Store) -> None:
    lists = Tracking(store, max_items=3)
    lists.mark("slack", "U1", posting(1), "saved", START)
    lists.mark("slack", "U1", posting(2), "hidden", START + timedelta(minutes=1))
    lists.mark("slack", "U1", posting(3), "applied", START + timedelta(minutes=2))
    lists.mark("slack", "U1", posting(4), "saved", START + timedelta(minutes=3))
    assert sorted(i.posting_id for i in lists.items("slack", "U1")) == ["p1", "p3", "p4"]


def test_the_same_alert_again_updates_its_timing(store: Store) -> None:
    alerts = AlertStore(store)
    first, new = alerts.add("slack", "U1", AlertSpec("Python  remote"), "UTC", START)
    again, new_again = alerts.add(
        "slack", "U1", AlertSpec("python remote", "daily", 7), "Asia/Tokyo", START
    )
    assert new
    assert not new_again
    assert again.id == first.id
    assert (again.frequency, again.hour, again.tz) == ("daily", 7, "Asia/Tokyo")
    assert alerts.remove("slack", "U2", first.id) is None  # not theirs
    assert alerts.remove("slack", "U1", first.id) is not None


def test_pause_resume_and_the_notice_is_taken_once(store: Store) -> None:
    alerts = AlertStore(store)
    assert alerts.pause("slack", "U1", "DMs closed", START)
    assert not alerts.pause("slack", "U1", "again", START)
    assert alerts.paused() == {("slack", "U1")}
    assert alerts.take_notice("slack", "U1") is not None
    assert alerts.take_notice("slack", "U1") is None
    alerts.leave_notice("slack", "U1")
    assert alerts.take_notice("slack", "U1") is not None
    assert alerts.resume("slack", "U1")
    assert alerts.paused() == set()
    assert not alerts.resume("slack", "U1")


def test_forget_deletes_one_members_data_and_nothing_else(store: Store) -> None:
    alerts, lists = AlertStore(store), Tracking(store)
    for member in ("U1", "U2"):
        alerts.add("slack", member, AlertSpec("golang"), "UTC", START)
        lists.mark("slack", member, posting(1), "saved", START)
        lists.hide_company("slack", member, "Acme", START)
        claim = store.claim(
            "p1", "slack", f"dm:{member}", revision=0, now=START, lease=timedelta(minutes=10)
        )
        assert claim is not None
        store.mark_done([claim], START)
    alerts.pause("slack", "U1", "DMs closed", START)
    Subscriptions(store, FakeClock()).subscribe("slack", "C1", "U1", "golang", can_manage=True)
    channel = store.claim("p1", "slack", "C1", revision=0, now=START, lease=timedelta(minutes=10))
    assert channel is not None

    seen = footprint(store, "slack", "U1")
    assert (seen.alerts, seen.items, seen.companies, seen.dms, seen.subscriptions) == (
        1,
        1,
        1,
        1,
        1,
    )
    gone = forget(store, "slack", "U1")

    assert gone == seen
    assert footprint(store, "slack", "U1").empty
    assert alerts.alerts("slack", "U1") == []
    assert alerts.state("slack", "U1") is None
    assert [s.created_by for s in store.subscriptions()] == [None]  # the channel keeps it
    assert {d.channel for d in store.deliveries()} == {"dm:U2", "C1"}
    assert len(alerts.alerts("slack", "U2")) == 1
    assert len(lists.items("slack", "U2")) == 1
    assert lists.hidden("slack", "U2").companies == ["acme"]


def test_personalize_adds_the_members_hidden_postings_to_a_search(store: Store) -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    service = PersonalCommands(store, engine, FakeClock())
    first = engine.ask(Request(text="python", command="jobs")).jobs[0]
    assert "Not interested" in service.track("slack", "U1", "hide", first.id).text
    mine = service.personalize(Request(text="python", command="jobs", platform="slack", user="U1"))
    assert first.id not in [j.id for j in engine.ask(mine).jobs]
    theirs = service.personalize(
        Request(text="python", command="jobs", platform="slack", user="U2")
    )
    assert first.id in [j.id for j in engine.ask(theirs).jobs]
    assert "Removed" in service.track("slack", "U1", "clear", first.id).text
    assert not service.personalize(mine.model_copy(update={"hidden": None})).hidden


def test_a_broken_database_never_breaks_a_search(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'gone.db'}")
    engine = Engine(corpus(), today=lambda: TODAY)
    service = PersonalCommands(store, engine)
    store.engine.dispose()
    (tmp_path / "gone.db").unlink()
    (tmp_path / "gone.db").mkdir()  # now nothing can open it
    request = Request(text="python", platform="slack", user="U1")
    assert service.personalize(request) == request
    assert "unavailable" in service.handle("slack", "U1", "alert python")
    assert "unavailable" in service.track("slack", "U1", "save", "x").text
    assert service.notice("slack", "U1") is None
