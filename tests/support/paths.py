"""Where the project and its bundled knowledge are, for tests at any depth."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
# ../shared sits beside the checkout; a worktree one level deeper finds it one level up.
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
REAL_POSTINGS = SHARED / "real" / "postings"
