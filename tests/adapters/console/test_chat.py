"""The console REPL, driven through streams exactly as a user at a terminal would."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.console.chat import render, repl
from adapters.console.publisher import ConsolePublisher
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.app.cli import main
from jobbot.engine import Engine
from jobbot.models import Answer
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock
from tests.support.search_corpus import TODAY, corpus


def chat(*lines: str, page_size: int = 5) -> str:
    engine = Engine(corpus(), today=lambda: TODAY)
    out = io.StringIO()
    assert repl(engine, io.StringIO("".join(f"{line}\n" for line in lines)), out, page_size) == 0
    return out.getvalue()


def test_jobs_faq_free_text_and_help() -> None:
    out = chat("/jobs golang", "/faq technical interview", "python remote jobs", "/help", "/quit")
    assert "Go Developer — Gamma" in out
    assert "How should I prepare for a technical interview?" in out
    assert "Staff Machine Learning Engineer" in out
    assert "/jobs <query>" in out
    assert out.rstrip().endswith("Bye.")


def test_output_is_plain_text_not_markdown() -> None:
    out = chat("/jobs golang")
    assert "**" not in out
    assert "`" not in out


def test_more_pages_through_the_last_search() -> None:
    out = chat("/jobs us", "/more", "/more", "/more", page_size=2)
    assert "page 1 of 3" in out
    assert "page 2 of 3" in out
    assert out.count("No more results.") == 1


def test_end_of_input_exits_cleanly() -> None:
    out = chat("/jobs python")  # no /quit: the stream just ends
    assert out.rstrip().endswith("Bye.")


def test_blank_lines_are_ignored() -> None:
    out = chat("", "   ", "/quit")
    assert out.count("jobbot> ") == 3


def test_ctrl_c_exits_cleanly() -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    out = io.StringIO()
    assert repl(Engine(corpus()), Interrupting(), out) == 0
    assert "Bye." in out.getvalue()


def test_render_turns_links_and_escapes_into_text() -> None:
    answer = Answer(intent="jobs", text="1. **\\*nix\\_dev** — [details](https://x.example/1)")
    assert render(answer) == "1. *nix_dev — details <https://x.example/1>"


def test_chat_command_runs_over_a_knowledge_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Haskell Developer\n---\nHaskell.\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("/jobs haskell\n/quit\n"))
    assert main(["chat", "--knowledge", str(tmp_path)]) == 0
    assert "Haskell Developer" in capsys.readouterr().out


def test_subscription_commands_in_the_chat(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'subs.db'}")
    engine = Engine(corpus(), today=lambda: TODAY)
    lines = ["/jobs subscribe python remote", "/subscriptions", "/unsubscribe 1", "/subscriptions"]
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    assert repl(engine, stdin, out, 5, Subscriptions(store, engine=engine)) == 0
    text = out.getvalue()
    assert "Subscribed this channel to python remote (#1)" in text
    assert "#1 python remote" in text
    assert "Unsubscribed #1" in text
    assert "This channel has no subscriptions" in text
    assert store.subscriptions("console", "console") == []
    store.close()


def test_chat_subscription_is_announced_when_a_posting_arrives(tmp_path: Path) -> None:
    """`make run` without tokens: subscribe in the chat, and a new file is announced there."""
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "old.md").write_text(
        "---\ntitle: Python Developer\nlocation: Remote\n---\nPython.\n"
    )
    store = Store(f"sqlite:///{tmp_path / 'subs.db'}")
    clock = FakeClock()
    printed = io.StringIO()
    announcer = Announcer(store, [ConsolePublisher(printed)], directories([knowledge]), clock=clock)
    announcer.run_once()  # the back catalogue is seen, never announced
    engine = Engine.from_source(directories([knowledge]))
    subs = Subscriptions(store, clock, engine=engine)
    repl(engine, io.StringIO("/jobs subscribe python remote\n"), io.StringIO(), 5, subs)
    clock.advance(minutes=1)
    (knowledge / "new.md").write_text(
        "---\ntitle: Senior Python Engineer\nlocation: Remote\nurl: https://x.example/p\n---\n"
        "Python and Django.\n"
    )
    announcer.run_once()
    announcer.run_once()
    shown = printed.getvalue()
    assert shown.count("Senior Python Engineer") == 1
    assert "Python Developer" not in shown
    assert "Apply: https://x.example/p" in shown
    store.close()
