"""Progress of a long load, told to whoever watches it (a terminal's bar), else to nobody.

Loading 100k files takes minutes, and the code that reads them sits layers below the command
line that could show a bar. Rather than threading a callback through every source and the
engine, the loop reports through `track`, and a caller that wants to see it wraps the load
in `watching(observer)`. Nothing is reported, and nothing costs, when no one watches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol, TypeVar

T = TypeVar("T")


class Observer(Protocol):
    """Receives the steps of a load."""

    def begin(self, task: str, total: int) -> None:
        """A task of `total` steps starts (`task` says what, e.g. "reading knowledge")."""
        ...

    def advance(self, steps: int = 1) -> None: ...

    def end(self) -> None:
        """The task is done (also when it failed)."""
        ...


_observer: ContextVar[Observer | None] = ContextVar("jobbot_progress", default=None)


def track(items: Sequence[T], task: str) -> Iterator[T]:
    """Yield the items, reporting one step per item to the current observer, if any."""
    if _observer.get() is None:
        yield from items
        return
    with counting(task, len(items)) as advance:
        for item in items:
            yield item
            advance(1)


@contextmanager
def counting(task: str, total: int) -> Iterator[Callable[[int], None]]:
    """A task of `total` steps; call the function it gives with each batch of steps done."""
    observer = _observer.get()
    if observer is None:
        yield lambda _steps: None
        return
    observer.begin(task, total)
    try:
        yield observer.advance
    finally:
        observer.end()


@contextmanager
def watching(observer: Observer) -> Iterator[Observer]:
    """Report every `track` inside the block (in this thread or context) to `observer`."""
    token = _observer.set(observer)
    try:
        yield observer
    finally:
        _observer.reset(token)
