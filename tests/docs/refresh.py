"""Write what jobbot prints today into the README's and docs' console blocks (`make docs`).

Only commands whose output no longer matches are rewritten, in full; review the diff and cut
long answers down with a `…` line again where the page should stay short.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.docs.blocks import PROMPT, blocks, documents, environment, matches, run


def refresh(path: Path, home: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    changes: list[tuple[int, int, list[str]]] = []
    for block in blocks(path):
        if not block.runs:
            continue
        starts = [block.line + i for i, text in enumerate(block.body, 1) if text.startswith(PROMPT)]
        ends = [*starts[1:], block.line + len(block.body) + 1]
        for command, start, end in zip(block.commands(), starts, ends, strict=True):
            actual = run(command, environment(home))
            if matches(command.expected, actual):
                continue
            pad = " " * block.indent
            gap = [""] if end != ends[-1] else []
            changes.append((start, end - 1, [pad + line if line else "" for line in actual] + gap))
    for start, end, new in reversed(changes):
        lines[start:end] = new
    if changes:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(changes)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for path in documents():
            count = refresh(path, Path(tmp))
            if count:
                print(f"{path}: rewrote {count} output(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
