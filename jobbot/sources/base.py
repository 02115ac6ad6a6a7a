"""What every knowledge source offers: a stable key, a cheap change check, and a load.

A directory of files, a job board's API and a feed differ in how they are read, not in what
the rest of jobbot needs from them, so the engine, the watcher, the scheduler and the index
cache all take a `Source` and never ask where the knowledge came from.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from jobbot.models import Corpus


class SourceError(Exception):
    """A source could not be read this time; the message is safe to show and names it."""


@runtime_checkable
class Source(Protocol):
    """A place postings and FAQ entries come from."""

    @property
    def key(self) -> str:
        """Stable identity (`dir:/abs/path`, `greenhouse:airbnb`): names caches and logs."""
        ...

    def fingerprint(self) -> str:
        """Cheap to compute; changes whenever `load()` may return something different."""
        ...

    def load(self) -> Corpus:
        """Everything the source holds now, or `SourceError` when it cannot be read."""
        ...
