"""`jobbot slack` in HTTP mode: the real server on port 0, driven over real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.slack.server import HttpServer
from jobbot.announce.store import Store
from jobbot.app.cli import main
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.shown import buttons, shown
from tests.support.fake_slack import (
    ADMIN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    action_body,
    command_body,
    event_body,
    sign,
)
from tests.support.paths import ROOT as ROOT_DIR

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def base_url(harness: SlackHarness) -> Iterator[str]:
    server = HttpServer(harness.app, signing_secret=SIGNING_SECRET, host="127.0.0.1", port=0)
    port = server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def post(url: str, body: str, content_type: str = FORM, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        data=body.encode(),
        method="POST",
        headers={"Content-Type": content_type, **sign(body), **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_health_check(base_url: str) -> None:
    with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True}


def test_command_and_button_over_http(base_url: str, fake_slack: FakeSlack) -> None:
    started = time.monotonic()
    status, body = post(
        f"{base_url}/slack/events", command_body("/jobs", "backend", fake_slack.response_url("a"))
    )
    assert (status, body) == (200, "")
    assert time.monotonic() - started < 3
    first = fake_slack.wait_for("/response/a")[0].body
    assert "Page 1 of 3" in shown(first)
    following = buttons(first)["Next ▶"]
    status, _ = post(
        f"{base_url}/slack/events",
        action_body(following["action_id"], following["value"], fake_slack.response_url("b")),
    )
    assert status == 200
    assert "Page 2 of 3" in shown(fake_slack.wait_for("/response/b")[0].body)


def test_mention_over_http(base_url: str, fake_slack: FakeSlack) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": "<@UBOT> backend",
        "ts": "1.0",
        "channel": "C9",
    }
    status, _ = post(f"{base_url}/slack/events", event_body(event, "EvHttp"), "application/json")
    assert status == 200
    posted = fake_slack.wait_for("chat.postMessage")[0].body
    assert posted["thread_ts"] == "1.0"


def test_bad_signature_over_http_is_401(base_url: str, fake_slack: FakeSlack) -> None:
    body = command_body("/jobs", "backend", fake_slack.response_url())
    status, _ = post(f"{base_url}/slack/events", body, **{"X-Slack-Signature": "v0=bad"})
    assert status == 401
    stale = sign(body, int(time.time()) - 600)
    status, _ = post(f"{base_url}/slack/events", body, **stale)
    assert status == 401
    time.sleep(0.2)
    assert fake_slack.calls("/response/") == []


def test_url_verification_challenge(base_url: str) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "t"})
    status, answer = post(f"{base_url}/slack/events", body, "application/json")
    assert status == 200
    assert "c-123" in answer


# --- `jobbot slack` as a user starts it -------------------------------------------------


def test_missing_tokens_name_both_ways_to_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slack"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is not set" in err
    assert "Socket Mode (no public URL, easiest): SLACK_BOT_TOKEN and SLACK_APP_TOKEN" in err
    assert "HTTP on $PORT (a public URL):         SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in err
    assert "Traceback" not in err


def test_socket_mode_needs_no_signing_secret_but_a_bot_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    assert main(["slack"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jobbot slack: SLACK_BOT_TOKEN is not set.")
    assert "xapp-1" not in err


def test_a_bot_token_alone_asks_for_an_app_token_or_a_signing_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value")
    assert main(["slack"]) == 2
    err = capsys.readouterr().err
    assert "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP) is set" in err
    assert "xoxb-secret-value" not in err


def test_rejected_token_exits_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fake_slack: FakeSlack,
    knowledge: Path,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    fake_slack.fail_next("auth.test", "invalid_auth")
    assert main(["slack", "--knowledge", str(knowledge)]) == 2
    err = capsys.readouterr().err
    assert "rejected SLACK_BOT_TOKEN" in err
    assert BOT_TOKEN not in err


@contextlib.contextmanager
def running_jobbot_slack(
    fake_slack: FakeSlack, knowledge: Path, **extra_env: str
) -> Iterator[subprocess.Popen[str]]:
    """`python -m jobbot slack` in HTTP mode on a free port, talking to the fake Slack;
    killed on the way out if the test did not stop it."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.url,
        "PORT": "0",
        **extra_env,
    }
    env.pop("SLACK_APP_TOKEN", None)
    command = [sys.executable, "-m", "jobbot", "slack", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--knowledge", str(knowledge)],
        cwd=ROOT_DIR,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_jobbot_slack_serves_http_until_terminated(fake_slack: FakeSlack, knowledge: Path) -> None:
    with running_jobbot_slack(fake_slack, knowledge, JOBBOT_PAGE_SIZE="2") as process:
        log: list[str] = []
        port = listening_port(process, log)
        status, _ = post(
            f"http://127.0.0.1:{port}/slack/events",
            command_body("/jobs", "backend", fake_slack.response_url("proc")),
        )
        assert status == 200
        assert "Page 1 of 3" in shown(fake_slack.wait_for("/response/proc")[0].body)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None
        rest = process.stderr.read()
        assert BOT_TOKEN not in "".join(log) + rest
        assert SIGNING_SECRET not in "".join(log) + rest


def test_unreachable_slack_exits_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], knowledge: Path
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    assert main(["slack", "--knowledge", str(knowledge)]) == 2
    err = capsys.readouterr().err
    assert "cannot reach Slack" in err
    assert BOT_TOKEN not in err


