"""The command line as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jobbot.app import platforms as registry
from jobbot.app.cli import main


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
