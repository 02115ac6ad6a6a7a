"""`jobbot slack` over HTTP serves readiness and Prometheus metrics on its own port."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.adapters.slack.test_http import (
    command_body,
    listening_port,
    post,
    running_jobbot_slack,
)
from tests.adapters.slack.test_socket_mode import FakeSocketMode, socket_server
from tests.support.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

__all__ = ["socket_server"]  # the fixture, shared with test_socket_mode


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_healthz_and_metrics_on_the_slack_port(fake_slack: FakeSlack, knowledge: Path) -> None:
    with running_jobbot_slack(fake_slack, knowledge) as process:
        base = f"http://127.0.0.1:{listening_port(process)}"
        status, body = get(f"{base}/healthz")
        assert status == 200
        health = json.loads(body)
        assert health["ok"] is True
        assert health["database"] == "ok"
        assert health["index"]["postings"] > 0
        post(f"{base}/slack/events", command_body("/jobs", "backend", fake_slack.response_url("m")))
        fake_slack.wait_for("/response/m")
        status, page = get(f"{base}/metrics")
        assert status == 200
        assert 'jobbot_requests_total{intent="jobs",platform="slack"} 1.0' in page
        assert 'jobbot_answer_seconds_count{platform="slack"} 1.0' in page
        assert "jobbot_index_postings " in page


def test_without_a_database_slack_answers_but_is_not_ready(
    fake_slack: FakeSlack, knowledge: Path
) -> None:
    database = "postgresql://bot:hunter2@127.0.0.1:9/jobbot"
    with running_jobbot_slack(fake_slack, knowledge, JOBBOT_DATABASE_URL=database) as process:
        status, body = get(f"http://127.0.0.1:{listening_port(process)}/healthz")
    assert status == 503
    health = json.loads(body)
    assert health["ok"] is False
    assert health["index"]["postings"] > 0
    assert "hunter2" not in body


@pytest.mark.slow(3)
def test_socket_mode_serves_health_and_metrics_on_jobbot_metrics_port(
    socket_server: FakeSocketMode, fake_slack: FakeSlack, knowledge: Path
) -> None:
    """Socket Mode has no HTTP port of its own: JOBBOT_METRICS_PORT gives it one."""
    fake_slack.socket_url = socket_server.start()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake_slack.url,
        "JOBBOT_METRICS_PORT": "0",
    }
    env.pop("SLACK_SIGNING_SECRET", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "jobbot", "slack", "--knowledge", str(knowledge)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        lines: list[str] = []
        deadline = time.monotonic() + 30
        port = None
        while port is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"/healthz and /metrics on port (\d+)", line)
            port = int(found.group(1)) if found else None
        assert port is not None, "".join(lines)
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        assert json.loads(body)["ok"] is True
        assert "jobbot_index_postings " in get(f"http://127.0.0.1:{port}/metrics")[1]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