def test_jobbot_slack_reloads_knowledge_and_stores_subscriptions(
    fake_slack: FakeSlack, knowledge: Path, tmp_path: Path
) -> None:
    """A running `jobbot slack` answers from a file added after it started, and its
    `/jobs subscribe` lands in JOBBOT_DATABASE_URL, where the scheduler reads it."""
    database = f"sqlite:///{tmp_path / 'slack.db'}"
    with running_jobbot_slack(
        fake_slack, knowledge, JOBBOT_RELOAD_SECONDS="0.2", JOBBOT_DATABASE_URL=database
    ) as process:
        url = f"http://127.0.0.1:{listening_port(process)}/slack/events"
        body = command_body("/jobs", "elixir", fake_slack.response_url("before"))
        assert post(url, body)[0] == 200
        assert "Phoenix Engineer" not in shown(fake_slack.wait_for("/response/before")[0].body)

        (knowledge / "postings" / "elixir.md").write_text(
            '---\ntitle: "Phoenix Engineer"\ncompany: "Hex Labs"\nskills: [Elixir]\n---\n'
            "Elixir and Phoenix services.\n",
            encoding="utf-8",
        )
        found = False
        deadline = time.monotonic() + 10
        attempt = 0
        while not found and time.monotonic() < deadline:
            attempt += 1
            name = f"after{attempt}"
            assert (
                post(url, command_body("/jobs", "elixir", fake_slack.response_url(name)))[0] == 200
            )
            found = "Phoenix Engineer" in shown(fake_slack.wait_for(f"/response/{name}")[0].body)
            time.sleep(0.2)
        assert found, "the new posting never became searchable"

        body = command_body(
            "/jobs", "subscribe elixir", fake_slack.response_url("sub"), user_id=ADMIN
        )
        assert post(url, body)[0] == 200
        assert "Subscribed" in shown(fake_slack.wait_for("/response/sub")[0].body)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    store = Store(database)
    try:
        assert [(s.channel, s.query) for s in store.subscriptions("slack")] == [("C0001", "elixir")]
    finally:
        store.close()


def listening_port(process: subprocess.Popen[str], log: list[str] | None = None) -> int:
    """The port `jobbot slack` logged it listens on (it binds port 0); the lines read on
    the way are appended to `log`."""
    assert process.stderr is not None
    log = [] if log is None else log
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        log.append(line)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/slack/events", line)
        if found:
            return int(found.group(1))
    raise AssertionError("".join(log))


def test_unusable_database_keeps_search_up_and_says_subscriptions_are_unavailable(
    fake_slack: FakeSlack, knowledge: Path
) -> None:
    """One rule for every bot: no database means no subscriptions, never no search."""
    database = "postgresql://bot:hunter2@127.0.0.1:9/jobbot"
    with running_jobbot_slack(fake_slack, knowledge, JOBBOT_DATABASE_URL=database) as process:
        log: list[str] = []
        url = f"http://127.0.0.1:{listening_port(process, log)}/slack/events"
        assert post(url, command_body("/jobs", "backend", fake_slack.response_url("q")))[0] == 200
        assert "postings" in shown(fake_slack.wait_for("/response/q")[0].body)
        body = command_body("/jobs", "subscribe go", fake_slack.response_url("s"), user_id=ADMIN)
        assert post(url, body)[0] == 200
        assert "Subscriptions are unavailable" in shown(fake_slack.wait_for("/response/s")[0].body)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None
        err = "".join(log) + process.stderr.read()
    assert "subscriptions are unavailable: cannot open database" in err
    assert "hunter2" not in err
    assert "Traceback" not in err
