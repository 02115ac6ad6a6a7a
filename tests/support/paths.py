"""Where the project and its bundled knowledge are, for tests at any depth."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
