"""The architecture's import rules: the core is platform-neutral; adapters stay apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SDKS = ("slack_bolt", "slack_sdk", "discord")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_source_never_imports_a_chat_sdk() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imports(path) if name.split(".")[0] in SDKS
        )
        for path in (ROOT / "jobbot").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_adapters_never_import_each_other() -> None:
    adapters = ROOT / "adapters"
    packages = {p.stem for p in adapters.iterdir() if not p.name.startswith("_")}
    for path in adapters.rglob("*.py"):
        own = path.relative_to(adapters).parts[0].removesuffix(".py")
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "adapters" and len(parts) > 1:
                assert parts[1] in (own,), f"{path} imports {name}"
        assert packages  # the folder holds adapters at all


def test_running_the_core_loads_no_chat_sdk() -> None:
    code = (
        "import sys, jobbot.cli, jobbot.launch, jobbot.scheduler\n"
        "from jobbot import Engine\n"
        "Engine.from_directories(['knowledge']).ask('python remote jobs')\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {SDKS!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
