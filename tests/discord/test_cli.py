"""`jobbot discord`: a missing token is explained; `--sync` registers the commands and exits."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobbot.cli import main
from tests.discord.fake_discord import APP_ID, TOKEN, fake_discord_in_thread


def test_missing_token_is_a_clear_message_and_a_failing_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["discord"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN is not set" in err
    assert "Traceback" not in err


def test_missing_knowledge_directory_is_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["discord", "--knowledge", str(tmp_path / "nope")]) == 2
    assert "no such knowledge directory" in capsys.readouterr().err


def test_sync_registers_commands_globally_and_exits(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("JOBBOT_DISCORD_GUILD_ID", "900000000000000002")
    with fake_discord_in_thread() as fake:
        assert main(["discord", "--sync", "--knowledge", str(knowledge)]) == 0
    (sync,) = fake.find("PUT", r"/commands$")
    assert sync.path == f"/applications/{APP_ID}/commands"  # global, not the guild
    commands = {c["name"]: c for c in sync.body}
    assert sorted(commands) == ["faq", "jobs"]
    options = {o["name"]: o for o in commands["jobs"]["options"]}
    assert [c["value"] for c in options["workplace"]["choices"]] == ["remote", "hybrid", "onsite"]
    assert [c["value"] for c in options["type"]["choices"]] == [
        "full-time",
        "part-time",
        "contract",
        "internship",
    ]
    assert options["public"]["type"] == 5
    assert commands["faq"]["options"][0]["autocomplete"] is True
    assert not fake.find("GET", r"gateway")  # REST only
    assert "Synced 2 commands" in capsys.readouterr().out


def test_rejected_token_is_explained_without_traceback(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    with fake_discord_in_thread() as fake:
        fake.fail("GET", r"^/users/@me$", 401, message="401: Unauthorized")
        assert main(["discord", "--knowledge", str(knowledge)]) == 1
    err = capsys.readouterr().err
    assert "rejected DISCORD_TOKEN" in err
    assert "not-a-real-token" not in err
    assert "Traceback" not in err


def test_gateway_refusal_ends_the_bot_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real start path (`jobbot discord`): login, gateway, IDENTIFY, then a 4004 close."""
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    with fake_discord_in_thread() as fake:
        fake.close_on_identify = 4004
        assert main(["discord", "--knowledge", str(knowledge)]) == 1
    assert fake.identify is not None
    assert fake.identify["token"] == TOKEN
    err = capsys.readouterr().err
    assert "4004" in err
    assert "check DISCORD_TOKEN" in err
    assert TOKEN not in err
