"""The architecture at run time: the import-linter contracts (pyproject.toml) check the
imports; these check what a running core and `jobbot --help` actually load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT

SDKS = ("slack_bolt", "slack_sdk", "discord")


def _loaded_sdks(code: str) -> list[str]:
    loaded = "{m.split('.')[0] for m in sys.modules}"
    probe = f"{code}\nimport sys\nprint(sorted({loaded} & {set(SDKS)!r}))"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return eval(out.strip().splitlines()[-1])


def test_running_the_core_loads_no_chat_sdk() -> None:
    code = (
        "import jobbot.app.cli, jobbot.app.launch, jobbot.announce.scheduler\n"
        "from jobbot.engine import Engine\n"
        "from jobbot.sources import directories\n"
        "Engine.from_source(directories(['knowledge'])).ask('python remote jobs')"
    )
    assert _loaded_sdks(code) == []


def test_help_lists_every_platform_without_importing_an_sdk() -> None:
    code = (
        "import contextlib, io\n"
        "from jobbot.app.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main([])\n"
        "assert all(name in out.getvalue() for name in ('slack', 'discord', 'chat'))"
    )
    assert _loaded_sdks(code) == []


def test_the_import_contracts_hold() -> None:
    """The same check `make test` runs first, so a broken layer also fails under pytest."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
