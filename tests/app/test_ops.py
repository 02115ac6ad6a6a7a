"""Operations: readiness at /healthz, Prometheus metrics at /metrics, JSON log lines."""

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
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from jobbot import metrics
from jobbot.announce.publisher import DeliveryError
from jobbot.announce.scheduler import Announcer
from jobbot.announce.store import Store
from jobbot.announce.subscriptions import Subscriptions
from jobbot.app import launch
from jobbot.app.ops import Health, OpsServer, serve_ops
from jobbot.engine import Engine
from jobbot.models import Request
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.support.announce_doubles import (
    FakeClock,
    RecordingPublisher,
    knowledge_with_background,
    write_posting,
)
from tests.support.search_corpus import TODAY, corpus


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def sample(text: str, name: str, **labels: str) -> float | None:
    """One sample's value from a Prometheus text page, None when it is not there."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return None


def scrape() -> str:
    return generate_latest(metrics.REGISTRY).decode()


def value(name: str, **labels: str) -> float:
    return sample(scrape(), name, **labels) or 0.0


def test_requests_are_counted_by_platform_and_intent_with_their_latency() -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    before = value("jobbot_requests_total", platform="discord", intent="jobs")
    timed = value("jobbot_answer_seconds_count", platform="discord")
    engine.ask(Request(text="/jobs golang", platform="discord"))
    engine.ask(Request(text="/jobs python", platform="discord"))
    engine.ask(Request(text="/jobs python"))  # no platform: the scheduler's own matching
    assert value("jobbot_requests_total", platform="discord", intent="jobs") == before + 2
    assert value("jobbot_answer_seconds_count", platform="discord") == timed + 2
    faq = value("jobbot_requests_total", platform="discord", intent="faq")
    engine.ask(Request(text="/faq technical interview", platform="discord"))
    assert value("jobbot_requests_total", platform="discord", intent="faq") == faq + 1


def test_index_size_follows_the_live_index() -> None:
    data = corpus()
    engine = Engine(data, today=lambda: TODAY)
    assert value("jobbot_index_postings") == len(data.postings)
    assert value("jobbot_index_faq_entries") == len(data.faq)
    engine.reload(data.model_copy(update={"postings": data.postings[:3]}))
    assert value("jobbot_index_postings") == 3


def test_announcements_sent_failed_and_deferred_are_counted(tmp_path: Path) -> None:
    knowledge = knowledge_with_background(tmp_path / "kb")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    clock = FakeClock()
    good = RecordingPublisher("console", clock=clock)
    bad = RecordingPublisher(
        "slack", clock=clock, failures=[DeliveryError("channel_not_found", permanent=True)]
    )
    announcer = Announcer(store, [good, bad], directories([knowledge]), clock=clock)
    announcer.run_once()
    subs = Subscriptions(store, clock, engine=Engine.from_source(directories([knowledge])))
    subs.subscribe("console", "console", "me", "golang", can_manage=True)
    subs.subscribe("slack", "C1", "me", "golang", can_manage=True)
    clock.advance(minutes=1)
    write_posting(knowledge, "go.md", "Go Developer", "Golang services.")
    sent = value("jobbot_announcements_total", platform="console", outcome="sent")
    failed = value("jobbot_announcements_total", platform="slack", outcome="failed")
    announcer.run_once()
    assert value("jobbot_announcements_total", platform="console", outcome="sent") == sent + 1
    assert value("jobbot_announcements_total", platform="slack", outcome="failed") == failed + 1
    store.close()


def test_source_sync_age_grows_until_the_next_sync() -> None:
    metrics.source_synced("greenhouse:acme-test", time.time() - 90)
    age = value("jobbot_source_sync_age_seconds", source="greenhouse:acme-test")
    assert 89 <= age < 120
    assert value("jobbot_source_last_sync_timestamp_seconds", source="greenhouse:acme-test") > 0
    metrics.source_synced("greenhouse:acme-test")
    assert value("jobbot_source_sync_age_seconds", source="greenhouse:acme-test") < 5


def test_ready_only_with_an_index_and_a_database(tmp_path: Path) -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ready, details = Health(engine=lambda: engine, store=lambda: store).check()
    assert ready
    assert details["database"] == "ok"
    assert details["index"] == {"postings": 8, "faq": 4}

    ready, details = Health(engine=lambda: None, store=lambda: store).check()
    assert not ready
    assert details["index"] == "not loaded"

    no_db = Health(engine=lambda: engine, store=lambda: None, store_problem="cannot open x")
    ready, details = no_db.check()
    assert not ready
    assert details["database"] == "cannot open x"
    store.close()


class GoneDatabase:
    """A store whose PostgreSQL server went away after start-up (a closed local port)."""

    engine = create_engine(
        "postgresql+psycopg://jobbot:hunter2@127.0.0.1:9/jobbot",
        connect_args={"connect_timeout": 1},
    )


def test_a_database_that_went_away_is_not_ready() -> None:
    started = time.monotonic()
    ready, details = Health(store=lambda: GoneDatabase()).check()  # type: ignore[arg-type,return-value]
    assert not ready
    assert str(details["database"]).startswith("unreachable")
    assert "hunter2" not in json.dumps(details)
    assert time.monotonic() - started < 5


def test_the_ops_server_serves_health_and_metrics(tmp_path: Path) -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    server = OpsServer(Health(engine=lambda: engine, store=lambda: store), 0, host="127.0.0.1")
    port = server.start()
    try:
        engine.ask(Request(text="/jobs golang", platform="console"))
        status, kind, body = get(f"http://127.0.0.1:{port}/healthz")
        assert (status, kind) == (200, "application/json")
        assert json.loads(body)["ok"] is True
        status, kind, body = get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        assert kind.startswith("text/plain")
        assert (sample(body, "jobbot_requests_total", platform="console", intent="jobs") or 0) >= 1
        assert sample(body, "jobbot_index_postings") == len(engine.corpus.postings)
        assert get(f"http://127.0.0.1:{port}/nope")[0] == 404
    finally:
        server.stop()
        store.close()
    assert get_refused(port)


def get_refused(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except (urllib.error.URLError, ConnectionError):
        return True
    return False


def test_a_taken_metrics_port_is_a_warning_not_a_crash(caplog: pytest.LogCaptureFixture) -> None:
    first = OpsServer(Health(), 0, host="127.0.0.1")
    port = first.start()
    try:
        assert serve_ops(port, Health(), "jobbot discord") is None
    finally:
        first.stop()
    assert f"cannot serve /healthz and /metrics on port {port}" in caplog.text


def test_jobbot_run_gives_each_process_its_own_metrics_port() -> None:
    ports = launch._metrics_ports(Settings(metrics_port=9300), 3)
    assert ports == [{"JOBBOT_METRICS_PORT": p} for p in ("9300", "9301", "9302")]
    assert launch._metrics_ports(Settings(), 3) is None


@pytest.mark.slow(2.5)
def test_the_scheduler_serves_health_and_metrics_on_jobbot_metrics_port(tmp_path: Path) -> None:
    knowledge = knowledge_with_background(tmp_path / "kb")
    env = {
        **os.environ,
        "JOBBOT_METRICS_PORT": "0",
        "JOBBOT_POLL_SECONDS": "0.5",
        "JOBBOT_LOG_FORMAT": "json",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "jobbot", "scheduler", "--knowledge", str(knowledge)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        port = _logged_port(process, lines)
        deadline = time.monotonic() + 20
        while (status := get(f"http://127.0.0.1:{port}/healthz"))[0] != 200:
            assert time.monotonic() < deadline, status
            time.sleep(0.1)
        assert json.loads(status[2])["database"] == "ok"
        body = get(f"http://127.0.0.1:{port}/metrics")[2]
        assert sample(body, "jobbot_index_postings") == 5
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    lines += process.stderr.read().splitlines()
    records = [json.loads(line) for line in lines if line.strip()]  # every line is JSON
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any(r["message"].startswith("announcing to console") for r in records)


def _logged_port(process: subprocess.Popen[str], lines: list[str]) -> int:
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"/healthz and /metrics on port (\d+)", line)
        if found:
            return int(found.group(1))
    raise AssertionError("".join(lines))


def test_json_logs_are_one_object_per_line(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("---\ntitle: Data Engineer\n---\nSQL.\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    result = subprocess.run(
        [sys.executable, "-m", "jobbot", "index", "--knowledge", str(tmp_path)],
        env={**os.environ, "JOBBOT_LOG_FORMAT": "JSON"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    records = [json.loads(line) for line in result.stderr.splitlines()]
    (warning,) = [r for r in records if "broken.md" in r["message"]]
    assert warning["level"] == "WARNING"
    assert warning["logger"].startswith("jobbot")
    assert "Data Engineer" in result.stdout  # the report itself is unchanged


def test_text_logs_stay_the_default(tmp_path: Path) -> None:
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    result = subprocess.run(
        [sys.executable, "-m", "jobbot", "index", "--knowledge", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert re.search(r" WARNING jobbot[.\w]*: knowledge file broken.md", result.stderr)
    assert not result.stderr.lstrip().startswith("{")


def test_a_dm_counts_once_however_many_postings_it_carries() -> None:
    before = value("jobbot_direct_messages_total", platform="slack", outcome="sent")
    channel = value("jobbot_announcements_total", platform="slack", outcome="sent")
    metrics.delivered("slack", metrics.SENT, 4, dm=True)
    assert value("jobbot_direct_messages_total", platform="slack", outcome="sent") == before + 1
    assert value("jobbot_announcements_total", platform="slack", outcome="sent") == channel
