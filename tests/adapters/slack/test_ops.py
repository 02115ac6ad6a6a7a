"""`jobbot slack` over HTTP serves readiness and Prometheus metrics on its own port."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from tests.adapters.slack.test_http import (
    command_body,
    listening_port,
    post,
    running_jobbot_slack,
)
from tests.support.fake_slack import FakeSlack


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
