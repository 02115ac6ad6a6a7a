"""`jobbot scheduler` and `jobbot run` as a user starts them."""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.app import launch
from jobbot.app import platforms as registry
from jobbot.app.cli import main
from jobbot.settings import Settings
from tests.support.announce_doubles import (
    RecordingPublisher,
    knowledge_with_background,
    write_posting,
)
from tests.support.fake_platform import FakePlatform


def test_scheduler_once_announces_into_the_console(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = knowledge_with_background(tmp_path / "knowledge")
    assert main(["scheduler", "--once", "--knowledge", str(knowledge)]) == 0
    first = capsys.readouterr()
    assert "5 new, 0 edited, 0 closed, 0 reopened postings; 0 messages sent" in first.out
    assert "announcing to the console" in first.err

    store = Store(Settings().database_url)
    Subscriptions(store).subscribe("console", "console", "me", "golang", can_manage=True)
    store.close()
    time.sleep(0.01)
    write_posting(knowledge, "go.md", "Go Developer", "Golang services with gRPC.")
    assert main(["scheduler", "--once", "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert "[#console] 📣 New opening for golang:" in out  # plain text: not a terminal
    assert "\n  Go Developer\n" in out
    assert "1 messages sent" in out

    assert main(["scheduler", "--once", "--knowledge", str(knowledge)]) == 0
    assert "0 messages sent" in capsys.readouterr().out


def test_scheduler_refuses_missing_knowledge_and_bad_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scheduler", "--once", "--knowledge", str(tmp_path / "nope")]) == 2
    assert "no such knowledge directory" in capsys.readouterr().err
    monkeypatch.setenv("JOBBOT_DATABASE_URL", "postgresql://bot:s3cret@127.0.0.1:1/x")
    assert main(["scheduler", "--once", "--knowledge", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot open database" in err
    assert "s3cret" not in err


def test_publishers_come_only_from_configured_platforms(caplog: pytest.LogCaptureFixture) -> None:
    specs = [
        FakePlatform("slack", "slack_bot_token"),
        FakePlatform("discord", "discord_token", broken=True),
    ]
    assert launch.build_publishers(Settings(), specs) == []
    [slack] = launch.build_publishers(Settings(slack_bot_token="xoxb-1"), specs)
    assert isinstance(slack, RecordingPublisher)
    with caplog.at_level(logging.ERROR):
        assert launch.build_publishers(Settings(discord_token="abc"), specs) == []
    assert "cannot build the discord publisher" in caplog.text
    assert "abc" not in caplog.text


def test_run_without_tokens_chats_with_the_scheduler_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = knowledge_with_background(tmp_path / "knowledge")
    monkeypatch.setattr(registry, "registered", lambda: [FakePlatform("chat")])
    assert main(["run", "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert "chat saw the first pass: True" in out
    assert f"chat knowledge: [{knowledge!r}]" in out


def test_run_with_a_token_for_an_absent_adapter_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "t0ken")
    monkeypatch.setattr(registry, "registered", list)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "no installed platform has its token set (found: none)" in err
    assert "t0ken" not in err


def test_a_new_platform_is_configured_by_its_own_token_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A platform Settings has never heard of is turned on by its token setting, upper-cased."""
    matrix = FakePlatform("matrix", "matrix_token")
    assert registry.configured(Settings(), [matrix]) == []
    monkeypatch.setenv("MATRIX_TOKEN", "syt_1")
    assert registry.configured(Settings(), [matrix]) == [matrix]


def test_supervise_stops_the_rest_when_one_exits() -> None:
    started = time.monotonic()
    code = launch.supervise(
        [
            [sys.executable, "-c", "import time; time.sleep(60)"],
            [sys.executable, "-c", "raise SystemExit(4)"],
        ]
    )
    assert code == 4
    assert time.monotonic() - started < 30


def test_scheduler_status_shows_subscriptions_and_failures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = Store(Settings().database_url)
    Subscriptions(store).subscribe("slack", "C1", "me", "golang remote", can_manage=True)
    now = datetime.now(UTC)
    done = store.claim("p1", "slack", "C1", revision=0, now=now, lease=timedelta(minutes=10))
    lost = store.claim("p2", "slack", "C1", revision=0, now=now, lease=timedelta(minutes=10))
    assert done is not None
    assert lost is not None
    store.mark_done([done], now)
    store.record_failure([lost], "Slack refused the announcement (channel_not_found)", now)
    store.mark_failed([lost], now)
    store.close()

    assert main(["scheduler", "--status"]) == 0
    out = capsys.readouterr().out
    assert "#1 slack/C1: golang remote" in out
    assert "deliveries: 1 done, 1 failed" in out
    assert "failed slack/C1 p2 after 1 attempt(s): Slack refused the announcement" in out


def test_the_discord_adapter_provides_the_discord_publisher() -> None:
    publishers = launch.build_publishers(Settings(discord_token="abc"), registry.registered())
    assert [p.platform for p in publishers] == ["discord"]
