"""`jobbot discord`: a missing token is explained; `--sync` registers the commands and exits."""

from __future__ import annotations

import gc
import json
import logging
import re
import threading
import time
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from adapters.discord.subscriptions import NO_DATABASE
from jobbot.app.cli import main
from tests.support.fake_discord import (
    APP_ID,
    TOKEN,
    FakeDiscord,
    fake_discord_in_thread,
    slash,
)

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"


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
    assert sorted(commands) == [
        *("alert", "alerts", "faq", "forget", "jobs", "myjobs"),
        *("subscribe", "subscriptions", "teach", "unalert", "unsubscribe"),
    ]
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
    (query,) = commands["subscribe"]["options"]
    assert (query["name"], query["required"], query["max_length"]) == ("query", True, 300)
    (number,) = commands["unsubscribe"]["options"]
    assert (number["name"], number["type"], number["autocomplete"]) == ("id", 4, True)
    assert "options" not in commands["subscriptions"] or not commands["subscriptions"]["options"]
    assert not fake.find("GET", r"gateway")  # REST only
    assert "Synced 11 commands" in capsys.readouterr().out


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


def test_rejected_token_leaves_no_unclosed_session_behind(
    monkeypatch: pytest.MonkeyPatch,
    knowledge: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """aiohttp reports a session left open when it is collected ("Unclosed client
    session"), as noise after the real message; the bot closes its session however it ends."""
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    with fake_discord_in_thread() as fake, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fake.fail("GET", r"^/users/@me$", 401, message="401: Unauthorized")
        assert main(["discord", "--knowledge", str(knowledge)]) == 1
        gc.collect()
    noise = [r.getMessage() for r in caplog.records if "Unclosed" in r.getMessage()]
    noise += [str(w.message) for w in caught if "Unclosed" in str(w.message)]
    assert noise == []
    assert "Unclosed" not in capsys.readouterr().err


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


@contextmanager
def running_bot(knowledge: Path) -> Iterator[tuple[FakeDiscord, dict[str, int]]]:
    """`jobbot discord` in a thread, connected to the fake; hung up (4004) afterwards."""
    with fake_discord_in_thread() as fake:
        result: dict[str, int] = {}
        thread = threading.Thread(
            target=lambda: result.setdefault(
                "code", main(["discord", "--knowledge", str(knowledge)])
            )
        )
        thread.start()
        deadline = time.monotonic() + 10
        while fake.identify is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fake.identify is not None, "the bot never connected"
        try:
            yield fake, result
        finally:
            fake.call(fake.hang_up(4004))
            thread.join(10)
            assert not thread.is_alive()


def ask_jobs(fake: FakeDiscord, query: str) -> list[str]:
    """Run `/jobs query` in the running bot; the titles of the cards it answers with."""
    payload = slash("jobs", query=query)
    fake.call(fake.dispatch("INTERACTION_CREATE", payload))
    answer = fake.call(fake.reply_to(payload))
    return [e.get("title", "") for e in answer.get("embeds") or []]


def watchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "knowledge-watcher"]


def test_running_bot_reloads_changed_knowledge_and_stops_watching_on_shutdown(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("JOBBOT_RELOAD_SECONDS", "0.1")
    before = set(watchers())
    with running_bot(knowledge) as (fake, result):
        (watcher,) = [t for t in watchers() if t not in before]
        assert not any("Haskell" in title for title in ask_jobs(fake, "haskell compiler"))
        (knowledge / "postings" / "haskell.md").write_text(
            "---\ntitle: Haskell Compiler Engineer\ncompany: Lambda\n---\n"
            "Work on a Haskell compiler.\n",
            encoding="utf-8",
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if any("Haskell Compiler Engineer" in t for t in ask_jobs(fake, "haskell compiler")):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the running bot never picked up the new posting")
    assert result["code"] == 1  # the fake's 4004 hang-up
    assert not watcher.is_alive()


def test_without_a_database_the_bot_runs_and_subscribe_explains(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("JOBBOT_DATABASE_URL", "nosuchdb://user:hunter2@localhost/jobs")
    with running_bot(knowledge) as (fake, _):
        fake.call(fake.dispatch("INTERACTION_CREATE", slash("subscribe", query="python")))
        (callback,) = fake.call(fake.wait_for("POST", CALLBACK))
        assert callback.body["data"]["content"] == NO_DATABASE
        assert ask_jobs(fake, "python")  # search still answers
    assert "subscriptions are unavailable" in caplog.text
    assert "hunter2" not in caplog.text


def test_metrics_port_serves_health_and_the_discord_requests(
    monkeypatch: pytest.MonkeyPatch, knowledge: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("JOBBOT_METRICS_PORT", "0")
    caplog.set_level(logging.INFO)
    with running_bot(knowledge) as (fake, _):
        (port,) = [
            int(m.group(1))
            for m in map(re.compile(r"/metrics on port (\d+)").search, caplog.messages)
            if m
        ]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200
            assert json.loads(response.read())["ok"] is True
        ask_jobs(fake, "python")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            page = response.read().decode()
    assert re.search(r'jobbot_requests_total\{intent="jobs",platform="discord"\} [1-9]', page)
