"""The chat at a real terminal: line editing, history, and output above the prompt.

prompt_toolkit reads keys from a pipe and draws on a pseudo-terminal here, as it would at a
person's shell; the test reads the terminal's side of the pty.
"""

from __future__ import annotations

import contextvars
import os
import pty
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import create_output

from adapters.console.chat import PromptReader

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
UP = "\x1b[A"
HOME = "\x1b[H"


class Screen:
    """Everything drawn on the pty, collected by a thread."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.data = b""
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.data += chunk

    @property
    def raw(self) -> str:
        return self.data.decode(errors="replace")

    @property
    def text(self) -> str:
        """What was drawn, without the escape sequences that styled and placed it."""
        return ANSI.sub("", self.raw)

    def wait_for(self, needle: str, after: int = 0, timeout: float = 10) -> int:
        """Where `needle` is first drawn past position `after`, once it has been."""
        deadline = time.monotonic() + timeout
        while (found := self.text.find(needle, after)) < 0:
            assert time.monotonic() < deadline, f"{needle!r} never appeared in {self.text!r}"
            time.sleep(0.02)
        return found


@pytest.fixture(autouse=True)
def _no_cursor_position_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real terminal answers prompt_toolkit's cursor-position request; this pty cannot."""
    monkeypatch.setenv("PROMPT_TOOLKIT_NO_CPR", "1")


@contextmanager
def terminal() -> Iterator[tuple[PipeInput, Screen]]:
    master, slave = pty.openpty()
    out = os.fdopen(slave, "w")
    try:
        with (
            create_pipe_input() as keys,
            create_app_session(input=keys, output=create_output(stdout=out)),
        ):
            yield keys, Screen(master)
    finally:
        out.close()
        os.close(master)


def read_in_thread(reader: PromptReader) -> tuple[threading.Thread, list[str | None]]:
    """The prompt in its own thread (the test types meanwhile), in this test's app session."""
    lines: list[str | None] = []
    context = contextvars.copy_context()
    thread = threading.Thread(
        target=context.run, args=(lambda: lines.append(reader.read()),), daemon=True
    )
    thread.start()
    return thread, lines


def test_lines_can_be_edited_and_history_survives_a_restart(tmp_path: Path) -> None:
    history = tmp_path / "data" / "history"
    with terminal() as (keys, _):
        reader = PromptReader(history)
        keys.send_text("jobs python\r")
        assert reader.read() == "jobs python"
        keys.send_text(f"pyton{HOME}/jobs \x1b[F\x08\x08hon\r")  # Home, End, Backspace
        assert reader.read() == "/jobs python"
    with terminal() as (keys, _):
        reader = PromptReader(history)  # a new session: the Up arrow reaches the last one
        keys.send_text(f"{UP}{UP}{HOME}/\r")
        assert reader.read() == "/jobs python"
        keys.send_text("\x04")  # Ctrl-D on an empty line: end of input
        assert reader.read() is None


def test_jobbot_run_prints_announcements_and_warnings_above_the_line_being_typed(
    tmp_path: Path,
) -> None:
    """`make run` without tokens, at a real terminal: the chat with the scheduler beside it."""
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "python.md").write_text(
        "---\ntitle: Python Developer\nlocation: Remote\n---\nPython and Django.\n"
    )
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "JOBBOT_POLL_SECONDS": "0.5",
        "JOBBOT_RELOAD_SECONDS": "0.5",
        "JOBBOT_HISTORY_FILE": str(tmp_path / "history"),
    }
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jobbot", "run", "--knowledge", str(knowledge)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen = Screen(master)
    try:
        screen.wait_for("jobbot>", timeout=30)
        os.write(master, b"/jobs subscribe golang\r")
        subscribed = screen.wait_for("Subscribed this channel to golang", timeout=30)
        os.write(master, b"/jobs pyth")
        typed = screen.wait_for("pyth", after=subscribed)
        (knowledge / "go.md").write_text(
            "---\ntitle: Golang Platform Engineer\nlocation: Remote\n"
            "url: https://acme.example/go\n---\nGo and Kubernetes.\n"
        )
        (knowledge / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
        card = screen.wait_for("Golang Platform Engineer", after=typed)
        warning = screen.wait_for("broken.md", after=typed)
        redrawn = screen.wait_for("/jobs pyth", after=max(card, warning))
        os.write(master, b"on\r")
        answer = screen.wait_for("Python Developer", after=redrawn)
        os.write(master, b"\x04")  # Ctrl-D
        screen.wait_for("Bye.", after=answer)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    shown = screen.text
    assert "\x1b[1mGolang Platform Engineer" in screen.raw  # bold, not **…**
    assert "**" not in shown
    assert "INFO" not in shown  # reloads and pass summaries stay out of the chat
