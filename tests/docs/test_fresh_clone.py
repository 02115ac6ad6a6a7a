"""The README's two commands, from a fresh clone of this repository, as a newcomer runs them.

Bounded: the clone installs from this checkout's uv and its package cache, offline (the
`make test` that runs this test has just filled that cache from the same `uv.lock`), and
`make test` in the clone runs one test module rather than the whole suite again. CI itself
runs the full `make test` on a clean clone (`.ci/run`); docs/development.md says how long
that takes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.slow(3)  # each test; both on one worker, sharing the clone


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    if not Path(found).exists() or not (ROOT / ".git").exists():
        pytest.skip("needs uv (make installs it) and a git checkout to clone")
    return found


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fresh") / "jobbot"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=60)
    return target


def newcomer_env(clone: Path, home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DISCORD_", "JOBBOT_", "VIRTUAL_ENV", "PYTEST"))
        and k not in {"DATABASE_URL", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    env.update(
        {
            "UV": uv(),
            "UV_OFFLINE": "1",
            # compiling every installed package (about 3 s of CPU) is for the whole suite;
            # these clones import a handful of modules once
            "UV_COMPILE_BYTECODE": "0",
            "HOME": str(home),  # no data or history from this machine's user
            "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
            "JOBBOT_DATABASE_URL": f"sqlite:///{home / 'jobbot.db'}",
        }
    )
    return env


def test_make_run_starts_the_chat_over_the_bundled_knowledge(clone: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "run"],
        cwd=clone,
        env=newcomer_env(clone, tmp_path),
        input="/jobs python remote\n/quit\n",
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "jobbot> 3 openings for python · remote" in result.stdout
    assert result.stdout.rstrip().endswith("Bye.")
    assert "Traceback" not in result.stderr


def test_make_test_installs_checks_and_runs_tests(clone: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        ["make", "test", "TESTS=-n 0 tests/docs/test_pages.py"],  # one module: no workers
        cwd=clone,
        env=newcomer_env(clone, tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "All checks passed!" in result.stdout  # ruff
    assert "Contracts: 5 kept, 0 broken." in result.stdout  # import-linter
    assert " passed" in result.stdout.splitlines()[-1]
