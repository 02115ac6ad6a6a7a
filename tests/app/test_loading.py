"""The progress bar of a slow knowledge load: shown after a delay, never for a quick one."""

from __future__ import annotations

import io
import time
from pathlib import Path

from rich.console import Console

from jobbot import progress
from jobbot.app.loading import LoadingBar, loading
from jobbot.ingest import load_directories


def knowledge(root: Path, count: int) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"job{i}.md").write_text(f"---\ntitle: Engineer {i}\n---\nPython.\n")
    return root


def bar_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


class Slow:
    """An observer in front of the bar that makes every file take a little while."""

    def __init__(self, bar: LoadingBar, seconds: float) -> None:
        self.bar, self.seconds = bar, seconds

    def begin(self, task: str, total: int) -> None:
        self.bar.begin(task, total)

    def advance(self, steps: int = 1) -> None:
        time.sleep(self.seconds)
        self.bar.advance(steps)

    def end(self) -> None:
        self.bar.end()


def test_a_slow_load_shows_the_files_counted_then_indexing(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "kb", 40)
    console, out = bar_console()
    with LoadingBar(console, delay=0.05) as bar, progress.watching(Slow(bar, 0.01)):
        corpus = load_directories([root])
        time.sleep(0.3)  # the index build after the files: the bar spins meanwhile
    assert len(corpus.postings) == 40
    assert bar.shown
    shown = out.getvalue()
    assert "reading knowledge files" in shown
    assert "40/40" in shown
    assert "building the search index" in shown


def test_a_quick_load_shows_nothing(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "kb", 5)
    console, out = bar_console()
    with LoadingBar(console, delay=2.0) as bar, progress.watching(bar):
        load_directories([root])
    assert not bar.shown
    assert out.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    root = knowledge(tmp_path / "kb", 3)
    seen: list[str] = []

    class Recorder:
        def begin(self, task: str, total: int) -> None:
            seen.append(task)

        def advance(self, steps: int = 1) -> None: ...

        def end(self) -> None: ...

    with loading(io.StringIO(), delay=0):  # a pipe: nobody watches, nothing is recorded
        load_directories([root])
    assert seen == []
    with progress.watching(Recorder()):
        load_directories([root])
    assert seen == ["reading knowledge files"]
