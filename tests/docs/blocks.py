"""The fenced blocks of the README and docs/: which are commands, and what they print.

A ```` ```console ```` block holds commands after `$ ` and, below each, exactly what it
prints; a line `…` stands for any lines (a long answer cut short). The test runs every such
block against the bundled knowledge in a throwaway environment, so no sample can drift from
what jobbot does. A block whose info string says `not-run` (` ```console not-run `) needs
tokens, a network or a server: it is shown, not run, but each `jobbot …` command in it must
still parse with today's options, and each `make` target must exist. Shell blocks of any
other kind (` ```sh `, ` ```bash `) are refused, so every command is one or the other.

`python -m tests.docs.refresh` rewrites the outputs of the run blocks from what jobbot
prints now (`make docs`), for when an answer changes on purpose.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.paths import ROOT

ELLIPSIS = "…"
PROMPT = "$ "
CHAT_PROMPT = "jobbot> "
SHELLS = frozenset({"sh", "bash", "shell", "zsh"})
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+)(?P<info>[^`]*)$")


@dataclass
class Command:
    """One `$ ` line and the output written under it."""

    line: int
    text: str
    expected: list[str] = field(default_factory=list)

    @property
    def inputs(self) -> list[str]:
        """For `jobbot chat`: what was typed after each `jobbot> ` prompt."""
        return [e[len(CHAT_PROMPT) :] for e in self.expected if e.startswith(CHAT_PROMPT)]


@dataclass
class Block:
    path: Path
    line: int
    info: str
    body: list[str]
    indent: int = 0

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""

    @property
    def runs(self) -> bool:
        return self.language == "console" and "not-run" not in self.info.split()

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def commands(self) -> list[Command]:
        found: list[Command] = []
        for offset, text in enumerate(self.body, start=1):
            if text.startswith(PROMPT):
                found.append(Command(self.line + offset, text[len(PROMPT) :]))
            elif found:
                found[-1].expected.append(text.rstrip())
        for command in found:  # a blank line between two commands is not output
            while command.expected and not command.expected[-1]:
                command.expected.pop()
        return found


def documents() -> list[Path]:
    """The README and every page under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(path: Path) -> Iterator[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        indent, fence = len(opened["indent"]), opened["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j])
            j += 1
        yield Block(path, i + 1, opened["info"].strip(), body, indent)
        i = j + 1


def all_blocks() -> list[Block]:
    return [block for path in documents() for block in blocks(path)]


def environment(home: Path) -> dict[str, str]:
    """A clean environment: no tokens, a fresh database and cache, plain output."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DISCORD_", "JOBBOT_")) and k not in {"DATABASE_URL", "PORT"}
    }
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "JOBBOT_DATABASE_URL": f"sqlite:///{home / 'jobbot.db'}",
            "JOBBOT_CACHE_DIR": str(home / "cache"),
            "JOBBOT_HISTORY_FILE": str(home / "history"),
            "NO_COLOR": "1",
            "COLUMNS": "100",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run(command: Command, env: dict[str, str]) -> list[str]:
    """What the command prints (stdout and stderr, as a terminal would interleave them)."""
    inputs = command.inputs
    result = subprocess.run(
        ["bash", "-c", command.text],
        cwd=ROOT,
        env=env,
        input="".join(f"{line}\n" for line in inputs),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    out = result.stdout
    for typed in inputs:  # a pipe does not echo what was typed: put it after its prompt
        head, sep, tail = out.partition(CHAT_PROMPT)
        if not sep:
            break
        out = f"{head}\0{typed}\n{tail}"
    out = out.replace("\0", CHAT_PROMPT)
    return [line.rstrip() for line in out.rstrip("\n").split("\n")]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, `…` matching any run of lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == ELLIPSIS else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(f"{line}\n" for line in actual)) is not None
