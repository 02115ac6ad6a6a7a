"""The command line as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobbot.app import platforms as registry
from jobbot.app.cli import main
from tests.support.paths import KNOWLEDGE


def test_index_json_reports_postings_faq_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "job.md").write_text("---\ntitle: Data Engineer\n---\nSpark and SQL.\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    assert main(["index", "--knowledge", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["title"] for p in data["postings"]] == ["Data Engineer"]
    assert [e["source"] for e in data["errors"]] == ["broken.md"]


def test_index_missing_directory_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--knowledge", str(tmp_path / "nope")]) != 0
    assert "no such knowledge directory" in capsys.readouterr().err


def test_help_lists_core_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "index" in out
    assert "ask" in out


def test_platforms_are_registered_with_their_tokens() -> None:
    found = {p.name: p.token_setting for p in registry.registered()}
    assert found == {"chat": None, "discord": "discord_token", "slack": "slack_bot_token"}


@pytest.mark.parametrize(
    "command",
    [["index"], ["index", "--json"], ["ask", "python"], ["ask", "--json", "python"], ["chat"]],
    ids=" ".join,
)
def test_a_closed_pipe_ends_quietly(command: list[str], tmp_path: Path) -> None:
    """`jobbot index | head -1`: the reader is gone before jobbot writes; no traceback, and
    no "Exception ignored" from the interpreter's last flush either."""
    env = {**os.environ, "PYTHONUNBUFFERED": "", "JOBBOT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jobbot", *command, "--knowledge", str(KNOWLEDGE)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdin is not None
    proc.stdout.close()  # like `head` exiting before anything was printed
    _, err = proc.communicate(b"/jobs python\n/more\n", timeout=60)
    assert err.decode() == ""
    assert proc.returncode == 0


@pytest.mark.parametrize("value", ["0", "26", "-3", "five"])
@pytest.mark.parametrize("command", [["ask", "python"], ["chat"]], ids=" ".join)
def test_limit_outside_1_to_25_is_a_clear_error(
    command: list[str], value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--limit", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --limit:" in err
    assert "1 to 25" in err
    assert "Traceback" not in err


def test_limit_at_the_bounds_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "--limit", "25", "engineer", "--knowledge", str(KNOWLEDGE)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["page_size"] == 25
    assert len(answer["jobs"]) > 5  # more than the default page
    assert main(["ask", "--json", "--limit", "1", "engineer", "--knowledge", str(KNOWLEDGE)]) == 0
    assert len(json.loads(capsys.readouterr().out)["jobs"]) == 1


def test_page_below_1_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ask", "python", "--page", "0"])
    assert "argument --page: pages start at 1, got 0" in capsys.readouterr().err
