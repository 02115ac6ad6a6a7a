"""What a person sees: rendered markdown and tables in a terminal, plain text in a pipe."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jobbot.app.index_report import print_report
from jobbot.app.terminal import Column, Terminal, plain_text, wants_style
from jobbot.ingest.summary import summarize
from jobbot.models import Corpus, FAQEntry, FileError, Posting, Salary
from tests.support.paths import KNOWLEDGE

ANSWER = (
    "**2 openings** for python\n"
    "1. **Data Engineer** — Acme · Berlin\n"
    "   Python, SQL — [details](https://jobs.example/data)\n"
    "2. **\\*nix\\_dev** — Beta\n"
    "   Go"
)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_markdown_in_a_terminal_is_rendered_with_links_shown() -> None:
    shown = Terminal(Tty(), width=100).render_markdown(ANSWER)
    assert "\x1b[1m" in shown  # bold, not asterisks
    assert "**" not in shown
    assert "https://jobs.example/data" in shown  # the target stays visible without OSC 8
    lines = [line for line in _unstyled(shown).splitlines() if line.strip()]
    assert lines[1].split() == ["1", "Data", "Engineer", "—", "Acme", "·", "Berlin"]
    assert lines[2].split()[:2] == ["Python,", "SQL"]  # the second line stays a line
    assert "*nix_dev" in lines[3]


def test_piped_output_is_plain_text() -> None:
    assert Terminal(io.StringIO()).styled is False
    assert Terminal(io.StringIO()).render_markdown(ANSWER) == (
        "2 openings for python\n"
        "1. Data Engineer — Acme · Berlin\n"
        "   Python, SQL — details <https://jobs.example/data>\n"
        "2. *nix_dev — Beta\n"
        "   Go"
    )


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_color_or_a_dumb_terminal_gets_plain_text(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert wants_style(Tty()) is False
    assert Terminal(Tty()).render_markdown(ANSWER) == plain_text(ANSWER)


@pytest.mark.parametrize("styled", [True, False])
def test_text_from_a_posting_cannot_drive_the_terminal(styled: bool) -> None:
    hostile = "**Dev\x1b]0;owned\x07\x1b[2J\r** and \x9b31m"
    terminal = Terminal(Tty() if styled else io.StringIO(), width=80)
    for shown in (
        terminal.render_markdown(hostile),
        terminal.render_table(["Title"], [[hostile]]),
    ):
        assert "owned" in shown  # the words stay, the controls go
        assert "\x07" not in shown
        assert "\r" not in shown
        assert "\x9b" not in shown
        assert "\x1b]" not in shown
        assert "\x1b[2J" not in shown


def test_tables_line_up_in_a_pipe_and_are_drawn_in_a_terminal() -> None:
    columns = [Column("Source"), Column("Postings", justify="right")]
    rows = [["greenhouse:acme", "12"], ["dir:knowledge", "7"]]
    assert Terminal(io.StringIO()).render_table(columns, rows, title="Sources") == (
        "Sources\nSource           Postings\ngreenhouse:acme        12\ndir:knowledge           7"
    )
    drawn = Terminal(Tty(), width=60).render_table(columns, rows, title="Sources")
    assert "─" in drawn
    assert "\x1b[1m" in drawn
    assert "greenhouse:acme" in drawn


def _corpus() -> Corpus:
    posting = Posting(
        id="p",
        title="Platform Engineer",
        company="Acme",
        location="Berlin",
        workplace=["remote"],
        salary=Salary(min=90000, max=120000, currency="EUR", period="YEAR"),
        source="postings/platform.md",
    )
    faq = FAQEntry(id="q", question="How do I start?", answer="Start.", source="faq/start.md")
    return Corpus(
        postings=[posting],
        faq=[faq],
        errors=[FileError(source="broken.md", message="invalid YAML on line 2")],
    )


def test_index_report_is_tables_in_a_terminal_and_lines_in_a_pipe() -> None:
    tty = Tty()
    print_report(Terminal(tty, width=140), _corpus(), [Path("kb")])
    shown = _unstyled(tty.getvalue())
    assert "Loaded 1 postings and 1 FAQ entries from kb" in shown
    header = next(line for line in shown.splitlines() if "Title" in line)
    assert header.split() == ["Title", "Company", "Location", "Workplace", "Type", "Salary", "File"]
    row = next(line for line in shown.splitlines() if "Platform Engineer" in line)
    assert "€90,000 – €120,000 / year" in row
    assert "postings/platform.md" in row
    assert "1 file(s) could not be read" in shown
    assert "invalid YAML on line 2" in shown

    piped = io.StringIO()
    print_report(Terminal(piped), _corpus(), [Path("kb")])
    assert piped.getvalue() == summarize(_corpus(), [Path("kb")]) + "\n"  # grep-able lines
    assert "─" not in piped.getvalue()


def run_in_pty(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    """Run jobbot with a terminal as its stdout, as a person at a shell would."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jobbot", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm-256color", **env},
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    assert proc.returncode == 0
    return b"".join(chunks).decode()


def test_jobbot_ask_in_a_terminal_renders_markdown(tmp_path: Path) -> None:
    env = {"JOBBOT_CACHE_DIR": str(tmp_path), "NO_COLOR": ""}
    shown = run_in_pty(["ask", "python remote jobs", "--knowledge", str(KNOWLEDGE)], env)
    assert "\x1b[" in shown
    assert "**" not in shown
    assert "Junior Backend Engineer" in shown
    assert "https://careers.lumenworks.example.com/jobs/junior-backend-engineer" in shown


def test_jobbot_ask_with_no_color_is_plain_even_in_a_terminal(tmp_path: Path) -> None:
    env = {"JOBBOT_CACHE_DIR": str(tmp_path), "NO_COLOR": "1"}
    shown = run_in_pty(["ask", "python remote jobs", "--knowledge", str(KNOWLEDGE)], env)
    assert "\x1b[" not in shown
    assert "**" not in shown
    assert "1. Junior Backend Engineer — Lumenworks" in shown


def _unstyled(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_sources_are_a_table_in_a_terminal() -> None:
    from jobbot.app.sourcing import print_sources

    rows = [
        {"kind": "greenhouse", "id": "acme", "every": "15m", "last_success": None,
         "postings": 0, "last_error": "HTTP 404 from the board"},
    ]  # fmt: skip
    tty = Tty()
    print_sources(Terminal(tty, width=120), rows)
    shown = _unstyled(tty.getvalue())
    header = next(line for line in shown.splitlines() if "Kind" in line)
    assert header.split() == ["Kind", "Id", "Every", "Last", "sync", "Postings", "Last", "error"]
    assert "HTTP 404 from the board" in shown
    piped = io.StringIO()
    print_sources(Terminal(piped), rows)
    assert piped.getvalue().startswith("1 source(s):\n  greenhouse acme  every 15m")
