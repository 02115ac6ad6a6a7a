"""The member's own commands in the console chat: alerts, the list (by result number, since
a terminal has no buttons), forget me, and an alert delivered beside the chat."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.console.chat import repl
from adapters.console.publisher import ConsolePublisher
from jobbot.announce.personal import PersonalCommands
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock
from tests.support.search_corpus import TODAY, corpus


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'console.db'}")
    yield s  # type: ignore[misc]
    s.close()


def chat(
    store: Store, *lines: str, engine: Engine | None = None, clock: FakeClock | None = None
) -> str:
    engine = engine or Engine(corpus(), today=lambda: TODAY)
    personal = PersonalCommands(store, engine, clock)
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    assert repl(engine, stdin, out, 5, None, personal) == 0
    return out.getvalue()


def test_save_applied_and_hide_by_result_number_survive_a_new_session(store: Store) -> None:
    first = chat(store, "/jobs golang", "/save 1", "/applied 2", "/jobs python", "/hide 1")
    assert "Saved Go Developer" in first
    assert "Marked Site Reliability Engineer as applied" in first
    assert "Not interested: Junior Python Developer" in first

    again = chat(store, "/saved", "/jobs python")  # a new session over the same database
    listing, search = again.split("jobbot> ")[1:3]
    assert "Saved (1)\n1. Go Developer — Gamma" in listing
    assert "Applied (1)\n2. Site Reliability Engineer — Theta" in listing
    assert "Not interested: 1 posting." in listing
    assert "2 openings for python" in search
    assert "Junior Python Developer" not in search

    removed = chat(store, "/remove 1", "/saved")
    assert "Removed Go Developer from your list" in removed
    assert "1. Site Reliability Engineer" in removed


def test_alert_commands_work_as_in_slack(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    out = chat(
        store,
        "/jobs alert daily at 8 python remote -django",
        "/alerts",
        "/alert off 1",
        "/alerts",
        "/save 9",
    )
    assert "Alert #1 set: python remote -django, daily at 08:00 (Europe/Berlin)" in out
    assert "#1 python remote -django — daily at 08:00 (Europe/Berlin)" in out
    assert "Stopped alert #1" in out
    assert "You have no alerts" in out
    assert "Search first" in out


def test_forget_me_asks_then_deletes(store: Store) -> None:
    out = chat(store, "/jobs golang", "/save 1", "/alert golang", "/jobs forget me")
    assert "This deletes everything I store about you: 1 alert, 1 posting on your list" in out
    assert "/jobs forget me confirm" in out
    assert PersonalCommands(store).alerts.alerts("console", "console")
    done = chat(store, "/jobs forget me confirm", "/saved", "/alerts")
    assert "Done: I deleted everything" in done
    assert "Nothing saved yet" in done
    assert "You have no alerts" in done


def test_an_alert_set_in_the_chat_is_delivered_beside_it(tmp_path: Path, store: Store) -> None:
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "old.md").write_text("---\ntitle: Python Developer\n---\nPython.\n")
    clock = FakeClock()
    printed = io.StringIO()
    announcer = Announcer(store, [ConsolePublisher(printed)], directories([knowledge]), clock=clock)
    announcer.run_once()  # the back catalogue
    engine = Engine.from_source(directories([knowledge]))
    assert "Alert #1 set" in chat(store, "/alert python", engine=engine, clock=clock)
    clock.advance(minutes=1)
    (knowledge / "new.md").write_text(
        "---\ntitle: Senior Python Engineer\nurl: https://x.example/p\n---\nPython.\n"
    )
    announcer.run_once()
    announcer.run_once()
    shown = printed.getvalue()
    assert shown.count("Senior Python Engineer") == 1
    assert "[DM] 🔔 New opening for “python” (your job alert)" in shown
    assert "/jobs alert off" in shown
