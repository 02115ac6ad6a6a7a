"""A progress bar for a slow knowledge load, in a terminal only, and only once it is slow.

Most starts come from the index cache in well under a second; a bar flashing by would be
noise. The bar appears after `delay` seconds (2 by default) on stderr, counts the files read,
then spins while the index is built, and disappears when the load is done.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from jobbot import progress
from jobbot.app.terminal import wants_style

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

INDEXING = "building the search index"


class LoadingBar:
    """A `progress.Observer` drawing a rich progress bar once `delay` seconds have passed."""

    def __init__(self, console: Console, delay: float = 2.0) -> None:
        self.console = console
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._state: tuple[str, int | None, int] = ("loading knowledge", None, 0)

    def begin(self, task: str, total: int) -> None:
        with self._lock:
            self._state = (task, total, 0)
            self._sync()

    def advance(self, steps: int = 1) -> None:
        with self._lock:
            task, total, done = self._state
            self._state = (task, total, done + steps)
            if self._bar is not None and self._task is not None:
                self._bar.advance(self._task, steps)

    def end(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.refresh()  # the last count is drawn before the next phase
            self._state = (INDEXING, None, 0)
            self._sync()

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def __enter__(self) -> LoadingBar:
        self._timer = threading.Timer(self.delay, self._show)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._bar is not None:
                self._bar.stop()

    def _show(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._bar.start()
            self._sync()

    def _sync(self) -> None:
        """Show the current task on the bar (called with the lock held)."""
        if self._bar is None:
            return
        task, total, done = self._state
        if self._task is None:
            self._task = self._bar.add_task(task, total=total, completed=done)
        else:
            self._bar.update(self._task, description=task, total=total, completed=done)
        self._bar.refresh()


@contextmanager
def loading(stream: TextIO | None = None, delay: float = 2.0) -> Iterator[None]:
    """Show a bar for a slow load inside the block when `stream` (stderr) is a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not wants_style(stream):
        yield
        return
    from rich.console import Console

    with LoadingBar(Console(file=stream), delay) as bar, progress.watching(bar):
        yield
