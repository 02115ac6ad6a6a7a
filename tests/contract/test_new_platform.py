"""A new platform is its package, one entry-point line, and its tests: the echo platform in
tests/support gets its own `jobbot echo` subcommand, a place in `jobbot --help`, help in its
own command syntax, and is started by `jobbot run` when its token is set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.paths import KNOWLEDGE, ROOT

REGISTRY = ROOT / "tests" / "support" / "registry"


def _jobbot(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(REGISTRY), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "jobbot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path, **env},
    )


def test_the_registered_platform_is_a_subcommand_with_its_own_options() -> None:
    listed = _jobbot("--help")
    assert "echo" in listed.stdout
    assert "a minimal example platform" in listed.stdout
    own = _jobbot("echo", "--help")
    assert "--prefix" in own.stdout


def test_it_answers_with_help_spelled_in_its_syntax() -> None:
    done = _jobbot("echo", "--knowledge", str(KNOWLEDGE), "--prefix", "> ", stdin="help\npython\n")
    assert done.returncode == 0, done.stderr
    assert "> **jobbot** finds job openings" in done.stdout
    assert "`!jobs <query>`" in done.stdout
    assert "`/jobs" not in done.stdout
    assert "openings** for python" in done.stdout


@pytest.mark.slow(3)
def test_jobbot_run_starts_it_when_its_token_is_set(tmp_path: os.PathLike[str]) -> None:
    """The token setting the platform declares is all `jobbot run` needs to pick it."""
    done = _jobbot(
        "run",
        "--knowledge",
        str(KNOWLEDGE),
        stdin="",
        ECHO_TOKEN="t",
        JOBBOT_DATABASE_URL=f"sqlite:///{tmp_path}/run.db",
        JOBBOT_POLL_SECONDS="0.2",
    )
    assert done.returncode == 0, done.stderr
    assert f"echo --knowledge {KNOWLEDGE} exited with 0; stopping the others" in done.stderr
