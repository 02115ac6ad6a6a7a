"""Every command in the README and docs/ runs, and prints what the page says it prints."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest

from jobbot.app import platforms as registry
from jobbot.app.cli import build_parser
from tests.docs.blocks import SHELLS, Block, all_blocks, environment, matches, run
from tests.support.paths import ROOT

BLOCKS = all_blocks()
RUN = [b for b in BLOCKS if b.runs]
SHOWN = [b for b in BLOCKS if b.language == "console" and not b.runs]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docs-home")


@pytest.mark.parametrize("block", RUN, ids=[b.where for b in RUN])
def test_the_command_prints_what_the_page_shows(block: Block, home: Path) -> None:
    env = environment(home)
    commands = block.commands()
    assert commands, f"{block.where}: a console block with no `$ ` command"
    for command in commands:
        actual = run(command, env)
        assert matches(command.expected, actual), (
            f"{block.where}, line {command.line}: `$ {command.text}` printed\n"
            + "\n".join(actual)
            + "\n(run `make docs` to write today's output into the page)"
        )


def _jobbot_args(text: str) -> list[str] | None:
    words = shlex.split(text, comments=True)
    while words and "=" in words[0] and not words[0].startswith("-"):
        words = words[1:]  # VAR=value before the command
    if words and words[0] in {"jobbot", ".venv/bin/jobbot"}:
        return words[1:]
    if words[:3] == ["python", "-m", "jobbot"]:
        return words[3:]
    return None


def _parses(parser: argparse.ArgumentParser, args: list[str]) -> bool:
    try:
        parser.parse_args(args)
    except SystemExit as exit_:
        return exit_.code == 0
    return True


@pytest.mark.parametrize("block", SHOWN, ids=[b.where for b in SHOWN])
def test_commands_not_run_still_use_real_options(block: Block) -> None:
    parser = build_parser(registry.registered())
    makefile = (ROOT / "Makefile").read_text()
    for command in block.commands():
        for part in command.text.split("&&"):
            args = _jobbot_args(part)
            if args is not None:
                assert _parses(parser, args), f"{block.where}: `{part.strip()}` does not parse"
            words = shlex.split(part, comments=True)
            if words[:1] == ["make"]:
                for target in words[1:]:
                    if "=" not in target:
                        assert f"\n{target}:" in makefile, f"{block.where}: no make {target}"


def test_every_shell_block_is_either_run_or_marked_not_run() -> None:
    offending = [b.where for b in BLOCKS if b.language in SHELLS]
    assert offending == [], (
        "use ```console (run by tests/docs) or ```console not-run (needs tokens or a network)"
    )
