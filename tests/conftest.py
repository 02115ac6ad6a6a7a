"""Shared fixtures: the bundled knowledge directory and the seeds beside the project."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import KNOWLEDGE, REAL_POSTINGS, SHARED
from tests.support.postgres_server import Server, fresh_database, running_server
from tests.support.schedule import spread
from tests.support.scratch import use_memory_for_temp_files

SEEDS = SHARED / "seeds"

use_memory_for_temp_files()  # before pytest picks its tmp_path root and xdist starts workers


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: twice the cores (at most 16 workers). Most tests wait on sockets, timers
    and subprocesses rather than compute, so two workers a core keep both cores busy."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(16, 2 * (cores or 1))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Slow tests first, one worker each (tests/support/schedule.py)."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    items[:] = spread(items, workers)


@pytest.fixture
def knowledge_dir() -> Path:
    return KNOWLEDGE


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def real_postings_dir() -> Path:
    if not REAL_POSTINGS.is_dir():
        pytest.skip("../shared/real/postings is not present")
    return REAL_POSTINGS


@pytest.fixture(autouse=True)
def _no_log_handler_left_behind() -> Iterator[None]:
    """A command run in-process installs jobbot's stderr handler on the root logger; left
    there, it writes into a later test's closed capture ("--- Logging error ---")."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_jobbot", False):
            root.removeHandler(handler)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads real tokens or writes to the user's data dir."""
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "DISCORD_TOKEN",
        "DATABASE_URL",
        "PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JOBBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'jobbot.db'}")
    monkeypatch.setenv("JOBBOT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """One throwaway PostgreSQL server for the whole run; skips where it cannot start."""
    yield from running_server()


@pytest.fixture
def postgres_url(postgres_server: Server) -> str:
    """A fresh, empty database on that server."""
    return fresh_database(postgres_server)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver's fake job boards listen on 127.0.0.1 only, on a free port."""
    return ("127.0.0.1", 0)
